import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/fixture';
import { addStaff, login, request, sessionCookie, type TestStaff } from '../support/staff';
import { ABSOLUTE_MS, IDLE_MS } from '../../server/auth/sessions';
import { MAX_PER_ACCOUNT, MAX_PER_ADDRESS, WINDOW_MS } from '../../server/auth/throttle';

const NOW = new Date('2026-11-25T12:00:00Z');
let t: TestServer;
let coord: TestStaff;
beforeEach(async () => {
  t = await startTestServer({ now: NOW });
  coord = await addStaff(t, 'coordinator');
});
afterEach(async () => t.close());

const me = (cookie?: string) => request(t, 'GET', '/api/v1/auth/me', cookie ? { cookie } : {});
const code = async (res: Response) => ((await res.json()) as { code: string }).code;
const advance = (ms: number) => (t.clock.now = new Date(t.clock.now.getTime() + ms));

describe('log-in', () => {
  it('logs in with the right password and sets an HttpOnly SameSite=Strict cookie', async () => {
    const { res, cookie } = await login(t, coord.email.toUpperCase(), coord.password);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: coord.id, email: coord.email, name: '', role: 'coordinator' });
    const set = res.headers.getSetCookie()[0]!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\//);
    expect(set).not.toMatch(/Secure/); // plain http on 127.0.0.1
    const who = await me(cookie);
    expect(who.status).toBe(200);
    expect(((await who.json()) as { role: string }).role).toBe('coordinator');
    // Only the hash of the session id is stored.
    const stored = t.db.prepare('SELECT id_hash FROM sessions').all() as { id_hash: string }[];
    expect(stored.some((s) => cookie!.endsWith(s.id_hash))).toBe(false);
  });

  it('refuses a wrong password and an unknown account with the same answer', async () => {
    const wrong = await login(t, coord.email, 'not-the-password');
    const unknown = await login(t, 'nobody@test.example', 'not-the-password');
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    const a = await wrong.res.json();
    const b = await unknown.res.json();
    expect(a).toEqual(b);
    expect(a).toEqual({ code: 'invalid_credentials', error: 'Wrong e-mail address or password.' });
    expect(wrong.cookie).toBeUndefined();
  });

  it('refuses a disabled account with the same answer, even with the right password', async () => {
    t.db.prepare('UPDATE staff SET disabled_at = ? WHERE id = ?').run(NOW.toISOString(), coord.id);
    const { res } = await login(t, coord.email, coord.password);
    expect(res.status).toBe(401);
    expect(await code(res)).toBe('invalid_credentials');
  });

  it('answers 400 naming the field for a malformed body', async () => {
    const res = await request(t, 'POST', '/api/v1/auth/login', { body: { email: coord.email } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/password/);
  });

  it('is a Secure cookie when PUBLIC_URL is https', async () => {
    const s = await startTestServer({ now: NOW, publicUrl: 'https://lagesbild.example' });
    try {
      const staff = await addStaff(s, 'reader');
      const res = await request(s, 'POST', '/api/v1/auth/login', { origin: 'https://lagesbild.example', body: { email: staff.email, password: staff.password } });
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie()[0]).toMatch(/^__Host-lb_session=.*Secure/);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age/);
    } finally {
      await s.close();
    }
  });
});

describe('rate limit', () => {
  it(`locks an account after ${MAX_PER_ACCOUNT} failures in 15 minutes, with Retry-After, even for the right password`, async () => {
    for (let i = 0; i < MAX_PER_ACCOUNT; i++) expect((await login(t, coord.email, `wrong-${i}`)).res.status).toBe(401);
    const locked = await login(t, coord.email, coord.password);
    expect(locked.res.status).toBe(429);
    expect(Number(locked.res.headers.get('retry-after'))).toBe(WINDOW_MS / 1000);
    const body = (await locked.res.json()) as { code: string; error: string };
    expect(body.code).toBe('too_many_attempts');
    expect(body.error).toMatch(/Too many failed log-in attempts\. Wait 15 minutes/);
    expect(locked.cookie).toBeUndefined();
    // A window later the right password works again.
    advance(WINDOW_MS + 1000);
    expect((await login(t, coord.email, coord.password)).res.status).toBe(200);
  });

  it('answers an unknown account exactly like a known one when locked (no enumeration)', async () => {
    for (let i = 0; i < MAX_PER_ACCOUNT; i++) {
      await login(t, coord.email, `wrong-${i}`);
      await login(t, 'ghost@test.example', `wrong-${i}`);
    }
    const known = await login(t, coord.email, 'x');
    const ghost = await login(t, 'ghost@test.example', 'x');
    expect(known.res.status).toBe(429);
    expect(ghost.res.status).toBe(429);
    expect(await known.res.json()).toEqual(await ghost.res.json());
  });

  it('locks a client address after too many failures across accounts', async () => {
    const s = await startTestServer({ now: NOW, trustProxy: true });
    try {
      const staff = await addStaff(s, 'reader');
      const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
      for (let i = 0; i < MAX_PER_ADDRESS; i++) {
        // A different made-up account each time: no single account reaches its limit.
        expect((await login(s, `guess-${i % 4}-${i}@test.example`, 'wrong', from('203.0.113.7'))).res.status).toBe(401);
      }
      const locked = await login(s, staff.email, staff.password, from('203.0.113.7'));
      expect(locked.res.status).toBe(429);
      expect(Number(locked.res.headers.get('retry-after'))).toBeGreaterThan(0);
      // The account itself is not locked: from another address it logs in.
      expect((await login(s, staff.email, staff.password, from('198.51.100.2'))).res.status).toBe(200);
    } finally {
      await s.close();
    }
  }, 120_000); // 20 unknown-account log-ins, each a full-cost hash on a shared machine
});

describe('sessions', () => {
  it('rotates: every log-in gets a new session id and the old one stops working', async () => {
    const first = await login(t, coord.email, coord.password);
    const second = await login(t, coord.email, coord.password, { cookie: first.cookie! });
    expect(second.cookie).toBeDefined();
    expect(second.cookie).not.toBe(first.cookie);
    expect((await me(first.cookie)).status).toBe(401);
    expect((await me(second.cookie)).status).toBe(200);
  });

  it('expires after 8 hours idle, and a request keeps it alive', async () => {
    const cookie = sessionCookie(t, coord.id);
    advance(IDLE_MS - 60_000);
    expect((await me(cookie)).status).toBe(200); // touched
    advance(IDLE_MS - 60_000);
    expect((await me(cookie)).status).toBe(200);
    advance(IDLE_MS);
    const res = await me(cookie);
    expect(res.status).toBe(401);
    expect(await code(res)).toBe('session_expired');
  });

  it('expires 7 days after log-in however active', async () => {
    const cookie = sessionCookie(t, coord.id);
    for (let elapsed = 0; elapsed + 6 * 3600_000 < ABSOLUTE_MS; elapsed += 6 * 3600_000) {
      advance(6 * 3600_000);
      expect((await me(cookie)).status).toBe(200);
    }
    advance(6 * 3600_000);
    expect((await me(cookie)).status).toBe(401);
  });

  it('logs out: the session is deleted and the cookie cleared', async () => {
    const { cookie } = await login(t, coord.email, coord.password);
    const out = await request(t, 'POST', '/api/v1/auth/logout', { cookie: cookie! });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    expect((await me(cookie)).status).toBe(401);
    expect((t.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n).toBe(0);
  });

  it('ends at once when the account is disabled', async () => {
    const cookie = sessionCookie(t, coord.id);
    t.db.prepare('UPDATE staff SET disabled_at = ? WHERE id = ?').run(NOW.toISOString(), coord.id);
    expect((await me(cookie)).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a cookie POST from a foreign origin and accepts the same origin', async () => {
    const cookie = sessionCookie(t, coord.id);
    const foreign = await request(t, 'POST', '/api/v1/auth/logout', { cookie, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await code(foreign)).toBe('csrf');
    expect((await me(cookie)).status).toBe(200); // nothing happened
    const crossSite = await request(t, 'POST', '/api/v1/auth/logout', { cookie, origin: null, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const bare = await request(t, 'POST', '/api/v1/auth/logout', { cookie, origin: null });
    expect(bare.status).toBe(403);
    const same = await request(t, 'POST', '/api/v1/auth/logout', { cookie });
    expect(same.status).toBe(200);
  });

  it('accepts Sec-Fetch-Site: same-origin without Origin, and PUBLIC_URL as origin', async () => {
    const s = await startTestServer({ now: NOW, publicUrl: 'https://lagesbild.example' });
    try {
      const staff = await addStaff(s, 'admin');
      const cookie = sessionCookie(s, staff.id);
      const body = { name: 'Ny organisation' };
      expect((await request(s, 'POST', '/api/v1/admin/organisations', { cookie, body, origin: null, headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(201);
      expect((await request(s, 'POST', '/api/v1/admin/organisations', { cookie, body: { name: 'Två' }, origin: 'https://lagesbild.example' })).status).toBe(201);
      expect((await request(s, 'POST', '/api/v1/admin/organisations', { cookie, body: { name: 'Tre' }, origin: 'https://lagesbild.example.evil.example' })).status).toBe(403);
    } finally {
      await s.close();
    }
  });

  it('refuses a log-in posted from a foreign origin (log-in CSRF)', async () => {
    const { res } = await login(t, coord.email, coord.password, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('does not apply to device requests: bearer token without Origin still works', async () => {
    const token = await t.enrol();
    const res = await t.post('/api/v1/reports', { reports: [] }, token);
    expect(res.status).toBe(200);
  });
});

describe('secure headers', () => {
  it('sends the CSP and the other security headers', async () => {
    const res = await t.get('/api/health');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("manifest-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});
