/**
 * "Lugn vecka" from a reminder notification (client/sync/actions.ts calmWeekNow, used by
 * the service worker): no undo hold, and never a second report for the week.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calmWeekNow, enrol, saveReport } from '../../client/sync/actions';
import { LagesbildDb } from '../../client/sync/db';
import { dropDb, updateRow } from '../support/client-db';
import { flushOutbox } from '../../client/sync/flush';
import { uuidv7 } from '../../shared/ids';

const WEEK = '2026-W48';
const T0 = Date.parse('2026-11-25T13:00:00Z');
let db: LagesbildDb;
let n = 0;

beforeEach(async () => {
  db = new LagesbildDb(`push-calm-${++n}-${Math.random()}`);
  await enrol({ token: 'tok-1', functionId: 'fn-1', name: 'Bovärdskontor Väster' }, T0, db);
});
afterEach(async () => {
  await dropDb(db);
});

const okFetch = (async (_u: RequestInfo | URL, init?: RequestInit) => {
  const { reports } = JSON.parse(String(init?.body)) as { reports: { id: string }[] };
  return new Response(JSON.stringify({ results: reports.map((r) => ({ id: r.id, status: 'created' })) }), { status: 200 });
}) as typeof fetch;

describe('calmWeekNow', () => {
  it('queues a calm report with no undo hold: the flusher sends it at once', async () => {
    const id = await calmWeekNow(WEEK, T0, db);
    const row = await (await db.open()).get('outbox', id!);
    expect(row).toMatchObject({ state: 'waiting', functionId: 'fn-1', report: { week: WEEK, calm: true, observations: [] } });
    expect(row!.notBefore).toBeUndefined();
    expect(await flushOutbox({ db, fetch: okFetch, now: () => T0 })).toMatchObject({ kind: 'idle', sent: 1 });
  });

  it('files nothing when the week is already reported (waiting or sent, calm or not) – also for two taps at once', async () => {
    const [a, b] = await Promise.all([calmWeekNow(WEEK, T0, db), calmWeekNow(WEEK, T0 + 1, db)]);
    expect([a, b].filter((x) => x !== null)).toHaveLength(1);
    expect(await (await db.open()).count('outbox')).toBe(1);
    await flushOutbox({ db, fetch: okFetch, now: () => T0 });
    expect(await calmWeekNow(WEEK, T0 + 2, db)).toBeNull(); // sent
    expect(await calmWeekNow('2026-W49', T0 + 3, db)).not.toBeNull(); // another week is another matter
  });

  it('a report of observations counts as reported; a refused one does not', async () => {
    const r = await saveReport([{ id: uuidv7(), category: 'vandalism', areaId: 'a1', timeOfDay: 'day', persists: false, note: '' }], WEEK, T0, db);
    expect(await calmWeekNow(WEEK, T0, db)).toBeNull();
    await updateRow(db, r.id, { state: 'refused' });
    expect(await calmWeekNow(WEEK, T0, db)).not.toBeNull();
  });

  it('throws when the device is not enrolled (the click then opens the app)', async () => {
    await (await db.open()).delete('meta', 'device');
    await expect(calmWeekNow(WEEK, T0, db)).rejects.toMatchObject({ code: 'not_enrolled' });
  });
});
