/**
 * With PUBLIC_URL only that origin passes the CSRF check, Origin and
 * Sec-Fetch-Site must agree, and the session cookie is `__Host-` prefixed on https.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/fixture';
import { addStaff, request, sessionCookie } from '../support/staff';
import { createSession } from '../../server/auth/sessions';

const NOW = new Date('2026-11-25T12:00:00Z');
const PUBLIC = 'https://lagesbild.example';
let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const loginWith = (s: TestServer, who: { email: string; password: string }, headers: Record<string, string>, origin: string | null) =>
  request(s, 'POST', '/api/v1/auth/login', { origin, headers, body: { email: who.email, password: who.password } });

describe('CSRF with PUBLIC_URL', () => {
  it('accepts only the public origin, not the address the server happens to listen on', async () => {
    t = await startTestServer({ now: NOW, publicUrl: PUBLIC });
    const staff = await addStaff(t, 'coordinator');
    const internal = await loginWith(t, staff, {}, t.url);
    expect(internal.status).toBe(403);
    expect(((await internal.json()) as { code: string }).code).toBe('csrf');
    expect((await loginWith(t, staff, {}, 'https://evil.example')).status).toBe(403);
    expect((await loginWith(t, staff, {}, PUBLIC)).status).toBe(200);
    // A signed-in write from the internal origin is refused too.
    const cookie = `__Host-lb_session=${createSession(t.db, staff.id, NOW).id}`;
    const write = await request(t, 'POST', '/api/v1/auth/logout', { cookie, origin: t.url });
    expect(write.status).toBe(403);
  });
});

describe('Origin and Sec-Fetch-Site must agree', () => {
  it.each(['cross-site', 'same-site', 'none'])('refuses Sec-Fetch-Site: %s with our own Origin', async (site) => {
    t = await startTestServer({ now: NOW });
    const staff = await addStaff(t, 'coordinator');
    const cookie = sessionCookie(t, staff.id);
    const res = await request(t, 'POST', '/api/v1/auth/logout', { cookie, headers: { 'sec-fetch-site': site } });
    expect(res.status).toBe(403);
    expect((await loginWith(t, staff, { 'sec-fetch-site': site }, t.url)).status).toBe(403);
  });

  it('accepts Sec-Fetch-Site: same-origin with our Origin, and either alone', async () => {
    t = await startTestServer({ now: NOW });
    const staff = await addStaff(t, 'coordinator');
    expect((await loginWith(t, staff, { 'sec-fetch-site': 'same-origin' }, t.url)).status).toBe(200);
    expect((await loginWith(t, staff, {}, t.url)).status).toBe(200);
    expect((await loginWith(t, staff, { 'sec-fetch-site': 'same-origin' }, null)).status).toBe(200);
    expect((await loginWith(t, staff, { 'sec-fetch-site': 'cross-site' }, null)).status).toBe(403);
  });
});

describe('the session cookie on https', () => {
  it('is __Host- prefixed: Secure, Path=/, no Domain', async () => {
    t = await startTestServer({ now: NOW, publicUrl: PUBLIC });
    const staff = await addStaff(t, 'reader');
    const res = await loginWith(t, staff, { 'sec-fetch-site': 'same-origin' }, PUBLIC);
    expect(res.status).toBe(200);
    const set = res.headers.getSetCookie().find((c) => c.startsWith('__Host-lb_session='))!;
    expect(set).toMatch(/; Secure/);
    expect(set).toMatch(/; Path=\//);
    expect(set).not.toMatch(/Domain=/i);
    const cookie = set.split(';')[0]!;
    expect((await request(t, 'GET', '/api/v1/auth/me', { cookie })).status).toBe(200);
    // Only the __Host- cookie counts on plain name lookalikes: a cookie set by a sibling
    // subdomain under another name is not a session.
    expect((await request(t, 'GET', '/api/v1/auth/me', { cookie: `lb_sess=${cookie.split('=')[1]}` })).status).toBe(401);
  });

  it('reads a cookie under the old name once and moves the session to the __Host- name (no re-login after the upgrade)', async () => {
    t = await startTestServer({ now: NOW, publicUrl: PUBLIC });
    const staff = await addStaff(t, 'reader');
    const id = createSession(t.db, staff.id, NOW).id;
    const res = await request(t, 'GET', '/api/v1/auth/me', { cookie: `lb_session=${id}` });
    expect(res.status).toBe(200);
    const set = res.headers.getSetCookie();
    expect(set.find((c) => c.startsWith('__Host-lb_session='))).toMatch(new RegExp(`^__Host-lb_session=${id};.*Secure`));
    expect(set.find((c) => c.startsWith('lb_session='))).toMatch(/Max-Age=0/);
    expect((await request(t, 'GET', '/api/v1/auth/me', { cookie: `__Host-lb_session=${id}` })).status).toBe(200);
  });
});
