/**
 * The informant's outbox and sync engine against an in-memory IndexedDB
 * (fake-indexeddb): nothing typed is lost, nothing is sent twice at once, every server
 * answer lands in the right state.
 */
import 'fake-indexeddb/auto';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InformantContext, IngestResult } from '../../shared/api';
import { ReportSchema, type Report } from '../../shared/schemas';
import { previousWeek } from '../../shared/weeks';
import {
  addPersistingToDraft,
  applyContext,
  calmWeek,
  discardRefused,
  enrol,
  fixRefused,
  reportedIn,
  saveReport,
  undoCalmWeek,
  UNDO_MS,
} from '../../client/sync/actions';
import { LagesbildDb, readMeta, type DraftItem, type OutboxRow } from '../../client/sync/db';
import { dropDb, updateRow } from '../support/client-db';
import { applyResults, backoffDelay, BACKOFF_CAP_MS, flushOutbox, pickBatch, type FlushDeps } from '../../client/sync/flush';
import { uuidv7 } from '../../shared/ids';

const WEEK = '2026-W48';
const T0 = Date.parse('2026-11-25T10:00:00Z');
let db: LagesbildDb;
let n = 0;

beforeEach(async () => {
  db = new LagesbildDb(`test-${++n}-${Math.random()}`);
  await enrol({ token: 'tok-1', functionId: 'fn-1', name: 'Bovärdskontor Väster' }, T0, db);
});
afterEach(async () => {
  await dropDb(db);
});

function item(over: Partial<DraftItem> = {}): DraftItem {
  return { id: uuidv7(), category: 'vandalism', areaId: 'area-1', timeOfDay: 'evening', persists: false, note: '', ...over };
}

type Handler = (reports: Report[], call: number) => Response | Promise<Response>;

/** A fake server: records every report it receives. */
function fakeServer(handler?: Handler) {
  const received: Report[][] = [];
  const fetchMock = async (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init?.body)) as { reports: Report[] };
    received.push(body.reports);
    if (handler) return handler(body.reports, received.length);
    return json(200, { results: body.reports.map((r) => ({ id: r.id, status: 'created' })) });
  };
  return { received, fetch: fetchMock as typeof fetch };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function deps(f: typeof fetch, now = T0 + 60_000): FlushDeps {
  return { db, fetch: f, now: () => now, random: () => 0.5 };
}

async function rows(): Promise<OutboxRow[]> {
  return (await db.open()).getAll('outbox');
}

describe('uuidv7', () => {
  it('is a valid UUID with version 7 and variant bits, time-ordered', () => {
    const a = uuidv7(T0);
    const b = uuidv7(T0 + 1);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(v.is(v.pipe(v.string(), v.uuid()), a)).toBe(true);
    expect(a < b).toBe(true);
    expect(parseInt(a.replace(/-/g, '').slice(0, 12), 16)).toBe(T0);
  });
});

describe('domain actions', () => {
  it('saveReport queues a schema-valid report as waiting and clears the draft', async () => {
    await (await db.open()).put('draft', { key: 'current', items: [item()], updatedAt: new Date(T0).toISOString() });
    const report = await saveReport([item(), item({ category: 'fire', placeId: 'p-1', note: 'Brand i papperskorg' })], WEEK, T0, db);
    expect(v.safeParse(ReportSchema, report).success).toBe(true);
    const [row] = await rows();
    expect(row).toMatchObject({ id: report.id, state: 'waiting', attempts: 0, functionId: 'fn-1' });
    expect(row!.report.observations).toHaveLength(2);
    expect(await (await db.open()).get('draft', 'current')).toBeUndefined();
    expect((await readMeta(db, 'prefs'))?.lastAreaId).toBe('area-1');
  });

  it('saveReport ignores a trailing untouched item and refuses personal data or nothing', async () => {
    const r = await saveReport([item(), { id: uuidv7(), timeOfDay: 'unknown', persists: false, note: '' }], WEEK, T0, db);
    expect(r.observations).toHaveLength(1);
    await expect(saveReport([item({ note: 'ring 070-123 45 67' })], WEEK, T0, db)).rejects.toMatchObject({ code: 'personal_data' });
    await expect(saveReport([], WEEK, T0, db)).rejects.toMatchObject({ code: 'empty' });
    expect(await (await db.open()).count('outbox')).toBe(1);
  });

  it('calm week is held back during the undo window and undo removes it', async () => {
    const id = (await calmWeek(WEEK, T0, db))!;
    const server = fakeServer();
    const early = await flushOutbox(deps(server.fetch, T0 + 1000));
    expect(early).toMatchObject({ kind: 'idle', laterAt: T0 + UNDO_MS });
    expect(server.received).toHaveLength(0);
    expect(await undoCalmWeek(id, db, T0 + 1000)).toBe(true);
    expect(await (await db.open()).count('outbox')).toBe(0);
  });

  it('calm week is sent after the undo window and then cannot be undone', async () => {
    const id = (await calmWeek(WEEK, T0, db))!;
    const server = fakeServer();
    const out = await flushOutbox(deps(server.fetch, T0 + UNDO_MS + 1));
    expect(out).toMatchObject({ kind: 'idle', sent: 1 });
    expect(server.received.flat().map((r) => r.id)).toEqual([id]);
    expect(await undoCalmWeek(id, db)).toBe(false);
    expect((await (await db.open()).get('outbox', id))?.state).toBe('sent');
  });

  it('a calm week from a notification (holdMs 0) is sent at once; a second calm tap files nothing', async () => {
    expect(reportedIn(await (await db.open()).getAll('outbox'), 'fn-1', WEEK)).toBe(false);
    await calmWeek(WEEK, T0, db, 0);
    expect(reportedIn(await (await db.open()).getAll('outbox'), 'fn-1', WEEK)).toBe(true);
    expect(await calmWeek(WEEK, T0 + 10, db)).toBeNull();
    const server = fakeServer();
    expect(await flushOutbox(deps(server.fetch, T0))).toMatchObject({ kind: 'idle', sent: 1 });
    expect(await (await db.open()).count('outbox')).toBe(1);
  });

  it('undo is refused once the hold has passed, even before the flusher marked it sent', async () => {
    const id = (await calmWeek(WEEK, T0, db))!;
    expect(await undoCalmWeek(id, db, T0 + UNDO_MS)).toBe(false);
    expect(await (await db.open()).count('outbox')).toBe(1);
    expect(await undoCalmWeek(id, db, T0 + 1)).toBe(true);
  });

  it('Kvarstår copies an observation into the draft once, as persists: true', async () => {
    const source = { id: uuidv7(), category: 'unsafe_place' as const, areaId: 'area-2', timeOfDay: 'night' as const, persists: false };
    expect(await addPersistingToDraft(source, T0, db)).toBe(true);
    expect(await addPersistingToDraft(source, T0, db)).toBe(false);
    const draft = await (await db.open()).get('draft', 'current');
    expect(draft?.items).toHaveLength(1);
    expect(draft!.items[0]).toMatchObject({ category: 'unsafe_place', areaId: 'area-2', persists: true, sourceId: source.id });
    expect(draft!.items[0]!.id).not.toBe(source.id);
  });

  it('fixRefused moves a refused report back into the draft; discardRefused drops it', async () => {
    const a = await saveReport([item({ note: 'x' })], WEEK, T0, db);
    const b = await saveReport([item()], WEEK, T0 + 1, db);
    await updateRow(db, a.id, { state: 'refused', rule: 'unknown_area' });
    await updateRow(db, b.id, { state: 'refused', rule: 'week_out_of_range' });
    expect(await fixRefused(a.id, T0, db)).toBe(true);
    expect(await (await db.open()).get('outbox', a.id)).toBeUndefined();
    const draft = await (await db.open()).get('draft', 'current');
    expect(draft?.items.map((i) => i.note)).toEqual(['x']);
    expect(await discardRefused(b.id, db)).toBe(true);
    expect(await (await db.open()).count('outbox')).toBe(0);
  });

  it('discard and undo refuse rows in states where the server may have them', async () => {
    const r = await saveReport([item()], WEEK, T0, db);
    expect(await discardRefused(r.id, db)).toBe(false);
    expect(await undoCalmWeek(r.id, db)).toBe(false);
    expect(await (await db.open()).count('outbox')).toBe(1);
  });
});

describe('flush: per-item answers', () => {
  it('created and duplicate → sent; conflict and invalid → refused with rule; unanswered → waiting', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await saveReport([item()], WEEK, T0 + i, db)).id);
    const answers: IngestResult[] = [
      { id: ids[0]!, status: 'created' },
      { id: ids[1]!, status: 'duplicate' },
      { id: ids[2]!, status: 'conflict', error: 'id_conflict: different content', rule: 'id_conflict' },
      { id: ids[3]!, status: 'invalid', error: 'personal_data: note', rule: 'personal_data' },
      // ids[4] unanswered
    ];
    const server = fakeServer(() => json(200, { results: answers }));
    const out = await flushOutbox(deps(server.fetch));
    expect(out).toMatchObject({ kind: 'retry', sent: 2, refused: 2 });
    const byId = new Map((await rows()).map((r) => [r.id, r]));
    expect(byId.get(ids[0]!)?.state).toBe('sent');
    expect(byId.get(ids[1]!)?.state).toBe('sent');
    expect(byId.get(ids[2]!)).toMatchObject({ state: 'refused', rule: 'id_conflict' });
    expect(byId.get(ids[3]!)).toMatchObject({ state: 'refused', rule: 'personal_data', error: 'personal_data: note' });
    expect(byId.get(ids[4]!)).toMatchObject({ state: 'waiting', attempts: 1 });
  });

  it('401 stops syncing and keeps every report', async () => {
    await saveReport([item()], WEEK, T0, db);
    const server = fakeServer(() => json(401, { error: 'revoked', code: 'device_revoked' }));
    expect(await flushOutbox(deps(server.fetch))).toEqual({ kind: 'revoked', code: 'device_revoked' });
    expect((await readMeta(db, 'sync'))?.revoked).toBe('device_revoked');
    expect(await flushOutbox(deps(server.fetch))).toEqual({ kind: 'revoked', code: 'device_revoked' });
    expect(server.received).toHaveLength(1);
    expect((await rows())[0]?.state).toBe('waiting');
    // Re-enrolment resumes.
    await enrol({ token: 'tok-2', functionId: 'fn-1', name: 'x' }, T0, db);
    const ok = fakeServer();
    expect(await flushOutbox(deps(ok.fetch))).toMatchObject({ kind: 'idle', sent: 1 });
  });

  it('503, 429 and network errors keep rows waiting and back off; success resets', async () => {
    await saveReport([item()], WEEK, T0, db);
    const s503 = fakeServer(() => json(503, { error: 'down', code: 'unavailable' }));
    const a = await flushOutbox(deps(s503.fetch));
    expect(a).toMatchObject({ kind: 'retry' });
    expect((await readMeta(db, 'sync'))?.failures).toBe(1);

    // Each retry comes when the previous backoff has run out (the timer's attempts).
    const later = async () => ((await readMeta(db, 'sync'))?.nextAttemptAt ?? 0) + 1;
    const s429 = fakeServer(() => json(429, { error: 'slow down', code: 'rate_limited' }, { 'retry-after': '120' }));
    const t1 = await later();
    const b = await flushOutbox(deps(s429.fetch, t1));
    expect(b).toMatchObject({ kind: 'retry', delayMs: 120_000 });

    const net = fakeServer(() => {
      throw new TypeError('Failed to fetch');
    });
    const c = await flushOutbox(deps(net.fetch, await later()));
    expect(c).toMatchObject({ kind: 'retry' });
    expect(c.kind === 'retry' && c.reason).toContain('network');
    expect((await readMeta(db, 'sync'))?.failures).toBe(3);
    expect((await rows())[0]).toMatchObject({ state: 'waiting', attempts: 3 });

    const ok = fakeServer();
    expect(await flushOutbox(deps(ok.fetch, await later()))).toMatchObject({ kind: 'idle', sent: 1 });
    const sync = await readMeta(db, 'sync');
    expect(sync?.failures).toBe(0);
    expect(sync?.lastError).toBeUndefined();
  });

  it('early attempts (a save, the page becoming visible) that fail do not lengthen the backoff', async () => {
    await saveReport([item()], WEEK, T0, db);
    const down = fakeServer(() => json(503, { error: 'down', code: 'unavailable' }));
    await flushOutbox(deps(down.fetch));
    const first = await readMeta(db, 'sync');
    expect(first?.failures).toBe(1);
    // Three more tries before the planned retry: still one failure, same planned retry.
    for (let i = 0; i < 3; i++) await flushOutbox(deps(down.fetch, T0 + 60_001 + i));
    const after = await readMeta(db, 'sync');
    expect(after?.failures).toBe(1);
    expect(after?.nextAttemptAt).toBe(first?.nextAttemptAt);
    expect(down.received).toHaveLength(4); // they were real attempts
    // The planned retry counts.
    await flushOutbox(deps(down.fetch, first!.nextAttemptAt! + 1));
    expect((await readMeta(db, 'sync'))?.failures).toBe(2);
  });

  it('400 (malformed envelope) keeps rows queued and surfaces the error', async () => {
    await saveReport([item()], WEEK, T0, db);
    const s = fakeServer(() => json(400, { error: '"reports" must be an array', code: 'bad_request' }));
    expect(await flushOutbox(deps(s.fetch))).toMatchObject({ kind: 'retry' });
    expect((await readMeta(db, 'sync'))?.lastError).toContain('400');
    expect((await rows())[0]?.state).toBe('waiting');
  });

  it('a garbled 200 body is a retry, not a loss', async () => {
    await saveReport([item()], WEEK, T0, db);
    const s = fakeServer(() => new Response('<html>proxy</html>', { status: 200 }));
    expect(await flushOutbox(deps(s.fetch))).toMatchObject({ kind: 'retry' });
    expect((await rows())[0]?.state).toBe('waiting');
  });

  it('sends in batches of at most 500, oldest first', async () => {
    const many: OutboxRow[] = [];
    for (let i = 0; i < 1200; i++) {
      const id = uuidv7(T0 + i);
      many.push({
        id,
        report: { id, week: WEEK, createdAt: new Date(T0 + i).toISOString(), calm: true, observations: [] },
        functionId: 'fn-1',
        state: 'waiting',
        attempts: 0,
        queuedAt: new Date(T0 + i).toISOString(),
      });
    }
    await db.run(['outbox'], 'readwrite', async (tx) => {
      for (const row of many) await tx.store.add(row);
    });
    const server = fakeServer();
    expect(await flushOutbox(deps(server.fetch, T0 + 10_000))).toMatchObject({ kind: 'idle', sent: 1200 });
    expect(server.received.map((b) => b.length)).toEqual([500, 500, 200]);
    expect(server.received.flat().map((r) => r.id)).toEqual(many.map((r) => r.id));
  });

  it('two flushes at once never send a report twice (double-flush protection)', async () => {
    for (let i = 0; i < 20; i++) await saveReport([item()], WEEK, T0 + i, db);
    const server = fakeServer(async (reports) => {
      await new Promise((r) => setTimeout(r, 20));
      return json(200, { results: reports.map((r) => ({ id: r.id, status: 'created' })) });
    });
    const [a, b, c] = await Promise.all([
      flushOutbox(deps(server.fetch)),
      flushOutbox(deps(server.fetch)),
      flushOutbox(deps(server.fetch)),
    ]);
    const ids = server.received.flat().map((r) => r.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    expect([a, b, c].map((o) => (o.kind === 'idle' ? o.sent : -1)).sort()).toEqual([0, 0, 20]);
  });

  it('only the enrolled function’s reports are sent', async () => {
    await saveReport([item()], WEEK, T0, db);
    await enrol({ token: 'tok-9', functionId: 'fn-other', name: 'Annan' }, T0, db);
    const server = fakeServer();
    expect(await flushOutbox(deps(server.fetch))).toMatchObject({ kind: 'idle', sent: 0 });
    expect(server.received).toHaveLength(0);
    expect((await rows())[0]?.state).toBe('waiting');
  });

  it('nothing is lost through a long run of random failures', async () => {
    const saved: string[] = [];
    for (let i = 0; i < 60; i++) saved.push((await saveReport([item()], WEEK, T0 + i, db)).id);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const held = new Set<string>(); // the fake server's database
    const server = fakeServer((reports) => {
      const x = rnd();
      if (x < 0.3) throw new TypeError('offline');
      if (x < 0.5) return json(503, { error: 'busy', code: 'unavailable' });
      // Partial answers: the server may answer only some items (then the rest retries).
      const results = reports.flatMap((r) => {
        if (rnd() < 0.2) return [];
        const status = held.has(r.id) ? 'duplicate' : 'created';
        held.add(r.id);
        return [{ id: r.id, status }];
      });
      return json(200, { results });
    });
    for (let round = 0; round < 200; round++) {
      const out = await flushOutbox({ db, fetch: server.fetch, now: () => T0 + 60_000, random: rnd });
      if (out.kind === 'idle') break;
    }
    const all = await rows();
    expect(all.every((r) => r.state === 'sent')).toBe(true);
    expect(new Set(held)).toEqual(new Set(saved));
  });
});

describe('restore from the server', () => {
  function ctx(thisWeek: Report[], lastWeek: Report[]): InformantContext {
    return {
      function: { id: 'fn-1', name: 'Bovärdskontor Väster', organisation: 'ÖBO' },
      week: WEEK,
      areas: [{ id: 'area-1', name: 'Vivalla', own: true, places: [{ id: 'p-1', name: 'Torget' }] }],
      categories: [],
      reports: { thisWeek, lastWeek },
    };
  }
  const report = (week: string, calm = false): Report => ({
    id: uuidv7(),
    week,
    createdAt: new Date(T0).toISOString(),
    calm,
    observations: calm ? [] : [{ id: uuidv7(), category: 'fire', areaId: 'area-1', timeOfDay: 'night', persists: false }],
  });

  it('an empty local database gets this and last week’s reports back as sent', async () => {
    const a = report(WEEK, true);
    const b = report(previousWeek(WEEK));
    await applyContext(ctx([a], [b]), T0, db);
    const all = await rows();
    expect(all.map((r) => [r.id, r.state, r.restored]).sort()).toEqual(
      [
        [a.id, 'sent', true],
        [b.id, 'sent', true],
      ].sort(),
    );
    expect((await (await db.open()).get('context', 'current'))?.ctx.week).toBe(WEEK);
    // Restored rows are never sent again.
    const server = fakeServer();
    await flushOutbox(deps(server.fetch));
    expect(server.received).toHaveLength(0);
  });

  it('a waiting row the server already has becomes sent; waiting rows are never pruned', async () => {
    const local = await saveReport([item()], WEEK, T0, db);
    const old = await saveReport([item()], '2026-W40', T0 + 1, db);
    const oldSent = report('2026-W40');
    await (await db.open()).add('outbox', {
      id: oldSent.id,
      report: oldSent,
      functionId: 'fn-1',
      state: 'sent',
      attempts: 1,
      queuedAt: new Date(T0).toISOString(),
    });
    await applyContext(ctx([local], []), T0, db);
    expect((await (await db.open()).get('outbox', local.id))?.state).toBe('sent');
    expect((await (await db.open()).get('outbox', old.id))?.state).toBe('waiting');
    expect(await (await db.open()).get('outbox', oldSent.id)).toBeUndefined();
  });
});

describe('pure helpers', () => {
  it('backoff grows exponentially with jitter, capped', () => {
    expect(backoffDelay(1, () => 0)).toBe(1000);
    expect(backoffDelay(1, () => 1)).toBe(2000);
    expect(backoffDelay(3, () => 0.5)).toBe(6000);
    expect(backoffDelay(30, () => 1)).toBe(BACKOFF_CAP_MS);
    expect(backoffDelay(30, () => 0)).toBe(BACKOFF_CAP_MS / 2);
    expect(backoffDelay(1, () => 0, 30_000)).toBe(30_000);
    for (let f = 1; f < 12; f++) expect(backoffDelay(f + 1, () => 0)).toBeGreaterThanOrEqual(backoffDelay(f, () => 0));
  });

  it('pickBatch skips held, refused, sent and foreign rows', () => {
    const base = { report: {} as Report, attempts: 0, queuedAt: '2026-01-01T00:00:00Z' };
    const rowsIn: OutboxRow[] = [
      { ...base, id: 'a', functionId: 'f', state: 'waiting' },
      { ...base, id: 'b', functionId: 'f', state: 'waiting', notBefore: 2000 },
      { ...base, id: 'c', functionId: 'f', state: 'sent' },
      { ...base, id: 'd', functionId: 'g', state: 'waiting' },
      { ...base, id: 'e', functionId: 'f', state: 'refused' },
    ];
    expect(pickBatch(rowsIn, 'f', 1000).map((r) => r.id)).toEqual(['a']);
    expect(pickBatch(rowsIn, 'f', 3000).map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('applyResults maps statuses and ignores answers for unknown ids', () => {
    const base = { report: {} as Report, functionId: 'f', state: 'waiting' as const, attempts: 2, queuedAt: '' };
    const out = applyResults(
      [
        { ...base, id: 'a' },
        { ...base, id: 'b' },
        { ...base, id: 'c' },
      ],
      [
        { id: 'a', status: 'created' },
        { id: 'b', status: 'invalid', error: 'schema: x' },
        { id: 'zzz', status: 'created' },
        { id: null, status: 'invalid', error: 'schema: no id', rule: 'schema' },
      ],
      'now',
    );
    expect(out).toMatchObject({ sent: 1, refused: 1, unanswered: 1 });
    expect(out.updates).toEqual([
      { id: 'a', changes: expect.objectContaining({ state: 'sent', sentAt: 'now', attempts: 3 }) },
      { id: 'b', changes: { state: 'refused', attempts: 3, error: 'schema: x', rule: 'schema' } },
      { id: 'c', changes: { attempts: 3 } },
    ]);
  });
});
