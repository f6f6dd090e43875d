/**
 * The SQL of the period analysis, the priorities decision and the year review.
 * Rows the week view and the interventions already read come from their stores
 * (weekviewStore, interventionStore), never from their SQL; needs migrations
 * 0005-interventions.sql, 0006-period-priorities.sql and the counted tables of
 * 0012, 0014 and 0015 (server/db/migrations/).
 *
 * Two paths load the same rows (docs/architecture.md "Week aggregates"):
 *
 * - `quarterInput`/`yearInput` read the counted tables the ingest transaction keeps:
 *   week_area_counts (week × area × indicator, time of day as columns), year_area_counts,
 *   week_place_counts, week_function_reports, week_reports. Most of the cost of a load
 *   is turning rows into JS objects (a year is ~25,000 week × area × indicator rows), so
 *   the week view's store packs one week's rows into one string in SQL and `unpack`
 *   (server/db/packed.ts) splits them: the same rows, several times faster;
 * - `reference.quarterInput`/`reference.yearInput` read observations and reports
 *   themselves (the period's rows by index observations_week).
 *   It is the definition the aggregates are held to: tests/api/followup-aggregates.test.ts
 *   compares both answers over a whole synthetic history, and the followup bench
 *   times both in the same run.
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
import { beforeAfterRange, type WeekIndicatorCount } from '../interventions/compile';
import type { Intervention } from '../../shared/interventions';
import type { CountRow, FunctionWeekRow, PlaceWeekRow, WeekReportRow } from '../weekview/compile';
import { explainWeekview, plainWeekviewStore, weekviewStore } from '../weekview/store';
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
  /** ?1, ?2 = weeks: totals per area × indicator (the period's rows by index observations_week). */
  areaIndicatorCounts: `
    SELECT area_id AS areaId, category, count(*) AS count
      FROM observations
     WHERE week BETWEEN ? AND ?
     GROUP BY area_id, category`,
  priorities: 'SELECT * FROM period_priorities WHERE period = ?',
  // --- from the counted tables (docs/architecture.md "Week aggregates"); the rows the week
  // view shares (counts, places, functions, reports per week) come from weekviewStore ---
  /** ?1 = ISO week-year "2025": totals per area × indicator. */
  yearTotals: 'SELECT area_id AS areaId, category, count FROM year_area_counts WHERE year = ?',
  /** ?1, ?2 = weeks: per area its observations by time of day (the period's range of week_area_counts, a few thousand rows). */
  timeOfDayAggregated: `
    SELECT area_id AS areaId, sum(day) AS day, sum(evening) AS evening, sum(night) AS night, sum(unknown) AS unknown
      FROM week_area_counts
     WHERE week BETWEEN ? AND ?
     GROUP BY area_id`,
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

/** The columns day, evening, night, unknown of week_area_counts, in order. */
const TIMES_OF_DAY: readonly TimeOfDay[] = ['day', 'evening', 'night', 'unknown'];

export type PrioritiesOutcome =
  | { ok: true; value: StoredPriorities }
  | Refusal;

export interface PeriodInputs {
  quarterInput(period: PeriodId): QuarterInput;
  /** `asOf`: the week the counts are taken up to (the current week, for a running year). */
  yearInput(year: number, kind: PeriodKind, asOf: IsoWeek, now: Date): YearInput;
}

export interface PeriodStore extends PeriodInputs {
  /** The same inputs read from observations and reports themselves (see the top of this file). */
  reference: PeriodInputs;
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
    yearTotals: db.prepare<[string], AreaIndicatorCount>(PERIODS_SQL.yearTotals),
    timeOfDayAggregated: db.prepare<[IsoWeek, IsoWeek], { areaId: string } & Record<TimeOfDay, number>>(PERIODS_SQL.timeOfDayAggregated),
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

  /** Where the rows of an input come from: the aggregates, or observations and reports themselves. */
  interface Source {
    counts(first: IsoWeek, last: IsoWeek): CountRow[];
    timeOfDay(first: IsoWeek, last: IsoWeek): AreaTimeRow[];
    placeWeeks(first: IsoWeek, last: IsoWeek): PlaceWeekRow[];
    functionWeeks(first: IsoWeek, last: IsoWeek): FunctionWeekRow[];
    /** Totals per area × indicator over the weeks of an ISO week-year. */
    yearTotals(year: number): AreaIndicatorCount[];
    weekReports(first: IsoWeek, last: IsoWeek): WeekReportRow[];
    /** Interventions overlapping the days, with their effective indicators. */
    interventions(firstDay: string, lastDay: string): { intervention: Intervention; categories: IndicatorKey[] }[];
    areaRange(areaId: string, first: IsoWeek, last: IsoWeek): WeekIndicatorCount[];
    placeRange(placeId: string, first: IsoWeek, last: IsoWeek): WeekIndicatorCount[];
    /** placeRange of several places over the same weeks, by place. */
    placeRanges(placeIds: readonly string[], first: IsoWeek, last: IsoWeek): Map<string, WeekIndicatorCount[]>;
  }

  const istore = interventionStore(db);
  const plainWv = plainWeekviewStore(db);
  const reference: Source = {
    counts: (first, last) => plainWv.countsByWeek(first, last),
    timeOfDay: (first, last) => q.timeOfDay.all(first, last).map((r) => ({ ...r, timeOfDay: r.timeOfDay as TimeOfDay })),
    placeWeeks: (first, last) => plainWv.placeWeeks(first, last),
    functionWeeks: (first, last) => plainWv.functionWeeks(first, last),
    yearTotals(year) {
      const y = yearWeeks(year);
      return q.areaIndicatorCounts.all(y.first, y.last).map((r) => ({ ...r, category: r.category as IndicatorKey }));
    },
    weekReports: (first, last) => plainWv.weekReports(first, last),
    interventions: (firstDay, lastDay) => istore.overlapping(firstDay, lastDay).map((i) => ({ intervention: i, categories: istore.categoriesOf(i) })),
    areaRange: (areaId, first, last) => istore.reference.areaCounts(areaId, first, last),
    placeRange: (placeId, first, last) => istore.reference.placeCounts(placeId, first, last),
    placeRanges: (placeIds, first, last) => istore.reference.placesCounts(placeIds, first, last),
  };

  const aggregates: Source = {
    counts: (first, last) => wv.countsByWeek(first, last),
    timeOfDay(first, last) {
      const out: AreaTimeRow[] = [];
      for (const r of q.timeOfDayAggregated.all(first, last)) {
        for (const timeOfDay of TIMES_OF_DAY) if (r[timeOfDay] > 0) out.push({ areaId: r.areaId, timeOfDay, count: r[timeOfDay] });
      }
      return out;
    },
    placeWeeks: (first, last) => wv.placeWeeks(first, last),
    functionWeeks: (first, last) => wv.functionWeeks(first, last),
    yearTotals: (year) => q.yearTotals.all(String(year).padStart(4, '0')),
    weekReports: (first, last) => wv.weekReports(first, last),
    interventions(firstDay, lastDay) {
      const list = istore.overlapping(firstDay, lastDay);
      const categories = istore.categoriesOfAll(list);
      return list.map((intervention, i) => ({ intervention, categories: categories[i]! }));
    },
    areaRange: (areaId, first, last) => istore.areaCounts(areaId, first, last),
    placeRange: (placeId, first, last) => istore.placeCounts(placeId, first, last),
    placeRanges: (placeIds, first, last) => istore.placesCounts(placeIds, first, last),
  };

  // One read transaction per load: a consistent snapshot while reports come in.
  const quarterInput = (src: Source) => db.transaction((period: PeriodId): QuarterInput => {
    const w = periodWeeks(period);
    const p = periodWeeks(previousPeriod(period));
    return {
      period,
      areas: wv.areas(),
      places: wv.places(),
      functions: wv.functions(),
      functionAreas: q.functionAreas.all(),
      counts: src.counts(w.first, w.last),
      previousCounts: src.counts(p.first, p.last),
      timeOfDay: src.timeOfDay(w.first, w.last),
      placeWeeks: src.placeWeeks(w.first, w.last),
      functionWeeks: src.functionWeeks(w.first, w.last),
      previousFunctionWeeks: src.functionWeeks(p.first, p.last),
      priorities: { current: priorities(period), next: priorities(nextPeriod(period)) },
    };
  });

  const yearInput = (src: Source) => db.transaction((year: number, kind: PeriodKind, asOfNow: IsoWeek, now: Date): YearInput => {
    const y = yearWeeks(year);
    // Counts as of the current week, but no further than the after-window of the year's last interventions.
    const cap = addWeeks(y.last, BEFORE_AFTER_WEEKS - 1);
    const asOf = asOfNow < cap ? asOfNow : cap;
    const from = addWeeks(y.first, -BEFORE_AFTER_WEEKS);
    const to = asOf > from ? asOf : from;
    const firstDay = `${String(year).padStart(4, '0')}-01-01`;
    const lastDay = `${String(year).padStart(4, '0')}-12-31`;
    const overlapping = src.interventions(firstDay, lastDay);
    // The places' counts within the loaded range in one read; each intervention takes its weeks.
    const placeCounts = src.placeRanges([...new Set(overlapping.flatMap(({ intervention: i }) => (i.place ? [i.place.id] : [])))], from, to);
    const placeWeeks = (placeId: string, first: IsoWeek, last: IsoWeek) =>
      (placeCounts.get(placeId) ?? []).filter((c) => c.week >= first && c.week <= last);
    const interventions: YearInterventionInput[] = overlapping.map(({ intervention: i, categories }) => {
      const r = beforeAfterRange(i.plannedStart, asOf);
      // Started before the loaded range: load only its before/after weeks that lie before the range.
      const ownTo = addWeeks(r.from, 2 * BEFORE_AFTER_WEEKS - 1) < from ? addWeeks(r.from, 2 * BEFORE_AFTER_WEEKS - 1) : addWeeks(from, -1);
      return {
        intervention: i,
        categories,
        ...(r.from < from ? { areaRows: src.areaRange(i.area.id, r.from, ownTo) } : {}),
        placeRows: i.place ? (r.to < r.from ? [] : [
          ...(r.from < from ? src.placeRange(i.place.id, r.from, ownTo) : []),
          ...placeWeeks(i.place.id, r.from < from ? from : r.from, r.to),
        ]) : null,
      };
    });
    return {
      year,
      weeks: weekRange(y.first, y.last),
      asOf,
      now,
      areas: wv.areas(),
      counts: src.counts(from, to),
      countsRange: { from, to },
      previousYear: src.yearTotals(year - 1),
      weekReports: src.weekReports(y.first, y.last),
      interventions,
      periods: periodsOfYear(year, kind).map((period) => {
        const s = priorities(period);
        return { period, priorities: s ? { areaIds: s.areaIds, rationale: s.rationale } : null };
      }),
    };
  });

  const inputs = (src: Source): PeriodInputs => {
    const quarter = quarterInput(src);
    const yearOf = yearInput(src);
    return { quarterInput: (period) => quarter(period), yearInput: (year, kind, asOf, now) => yearOf(year, kind, asOf, now) };
  };
  const fast = inputs(aggregates);

  const store: PeriodStore = {
    ...fast,
    reference: inputs(reference),
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
    ['yearTotals', PERIODS_SQL.yearTotals, [String(year)]],
    ['timeOfDayAggregated', PERIODS_SQL.timeOfDayAggregated, [w.first, w.last]],
  ];
  return [...explainPlans(db, statements), ...explainWeekview(db, w.first), ...explainInterventions(db, year, w.first)];
}
