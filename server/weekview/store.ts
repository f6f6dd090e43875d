/**
 * All SQL of the week view and participation. Two paths answer the same questions:
 *
 * - the fast path (what the routes, the draft and other features use) reads the counted
 *   tables – week_area_counts, week_place_counts, week_function_reports, week_reports – a
 *   few hundred rows per week, kept equal to the GROUP BY of observations and reports by
 *   triggers (docs/architecture.md "Week aggregates"); rows of many weeks cross into
 *   JavaScript packed per week (server/db/packed.ts); observations themselves are read
 *   only for one area on demand and for the draft's events;
 * - the plain path (`plainWeekviewStore`) is the SQL over observations and reports the
 *   aggregates replaced: the reference tests/api/week-aggregates.test.ts proves the fast
 *   answers identical against, and the bench's baseline.
 *
 * Statements are prepared once per database (like reports/store.ts).
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import { explainPlans, type QueryPlan } from '../db/explain';
import { unpack, type Packed } from '../db/packed';
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import type { TimeOfDay } from '../../shared/schemas';
import { AVERAGE_WEEKS, PARTICIPATION_WEEKS, RECURRING_WINDOW_WEEKS, type WeekViewObservation } from '../../shared/weekview';
import { addWeeks, weekRange, type IsoWeek } from '../../shared/weeks';
import { compareObservations } from './compile';
import type {
  AreaRow,
  CellCountRow,
  CountRow,
  FunctionRow,
  FunctionWeekRow,
  OrganisationRow,
  ParticipationInput,
  PlaceRow,
  PlaceWeekRow,
  WeekObservationRow,
  WeekReportRow,
  WeekSummaryInput,
  WeekViewInput,
  WindowCountRow,
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

/** The fast path's statements, by name (the bench prints their plans too). */
const AGGREGATE_SQL = {
  /** ?1 = week */
  weekCells: `
    SELECT area_id AS areaId, category, count, day, evening, night, unknown, persisting
      FROM week_area_counts
     WHERE week = ?`,
  // Rows of many weeks, packed per week as "a b c,a b c,…" (server/db/packed.ts): one
  // primary-key range per week, and thousands of rows cross into JavaScript as a few strings.
  /** ?1 = JSON array of weeks: per week its "area category count" rows. */
  countsByWeek: `
    SELECT w.value AS key, (SELECT group_concat(area_id || ' ' || category || ' ' || count, ',')
                              FROM week_area_counts WHERE week = w.value) AS packed
      FROM json_each(?) w`,
  /** ?1 = JSON array of weeks: per week its "place category count" rows. */
  placeWeeks: `
    SELECT w.value AS key, (SELECT group_concat(place_id || ' ' || category || ' ' || count, ',')
                              FROM week_place_counts WHERE week = w.value) AS packed
      FROM json_each(?) w`,
  /** ?1 = JSON array of weeks: per week its "function reports calm" rows. */
  functionWeeks: `
    SELECT w.value AS key, (SELECT group_concat(function_id || ' ' || reports || ' ' || calm, ',')
                              FROM week_function_reports WHERE week = w.value) AS packed
      FROM json_each(?) w`,
  /** @from, @to = the average window (@to is the week before the shown one). */
  windowCounts: `
    SELECT area_id AS areaId, category, sum(count) AS windowSum, sum(CASE WHEN week = @to THEN count ELSE 0 END) AS previous
      FROM week_area_counts
     WHERE week BETWEEN @from AND @to
     GROUP BY area_id, category`,
  /** ?1 = JSON array of the window's weeks: those with any observation (one seek per week). */
  windowWeeks: `
    SELECT w.value FROM json_each(?) w
     WHERE EXISTS (SELECT 1 FROM week_area_counts c WHERE c.week = w.value)`,
  /** ?1, ?2 = weeks: reports and calm reports per week. */
  weekReports: 'SELECT week, reports, calm FROM week_reports WHERE week BETWEEN ? AND ?',
  reportedAreas: `
    SELECT DISTINCT fa.area_id AS areaId
      FROM week_function_reports r
      JOIN function_areas fa ON fa.function_id = r.function_id
     WHERE r.week = ?`,
  /**
   * ?1 = week, ?2 = area: one area's observations on demand (the week's rows by index observations_week, filtered),
   * with their place's and organisation's names joined here rather than looked up in JavaScript.
   */
  areaObservations: `
    SELECT o.id, o.category, o.area_id AS areaId, o.place_id AS placeId, p.name AS placeName, o.time_of_day AS timeOfDay,
           o.occurred_on AS occurredOn, o.persists, o.note, g.name AS organisation
      FROM observations o
      JOIN reports r ON r.id = o.report_id
      JOIN functions f ON f.id = r.function_id
      LEFT JOIN organisations g ON g.id = f.organisation_id
      LEFT JOIN places p ON p.id = o.place_id
     WHERE o.week = ? AND o.area_id = ?`,
  /** ?1 = week, ?2 = indicator: e.g. the week's events for the draft. */
  categoryObservations: `
    SELECT o.id, o.category, o.area_id AS areaId, o.place_id AS placeId, p.name AS placeName, o.time_of_day AS timeOfDay,
           o.occurred_on AS occurredOn, o.persists, o.note, g.name AS organisation
      FROM observations o
      JOIN reports r ON r.id = o.report_id
      JOIN functions f ON f.id = r.function_id
      LEFT JOIN organisations g ON g.id = f.organisation_id
      LEFT JOIN places p ON p.id = o.place_id
     WHERE o.week = ? AND o.category = ?`,
  areaExists: 'SELECT 1 FROM areas WHERE id = ?',
} as const;

export interface WeekviewStore {
  /** The rows for compileWeekSummary: this week as counts. */
  weekSummaryInput(week: IsoWeek, prioritisedAreaIds: string[]): WeekSummaryInput;
  /** The rows for compileWeek: every observation of the week (plain SQL over observations). */
  weekViewInput(week: IsoWeek, prioritisedAreaIds: string[]): WeekViewInput;
  /**
   * One area's observations of a week (optionally of one indicator), shaped for the
   * coordinator (organisation, never function), by indicator and then as a cell lists
   * them. Null when the area does not exist.
   */
  observations(week: IsoWeek, areaId: string, category?: IndicatorKey): WeekViewObservation[] | null;
  /** The week's observations of the indicator "event" in every area, with their area (the draft lists them). */
  weekEvents(week: IsoWeek): (WeekViewObservation & { areaId: string })[];
  /** The rows for compileParticipation, with the clock that tells running weeks from missed ones. */
  participationInput(week: IsoWeek, now: Date): ParticipationInput;
  // Row reads other features (the period analysis, the year review) build on; weeks are inclusive.
  areas(): AreaRow[];
  places(): PlaceRow[];
  functions(): FunctionRow[];
  /** Observations per week × area × indicator. */
  countsByWeek(first: IsoWeek, last: IsoWeek): CountRow[];
  placeWeeks(first: IsoWeek, last: IsoWeek): PlaceWeekRow[];
  functionWeeks(first: IsoWeek, last: IsoWeek): FunctionWeekRow[];
  weekReports(first: IsoWeek, last: IsoWeek): WeekReportRow[];
}

type RawObservation = Omit<WeekObservationRow, 'persists'> & { persists: number };
/** An observation on demand, its place's and organisation's names joined in SQL. */
type JoinedObservation = Omit<RawObservation, 'organisationId'> & { placeName: string | null; organisation: string | null };

/** What the week view shows of an observation (the fields and order of observationView). */
const viewOf = (o: JoinedObservation): WeekViewObservation => ({
  id: o.id,
  category: o.category,
  note: o.note,
  place: o.placeId === null || o.placeName === null ? null : { id: o.placeId, name: o.placeName },
  timeOfDay: o.timeOfDay,
  occurredOn: o.occurredOn,
  persists: o.persists === 1,
  organisation: o.organisation ?? '',
});

/** The plain path: today's SQL over observations and reports, kept as the reference. */
export const plainWeekviewStore = prepared((db: Db) => buildStore(db, false));
/** One store per database handle: its statements are prepared once. */
export const weekviewStore = prepared((db: Db) => buildStore(db, true));

function buildStore(db: Db, fast: boolean): WeekviewStore {
  const plain = {
    countsByWeek: db.prepare<[IsoWeek, IsoWeek], CountRow>(WEEKVIEW_SQL.countsByWeek),
    placeWeeks: db.prepare<[IsoWeek, IsoWeek], PlaceWeekRow>(WEEKVIEW_SQL.placeWeeks),
    weekReports: db.prepare<[IsoWeek, IsoWeek], WeekReportRow>(WEEKVIEW_SQL.weekReports),
    functionWeeks: db.prepare<[IsoWeek, IsoWeek], FunctionWeekRow>(WEEKVIEW_SQL.functionWeeks),
    reportedAreas: db.prepare<[IsoWeek], { areaId: string }>(WEEKVIEW_SQL.reportedAreas),
  };
  const aggregate = {
    countsByWeek: db.prepare<[string], Packed>(AGGREGATE_SQL.countsByWeek),
    placeWeeks: db.prepare<[string], Packed>(AGGREGATE_SQL.placeWeeks),
    weekReports: db.prepare<[IsoWeek, IsoWeek], WeekReportRow>(AGGREGATE_SQL.weekReports),
    functionWeeks: db.prepare<[string], Packed>(AGGREGATE_SQL.functionWeeks),
    reportedAreas: db.prepare<[IsoWeek], { areaId: string }>(AGGREGATE_SQL.reportedAreas),
  };
  /** The row functions other features share (same rows on both paths). */
  type Rows = Pick<WeekviewStore, 'countsByWeek' | 'placeWeeks' | 'functionWeeks' | 'weekReports'>;
  const weekList = (first: IsoWeek, last: IsoWeek) => JSON.stringify(weekRange(first, last));
  const rows: Rows = fast
    ? {
        countsByWeek(first, last) {
          const out: CountRow[] = [];
          unpack(aggregate.countsByWeek.all(weekList(first, last)), (week, areaId, category, count) =>
            out.push({ week: week as IsoWeek, areaId, category: category as IndicatorKey, count: Number(count) }),
          );
          return out;
        },
        placeWeeks(first, last) {
          const out: PlaceWeekRow[] = [];
          unpack(aggregate.placeWeeks.all(weekList(first, last)), (week, placeId, category, count) =>
            out.push({ placeId, week: week as IsoWeek, category: category as IndicatorKey, count: Number(count) }),
          );
          return out;
        },
        functionWeeks(first, last) {
          const out: FunctionWeekRow[] = [];
          unpack(aggregate.functionWeeks.all(weekList(first, last)), (week, functionId, reports, calm) =>
            out.push({ functionId, week: week as IsoWeek, reports: Number(reports), calm: Number(calm) }),
          );
          return out;
        },
        weekReports: (first, last) => aggregate.weekReports.all(first, last),
      }
    : {
        countsByWeek: (first, last) => plain.countsByWeek.all(first, last),
        placeWeeks: (first, last) => plain.placeWeeks.all(first, last),
        functionWeeks: (first, last) => plain.functionWeeks.all(first, last),
        weekReports: (first, last) => plain.weekReports.all(first, last),
      };
  const q = {
    reportedAreas: fast ? aggregate.reportedAreas : plain.reportedAreas,
    areas: db.prepare<[], AreaRow>(WEEKVIEW_SQL.areas),
    places: db.prepare<[], PlaceRow>(WEEKVIEW_SQL.places),
    organisations: db.prepare<[], OrganisationRow>(WEEKVIEW_SQL.organisations),
    functions: db.prepare<[], FunctionRow>(WEEKVIEW_SQL.functions),
    weekObservations: db.prepare<[IsoWeek], RawObservation>(WEEKVIEW_SQL.weekObservations),
    weekCells: db.prepare<[IsoWeek], CellCountRow>(AGGREGATE_SQL.weekCells),
    windowCounts: db.prepare<[{ from: IsoWeek; to: IsoWeek }], WindowCountRow>(AGGREGATE_SQL.windowCounts),
    windowWeeks: db.prepare<[string], IsoWeek>(AGGREGATE_SQL.windowWeeks).pluck(),
    areaObservations: db.prepare<[IsoWeek, string], JoinedObservation>(AGGREGATE_SQL.areaObservations),
    categoryObservations: db.prepare<[IsoWeek, string], JoinedObservation>(AGGREGATE_SQL.categoryObservations),
    areaExists: db.prepare<[string], 1>(AGGREGATE_SQL.areaExists).pluck(),
  };
  const toRow = (o: RawObservation): WeekObservationRow => ({
    ...o,
    category: o.category as IndicatorKey,
    timeOfDay: o.timeOfDay as TimeOfDay,
    persists: o.persists === 1,
  });

  /** The history and windows both inputs share; inside the caller's read transaction. */
  const around = (week: IsoWeek, prioritisedAreaIds: string[]) => ({
    week,
    areas: q.areas.all(),
    places: q.places.all(),
    prioritisedAreaIds,
    history: rows.countsByWeek(addWeeks(week, -AVERAGE_WEEKS), addWeeks(week, -1)),
    placeWeeks: rows.placeWeeks(addWeeks(week, -(RECURRING_WINDOW_WEEKS - 1)), week),
    weekReports: rows.weekReports(addWeeks(week, -AVERAGE_WEEKS), week),
    reportedAreaIds: q.reportedAreas.all(week).map((r) => r.areaId),
  });

  // One read transaction per load, so the rows are a consistent snapshot even
  // while reports are being ingested (WAL readers do not block the writer).
  // The average window summed in SQL (one row per area × indicator, a few hundred rows
  // into JavaScript instead of thousands); the recurring window's places as packed rows.
  const weekSummaryInput = db.transaction((week: IsoWeek, prioritisedAreaIds: string[]): WeekSummaryInput => {
    const recFrom = addWeeks(week, -(RECURRING_WINDOW_WEEKS - 1));
    return {
      week,
      areas: q.areas.all(),
      places: q.places.all(),
      prioritisedAreaIds,
      cells: q.weekCells.all(week),
      window: q.windowCounts.all({ from: addWeeks(week, -AVERAGE_WEEKS), to: addWeeks(week, -1) }),
      windowWeeks: q.windowWeeks.all(JSON.stringify(weekRange(addWeeks(week, -AVERAGE_WEEKS), addWeeks(week, -1)))),
      placeWeeks: rows.placeWeeks(recFrom, week),
      weekReports: rows.weekReports(addWeeks(week, -AVERAGE_WEEKS), week),
      reportedAreaIds: q.reportedAreas.all(week).map((r) => r.areaId),
    };
  });

  const weekViewInput = db.transaction((week: IsoWeek, prioritisedAreaIds: string[]): WeekViewInput => ({
    ...around(week, prioritisedAreaIds),
    organisations: q.organisations.all(),
    observations: q.weekObservations.all(week).map(toRow),
  }));

  // The week view's order: by indicator in catalogue order, then as in a cell.
  const order = new Map(INDICATOR_KEYS.map((c, i) => [c, i]));

  const observations = db.transaction((week: IsoWeek, areaId: string, category?: IndicatorKey): WeekViewObservation[] | null => {
    if (!q.areaExists.get(areaId)) return null;
    return q.areaObservations
      .all(week, areaId)
      .filter((o) => category === undefined || o.category === category)
      .map(viewOf)
      .sort((a, b) => order.get(a.category)! - order.get(b.category)! || compareObservations(a, b));
  });

  const weekEvents = db.transaction((week: IsoWeek) =>
    q.categoryObservations.all(week, 'event').map((o) => ({ ...viewOf(o), areaId: o.areaId })),
  );

  const participationInput = db.transaction((week: IsoWeek, now: Date): ParticipationInput => ({
    week,
    now,
    organisations: q.organisations.all(),
    functions: q.functions.all(),
    reports: rows.functionWeeks(addWeeks(week, -(PARTICIPATION_WEEKS - 1)), week),
  }));

  return {
    weekSummaryInput: (week, prioritised) => weekSummaryInput(week, prioritised),
    weekViewInput: (week, prioritised) => weekViewInput(week, prioritised),
    observations: (week, areaId, category) => observations(week, areaId, category),
    weekEvents: (week) => weekEvents(week),
    participationInput: (week, now) => participationInput(week, now),
    areas: () => q.areas.all(),
    places: () => q.places.all(),
    functions: () => q.functions.all(),
    ...rows,
  };
}

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
  const fast: Record<keyof typeof AGGREGATE_SQL, unknown[]> = {
    weekCells: [week],
    windowCounts: [{ from: params.countsByWeek[0], to: params.countsByWeek[1] }],
    windowWeeks: [JSON.stringify(weekRange(addWeeks(week, -AVERAGE_WEEKS), addWeeks(week, -1)))],
    countsByWeek: [JSON.stringify(weekRange(params.countsByWeek[0] as IsoWeek, params.countsByWeek[1] as IsoWeek))],
    placeWeeks: [JSON.stringify(weekRange(params.placeWeeks[0] as IsoWeek, params.placeWeeks[1] as IsoWeek))],
    weekReports: params.weekReports,
    reportedAreas: [week],
    functionWeeks: [JSON.stringify(weekRange(params.functionWeeks[0] as IsoWeek, params.functionWeeks[1] as IsoWeek))],
    areaObservations: [week, 'area'],
    categoryObservations: [week, 'event'],
    areaExists: ['area'],
  };
  return explainPlans(db, [
    ...(Object.keys(WEEKVIEW_SQL) as (keyof typeof WEEKVIEW_SQL)[]).map((name) => [name, WEEKVIEW_SQL[name], params[name]] as const),
    ...(Object.keys(AGGREGATE_SQL) as (keyof typeof AGGREGATE_SQL)[]).map((name) => [`aggregate.${name}`, AGGREGATE_SQL[name], fast[name]] as const),
  ]);
}
