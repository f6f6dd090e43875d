/**
 * Issue 11 rows 6 and 7: every API route has a body limit enforced before the body
 * is buffered (413), and no API answer may be cached (`Cache-Control: no-store`).
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../server/auth/rules';
import { KB, MB } from '../../server/http/request';
import { startTestServer, type TestServer } from '../support/fixture';
import { addStaff, request, sessionCookie } from '../support/staff';

const NOW = new Date('2026-11-25T12:00:00Z');
let t: TestServer;
let token: string;
const staffIds: Record<'reader' | 'coordinator' | 'admin', string> = { reader: '', coordinator: '', admin: '' };
/** A fresh session each time: a log-out case must not spoil the next. */
const cookie = (role: 'reader' | 'coordinator' | 'admin') => sessionCookie(t, staffIds[role]);

beforeAll(async () => {
  t = await startTestServer({ now: NOW });
  token = await t.enrol();
  for (const role of ['reader', 'coordinator', 'admin'] as const) staffIds[role] = (await addStaff(t, role)).id;
});
afterAll(async () => t.close());

/** Credentials of a principal the route's rule lets in (a device, else the first staff role). */
function allowedCaller(key: string): { token?: string; cookie?: string } {
  const rule = RULES[key]!;
  if (rule === 'public') return {};
  if (rule.includes('device')) return { token };
  return { cookie: cookie(rule[0] as 'reader' | 'coordinator' | 'admin') };
}

/** A JSON document of exactly `bytes` bytes (an object with one long string). */
function jsonOf(bytes: number): string {
  return `{"pad":"${'a'.repeat(bytes - 10)}"}`;
}

const ID = '00000000-0000-4000-8000-000000000000';
const CLASSES = [
  // 64 KB: log-in, enrol, setup, admin forms, subscriptions – and routes that take no body at all.
  { route: 'POST /api/v1/auth/login', path: '/api/v1/auth/login', limit: 64 * KB, code: 'body_too_large' },
  { route: 'POST /api/v1/enrol', path: '/api/v1/enrol', limit: 64 * KB, code: 'body_too_large' },
  { route: 'POST /api/v1/setup', path: '/api/v1/setup', limit: 64 * KB, code: 'body_too_large' },
  { route: 'POST /api/v1/admin/staff', path: '/api/v1/admin/staff', limit: 64 * KB, code: 'body_too_large' },
  { route: 'POST /api/v1/auth/logout', path: '/api/v1/auth/logout', limit: 64 * KB, code: 'body_too_large' },
  { route: 'POST /api/v1/devices/:id/revoke', path: `/api/v1/admin/devices/${ID}/revoke`, limit: 64 * KB, code: 'body_too_large', key: 'POST /api/v1/admin/devices/:id/revoke' },
  // 1 MB: drafts, interventions, priorities.
  { route: 'PUT /api/v1/pictures/drafts/:week', path: '/api/v1/pictures/drafts/2026-W48', limit: 1 * MB, code: 'body_too_large' },
  { route: 'POST /api/v1/interventions', path: '/api/v1/interventions', limit: 1 * MB, code: 'body_too_large' },
  // 5 MB: a municipality's GeoJSON.
  { route: 'POST /api/v1/admin/areas/import', path: '/api/v1/admin/areas/import', limit: 5 * MB, code: 'body_too_large' },
  // 8 MB: a batch of reports (its own code, as before).
  { route: 'POST /api/v1/reports', path: '/api/v1/reports', limit: 8 * MB, code: 'too_large' },
];

describe('body limits', () => {
  it('covers only routes that exist', () => {
    for (const c of CLASSES) expect(RULES[c.key ?? c.route], c.route).toBeDefined();
  });

  it.each(CLASSES)('$route: one byte over $limit bytes is 413 $code; at the limit it is read', async (c) => {
    const [method] = c.route.split(' ');
    const who = allowedCaller(c.key ?? c.route);
    const over = await send(method!, c.path, c.limit + 1, { who });
    expect(over.status).toBe(413);
    const refusal = JSON.parse(over.body) as { error: string; code: string };
    expect(refusal.code).toBe(c.code);
    expect(refusal.error).toMatch(/too large/);
    const at = await send(method!, c.path, c.limit, { who: allowedCaller(c.key ?? c.route) });
    expect(at.status).not.toBe(413);
    expect(at.status).toBeLessThan(500);
  });

  /**
   * Sends a body of `total` bytes over node:http – with Content-Length, or chunked
   * without one – and stops when the server answers (undici's fetch fails when the
   * server answers before the upload ends, as a 413 should). Returns the answer and
   * how much was written.
   */
  function send(
    method: string,
    path: string,
    total: number,
    opts: { headers?: Record<string, string>; chunked?: boolean; who?: { token?: string; cookie?: string } } = {},
  ): Promise<{ status: number; body: string; written: number }> {
    return new Promise((resolve, reject) => {
      const url = new URL(t.url + path);
      const headers: Record<string, string> = { 'content-type': 'application/json', origin: t.url, ...opts.headers };
      if (opts.who?.token) headers.authorization = `Bearer ${opts.who.token}`;
      if (opts.who?.cookie) headers.cookie = opts.who.cookie;
      if (!opts.chunked) headers['content-length'] = String(total);
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method, headers, agent: false });
      const head = Buffer.from('{"pad":"');
      const tail = Buffer.from('"}');
      let written = 0;
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body, written });
        });
      });
      req.on('error', (e) => {
        if (!answered) reject(e);
      });
      const pump = () => {
        while (!answered && written < total - tail.length) {
          const n = Math.min(64 * KB, total - tail.length - written);
          written += n;
          if (!req.write(Buffer.alloc(n, 'a'))) return void req.once('drain', pump);
        }
        if (!answered) req.end(tail, () => (written += tail.length));
      };
      req.write(head);
      written = head.length;
      pump();
    });
  }

  it('refuses a 50 MB chunked log-in with 413 long before it is all sent', async () => {
    const before = process.memoryUsage().rss;
    const results = await Promise.all([0, 1, 2].map(() => send('POST', '/api/v1/auth/login', 50 * MB, { chunked: true })));
    for (const r of results) {
      expect(r.status).toBe(413);
      expect((JSON.parse(r.body) as { code: string }).code).toBe('body_too_large');
      // The server stopped reading at 64 KB; what was written beyond is socket buffers.
      expect(r.written).toBeLessThan(16 * MB);
    }
    // Three 50 MB bodies buffered would be 150 MB more; the server held at most 64 KB each.
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * MB);
  });

  it('refuses a chunked draft over 1 MB with 413', async () => {
    const r = await send('PUT', '/api/v1/pictures/drafts/2026-W48', 20 * MB, { chunked: true, who: { cookie: cookie('coordinator') } });
    expect(r.status).toBe(413);
    expect(r.written).toBeLessThan(16 * MB);
  });

  it('reads nothing of an unauthorised caller: 401 before the body', async () => {
    const r = await send('POST', '/api/v1/admin/areas/import', 50 * MB, { chunked: true });
    expect(r.status).toBe(401);
    expect(r.written).toBeLessThan(16 * MB);
  });
});

describe('no API answer may be cached', () => {
  const keys = Object.keys(RULES);

  it.each(keys)('%s answers with Cache-Control: no-store', async (key) => {
    const [method, pattern] = key.split(' ') as [string, string];
    const path = pattern.replace(':week', '2026-W48').replace(':period', '2026-Q4').replace(':year', '2026').replace(/:[a-z]+/gi, ID);
    const res = await request(t, method, path, { ...allowedCaller(key), ...(method === 'GET' ? {} : { body: {} }) });
    expect(res.status, key).toBeLessThan(500);
    expect(res.headers.get('cache-control'), `${key} → ${res.status}`).toBe('no-store');
  });

  it.each([
    ['the enrol answer (it carries the token)', () => request(t, 'POST', '/api/v1/enrol', { body: { code: t.fixture.inviteA.code } }), 200],
    ['auth/me', () => request(t, 'GET', '/api/v1/auth/me', { cookie: cookie('reader') }), 200],
    ['an unknown endpoint', () => request(t, 'GET', '/api/v1/nothing-here', { cookie: cookie('admin') }), 404],
    ['a refused cross-site request', () => request(t, 'POST', '/api/v1/auth/logout', { cookie: cookie('admin'), origin: 'https://evil.example' }), 403],
    ['a 401', () => request(t, 'GET', '/api/v1/admin/staff'), 401],
    ['a 413', () => request(t, 'POST', '/api/v1/auth/login', { body: jsonOf(65 * KB) }), 413],
    ['a 400', () => request(t, 'POST', '/api/v1/auth/login', { body: 'not json' }), 400],
  ] as const)('%s', async (_what, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
