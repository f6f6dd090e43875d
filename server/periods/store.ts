/**
 * The SQL of the period analysis, the priorities decision and the year review.
 * Rows the week view and the interventions already read come from their stores
 * (weekviewStore, interventionStore), never from their SQL; needs migrations
 * 0005-interventions.sql and 0006-period-priorities.sql (server/db/migrations/).
 *
 * - counts per week × area × indicator: weekviewStore.countsByWeek, from the
 *   covering index observations_week_area (no table access);
 * - place × week and time of day: read from the rows of the period (one
 *   quarter ≈ 20,000 observations at the bench's scale);
 * - reports per function × week (coverage, participation): weekviewStore.functionWeeks.
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import { explainPlans, type QueryPlan } from '../db/explain';
import { Refusal } from '../http/errors';
import type { IndicatorKey } from '../../shared/indicators';
import {
  PRIORITISED_AREAS,
  nextPeriod,
  periodLabel,
  periodWeeks,
  periodsOfYear,
  previousPeriod,
  yearWeeks,
  type PeriodId,
  type PeriodKind,
  type PrioritiesInput,
  type StoredPriorities,
} from '../../shared/followup';
import { BEFORE_AFTER_WEEKS } from '../../shared/interventions';
import type { TimeOfDay } from '../../shared/schemas';
import { addWeeks, weekRange, type IsoWeek } from '../../shared/weeks';
import { explainInterventions, interventionStore } from '../interventions/store';
import { beforeAfterRange } from '../interventions/compile';
import { explainWeekview, weekviewStore } from '../weekview/store';
import type { AreaTimeRow, FunctionAreaRow, QuarterInput } from './quarter';
import type { AreaIndicatorCount, YearInput, YearInterventionInput } from './year';

const PERIODS_SQL = {
  functionAreas: 'SELECT function_id AS functionId, area_id AS areaId FROM function_areas',
  /** ?1, ?2 = weeks; time_of_day is read from the rows. */
  timeOfDay: `
    SELECT area_id AS areaId, time_of_day AS timeOfDay, count(*) AS count
      FROM observations
     WHERE week BETWEEN ? AND ?
     GROUP BY area_id, time_of_day`,
  /** ?1, ?2 = weeks: totals per area × indicator (covering index observations_week_area). */
  areaIndicatorCounts: `
    SELECT area_id AS areaId, category, count(*) AS count
      FROM observations
     WHERE week BETWEEN ? AND ?
     GROUP BY area_id, category`,
  priorities: 'SELECT * FROM period_priorities WHERE period = ?',
  /** ?1 = week: the latest decision whose period started on or before the week. */
  prioritiesInForce: 'SELECT * FROM period_priorities WHERE first_week <= ? ORDER BY first_week DESC LIMIT 1',
} as const;

interface PriorityRow {
  period: string;
  first_week: string;
  area_ids: string;
  rationale: string;
  version: number;
  decided_at: string;
  decided_by: string | null;
}

export type PrioritiesOutcome =
  | { ok: true; value: StoredPriorities }
  | Refusal;

export interface PeriodStore {
  quarterInput(period: PeriodId): QuarterInput;
  /** `asOf`: the week the counts are taken up to (the current week, for a running year). */
  yearInput(year: number, kind: PeriodKind, asOf: IsoWeek, now: Date): YearInput;
  priorities(period: PeriodId): StoredPriorities | null;
  putPriorities(period: PeriodId, input: PrioritiesInput, opts: { now: Date; by?: string | null }): PrioritiesOutcome;
  /** The prioritised areas in force in a week (decided order); [] before any decision. */
  prioritisedAreaIds(week: IsoWeek): string[];
}

/** One store per database handle: its statements are prepared once. */
export const periodStore = prepared((db: Db): PeriodStore => {
  const q = {
    functionAreas: db.prepare<[], FunctionAreaRow>(PERIODS_SQL.functionAreas),
    timeOfDay: db.prepare<[IsoWeek, IsoWeek], AreaTimeRow>(PERIODS_SQL.timeOfDay),
    areaIndicatorCounts: db.prepare<[IsoWeek, IsoWeek], AreaIndicatorCount>(PERIODS_SQL.areaIndicatorCounts),
    priorities: db.prepare<[string], PriorityRow>(PERIODS_SQL.priorities),
    inForce: db.prepare<[string], PriorityRow>(PERIODS_SQL.prioritiesInForce),
    upsert: db.prepare(
      `INSERT INTO period_priorities (period, first_week, area_ids, rationale, version, decided_at, decided_by)
       VALUES (?, ?, ?, ?, 1, ?, ?)
       ON CONFLICT (period) DO UPDATE SET area_ids = excluded.area_ids, rationale = excluded.rationale,
         version = version + 1, decided_at = excluded.decided_at, decided_by = excluded.decided_by`,
    ),
    areaCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM areas'),
    area: db.prepare<[string], { id: string }>('SELECT id FROM areas WHERE id = ?'),
  };
  const wv = weekviewStore(db);
  const toStored = (r: PriorityRow): StoredPriorities => ({
    period: r.period,
    areaIds: JSON.parse(r.area_ids) as string[],
    rationale: r.rationale,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    version: r.version,
  });
  const priorities = (period: PeriodId) => {
    const r = q.priorities.get(period);
    return r ? toStored(r) : null;
  };

  // One read transaction per load: a consistent snapshot while reports come in.
  const quarterInput = db.transaction((period: PeriodId): QuarterInput => {
    const w = periodWeeks(period);
    const p = periodWeeks(previousPeriod(period));
    return {
      period,
      areas: wv.areas(),
      places: wv.places(),
      functions: wv.functions(),
      functionAreas: q.functionAreas.all(),
      counts: wv.countsByWeek(w.first, w.last),
      previousCounts: wv.countsByWeek(p.first, p.last),
      timeOfDay: q.timeOfDay.all(w.first, w.last).map((r) => ({ ...r, timeOfDay: r.timeOfDay as TimeOfDay })),
      placeWeeks: wv.placeWeeks(w.first, w.last),
      functionWeeks: wv.functionWeeks(w.first, w.last),
      previousFunctionWeeks: wv.functionWeeks(p.first, p.last),
      priorities: { current: priorities(period), next: priorities(nextPeriod(period)) },
    };
  });

  const yearInput = db.transaction((year: number, kind: PeriodKind, asOfNow: IsoWeek, now: Date): YearInput => {
    const y = yearWeeks(year);
    // Counts as of the current week, but no further than the after-window of the year's last interventions.
    const cap = addWeeks(y.last, BEFORE_AFTER_WEEKS - 1);
    const asOf = asOfNow < cap ? asOfNow : cap;
    const from = addWeeks(y.first, -BEFORE_AFTER_WEEKS);
    const to = asOf > from ? asOf : from;
    const prev = yearWeeks(year - 1);
    const store = interventionStore(db);
    const firstDay = `${String(year).padStart(4, '0')}-01-01`;
    const lastDay = `${String(year).padStart(4, '0')}-12-31`;
    const interventions: YearInterventionInput[] = store.overlapping(firstDay, lastDay).map((i) => {
      const r = beforeAfterRange(i.plannedStart, asOf);
      // Started before the loaded range: load only its before/after weeks that lie before the range.
      const ownTo = addWeeks(r.from, 2 * BEFORE_AFTER_WEEKS - 1) < from ? addWeeks(r.from, 2 * BEFORE_AFTER_WEEKS - 1) : addWeeks(from, -1);
      return {
        intervention: i,
        categories: store.categoriesOf(i),
        ...(r.from < from ? { areaRows: store.areaCounts(i.area.id, r.from, ownTo) } : {}),
        placeRows: i.place ? (r.to < r.from ? [] : [
          ...(r.from < from ? store.placeCounts(i.place.id, r.from, ownTo) : []),
          ...store.placeCounts(i.place.id, r.from < from ? from : r.from, r.to),
        ]) : null,
      };
    });
    return {
      year,
      weeks: weekRange(y.first, y.last),
      asOf,
      now,
      areas: wv.areas(),
      counts: wv.countsByWeek(from, to),
      countsRange: { from, to },
      previousYear: q.areaIndicatorCounts.all(prev.first, prev.last).map((r) => ({ ...r, category: r.category as IndicatorKey })),
      weekReports: wv.weekReports(y.first, y.last),
      interventions,
      periods: periodsOfYear(year, kind).map((period) => {
        const s = priorities(period);
        return { period, priorities: s ? { areaIds: s.areaIds, rationale: s.rationale } : null };
      }),
    };
  });

  const store: PeriodStore = {
    quarterInput: (period) => quarterInput(period),
    yearInput: (year, kind, asOf, now) => yearInput(year, kind, asOf, now),
    priorities,
    putPriorities: db.transaction((period: PeriodId, input: PrioritiesInput, opts: { now: Date; by?: string | null }): PrioritiesOutcome => {
      const needed = Math.min(PRIORITISED_AREAS, q.areaCount.get()!.n);
      if (input.areaIds.length !== needed) {
        return new Refusal(400, 'bad_request', `Invalid priorities: areaIds: the method prioritises ${needed} areas for ${periodLabel(period, 'en')}; you named ${input.areaIds.length}.`);
      }
      for (const [i, id] of input.areaIds.entries()) {
        if (!q.area.get(id)) return new Refusal(400, 'bad_request', `Invalid priorities: areaIds[${i}]: there is no area "${id.slice(0, 64)}".`);
      }
      q.upsert.run(period, periodWeeks(period).first, JSON.stringify(input.areaIds), input.rationale, opts.now.toISOString(), opts.by ?? null);
      return { ok: true, value: priorities(period)! };
    }),
    prioritisedAreaIds(week) {
      const r = q.inForce.get(week);
      return r ? (JSON.parse(r.area_ids) as string[]) : [];
    },
  };
  return store;
});

/**
 * For the week view's routes: `weekviewRoutes({ ...deps, prioritisedAreaIds: (week) => prioritisedAreaIds(db, week) })`.
 * The areas of the latest priorities decision whose period started on or before the week.
 */
export function prioritisedAreaIds(db: Db, week: IsoWeek): string[] {
  return periodStore(db).prioritisedAreaIds(week);
}

/** `EXPLAIN QUERY PLAN` of the statements the analysis and the review run (here, in the week view's and the interventions' stores), for the bench. */
export function explainPeriods(db: Db, period: PeriodId, year: number): QueryPlan[] {
  const w = periodWeeks(period);
  const y = yearWeeks(year);
  const statements: [string, string, unknown[]][] = [
    ['functionAreas', PERIODS_SQL.functionAreas, []],
    ['timeOfDay', PERIODS_SQL.timeOfDay, [w.first, w.last]],
    ['areaIndicatorCounts', PERIODS_SQL.areaIndicatorCounts, [y.first, y.last]],
    ['prioritiesInForce', PERIODS_SQL.prioritiesInForce, [w.first]],
  ];
  return [...explainPlans(db, statements), ...explainWeekview(db, w.first), ...explainInterventions(db, year, w.first)];
}
