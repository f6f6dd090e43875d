import { silentLogger } from '../../server/log';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { openDatabase } from '../../server/db/open';
import { RULES, allows, routesWithoutRule, type Principal } from '../../server/auth/rules';
import { startTestServer, type TestServer } from '../support/fixture';
import { addStaff, request, sessionCookie } from '../support/staff';

const NOW = new Date('2026-11-25T12:00:00Z');

/** The composed app's API routes, as Hono registered them (middleware and fallbacks excluded). */
function apiRoutes(): { method: string; path: string }[] {
  const db = openDatabase(':memory:');
  const app = createApp({ db, now: () => NOW, version: 'test', logger: silentLogger });
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/')) continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  db.close();
  return [...seen.values()];
}

const routes = apiRoutes();
type Who = Principal | 'anonymous';
const WHO: Who[] = ['anonymous', 'device', 'reader', 'coordinator', 'admin'];

describe('the rule table', () => {
  it('has a rule for every API route of the composed app', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routesWithoutRule(routes)).toEqual([]);
  });

  it('has no rule for a route that does not exist (no stale entries)', () => {
    const registered = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect(Object.keys(RULES).filter((k) => !registered.has(k))).toEqual([]);
  });
});

describe('every route × every role', () => {
  let t: TestServer;
  let token: string;
  const staffIds = new Map<Who, string>();

  beforeAll(async () => {
    t = await startTestServer({ now: NOW });
    token = await t.enrol();
    for (const role of ['reader', 'coordinator', 'admin'] as const) staffIds.set(role, (await addStaff(t, role)).id);
  });
  afterAll(async () => t.close());

  const cases = routes.flatMap((r) => WHO.map((who) => [`${r.method} ${r.path}`, who, r] as const));
  it.each(cases)('%s as %s', async (key, who, route) => {
    // Ids that exist nowhere: an allowed caller gets past the gate and then a 400/404/410.
    const path = route.path.replace(/:[a-z]+/gi, '00000000-0000-4000-8000-000000000000');
    const res = await request(t, route.method, path, {
      // A fresh session per request: logout must not spoil the next case.
      ...(who === 'device' ? { token } : who !== 'anonymous' ? { cookie: sessionCookie(t, staffIds.get(who)!) } : {}),
      ...(route.method === 'GET' ? {} : { body: {} }),
    });
    const body = (await res.json().catch(() => ({}))) as { code?: string };
    const rule = RULES[key]!;
    if (allows(rule, who)) {
      expect(res.status, `${key} as ${who}: ${JSON.stringify(body)}`).toBeLessThan(500);
      expect([401, 403].includes(res.status) && ['unauthorized', 'forbidden', 'device_revoked', 'session_expired'].includes(body.code ?? '')).toBe(false);
    } else if (who === 'anonymous') {
      expect(res.status).toBe(401);
      expect(body.code).toBe('unauthorized');
    } else {
      expect(res.status).toBe(403);
      expect(body.code).toBe('forbidden');
    }
  });

  it('answers 404 for an API path that has no rule, whoever asks', async () => {
    const res = await request(t, 'GET', '/api/v1/admin/nothing-here', { cookie: sessionCookie(t, staffIds.get('admin')!) });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('not_found');
  });

  it('keeps the informant 401 codes: no token, unknown token, revoked device', async () => {
    expect(((await (await t.get('/api/v1/informant/context')).json()) as { code: string }).code).toBe('unauthorized');
    expect(((await (await t.get('/api/v1/informant/context', 'made-up')).json()) as { code: string }).code).toBe('unauthorized');
  });
});
