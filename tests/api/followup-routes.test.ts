import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { openDatabase, type Db } from '../../server/db/open';
import { periodsRoutes, type PeriodInfo } from '../../server/periods/routes';
import { prioritisedAreaIds } from '../../server/periods/store';
import { interventionsRoutes } from '../../server/interventions/routes';
import { contentHash } from '../../server/reports/ingest';
import { reportStore } from '../../server/reports/store';
import { weekviewRoutes } from '../../server/weekview/routes';
import type { ApiError } from '../../shared/api';
import type { PeriodAnalysis, StoredPriorities, YearReview } from '../../shared/followup';
import type { Intervention } from '../../shared/interventions';
import type { Report } from '../../shared/schemas';
import type { PackedWeekSummary } from '../../shared/weekview';
import { mondayOf } from '../../shared/weeks';
import { observation, seedFixture } from '../support/fixture';

const NOW = new Date('2026-11-25T12:00:00Z'); // 2026-W48, in 2026-Q4 / 2026-T3

interface Ctx {
  url: string;
  db: Db;
  fx: ReturnType<typeof seedFixture> & { areaC: string };
  close(): Promise<void>;
}
let t: Ctx;

async function start(periodKind: 'quarter' | 'tertial' = 'quarter') {
  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-followup-'));
  const db = openDatabase(join(dir, 'test.sqlite'));
  const base = seedFixture(db, NOW);
  db.prepare(`UPDATE functions SET created_at = '2025-01-01T00:00:00.000Z'`).run();
  // A third area that no function covers.
  const areaC = randomUUID();
  db.prepare('INSERT INTO areas (id, name) VALUES (?, ?)').run(areaC, 'Västerby');
  const deps = { db, now: () => NOW, version: 'test' };
  const app = new Hono();
  app.route('/api/v1', periodsRoutes({ ...deps, periodKind }));
  app.route('/api/v1', interventionsRoutes(deps));
  app.route('/api/v1', weekviewRoutes({ ...deps, prioritisedAreaIds: (week) => prioritisedAreaIds(db, week) }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  t = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    db,
    fx: { ...base, areaC },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
beforeEach(async () => start());
afterEach(async () => t.close());

function file(functionId: string, week: string, observations: ReturnType<typeof observation>[]): Report {
  const r: Report = { id: randomUUID(), week, createdAt: `${mondayOf(week)}T10:00:00.000Z`, calm: observations.length === 0, observations };
  reportStore(t.db).insert(r, { functionId, deviceId: null, receivedAt: r.createdAt, contentHash: contentHash(r) });
  return r;
}
const call = (method: string, path: string, body?: unknown) =>
  fetch(`${t.url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('periods', () => {
  it('describes the current and a named period; refuses the other kind and nonsense with a sentence', async () => {
    expect(await (await call('GET', '/periods/current')).json()).toEqual<PeriodInfo>({
      period: '2026-Q4',
      kind: 'quarter',
      label: { sv: 'kvartal 4 2026', en: 'Q4 2026' },
      first: '2026-W40',
      last: '2026-W53',
      weeks: 14,
      previous: '2026-Q3',
      next: '2027-Q1',
    });
    expect(((await (await call('GET', '/periods/previous')).json()) as PeriodInfo).period).toBe('2026-Q3');
    for (const bad of ['2026-T3', '2026-Q5', 'Q4', '1999-Q1']) {
      const res = await call('GET', `/periods/${bad}/analysis`);
      expect(res.status, bad).toBe(400);
      const body = (await res.json()) as ApiError;
      expect(body.code).toBe('bad_period');
      expect(body.error).toMatch(/"2026-Q4"/);
    }
    expect(((await (await call('GET', '/periods/2026-T3/analysis')).json()) as ApiError).error).toMatch(/works in quarters/);
  });

  it('works in tertials when configured so', async () => {
    await t.close();
    await start('tertial');
    const info = (await (await call('GET', '/periods/current')).json()) as PeriodInfo;
    expect(info).toMatchObject({ period: '2026-T3', label: { sv: 'tertial 3 2026' }, first: '2026-W36', last: '2026-W53', weeks: 18 });
    expect((await call('GET', '/periods/2026-T3/analysis')).status).toBe(200);
    expect((await call('GET', '/periods/2026-Q4/analysis')).status).toBe(400);
  });
});

describe('GET /periods/:period/analysis', () => {
  it('ranks areas from stored reports and flags the area nobody reports on', async () => {
    const { areaA, areaB, areaC, placeA, fnA, fnB } = t.fx;
    for (const w of ['2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45']) {
      file(fnA, w, [observation(areaA, { placeId: placeA }), observation(areaA, { placeId: placeA, category: 'fire', timeOfDay: 'night' })]);
      file(fnB, w, []); // Söderby: calm, and reported as calm
    }
    file(fnA, '2026-W30', [observation(areaA)]); // previous quarter
    const res = await call('GET', '/periods/2026-Q4/analysis');
    expect(res.status).toBe(200);
    const a = (await res.json()) as PeriodAnalysis;
    expect(a.rankings.all).toEqual([areaA, areaB]);
    expect(a.noCoverage).toEqual([areaC]);
    const north = a.areas.find((x) => x.id === areaA)!;
    expect(north.total).toMatchObject({ count: 10, previous: 1, rank: 1, trend: 'up' });
    expect(north.timeOfDay).toEqual({ day: 0, evening: 5, night: 5, unknown: 0 });
    expect(north.recurringPlaces).toEqual([{ placeId: placeA, placeName: 'Torget', weeks: 5, count: 10, categories: ['vandalism', 'fire'] }]);
    const south = a.areas.find((x) => x.id === areaB)!;
    expect(south).toMatchObject({ noCoverage: false, total: { count: 0, rank: 2 }, coverage: { status: 'low', reportingFunctions: 1, coveredWeeks: 5 } });
    expect(a.areas[a.areas.length - 1]).toMatchObject({ id: areaC, name: 'Västerby', noCoverage: true, coverage: { status: 'none' }, total: { rank: null } });
    expect(a.participation).toMatchObject({ functions: 2, reporting: 2, reports: 10, calm: 5 });
  });
});

describe('priorities', () => {
  it('stores the decision, reads it back, and drives the week view from the first week of its period', async () => {
    const { areaA, areaB, areaC } = t.fx;
    const none = await call('GET', '/periods/2027-Q1/priorities');
    expect(none.status).toBe(200);
    expect(await none.json()).toEqual({ priorities: null });
    const put = await call('PUT', '/periods/2027-Q1/priorities', { areaIds: [areaC, areaA, areaB], rationale: 'Västerby saknar rapportörer; Norrby har flest rapporter.' });
    expect(put.status).toBe(200);
    const stored = (await put.json()) as StoredPriorities;
    expect(stored).toMatchObject({ period: '2027-Q1', areaIds: [areaC, areaA, areaB], version: 1 });
    expect(await (await call('GET', '/periods/2027-Q1/priorities')).json()).toEqual({ priorities: stored });
    const again = (await (await call('PUT', '/periods/2027-Q1/priorities', { areaIds: [areaA, areaB, areaC], rationale: 'Omprövat.' })).json()) as StoredPriorities;
    expect(again.version).toBe(2);

    // In force from 2027-W01, until the next decision; not before.
    expect(prioritisedAreaIds(t.db, '2026-W53')).toEqual([]);
    expect(prioritisedAreaIds(t.db, '2027-W01')).toEqual([areaA, areaB, areaC]);
    expect(prioritisedAreaIds(t.db, '2027-W30')).toEqual([areaA, areaB, areaC]);
    const view = (await (await call('GET', '/weeks/2027-W02')).json()) as PackedWeekSummary;
    expect(view.areas.map((a) => [a.id, a.priority])).toEqual([[areaA, 1], [areaB, 2], [areaC, 3]]);
    // The analysis of Q4 2026 shows the decision for the next period.
    const a = (await (await call('GET', '/periods/2026-Q4/analysis')).json()) as PeriodAnalysis;
    expect(a.priorities.next?.areaIds).toEqual([areaA, areaB, areaC]);
    expect(a.priorities.current).toBeNull();
  });

  it('refuses a decision that is not three existing areas with a rationale, naming the field', async () => {
    const { areaA, areaB } = t.fx;
    const cases: [unknown, RegExp][] = [
      [{ areaIds: [areaA, areaB], rationale: 'x' }, /areaIds: the method prioritises 3 areas/],
      [{ areaIds: [areaA, areaA, areaB], rationale: 'x' }, /areaIds: names an area twice/],
      [{ areaIds: [areaA, areaB, 'nowhere'], rationale: 'x' }, /areaIds\[2\]: there is no area "nowhere"/],
      [{ areaIds: [areaA, areaB, t.fx.areaC], rationale: ' ' }, /rationale: must not be empty/],
      [{ areaIds: [areaA, areaB, t.fx.areaC], rationale: 'Enligt a.b@example.se' }, /rationale: contains what looks like an e-mail address/],
    ];
    for (const [body, message] of cases) {
      const res = await call('PUT', '/periods/2027-Q1/priorities', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as ApiError).error).toMatch(message);
    }
  });
});

describe('GET /years/:year/review', () => {
  it('gives weekly series, the interventions with follow-ups and before/after counts, and totals', async () => {
    const { areaA, fnA } = t.fx;
    for (const w of ['2026-W06', '2026-W07', '2026-W08', '2026-W09']) file(fnA, w, [observation(areaA), observation(areaA), observation(areaA)]);
    for (const w of ['2026-W10', '2026-W11', '2026-W12', '2026-W13']) file(fnA, w, [observation(areaA)]);
    file(fnA, '2025-W20', [observation(areaA, { category: 'fire' })]);
    const res = await call('POST', '/interventions', {
      areaId: areaA, categories: ['vandalism'], action: 'Klottersanering inom 24 timmar', organisation: 'Bostadsbolaget',
      term: 'long', plannedStart: '2026-03-02', plannedEnd: '2026-06-30', status: 'active', decidedWeek: '2026-W09',
    });
    const i = (await res.json()) as Intervention;
    await call('POST', `/interventions/${i.id}/followups`, { week: '2026-W14', carriedOut: 'yes', outcome: 'better', decision: 'continue' });
    await call('PUT', '/periods/2026-Q1/priorities', { areaIds: [areaA, t.fx.areaB, t.fx.areaC], rationale: 'Flest rapporter.' });

    const review = (await (await call('GET', '/years/2026/review')).json()) as YearReview;
    expect(review.weeks).toHaveLength(53);
    expect(review.asOf).toBe('2026-W48');
    const north = review.areas.find((a) => a.id === areaA)!;
    expect(north.series.byCategory.vandalism.slice(5, 13)).toEqual([3, 3, 3, 3, 1, 1, 1, 1]);
    expect(north).toMatchObject({ total: 16, previousYearTotal: 1, interventionIds: [i.id] });
    expect(review.totals).toMatchObject({ total: 16, previousYear: 1 });
    expect(review.totals.reports[5]).toBe(1);
    const yi = review.interventions[0]!;
    expect(yi.beforeAfter).toMatchObject({ before: { count: 12, perWeek: 3 }, after: { count: 4, perWeek: 1 }, direction: 'fewer' });
    expect(yi.followUps).toHaveLength(1);
    expect(review.summary).toMatchObject({ interventions: 1, byOutcome: { better: 1 }, byDecision: { continue: 1 }, byDirection: { fewer: 1 } });
    expect(review.periods.map((p) => p.period)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(review.periods[0]!.priorities?.rationale).toBe('Flest rapporter.');

    expect(((await (await call('GET', '/years/current/review')).json()) as YearReview).year).toBe(2026);
    for (const bad of ['26', '2026-Q1', 'abcd', '1999']) {
      const r = await call('GET', `/years/${bad}/review`);
      expect(r.status, bad).toBe(400);
      expect(((await r.json()) as ApiError).code).toBe('bad_year');
    }
  });
});
