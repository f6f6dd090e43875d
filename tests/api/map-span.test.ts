/**
 * The period's and the year's map counts (GET /api/v1/map/periods/:period, /map/years/:year)
 * over the real app on a real SQLite file: the counts per area and place × indicator are
 * the seeded observations counted by hand over the span's weeks; coverage follows the
 * functions' reports; readers are refused; a bad period or year is a 400 in Swedish.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../server/reports/ingest';
import { reportStore } from '../../server/reports/store';
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import type { SpanMapCounts } from '../../shared/map';
import type { Observation, Report } from '../../shared/schemas';
import { mondayOf } from '../../shared/weeks';
import { observation, startTestServer, type TestServer } from '../support/fixture';
import { addStaff, request, sessionCookie } from '../support/staff';

const NOW = new Date('2026-11-25T12:00:00Z'); // 2026-W48, in 2026-Q4 (weeks W40–W53)

let t: TestServer;
let coordinator: string;
let reader: string;
let areaC: string;
const seeded: { week: string; o: Observation }[] = [];

function file(functionId: string, week: string, observations: Observation[]): void {
  const r: Report = { id: randomUUID(), week, createdAt: `${mondayOf(week)}T10:00:00.000Z`, calm: observations.length === 0, observations };
  reportStore(t.db).insert(r, { functionId, deviceId: null, receivedAt: r.createdAt, contentHash: contentHash(r) });
  for (const o of observations) seeded.push({ week, o });
}

beforeAll(async () => {
  t = await startTestServer({ now: NOW, app: { municipality: 'Testby kommun' } });
  const { areaA, areaB, placeA, placeB, fnA, fnB } = t.fixture;
  // A third area no function covers, and a second place in area A.
  areaC = randomUUID();
  t.db.prepare('INSERT INTO areas (id, name) VALUES (?, ?)').run(areaC, 'Västerby');
  const placeA2 = randomUUID();
  t.db.prepare('INSERT INTO places (id, area_id, name) VALUES (?, ?, ?)').run(placeA2, areaA, 'Skolan');
  const cats: IndicatorKey[] = ['vandalism', 'fire', 'youth_gathering', 'disorder', 'vandalism'];
  // Weeks on both sides of Q4's edges (W39 is Q3; W01 of 2027 is next year) and inside it.
  const weeks = ['2026-W38', '2026-W39', '2026-W40', '2026-W44', '2026-W48', '2026-W53', '2027-W01'];
  weeks.forEach((week, i) => {
    file(fnA, week, [
      observation(areaA, { category: cats[i % cats.length]!, placeId: placeA }),
      observation(areaA, { category: cats[(i + 1) % cats.length]!, placeId: i % 2 ? placeA2 : placeA }),
      observation(areaA, { category: 'other' }),
      ...(i % 3 === 0 ? [observation(areaB, { category: 'fire', placeId: placeB })] : []),
    ]);
  });
  // Area B's own function reports calm weeks only, from Q3 on.
  file(fnB, '2026-W30', []);
  file(fnB, '2026-W41', []);
  coordinator = sessionCookie(t, (await addStaff(t, 'coordinator')).id);
  reader = sessionCookie(t, (await addStaff(t, 'reader')).id);
});
afterAll(async () => t.close());

/** The seeded observations of weeks first–last, counted by hand. */
function expected(first: string, last: string) {
  const inSpan = seeded.filter((s) => s.week >= first && s.week <= last).map((s) => s.o);
  const count = (pick: (o: Observation) => boolean) => {
    const byCategory = Object.fromEntries(INDICATOR_KEYS.map((k) => [k, inSpan.filter((o) => pick(o) && o.category === k).length]));
    return { byCategory, total: inSpan.filter(pick).length };
  };
  return { inSpan, count };
}

async function get(path: string, cookie = coordinator) {
  return request(t, 'GET', `/api/v1${path}`, { cookie });
}

describe('GET /map/periods/:period', () => {
  it('counts per area and place × indicator are the seeded observations of the period', async () => {
    const res = await get('/map/periods/current');
    expect(res.status).toBe(200);
    const body = (await res.json()) as SpanMapCounts;
    expect(body.span).toEqual({ id: '2026-Q4', kind: 'quarter', label: { sv: 'kvartal 4 2026', en: 'Q4 2026' }, first: '2026-W40', last: '2026-W53', weeks: 14, elapsed: 9 });
    expect(body.municipality).toBe('Testby kommun');
    const { inSpan, count } = expected('2026-W40', '2026-W53');
    expect(inSpan.length).toBe(4 * 3 + 1); // the four weeks W40, W44, W48, W53; area B in W44
    const { areaA, areaB, placeA, placeB } = t.fixture;
    const area = (id: string) => body.areas.find((a) => a.areaId === id)!;
    expect(area(areaA)).toMatchObject({ name: 'Norrby', ...count((o) => o.areaId === areaA), covered: true });
    expect(area(areaB)).toMatchObject({ name: 'Söderby', ...count((o) => o.areaId === areaB), covered: true });
    // Nobody reports on Västerby: zero and not covered ("no reporting", never calm).
    expect(area(areaC)).toMatchObject({ total: 0, covered: false });
    expect(body.areas.map((a) => a.name)).toEqual(['Norrby', 'Söderby', 'Västerby']);
    // Places: only those with observations; the figures are the seeded ones per place.
    const places = Object.fromEntries(body.places.map((p) => [p.name, p]));
    expect(Object.keys(places).sort()).toEqual(['Parken', 'Skolan', 'Torget']);
    expect(places.Torget).toMatchObject({ placeId: placeA, areaId: areaA, ...count((o) => o.placeId === placeA) });
    expect(places.Parken).toMatchObject({ placeId: placeB, areaId: areaB, ...count((o) => o.placeId === placeB) });
    expect(places.Skolan!.total).toBe(inSpan.filter((o) => o.areaId === areaA && o.placeId && o.placeId !== placeA).length);
    expect(body.areas.reduce((n, a) => n + a.total, 0)).toBe(inSpan.length);
  });

  it('an area whose function reported only calm weeks is covered with zero', async () => {
    const body = (await (await get('/map/periods/2026-Q3')).json()) as SpanMapCounts;
    const { areaB } = t.fixture;
    const { count } = expected(body.span.first, body.span.last);
    expect(body.span).toMatchObject({ first: '2026-W27', last: '2026-W39', weeks: 13, elapsed: 13 });
    const b = body.areas.find((a) => a.areaId === areaB)!;
    expect(b).toMatchObject({ ...count((o) => o.areaId === areaB), covered: true });
    expect(b.total).toBe(1); // W38's fire; W30 was calm
  });

  it('refuses a bad period with a Swedish sentence, and the other kind', async () => {
    for (const bad of ['2026-Q5', 'kvartal', '2026-T2', '1999-Q1']) {
      const res = await get(`/map/periods/${bad}`);
      expect(res.status, bad).toBe(400);
      const body = (await res.json()) as { error: string; code: string };
      expect(body.code).toBe('bad_period');
      expect(body.error).toContain(`"${bad}" är ingen period`);
      expect(body.error).toContain('Skriv den som "2026-Q4"');
    }
    expect(((await (await get('/map/periods/2026-T2')).json()) as { error: string }).error).toContain('Här räknas perioderna i kvartal.');
  });

  it('is for coordinators and admins: a reader gets 403, no session 401', async () => {
    const res = await get('/map/periods/current', reader);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('forbidden');
    expect((await request(t, 'GET', '/api/v1/map/periods/current')).status).toBe(401);
  });
});

describe('GET /map/years/:year', () => {
  it('counts the ISO week-year (W01–W53) and nothing of the next', async () => {
    const body = (await (await get('/map/years/2026')).json()) as SpanMapCounts;
    expect(body.span).toMatchObject({ id: '2026', kind: 'year', first: '2026-W01', last: '2026-W53', weeks: 53, elapsed: 48 });
    const { inSpan, count } = expected('2026-W01', '2026-W53');
    expect(inSpan.length).toBe(6 * 3 + 2);
    for (const a of body.areas) expect(a).toMatchObject(count((o) => o.areaId === a.areaId));
    for (const p of body.places) expect(p).toMatchObject(count((o) => o.placeId === p.placeId));
    expect((await (await get('/map/years/current')).json() as SpanMapCounts).span.id).toBe('2026');
    expect(((await (await get('/map/years/2027')).json()) as SpanMapCounts).span).toMatchObject({ weeks: 52, elapsed: 0 });
  });

  it('refuses a bad year in Swedish; readers get 403', async () => {
    for (const bad of ['26', '1999', 'år']) {
      const res = await get(`/map/years/${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      const body = (await res.json()) as { error: string; code: string };
      expect(body).toMatchObject({ code: 'bad_year' });
      expect(body.error).toContain('är inget år: skriv fyra siffror');
    }
    expect((await get('/map/years/2026', reader)).status).toBe(403);
  });
});
