/**
 * All SQL of the period analysis, the priorities decision and the year review.
 * Reuses the week view's statements (WEEKVIEW_SQL) where they fit; needs
 * migrations 0005-interventions.sql and 0006-period-priorities.sql (server/db/migrations/).
 *
 * - counts per week × area × indicator: WEEKVIEW_SQL.countsByWeek, from the
 *   covering index observations_week_area (no table access);
 * - place × week and time of day: read from the rows of the period (one
 *   quarter ≈ 20,000 observations at the bench's scale);
 * - reports per function × week (coverage, participation): WEEKVIEW_SQL.functionWeeks.
 */
import type { Db } from '../db/open';
import type { Category } from '../../shared/indicators';
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
import { interventionStore, INTERVENTIONS_SQL } from '../interventions/store';
import { beforeAfterRange, type WeekCategoryCount } from '../interventions/compile';
import { WEEKVIEW_SQL } from '../weekview/store';
import type { AreaRow, CountRow, FunctionRow, FunctionWeekRow, PlaceRow, PlaceWeekRow, WeekReportRow } from '../weekview/compile';
import type { AreaTimeRow, FunctionAreaRow, QuarterInput } from './quarter';
import type { AreaCategoryCount, YearInput, YearInterventionInput } from './year';

export const FOLLOWUP_SQL = {
  functionAreas: 'SELECT function_id AS functionId, area_id AS areaId FROM function_areas',
  /** ?1, ?2 = weeks; time_of_day is read from the rows. */
  timeOfDay: `
    SELECT area_id AS areaId, time_of_day AS timeOfDay, count(*) AS count
      FROM observations
     WHERE week BETWEEN ? AND ?
     GROUP BY area_id, time_of_day`,
  /** ?1, ?2 = weeks: totals per area × indicator (covering index observations_week_area). */
  areaCategoryCounts: `
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
  | { ok: false; field: string; message: string };

export interface FollowupStore {
  quarterInput(period: PeriodId): QuarterInput;
  /** `asOf`: the week the counts are taken up to (the current week, for a running year). */
  yearInput(year: number, kind: PeriodKind, asOf: IsoWeek, now: Date): YearInput;
  priorities(period: PeriodId): StoredPriorities | null;
  putPriorities(period: PeriodId, input: PrioritiesInput, opts: { now: Date; by?: string | null }): PrioritiesOutcome;
  /** The prioritised areas in force in a week (decided order); [] before any decision. */
  prioritisedAreaIds(week: IsoWeek): string[];
}

const stores = new WeakMap<Db, FollowupStore>();

export function followupStore(db: Db): FollowupStore {
  const cached = stores.get(db);
  if (cached) return cached;
  const q = {
    areas: db.prepare<[], AreaRow>(WEEKVIEW_SQL.areas),
    places: db.prepare<[], PlaceRow>(WEEKVIEW_SQL.places),
    functions: db.prepare<[], FunctionRow>(WEEKVIEW_SQL.functions),
    countsByWeek: db.prepare<[IsoWeek, IsoWeek], CountRow>(WEEKVIEW_SQL.countsByWeek),
    placeWeeks: db.prepare<[IsoWeek, IsoWeek], PlaceWeekRow>(WEEKVIEW_SQL.placeWeeks),
    functionWeeks: db.prepare<[IsoWeek, IsoWeek], FunctionWeekRow>(WEEKVIEW_SQL.functionWeeks),
    weekReports: db.prepare<[IsoWeek, IsoWeek], WeekReportRow>(WEEKVIEW_SQL.weekReports),
    functionAreas: db.prepare<[], FunctionAreaRow>(FOLLOWUP_SQL.functionAreas),
    timeOfDay: db.prepare<[IsoWeek, IsoWeek], AreaTimeRow>(FOLLOWUP_SQL.timeOfDay),
    areaCategoryCounts: db.prepare<[IsoWeek, IsoWeek], AreaCategoryCount>(FOLLOWUP_SQL.areaCategoryCounts),
    priorities: db.prepare<[string], PriorityRow>(FOLLOWUP_SQL.priorities),
    inForce: db.prepare<[string], PriorityRow>(FOLLOWUP_SQL.prioritiesInForce),
    upsert: db.prepare(
      `INSERT INTO period_priorities (period, first_week, area_ids, rationale, version, decided_at, decided_by)
       VALUES (?, ?, ?, ?, 1, ?, ?)
       ON CONFLICT (period) DO UPDATE SET area_ids = excluded.area_ids, rationale = excluded.rationale,
         version = version + 1, decided_at = excluded.decided_at, decided_by = excluded.decided_by`,
    ),
    areaCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM areas'),
    area: db.prepare<[string], { id: string }>('SELECT id FROM areas WHERE id = ?'),
    areaCounts: db.prepare<[string, string, string], WeekCategoryCount>(INTERVENTIONS_SQL.areaCounts),
    placeCounts: db.prepare<[string, string, string], WeekCategoryCount>(INTERVENTIONS_SQL.placeCounts),
  };
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
      areas: q.areas.all(),
      places: q.places.all(),
      functions: q.functions.all(),
      functionAreas: q.functionAreas.all(),
      counts: q.countsByWeek.all(w.first, w.last),
      previousCounts: q.countsByWeek.all(p.first, p.last),
      timeOfDay: q.timeOfDay.all(w.first, w.last).map((r) => ({ ...r, timeOfDay: r.timeOfDay as TimeOfDay })),
      placeWeeks: q.placeWeeks.all(w.first, w.last),
      functionWeeks: q.functionWeeks.all(w.first, w.last),
      previousFunctionWeeks: q.functionWeeks.all(p.first, p.last),
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
        ...(r.from < from ? { areaRows: q.areaCounts.all(i.area.id, r.from, ownTo) } : {}),
        placeRows: i.place ? (r.to < r.from ? [] : [
          ...(r.from < from ? q.placeCounts.all(i.place.id, r.from, ownTo) : []),
          ...q.placeCounts.all(i.place.id, r.from < from ? from : r.from, r.to),
        ]) : null,
      };
    });
    return {
      year,
      weeks: weekRange(y.first, y.last),
      asOf,
      now,
      areas: q.areas.all(),
      counts: q.countsByWeek.all(from, to),
      countsRange: { from, to },
      previousYear: q.areaCategoryCounts.all(prev.first, prev.last).map((r) => ({ ...r, category: r.category as Category })),
      weekReports: q.weekReports.all(y.first, y.last),
      interventions,
      periods: periodsOfYear(year, kind).map((period) => {
        const s = priorities(period);
        return { period, priorities: s ? { areaIds: s.areaIds, rationale: s.rationale } : null };
      }),
    };
  });

  const store: FollowupStore = {
    quarterInput: (period) => quarterInput(period),
    yearInput: (year, kind, asOf, now) => yearInput(year, kind, asOf, now),
    priorities,
    putPriorities: db.transaction((period: PeriodId, input: PrioritiesInput, opts: { now: Date; by?: string | null }): PrioritiesOutcome => {
      const needed = Math.min(PRIORITISED_AREAS, q.areaCount.get()!.n);
      if (input.areaIds.length !== needed) {
        return { ok: false, field: 'areaIds', message: `areaIds: the method prioritises ${needed} areas for ${periodLabel(period, 'en')}; you named ${input.areaIds.length}.` };
      }
      for (const [i, id] of input.areaIds.entries()) {
        if (!q.area.get(id)) return { ok: false, field: `areaIds[${i}]`, message: `areaIds[${i}]: there is no area "${id.slice(0, 64)}".` };
      }
      q.upsert.run(period, periodWeeks(period).first, JSON.stringify(input.areaIds), input.rationale, opts.now.toISOString(), opts.by ?? null);
      return { ok: true, value: priorities(period)! };
    }),
    prioritisedAreaIds(week) {
      const r = q.inForce.get(week);
      return r ? (JSON.parse(r.area_ids) as string[]) : [];
    },
  };
  stores.set(db, store);
  return store;
}

/**
 * For the week view's routes: `weekviewRoutes({ ...deps, prioritisedAreaIds: (week) => prioritisedAreaIds(db, week) })`.
 * The areas of the latest priorities decision whose period started on or before the week.
 */
export function prioritisedAreaIds(db: Db, week: IsoWeek): string[] {
  return followupStore(db).prioritisedAreaIds(week);
}

/** `EXPLAIN QUERY PLAN` of the statements the analysis and the review run, for the bench. */
export function explainFollowup(db: Db, period: PeriodId, year: number): { name: string; plan: string[] }[] {
  const w = periodWeeks(period);
  const y = yearWeeks(year);
  const area = (db.prepare('SELECT id FROM areas LIMIT 1').get() as { id: string } | undefined)?.id ?? '';
  const place = (db.prepare('SELECT id FROM places LIMIT 1').get() as { id: string } | undefined)?.id ?? '';
  const statements: [string, string, unknown[]][] = [
    ['countsByWeek', WEEKVIEW_SQL.countsByWeek, [w.first, w.last]],
    ['placeWeeks', WEEKVIEW_SQL.placeWeeks, [w.first, w.last]],
    ['functionWeeks', WEEKVIEW_SQL.functionWeeks, [w.first, w.last]],
    ['weekReports', WEEKVIEW_SQL.weekReports, [y.first, y.last]],
    ['functionAreas', FOLLOWUP_SQL.functionAreas, []],
    ['timeOfDay', FOLLOWUP_SQL.timeOfDay, [w.first, w.last]],
    ['areaCategoryCounts', FOLLOWUP_SQL.areaCategoryCounts, [y.first, y.last]],
    ['prioritiesInForce', FOLLOWUP_SQL.prioritiesInForce, [w.first]],
    ['i.overlapping', INTERVENTIONS_SQL.overlapping, [`${year}-12-31`, `${year}-01-01`]],
    ['i.decidedIn', INTERVENTIONS_SQL.decidedIn, [w.first]],
    ['i.followUps', INTERVENTIONS_SQL.followUps, ['x']],
    ['i.links', INTERVENTIONS_SQL.links, ['x']],
    ['i.linkedCategories', INTERVENTIONS_SQL.linkedCategories, ['x']],
    ['i.areaCounts', INTERVENTIONS_SQL.areaCounts, [area, y.first, y.last]],
    ['i.placeCounts', INTERVENTIONS_SQL.placeCounts, [place, y.first, y.last]],
  ];
  return statements.map(([name, sql, params]) => ({
    name,
    plan: db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((r) => (r as { detail: string }).detail),
  }));
}
