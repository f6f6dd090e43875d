/**
 * The period analysis and the year review read the week aggregates (migrations 12, 14 and 15);
 * their definition is the same rows read from observations and reports
 * (periodStore.reference). Over a whole synthetic history – every quarter and tertial,
 * every year, as of its end and in the middle of a running year – both paths must load
 * the same rows and give identical answers, also after observations are changed and
 * removed (the triggers keep the aggregates in the writing transaction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../server/db/open';
import { interventionStore } from '../../server/interventions/store';
import { compileQuarter } from '../../server/periods/quarter';
import { explainPeriods, periodStore } from '../../server/periods/store';
import { compileYear } from '../../server/periods/year';
import { addPeriods, periodOfWeek, type PeriodId, type PeriodKind } from '../../shared/followup';
import { addWeeks, mondayOf, parseWeek, weekStart, type IsoWeek } from '../../shared/weeks';
import { addFollowupHistory } from '../support/followup-history';
import { generateSynthetic, type SyntheticResult } from '../support/synthetic';

const END = '2026-W48';
let dir: string;
let db: Db;
let gen: SyntheticResult;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-followup-aggregates-'));
  db = openDatabase(join(dir, 'syn.sqlite'));
  // ~3 years, so every year has a previous one and interventions cross year ends.
  gen = generateSynthetic(db, { endWeek: END, weeks: 160, functions: 30, organisations: 4, areas: 7, placesPerArea: 3, targetObservations: 12_000, seed: 11 });
  addFollowupHistory(db, gen, { kind: 'quarter', now: new Date(`${mondayOf(END)}T12:00:00Z`), every: 3, linkShare: 0.3 });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Rows in a canonical order: the paths may return the same rows in another order. */
function canonical<T>(input: T): T {
  const sortRows = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const items = v.map(sortRows);
      return items.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Date))
        ? [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
        : items;
    }
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sortRows(x)]));
    return v;
  };
  return sortRows(input) as T;
}

function periodsOf(kind: PeriodKind): PeriodId[] {
  const out: PeriodId[] = [];
  // From the period before the history (empty) to the one after it (empty too).
  for (let p = periodOfWeek(addWeeks(gen.weeks[0]!, -20), kind); p <= addPeriods(periodOfWeek(END, kind), 1); p = addPeriods(p, 1)) out.push(p);
  return out;
}
const yearsOf = () => {
  const first = parseWeek(gen.weeks[0]!)!.year;
  return Array.from({ length: parseWeek(END)!.year - first + 2 }, (_, i) => first + i);
};

function expectSameQuarters(kind: PeriodKind): number {
  const store = periodStore(db);
  let withCounts = 0;
  for (const period of periodsOf(kind)) {
    const fast = store.quarterInput(period);
    const plain = store.reference.quarterInput(period);
    expect(canonical(fast), period).toEqual(canonical(plain));
    const answer = compileQuarter(fast);
    expect(answer, period).toEqual(compileQuarter(plain));
    if (answer.totals.total.count > 0) withCounts++;
  }
  return withCounts;
}

function expectSameYears(asOf: IsoWeek): number {
  const store = periodStore(db);
  const now = new Date(weekStart(asOf).getTime() + 3 * 86_400_000);
  let interventions = 0;
  for (const year of yearsOf()) {
    const fast = store.yearInput(year, 'quarter', asOf, now);
    const plain = store.reference.yearInput(year, 'quarter', asOf, now);
    expect(canonical(fast), String(year)).toEqual(canonical(plain));
    const answer = compileYear(fast);
    expect(answer, String(year)).toEqual(compileYear(plain));
    interventions += answer.interventions.length;
  }
  return interventions;
}

describe('the period analysis and the year review from the week aggregates', () => {
  it('give the answers of the plain path for every quarter and tertial of the history', () => {
    expect(expectSameQuarters('quarter')).toBeGreaterThanOrEqual(12);
    expect(expectSameQuarters('tertial')).toBeGreaterThanOrEqual(9);
  });

  it('give the answers of the plain path for every year, at the end of the history and in a running year', () => {
    expect(expectSameYears(END)).toBeGreaterThan(30);
    expect(expectSameYears(addWeeks(END, -40))).toBeGreaterThan(20);
  });

  it('stay equal after observations are changed and removed', () => {
    const ids = db
      .prepare<[], { id: string }>(
        `SELECT id FROM observations WHERE id NOT IN (SELECT observation_id FROM intervention_observations) ORDER BY id`,
      )
      .all()
      .map((r) => r.id);
    const areas = gen.areaIds;
    const place = db.prepare<[string], { id: string }>('SELECT id FROM places WHERE area_id = ? LIMIT 1');
    const move = db.prepare('UPDATE observations SET area_id = ?, place_id = ?, category = ?, week = ?, time_of_day = ? WHERE id = ?');
    const remove = db.prepare('DELETE FROM observations WHERE id = ?');
    const calm = db.prepare<[], { id: string }>('SELECT id FROM reports WHERE calm = 1 ORDER BY id').all();
    const removeReport = db.prepare('DELETE FROM reports WHERE id = ?');
    const moveReport = db.prepare('UPDATE reports SET week = ? WHERE id = ?');
    db.transaction(() => {
      for (let i = 0; i < ids.length; i += 37) {
        const id = ids[i]!;
        if (i % 2 === 0) remove.run(id);
        else {
          const area = areas[i % areas.length]!;
          move.run(area, place.get(area)!.id, i % 3 === 0 ? 'fire' : 'other', gen.weeks[i % gen.weeks.length]!, i % 5 === 0 ? 'unknown' : 'day', id);
        }
      }
      calm.forEach((r, i) => {
        if (i % 10 === 0) removeReport.run(r.id);
        else if (i % 10 === 5) moveReport.run(gen.weeks[i % gen.weeks.length]!, r.id);
      });
    })();
    expect(expectSameQuarters('quarter')).toBeGreaterThanOrEqual(12);
    expect(expectSameYears(END)).toBeGreaterThan(30);
  });

  it('read the aggregates by their keys: no statement scans observations, reports or an aggregate table', () => {
    const y = parseWeek(gen.weeks[80]!)!.year;
    const plans = explainPeriods(db, periodOfWeek(gen.weeks[80]!, 'quarter'), y);
    for (const { name, plan } of plans) {
      for (const line of plan) expect(line, name).not.toMatch(/^SCAN (observations|reports|area_week_counts|week_\w+|o|r)\b/);
    }
    expect(plans.find((p) => p.name === 'aggregate.countsByWeek')!.plan.join('\n')).toMatch(/week_area_counts USING PRIMARY KEY \(week=\?\)/);
    // An intervention's area or place over many weeks: one seek per week of the week-first keys.
    expect(plans.find((p) => p.name === 'i.areaCounts')!.plan.join('\n')).toMatch(/SEARCH c USING PRIMARY KEY \(week=\? AND area_id=\?\)/);
    expect(plans.find((p) => p.name === 'i.placeCounts')!.plan.join('\n')).toMatch(/SEARCH c USING PRIMARY KEY \(week=\? AND place_id=\?\)/);
  });

  it('hydrate a list of interventions as each one alone', () => {
    const store = interventionStore(db);
    const list = store.overlapping('2000-01-01', '2100-12-31');
    expect(list.length).toBeGreaterThan(40);
    expect(list.some((i) => i.observationIds.length > 0)).toBe(true);
    expect(list.some((i) => i.followUps.length > 1)).toBe(true);
    expect(list.some((i) => i.place !== null)).toBe(true);
    expect(list).toEqual(list.map((i) => store.get(i.id)));
    expect(store.categoriesOfAll(list)).toEqual(list.map((i) => store.categoriesOf(i)));
  });

  it("count an intervention's area and place week by week as observations themselves do", () => {
    const store = interventionStore(db);
    const list = store.overlapping('2000-01-01', '2100-12-31');
    const [first, last] = [addWeeks(gen.weeks[0]!, -3), addWeeks(END, 2)];
    let rows = 0;
    for (const i of list) {
      const area = store.areaCounts(i.area.id, first, last);
      expect(area, i.id).toEqual(store.reference.areaCounts(i.area.id, first, last));
      rows += area.length;
      if (i.place) expect(store.placeCounts(i.place.id, first, last), i.id).toEqual(store.reference.placeCounts(i.place.id, first, last));
    }
    expect(rows).toBeGreaterThan(1000);
    const placeIds = [...new Set(list.flatMap((i) => (i.place ? [i.place.id] : [])))];
    const together = store.placesCounts(placeIds, first, last);
    expect(together).toEqual(store.reference.placesCounts(placeIds, first, last));
    expect([...together.keys()]).toEqual(placeIds);
    for (const id of placeIds) expect(together.get(id), id).toEqual(store.placeCounts(id, first, last));
    expect([...together.values()].flat().length).toBeGreaterThan(100);
    expect(store.areaCounts(list[0]!.area.id, END, addWeeks(END, -1))).toEqual([]);
  });
});
