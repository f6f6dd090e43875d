/**
 * All SQL of the week view: loads exactly the rows compile.ts needs for one week.
 *
 * - the week's observations in detail (observations_week_area: week = ?), with the
 *   reporter reduced to its organisation by primary-key joins;
 * - counts per week × area × indicator for the 8 weeks before, aggregated in SQL
 *   from the covering index observations_week_area (no table access);
 * - counts per place × week × indicator for the 4-week recurring window;
 * - reports per week (reports_week, covering) and per function × week for the
 *   12-week participation strip.
 *
 * Statements are prepared once per database (like reports/store.ts).
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import { explainPlans, type QueryPlan } from '../db/explain';
import type { IndicatorKey } from '../../shared/indicators';
import type { TimeOfDay } from '../../shared/schemas';
import { AVERAGE_WEEKS, PARTICIPATION_WEEKS, RECURRING_WINDOW_WEEKS } from '../../shared/weekview';
import { addWeeks, type IsoWeek } from '../../shared/weeks';
import type {
  AreaRow,
  CountRow,
  FunctionRow,
  FunctionWeekRow,
  OrganisationRow,
  ParticipationInput,
  PlaceRow,
  PlaceWeekRow,
  WeekObservationRow,
  WeekReportRow,
  WeekViewInput,
} from './compile';

/** The statements, by name, so the bench can print their query plans. */
const WEEKVIEW_SQL = {
  areas: 'SELECT id, name FROM areas',
  places: 'SELECT id, area_id AS areaId, name FROM places',
  organisations: 'SELECT id, name FROM organisations',
  functions: 'SELECT id, organisation_id AS organisationId, name, created_at AS createdAt FROM functions',
  /** ?1 = week */
  weekObservations: `
    SELECT o.id, o.category, o.area_id AS areaId, o.place_id AS placeId, o.time_of_day AS timeOfDay,
           o.occurred_on AS occurredOn, o.persists, o.note, f.organisation_id AS organisationId
      FROM observations o
      JOIN reports r ON r.id = o.report_id
      JOIN functions f ON f.id = r.function_id
     WHERE o.week = ?`,
  /** ?1 = first week, ?2 = last week (inclusive) */
  countsByWeek: `
    SELECT week, area_id AS areaId, category, count(*) AS count
      FROM observations
     WHERE week BETWEEN ? AND ?
     GROUP BY week, area_id, category`,
  /** ?1, ?2 = window; place_id is read from the row (a few thousand rows). */
  placeWeeks: `
    SELECT place_id AS placeId, week, category, count(*) AS count
      FROM observations
     WHERE week BETWEEN ? AND ? AND place_id IS NOT NULL
     GROUP BY place_id, week, category`,
  /** ?1, ?2 = window */
  weekReports: `
    SELECT week, count(*) AS reports, sum(calm) AS calm
      FROM reports
     WHERE week BETWEEN ? AND ?
     GROUP BY week`,
  /** ?1 = week: areas whose assigned functions sent any report that week. */
  reportedAreas: `
    SELECT DISTINCT fa.area_id AS areaId
      FROM reports r
      JOIN function_areas fa ON fa.function_id = r.function_id
     WHERE r.week = ?`,
  /** ?1, ?2 = window */
  functionWeeks: `
    SELECT function_id AS functionId, week, count(*) AS reports, sum(calm) AS calm
      FROM reports
     WHERE week BETWEEN ? AND ?
     GROUP BY function_id, week`,
} as const;

export interface WeekviewStore {
  /** The rows for compileWeek. */
  weekViewInput(week: IsoWeek, prioritisedAreaIds: string[]): WeekViewInput;
  /** The rows for compileParticipation, with the clock that tells running weeks from missed ones. */
  participationInput(week: IsoWeek, now: Date): ParticipationInput;
  // Row reads other features (the period analysis, the year review) build on; weeks are inclusive.
  areas(): AreaRow[];
  places(): PlaceRow[];
  functions(): FunctionRow[];
  /** Observations per week × area × indicator (covering index observations_week_area). */
  countsByWeek(first: IsoWeek, last: IsoWeek): CountRow[];
  placeWeeks(first: IsoWeek, last: IsoWeek): PlaceWeekRow[];
  functionWeeks(first: IsoWeek, last: IsoWeek): FunctionWeekRow[];
  weekReports(first: IsoWeek, last: IsoWeek): WeekReportRow[];
}

type RawObservation = Omit<WeekObservationRow, 'persists'> & { persists: number };

/** One store per database handle: its statements are prepared once. */
export const weekviewStore = prepared((db: Db): WeekviewStore => {
  const q = {
    areas: db.prepare<[], AreaRow>(WEEKVIEW_SQL.areas),
    places: db.prepare<[], PlaceRow>(WEEKVIEW_SQL.places),
    organisations: db.prepare<[], OrganisationRow>(WEEKVIEW_SQL.organisations),
    functions: db.prepare<[], FunctionRow>(WEEKVIEW_SQL.functions),
    weekObservations: db.prepare<[IsoWeek], RawObservation>(WEEKVIEW_SQL.weekObservations),
    countsByWeek: db.prepare<[IsoWeek, IsoWeek], CountRow>(WEEKVIEW_SQL.countsByWeek),
    placeWeeks: db.prepare<[IsoWeek, IsoWeek], PlaceWeekRow>(WEEKVIEW_SQL.placeWeeks),
    weekReports: db.prepare<[IsoWeek, IsoWeek], WeekReportRow>(WEEKVIEW_SQL.weekReports),
    functionWeeks: db.prepare<[IsoWeek, IsoWeek], FunctionWeekRow>(WEEKVIEW_SQL.functionWeeks),
    reportedAreas: db.prepare<[IsoWeek], { areaId: string }>(WEEKVIEW_SQL.reportedAreas),
  };

  // One read transaction per load, so the rows are a consistent snapshot even
  // while reports are being ingested (WAL readers do not block the writer).
  const weekViewInput = db.transaction((week: IsoWeek, prioritisedAreaIds: string[]): WeekViewInput => {
    const observations = q.weekObservations.all(week).map((o) => ({
      ...o,
      category: o.category as IndicatorKey,
      timeOfDay: o.timeOfDay as TimeOfDay,
      persists: o.persists === 1,
    }));
    return {
      week,
      areas: q.areas.all(),
      places: q.places.all(),
      organisations: q.organisations.all(),
      prioritisedAreaIds,
      observations,
      history: q.countsByWeek.all(addWeeks(week, -AVERAGE_WEEKS), addWeeks(week, -1)),
      placeWeeks: q.placeWeeks.all(addWeeks(week, -(RECURRING_WINDOW_WEEKS - 1)), week),
      weekReports: q.weekReports.all(addWeeks(week, -AVERAGE_WEEKS), week),
      reportedAreaIds: q.reportedAreas.all(week).map((r) => r.areaId),
    };
  });

  const participationInput = db.transaction((week: IsoWeek, now: Date): ParticipationInput => ({
    week,
    now,
    organisations: q.organisations.all(),
    functions: q.functions.all(),
    reports: q.functionWeeks.all(addWeeks(week, -(PARTICIPATION_WEEKS - 1)), week),
  }));

  const store: WeekviewStore = {
    weekViewInput: (week, prioritised) => weekViewInput(week, prioritised),
    participationInput: (week, now) => participationInput(week, now),
    areas: () => q.areas.all(),
    places: () => q.places.all(),
    functions: () => q.functions.all(),
    countsByWeek: (first, last) => q.countsByWeek.all(first, last),
    placeWeeks: (first, last) => q.placeWeeks.all(first, last),
    functionWeeks: (first, last) => q.functionWeeks.all(first, last),
    weekReports: (first, last) => q.weekReports.all(first, last),
  };
  return store;
});

/** `EXPLAIN QUERY PLAN` of every statement, for the bench and for checking index use. */
export function explainWeekview(db: Db, week: IsoWeek): QueryPlan[] {
  const params: Record<keyof typeof WEEKVIEW_SQL, IsoWeek[]> = {
    areas: [],
    places: [],
    organisations: [],
    functions: [],
    weekObservations: [week],
    countsByWeek: [addWeeks(week, -AVERAGE_WEEKS), addWeeks(week, -1)],
    placeWeeks: [addWeeks(week, -(RECURRING_WINDOW_WEEKS - 1)), week],
    weekReports: [addWeeks(week, -AVERAGE_WEEKS), week],
    functionWeeks: [addWeeks(week, -(PARTICIPATION_WEEKS - 1)), week],
    reportedAreas: [week],
  };
  return explainPlans(
    db,
    (Object.keys(WEEKVIEW_SQL) as (keyof typeof WEEKVIEW_SQL)[]).map((name) => [name, WEEKVIEW_SQL[name], params[name]] as const),
  );
}
