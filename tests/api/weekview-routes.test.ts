import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { openDatabase, type Db } from '../../server/db/open';
import { contentHash } from '../../server/reports/ingest';
import { reportStore } from '../../server/reports/store';
import { weekviewRoutes } from '../../server/weekview/routes';
import type { ApiError } from '../../shared/api';
import { unpackWeek, type AreaObservations, type PackedWeekSummary, type Participation } from '../../shared/weekview';
import type { Report } from '../../shared/schemas';
import { mondayOf } from '../../shared/weeks';
import { observation, seedFixture } from '../support/fixture';

const NOW = new Date('2026-11-25T12:00:00Z'); // 2026-W48
const W = '2026-W48';

interface Ctx {
  url: string;
  db: Db;
  fx: ReturnType<typeof seedFixture>;
  prioritised: string[];
  close(): Promise<void>;
}
let t: Ctx;

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-weekview-'));
  const db = openDatabase(join(dir, 'test.sqlite'));
  const fx = seedFixture(db, NOW);
  // Functions existed long before the weeks under test (created_at defaults to the wall clock).
  db.prepare(`UPDATE functions SET created_at = '2026-01-01T00:00:00.000Z'`).run();
  const app = new Hono();
  const ctx = { prioritised: [] as string[] } as Ctx;
  app.route('/api/v1', weekviewRoutes({ db, now: () => NOW, version: 'test', prioritisedAreaIds: () => ctx.prioritised }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  Object.assign(ctx, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    db,
    fx,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
  t = ctx;
});
afterEach(async () => t.close());

/** Stores a report as ingest would, attributed to a function and a device id. */
function file(functionId: string, week: string, observations: ReturnType<typeof observation>[]): Report {
  const r: Report = { id: randomUUID(), week, createdAt: `${mondayOf(week)}T10:00:00.000Z`, calm: observations.length === 0, observations };
  reportStore(t.db).insert(r, { functionId, deviceId: null, receivedAt: r.createdAt, contentHash: contentHash(r) });
  return r;
}
const get = (path: string) => fetch(`${t.url}/api/v1${path}`);

describe('GET /api/v1/weeks/:week', () => {
  it('answers 400 with a sentence for a malformed or impossible week', async () => {
    for (const bad of ['2026-48', '2026-W54', '2026-W00', '2021-W53', 'v48', '0000-W05', '2026-w48', 'current2']) {
      for (const path of [`/weeks/${bad}`, `/weeks/${bad}/participation`]) {
        const res = await get(path);
        expect(res.status, path).toBe(400);
        const body = (await res.json()) as ApiError;
        expect(body.code).toBe('bad_week');
        expect(body.error).toMatch(/ISO week.*2026-W48/);
      }
    }
  });

  it('compiles the week from stored reports: counts, deltas, observations with organisation, recurring places', async () => {
    const { areaA, areaB, placeA, fnA, fnB } = t.fx;
    file(fnA, '2026-W45', [observation(areaA, { placeId: placeA })]);
    file(fnA, '2026-W46', [observation(areaA, { placeId: placeA }), observation(areaA, { category: 'fire' })]);
    file(fnA, '2026-W47', [observation(areaA), observation(areaA), observation(areaA)]);
    file(fnB, '2026-W47', []);
    const shown = file(fnA, W, [
      observation(areaA, { placeId: placeA, note: 'Klotter på tunneln', persists: true, timeOfDay: 'night', occurredOn: '2026-11-24' }),
      observation(areaB, { category: 'youth_gathering', timeOfDay: 'evening' }),
    ]);
    file(fnB, W, []);

    const res = await get(`/weeks/${W}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const text = await res.text();
    const packed = JSON.parse(text) as PackedWeekSummary;
    // Cells travel as arrays in the column order: [count, previous, average, deltaAverage, day, evening, night, unknown, persisting].
    expect(packed.areas.find((a) => a.id === areaA)!.cells[0]).toEqual([1, 3, 1.67, -0.67, 0, 0, 1, 0, 1]);
    const view = unpackWeek(packed);
    expect(view.week).toBe(W);
    expect(view.reports).toEqual({ total: 2, calm: 1, observations: 2 });
    // Weeks W45–W47 had reports; W40–W44 did not: the average is over 3 weeks.
    expect(view.averageWindow).toEqual({ from: '2026-W40', to: '2026-W47', weeksInUse: 3 });
    const norrby = view.areas.find((a) => a.id === areaA)!;
    expect(norrby.name).toBe('Norrby');
    expect(norrby.cells.vandalism).toMatchObject({ count: 1, previous: 3, deltaPrevious: -2, average: 1.67, deltaAverage: -0.67 });
    expect(norrby.total).toMatchObject({ count: 1, previous: 3, average: 2 });
    // The first answer carries figures only; the cell's observations come when it is opened.
    expect(norrby.cells.vandalism).toMatchObject({ timeOfDay: { day: 0, evening: 0, night: 1, unknown: 0 }, persisting: 1 });
    expect(text).not.toContain('"observations":[');
    expect(text).not.toContain('Klotter på tunneln');
    const expected = {
      id: shown.observations[0]!.id, category: 'vandalism', note: 'Klotter på tunneln', place: { id: placeA, name: 'Torget' },
      timeOfDay: 'night', occurredOn: '2026-11-24', persists: true, organisation: 'Testbostäder AB',
    };
    const cellRes = await get(`/weeks/${W}/areas/${areaA}/observations?category=vandalism`);
    expect(cellRes.status).toBe(200);
    const cellText = await cellRes.text();
    expect(JSON.parse(cellText)).toEqual({ week: W, areaId: areaA, category: 'vandalism', observations: [expected] });
    expect(await (await get(`/weeks/${W}/areas/${areaA}/observations?category=fire`)).json()).toMatchObject({ observations: [] });
    expect(await (await get(`/weeks/${W}/areas/${areaA}/observations`)).json()).toEqual({ week: W, areaId: areaA, category: null, observations: [expected] });
    const previous = (await (await get(`/weeks/2026-W46/areas/${areaA}/observations`)).json()) as AreaObservations;
    expect(previous.observations.map((o) => o.category)).toEqual(['vandalism', 'fire']); // the table's column order
    expect(view.timeOfDay).toEqual({ day: 0, evening: 1, night: 1, unknown: 0 });
    expect(view.recurringPlaces).toMatchObject([{ placeId: placeA, placeName: 'Torget', areaName: 'Norrby', weeks: ['2026-W45', '2026-W46', W], countThisWeek: 1, countWindow: 3 }]);
    // Never who reported: no function or device ids or names in the answer.
    for (const secret of [fnA, fnB, 'Bovärdar Norr', 'Bovärdar Söder']) expect(text + cellText).not.toContain(secret);
    const deviceIds = t.db.prepare('SELECT id FROM devices').all() as { id: string }[];
    for (const d of deviceIds) expect(text + cellText).not.toContain(d.id);
  });

  it('refuses a cell request with an unknown indicator (400) or area (404) with a sentence', async () => {
    const bad = await get(`/weeks/${W}/areas/${t.fx.areaA}/observations?category=graffiti`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'bad_category', error: expect.stringMatching(/"graffiti" är ingen indikator/) });
    const gone = await get(`/weeks/${W}/areas/no-such-area/observations`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ code: 'not_found', error: expect.stringMatching(/Området finns inte/) });
    const week = await get(`/weeks/2026-W54/areas/${t.fx.areaA}/observations`);
    expect(week.status).toBe(400);
    expect(await week.json()).toMatchObject({ code: 'bad_week' });
  });

  it('lists the prioritised areas first', async () => {
    t.prioritised = [t.fx.areaB];
    const view = unpackWeek((await (await get(`/weeks/${W}`)).json()) as PackedWeekSummary);
    expect(view.areas.map((a) => [a.name, a.priority])).toEqual([['Söderby', 1], ['Norrby', null]]);
  });

  it('resolves "current" to the week of the clock, and answers an empty week', async () => {
    const view = unpackWeek((await (await get('/weeks/current')).json()) as PackedWeekSummary);
    expect(view.week).toBe(W);
    expect(view.totals.all).toEqual({ count: 0, previous: 0, deltaPrevious: 0, average: null, deltaAverage: null });
  });
});

describe('GET /api/v1/weeks/:week/participation', () => {
  it('gives reported / calm / missing per organisation and function with a 12-week strip', async () => {
    const { fnA, fnB, org, areaA } = t.fx;
    const fnC = randomUUID();
    t.db.prepare(`INSERT INTO functions (id, organisation_id, name, created_at) VALUES (?, ?, 'Hemtjänst', '2026-11-18T08:00:00.000Z')`).run(fnC, org);
    file(fnA, W, [observation(areaA)]);
    file(fnA, W, []); // a second device of the same function
    file(fnB, W, []);
    file(fnB, '2026-W40', [observation(areaA)]);

    const res = await get(`/weeks/${W}/participation`);
    expect(res.status).toBe(200);
    const p = (await res.json()) as Participation;
    expect(p.weeks).toHaveLength(12);
    expect(p.weeks.at(-1)).toBe(W);
    // The clock is Wednesday of W: the function that has not reported yet is in progress, not missing.
    expect(p.inProgress).toBe(true);
    expect(p.totals).toEqual({ functions: 3, reported: 1, calm: 1, missing: 0, inProgress: 1 });
    expect(p.organisations).toHaveLength(1);
    const [org1] = p.organisations;
    expect(org1!.name).toBe('Testbostäder AB');
    expect(org1!.functions.map((f) => [f.name, f.status, f.reportsThisWeek])).toEqual([
      ['Bovärdar Norr', 'reported', 2],
      ['Bovärdar Söder', 'calm', 1],
      ['Hemtjänst', 'inProgress', 0],
    ]);
    const soder = org1!.functions[1]!;
    expect(soder.strip.find((s) => s.week === '2026-W40')!.status).toBe('reported');
    expect(soder.strip.find((s) => s.week === '2026-W41')!.status).toBe('missing');
    const hemtjanst = org1!.functions[2]!;
    expect(hemtjanst.strip.map((s) => s.status)).toEqual([...Array(10).fill('inactive'), 'missing', 'inProgress']);
    // A week that is over has no "in progress": the previous week's view says missing.
    const before = (await (await get(`/weeks/2026-W47/participation`)).json()) as Participation;
    expect(before.inProgress).toBe(false);
    expect(before.totals).toMatchObject({ inProgress: 0 });
    expect(before.organisations[0]!.functions.find((f) => f.name === 'Hemtjänst')!.status).toBe('missing');
  });
});
