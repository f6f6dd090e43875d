import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, report, observation, type TestServer } from '../support/fixture';
import { revokeDevice } from '../../server/informant/devices';
import { addWeeks } from '../../shared/weeks';
import type { IngestResult } from '../../shared/api';

const NOW = new Date('2026-11-25T12:00:00Z'); // 2026-W48
let t: TestServer;
let token: string;
beforeEach(async () => {
  t = await startTestServer({ now: NOW });
  token = await t.enrol();
});
afterEach(async () => t.close());

async function send(reports: unknown[], tok = token): Promise<IngestResult[]> {
  const res = await t.post('/api/v1/reports', { reports }, tok);
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: IngestResult[] }).results;
}
const count = (table: string) => (t.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const obs = (over = {}) => observation(t.fixture.areaA, over);

describe('POST /api/v1/reports – per-item statuses', () => {
  it('creates a calm report and a report with observations, storing every field', async () => {
    const calm = report({ calm: true }, NOW);
    const full = report(
      {
        observations: [
          obs({ placeId: t.fixture.placeA, timeOfDay: 'night', persists: true, note: 'Trasig belysning', occurredOn: '2026-11-23', location: { lat: 59.27, lon: 15.21 } }),
          obs({ category: 'fire' }),
        ],
      },
      NOW,
    );
    expect(await send([calm, full])).toEqual([
      { id: calm.id, status: 'created' },
      { id: full.id, status: 'created' },
    ]);
    expect(count('reports')).toBe(2);
    expect(count('observations')).toBe(2);
    const row = t.db.prepare('SELECT * FROM observations WHERE id = ?').get(full.observations[0]!.id) as any;
    expect(row).toMatchObject({ week: '2026-W48', area_id: t.fixture.areaA, place_id: t.fixture.placeA, time_of_day: 'night', persists: 1, note: 'Trasig belysning', occurred_on: '2026-11-23', lat: 59.27, lon: 15.21 });
    const stored = t.db.prepare('SELECT function_id, device_id FROM reports WHERE id = ?').get(full.id) as any;
    expect(stored.function_id).toBe(t.fixture.fnA); // the reporter is the token's, not the body's
    expect(stored.device_id).toBeTruthy();
  });

  it('answers duplicate for the same id with the same content, and stores it once', async () => {
    const r = report({ observations: [obs({ note: 'Klotter' })] }, NOW);
    await send([r]);
    expect(await send([r, r])).toEqual([
      { id: r.id, status: 'duplicate' },
      { id: r.id, status: 'duplicate' },
    ]);
    // Key order and unknown extra fields do not change the content.
    const reordered = { observations: r.observations, calm: r.calm, createdAt: r.createdAt, week: r.week, id: r.id, extra: 1 };
    expect(await send([reordered])).toEqual([{ id: r.id, status: 'duplicate' }]);
    expect(count('reports')).toBe(1);
    expect(count('observations')).toBe(1);
  });

  it('answers conflict for the same id with different content and keeps the first', async () => {
    const r = report({ observations: [obs({ note: 'Klotter' })] }, NOW);
    await send([r]);
    const changed = { ...r, observations: [{ ...r.observations[0]!, note: 'Annat' }] };
    const [result] = await send([changed]);
    expect(result).toMatchObject({ id: r.id, status: 'conflict', rule: 'id_conflict' });
    expect(result!.error).toMatch(/^id_conflict: /);
    expect((t.db.prepare('SELECT note FROM observations').get() as any).note).toBe('Klotter');
  });

  it('answers conflict when the same id comes from another function', async () => {
    const r = report({ calm: true }, NOW);
    await send([r]);
    const other = await t.enrol(t.fixture.inviteB.code);
    expect((await send([r], other))[0]).toMatchObject({ status: 'conflict' });
  });

  it('answers conflict when an observation id is already stored in another report', async () => {
    const first = report({ observations: [obs()] }, NOW);
    await send([first]);
    const second = report({ observations: [first.observations[0]!] }, NOW);
    expect((await send([second]))[0]).toMatchObject({ id: second.id, status: 'conflict', rule: 'id_conflict' });
    expect(count('reports')).toBe(1);
  });

  it.each([
    ['a missing id', { ...report({ calm: true }, NOW), id: undefined }, /id/],
    ['an id that is no UUID', { ...report({ calm: true }, NOW), id: 'abc' }, /id: must be a UUID/],
    ['a bad week', { ...report({ calm: true }, NOW), week: '2026-W54' }, /week: must be an ISO week/],
    ['week 53 of a 52-week year', { ...report({ calm: true }, NOW), week: '2027-W53' }, /week/],
    ['an unknown category', report({ observations: [{ ...observation('x'), category: 'graffiti' as any }] }, NOW), /category/],
    ['a bad time of day', report({ observations: [{ ...observation('x'), timeOfDay: 'dusk' as any }] }, NOW), /timeOfDay/],
    ['a too long note', report({ observations: [observation('x', { note: 'x'.repeat(1001) })] }, NOW), /note: must be at most 1000/],
    ['a non-calendar date', report({ observations: [observation('x', { occurredOn: '2026-02-30' })] }, NOW), /occurredOn/],
    ['a missing createdAt', { ...report({ calm: true }, NOW), createdAt: undefined }, /createdAt/],
    ['twice the same observation id', (() => { const o = observation('x'); return report({ observations: [o, o] }, NOW); })(), /used twice/],
    ['a string', 'hello', /object/i],
    ['null', null, /object/i],
  ])('answers invalid (schema) for %s', async (_name, item, message) => {
    const [result] = await send([item]);
    expect(result).toMatchObject({ status: 'invalid', rule: 'schema' });
    expect(result!.error).toMatch(/^schema: /);
    expect(result!.error).toMatch(message);
    expect(count('reports')).toBe(0);
  });

  it('names the report id in an invalid result when it has one', async () => {
    const r = { ...report({ calm: true }, NOW), week: 'nope' };
    expect((await send([r]))[0]!.id).toBe(r.id);
  });

  it('refuses calm with observations and not-calm without (calm_mismatch)', async () => {
    const calmWithObs = { ...report({ observations: [obs()] }, NOW), calm: true };
    const notCalmEmpty = { ...report({ calm: true }, NOW), calm: false };
    const results = await send([calmWithObs, notCalmEmpty]);
    expect(results.map((r) => [r.status, r.rule])).toEqual([
      ['invalid', 'calm_mismatch'],
      ['invalid', 'calm_mismatch'],
    ]);
  });

  it('refuses unknown areas and places, and a place of another area', async () => {
    const results = await send([
      report({ observations: [observation('no-such-area')] }, NOW),
      report({ observations: [obs({ placeId: 'no-such-place' })] }, NOW),
      report({ observations: [obs({ placeId: t.fixture.placeB })] }, NOW),
    ]);
    expect(results.map((r) => r.rule)).toEqual(['unknown_area', 'unknown_place', 'unknown_place']);
    expect(results.every((r) => r.status === 'invalid')).toBe(true);
  });

  it('accepts weeks from eight back to one ahead, refuses outside that window', async () => {
    const at = (n: number) => report({ calm: true, week: addWeeks('2026-W48', n) }, NOW);
    const results = await send([at(-8), at(-1), at(0), at(1), at(-9), at(2), at(-60)]);
    expect(results.map((r) => r.status)).toEqual(['created', 'created', 'created', 'created', 'invalid', 'invalid', 'invalid']);
    expect(results.slice(4).every((r) => r.rule === 'week_out_of_range')).toBe(true);
    expect(results[4]!.error).toMatch(/more than 8 weeks old/);
    expect(results[5]!.error).toMatch(/future/);
  });

  it('uses Stockholm time for the current week (Sunday 23:30 UTC is already Monday)', async () => {
    t.clock.now = new Date('2026-11-29T23:30:00Z'); // Monday 00:30 in Stockholm = 2026-W49
    // Written now (a report is not written long before its week).
    const results = await send([report({ calm: true, week: '2026-W50' }, t.clock.now), report({ calm: true, week: '2026-W40' }, t.clock.now)]);
    expect(results.map((r) => r.status)).toEqual(['created', 'invalid']);
  });

  it.each([
    ['a personnummer', 'Boende 19121212-1212 klagade'],
    ['a samordningsnummer', 'Nr 701063-2391 sågs'],
    ['a mobile number', 'Ring 070-123 45 67 efter kl 18'],
    ['an e-mail address', 'mejla anna.svensson@example.se'],
  ])('refuses a note with %s (personal_data) and does not echo it', async (_name, note) => {
    const [result] = await send([report({ observations: [obs(), obs({ note })] }, NOW)]);
    expect(result).toMatchObject({ status: 'invalid', rule: 'personal_data' });
    expect(result!.error).toMatch(/observations\[1\]\.note contains/);
    const found = note.match(/\S*\d\S*|\S+@\S+/)![0];
    expect(result!.error).not.toContain(found);
    expect(count('reports')).toBe(0);
  });

  it('accepts notes with dates, times, postcodes and order numbers', async () => {
    const note = 'Sedan 2026-11-20 kl 22:30, vid 702 14, ärende 4711-2026, v. 48';
    expect((await send([report({ observations: [obs({ note })] }, NOW)]))[0]!.status).toBe('created');
  });

  it('answers each item of a mixed batch and stores exactly the created ones', async () => {
    const existing = report({ calm: true }, NOW);
    await send([existing]);
    const fresh = report({ observations: [obs(), obs()] }, NOW);
    const conflicting = { ...existing, createdAt: new Date(NOW.getTime() + 1000).toISOString() };
    const invalid = report({ observations: [obs({ note: 'ring 0701234567' })] }, NOW);
    const results = await send([fresh, existing, conflicting, invalid, { nonsense: true }]);
    expect(results.map((r) => r.status)).toEqual(['created', 'duplicate', 'conflict', 'invalid', 'invalid']);
    expect(results[4]!.id).toBeNull();
    expect(count('reports')).toBe(2);
    expect(count('observations')).toBe(2);
  });

  it('treats the same new id twice in one batch as created then duplicate', async () => {
    const r = report({ calm: true }, NOW);
    expect((await send([r, r])).map((x) => x.status)).toEqual(['created', 'duplicate']);
  });

  it('answers concurrent batches (written together) each as if alone: a shared id is created once, duplicate elsewhere', async () => {
    const shared = report({ observations: [obs()] }, NOW);
    const batches = Array.from({ length: 6 }, () => [shared, report({ observations: [obs(), obs()] }, NOW), report({ calm: true }, NOW)]);
    const answers = await Promise.all(batches.map((b) => send(b)));
    const sharedStatuses = answers.map((a) => a[0]!.status).sort();
    expect(sharedStatuses).toEqual(['created', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    for (const a of answers) expect(a.slice(1).map((r) => r.status)).toEqual(['created', 'created']);
    expect(count('reports')).toBe(1 + 6 * 2);
    expect(count('observations')).toBe(1 + 6 * 2);
  });

  it('takes a full batch of 500', async () => {
    const batch = Array.from({ length: 500 }, () => report({ observations: [obs(), obs(), obs()] }, NOW));
    const results = await send(batch);
    expect(results.filter((r) => r.status === 'created')).toHaveLength(500);
    expect(count('observations')).toBe(1500);
  });
});

describe('POST /api/v1/reports – envelope and auth', () => {
  it.each([
    ['not JSON', 'this is not json', /must be JSON/],
    ['no reports key', { report: [] }, /reports/],
    ['reports not an array', { reports: {} }, /array/],
    ['a bare array', [], /reports/],
    ['null', 'null', /reports/],
    ['more than 500 reports', { reports: Array.from({ length: 501 }, () => ({})) }, /at most 500/],
  ])('answers 400 with a message for %s', async (_name, body, message) => {
    const res = await t.post('/api/v1/reports', body, token);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: string; code: string };
    expect(json.code).toBe('bad_request');
    expect(json.error).toMatch(message);
    expect(count('reports')).toBe(0);
  });

  it('answers 401 without a token, with a wrong one, and for a revoked device – storing nothing', async () => {
    const body = { reports: [report({ calm: true }, NOW)] };
    expect((await t.post('/api/v1/reports', body)).status).toBe(401);
    expect((await t.post('/api/v1/reports', body, 'wrong')).status).toBe(401);
    const deviceId = (t.db.prepare('SELECT id FROM devices').get() as { id: string }).id;
    revokeDevice(t.db, deviceId, NOW);
    const res = await t.post('/api/v1/reports', body, token);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'device_revoked' });
    expect(count('reports')).toBe(0);
  });

  it('never answers 500 or leaks a stack for hostile items', async () => {
    const hostile: unknown[] = [
      { id: randomUUID(), week: { toString: 1 }, createdAt: [], calm: 'yes', observations: 'many' },
      { ...report({ observations: [obs()] }, NOW), observations: [null, 1, 'x'] },
      { ...report({ calm: true }, NOW), id: 'x'.repeat(100_000) },
      { __proto__: { id: 'p' }, constructor: { prototype: {} } },
      report({ observations: [obs({ areaId: "'; DROP TABLE reports; --" })] }, NOW),
      report({ observations: [obs({ note: '\u0000\ud800 emoji 🚲' })] }, NOW),
    ];
    const res = await t.post('/api/v1/reports', { reports: hostile }, token);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    const results = JSON.parse(text).results as IngestResult[];
    expect(results.slice(0, 5).every((r) => r.status === 'invalid')).toBe(true);
    // NUL and a lone surrogate are refused with a sentence; emoji are fine.
    expect(results[5]).toMatchObject({ status: 'invalid', rule: 'schema' });
    const clean = await send([report({ observations: [obs({ note: 'emoji 🚲' })] }, NOW)]);
    expect(clean[0]!.status).toBe('created');
    expect(count('reports')).toBe(1);
  });

  it('answers JSON 404 for unknown API paths and 404 for wrong methods', async () => {
    const res = await t.get('/api/v1/nothing');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found' });
    expect((await t.get('/api/v1/reports', token)).status).toBe(404);
  });
});
