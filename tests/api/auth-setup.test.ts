import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../support/fixture';
import { startChildServer, type ChildServer } from '../support/child-server';
import { cookieFrom, request } from '../support/staff';
import { issueSetupCode } from '../../server/auth/setup';

const NOW = new Date('2026-11-25T12:00:00Z');

describe('POST /api/v1/setup (in process)', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({ now: NOW });
  });
  afterEach(async () => t.close());

  it('creates the first admin once; the link then stops working', async () => {
    const code = issueSetupCode(t.db, NOW)!;
    expect(code).toBeTruthy();
    expect((await request(t, 'GET', `/api/v1/setup/${code}`)).status).toBe(200);
    const res = await request(t, 'POST', '/api/v1/setup', { body: { code, email: 'Chef@Test.example', password: 'a long enough password' } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ email: 'chef@test.example', role: 'admin' });
    // Logged in straight away.
    const cookie = cookieFrom(res)!;
    expect((await request(t, 'GET', '/api/v1/admin/staff', { cookie })).status).toBe(200);

    const again = await request(t, 'POST', '/api/v1/setup', { body: { code, email: 'other@test.example', password: 'a long enough password' } });
    expect(again.status).toBe(410);
    expect(((await again.json()) as { code: string }).code).toBe('setup_used');
    expect((await request(t, 'GET', `/api/v1/setup/${code}`)).status).toBe(410);
    // And no new code is issued while an admin exists.
    expect(issueSetupCode(t.db, NOW)).toBeUndefined();
    expect((t.db.prepare('SELECT count(*) AS n FROM setup_codes').get() as { n: number }).n).toBe(0);
  });

  it('refuses a wrong code, a short password (naming the field) and replaces the code at the next issue', async () => {
    const first = issueSetupCode(t.db, NOW)!;
    expect((await request(t, 'POST', '/api/v1/setup', { body: { code: 'wrong', email: 'a@test.example', password: 'a long enough password' } })).status).toBe(410);
    const short = await request(t, 'POST', '/api/v1/setup', { body: { code: first, email: 'a@test.example', password: 'short' } });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: string }).error).toMatch(/password: must be at least 12 characters/);
    const second = issueSetupCode(t.db, NOW)!;
    expect((await request(t, 'POST', '/api/v1/setup', { body: { code: first, email: 'a@test.example', password: 'a long enough password' } })).status).toBe(410);
    expect((await request(t, 'POST', '/api/v1/setup', { body: { code: second, email: 'a@test.example', password: 'a long enough password' } })).status).toBe(201);
  });

  it('stores the code hashed and writes the setup to the audit log without the password', async () => {
    const code = issueSetupCode(t.db, NOW)!;
    expect(JSON.stringify(t.db.prepare('SELECT * FROM setup_codes').all())).not.toContain(code);
    await request(t, 'POST', '/api/v1/setup', { body: { code, email: 'chef@test.example', password: 'secret horse battery' } });
    const log = JSON.stringify(t.db.prepare('SELECT * FROM audit_log').all());
    expect(log).toContain('auth.setup');
    expect(log).not.toContain('secret horse battery');
    expect(log).not.toContain(code);
  });
});

describe('start-up lines (real process)', () => {
  let dir: string;
  let server: ChildServer | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lagesbild-setup-'));
  });
  afterEach(async () => {
    await server?.kill();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a setup link before "listening:" on an empty database, and none once an admin exists', async () => {
    server = await startChildServer(dir);
    const lines = server.output().trim().split('\n');
    expect(lines.at(-1)).toMatch(/^listening: /);
    expect(server.setupUrl).toMatch(/^http:\/\/localhost:\d+\/setup\/[\w-]{20,}$/);
    const code = server.setupUrl!.split('/').pop()!;
    const res = await fetch(`${server.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ code, email: 'chef@test.example', password: 'a long enough password' }),
    });
    expect(res.status).toBe(201);
    await server.kill();
    server = await startChildServer(dir);
    expect(server.setupUrl).toBeUndefined();
    expect(server.output()).not.toMatch(/^setup:/m);
  });

  it('with --demo prints demo staff accounts that can log in, and no setup link', async () => {
    server = await startChildServer(dir, { demo: true });
    expect([...server.staff.keys()].sort()).toEqual(['admin', 'coordinator', 'reader']);
    expect(server.staff.get('admin')!.email).toMatch(/@alvstad\.example$/);
    expect(server.setupUrl).toBeUndefined();
    expect(server.invites.size).toBeGreaterThan(0);
    expect(server.output().trim().split('\n').at(-1)).toMatch(/^listening: /);
    const { email, password } = server.staff.get('coordinator')!;
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email, password }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ role: 'coordinator' });
  });
});

