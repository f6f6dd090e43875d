/**
 * Staff helpers for API tests: accounts with cheap scrypt parameters (the
 * server verifies whatever parameters a hash carries), sessions made directly
 * in the database, and same-origin cookie requests.
 */
import { randomUUID } from 'node:crypto';
import type { StaffRole } from '../../shared/admin';
import { TEST_PARAMS } from '../../server/auth/password';
import { createSession } from '../../server/auth/sessions';
import { createStaff } from '../../server/auth/staff';
import { SESSION_COOKIE } from '../../server/auth/context';
import type { TestServer } from './fixture';

export interface TestStaff {
  id: string;
  email: string;
  password: string;
  role: StaffRole;
}

export async function addStaff(t: TestServer, role: StaffRole, over: { email?: string; password?: string } = {}): Promise<TestStaff> {
  const email = over.email ?? `${role}-${randomUUID().slice(0, 8)}@test.example`;
  const password = over.password ?? `pw-${randomUUID()}`;
  const row = await createStaff(t.db, { email, role, password }, t.clock.now, TEST_PARAMS);
  return { id: row.id, email, password, role };
}

/** A fresh session for the account, as the `Cookie` header value (no log-in round trip). */
export function sessionCookie(t: TestServer, staffId: string): string {
  return `${SESSION_COOKIE}=${createSession(t.db, staffId, t.clock.now).id}`;
}

/** The session cookie a response set, as a `Cookie` header value. */
export function cookieFrom(res: Response): string | undefined {
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return set?.split(';')[0];
}

export interface StaffRequest {
  cookie?: string;
  body?: unknown;
  /** Defaults to the server's own origin (what a browser on the app sends). `null` sends none. */
  origin?: string | null;
  token?: string;
  headers?: Record<string, string>;
}

export function request(t: TestServer, method: string, path: string, opts: StaffRequest = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const origin = opts.origin === undefined ? t.url : opts.origin;
  if (origin !== null) headers.origin = origin;
  return fetch(t.url + path, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
  });
}

export async function login(t: TestServer, email: string, password: string, extra: StaffRequest = {}): Promise<{ res: Response; cookie: string | undefined }> {
  const res = await request(t, 'POST', '/api/v1/auth/login', { ...extra, body: { email, password } });
  return { res, cookie: cookieFrom(res) };
}

/** An admin session ready for admin API calls. */
export async function asAdmin(t: TestServer): Promise<{ staff: TestStaff; cookie: string; call: (method: string, path: string, body?: unknown) => Promise<Response> }> {
  const staff = await addStaff(t, 'admin');
  const cookie = sessionCookie(t, staff.id);
  return { staff, cookie, call: (method, path, body) => request(t, method, path, { cookie, body }) };
}
