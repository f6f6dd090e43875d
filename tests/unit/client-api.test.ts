/** Enrolment and context refresh of the informant app (fake-indexeddb, mocked fetch). */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InformantContext } from '../../shared/api';
import { enrolWithCode, refreshContext } from '../../client/sync/api';
import { LagesbildDb, readMeta } from '../../client/sync/db';
import { dropDb } from '../support/client-db';

let db: LagesbildDb;
let n = 0;
beforeEach(() => {
  db = new LagesbildDb(`api-${++n}-${Math.random()}`);
});
afterEach(async () => {
  await dropDb(db);
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const fetchReturning = (res: () => Response, seen: RequestInit[] = []) =>
  (async (_u: RequestInfo | URL, init?: RequestInit) => {
    seen.push(init ?? {});
    return res();
  }) as typeof fetch;

describe('enrolWithCode', () => {
  it('stores the token and clears a revoked state', async () => {
    await (await db.open()).put('meta', { key: 'sync', value: { failures: 3, revoked: 'device_revoked' } });
    const seen: RequestInit[] = [];
    const out = await enrolWithCode('abc', fetchReturning(() => json(200, { token: 't', functionId: 'f', name: 'Hemtjänst Norr' }), seen), db);
    expect(out).toEqual({ ok: true, name: 'Hemtjänst Norr' });
    expect(JSON.parse(String(seen[0]?.body))).toEqual({ code: 'abc' });
    expect(await readMeta(db, 'device')).toMatchObject({ token: 't', functionId: 'f' });
    expect((await readMeta(db, 'sync'))?.revoked).toBeUndefined();
  });

  it.each([
    [404, 'not_found'],
    [410, 'expired'],
    [403, 'full'],
    [500, 'server'],
  ] as const)('maps HTTP %i to %s and stores nothing', async (status, reason) => {
    const out = await enrolWithCode('x', fetchReturning(() => json(status, { error: 'e', code: 'c' })), db);
    expect(out).toMatchObject({ ok: false, reason });
    expect(await readMeta(db, 'device')).toBeUndefined();
  });

  it('reports a network error', async () => {
    const out = await enrolWithCode('x', (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch, db);
    expect(out).toMatchObject({ ok: false, reason: 'network' });
  });
});

describe('refreshContext', () => {
  const ctx: InformantContext = {
    function: { id: 'f', name: 'n', organisation: 'o' },
    week: '2026-W48',
    areas: [],
    categories: [],
    reports: { thisWeek: [], lastWeek: [] },
  };

  it('needs an enrolled device', async () => {
    expect(await refreshContext(fetchReturning(() => json(200, ctx)), db)).toBe('not_enrolled');
  });

  it('caches the context, sends the token; 401 marks the device revoked; offline is not an error', async () => {
    await enrolWithCode('x', fetchReturning(() => json(200, { token: 'tok', functionId: 'f', name: 'n' })), db);
    const seen: RequestInit[] = [];
    expect(await refreshContext(fetchReturning(() => json(200, ctx), seen), db)).toBe('ok');
    expect((seen[0]?.headers as Record<string, string>).authorization).toBe('Bearer tok');
    expect((await (await db.open()).get('context', 'current'))?.ctx.week).toBe('2026-W48');
    expect(
      await refreshContext((async () => {
        throw new TypeError('offline');
      }) as typeof fetch, db),
    ).toBe('offline');
    expect(await refreshContext(fetchReturning(() => json(401, { error: 'x', code: 'device_revoked' })), db)).toBe('revoked');
    expect((await readMeta(db, 'sync'))?.revoked).toBe('device_revoked');
    expect((await (await db.open()).get('context', 'current'))?.ctx.week).toBe('2026-W48');
  });
});
