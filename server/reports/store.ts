import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import type { Observation, Report } from '../../shared/schemas';

/** All SQL of the reports feature. Statements are prepared once per database. */
export interface ReportStore {
  db: Db;
  /** Stored reports among these ids, in one query (a batch asks once, not per item). */
  findReports(ids: readonly string[]): Map<string, { function_id: string; content_hash: string }>;
  /** Observation ids among these that are already stored. */
  storedObservationIds(ids: readonly string[]): Set<string>;
  insert(report: Report, meta: { functionId: string; deviceId: string | null; receivedAt: string; contentHash: string }): void;
  areaIds(): Set<string>;
  placeAreas(): Map<string, string>;
  reportsOf(functionId: string, week: string): Report[];
  /** Whether the function has filed any report (it is then part of the record). */
  functionHasReports(functionId: string): boolean;
  /** Whether the function has filed a report for the week (no reminder then). */
  hasReported(functionId: string, week: string): boolean;
  /** The functions that filed a report for the week. */
  functionsReportedIn(week: string): Set<string>;
  /** Whether any observation names the area / the place. */
  areaInUse(areaId: string): boolean;
  placeInUse(placeId: string): boolean;
  /** device id → when its latest report of the function arrived. */
  lastReportPerDevice(functionId: string): Map<string, string>;
}

interface ReportRow {
  id: string;
  week: string;
  calm: number;
  created_at: string;
}
interface ObservationRow {
  id: string;
  report_id: string;
  category: Observation['category'];
  area_id: string;
  place_id: string | null;
  time_of_day: Observation['timeOfDay'];
  occurred_on: string | null;
  persists: number;
  note: string | null;
  lat: number | null;
  lon: number | null;
}

/** One store per database handle: its statements are prepared once. */
export const reportStore = prepared((db: Db): ReportStore => {
  // json_each lets one prepared statement take any number of ids.
  const findReports = db.prepare<[string], { id: string; function_id: string; content_hash: string }>(
    'SELECT id, function_id, content_hash FROM reports WHERE id IN (SELECT value FROM json_each(?))',
  );
  const storedObservations = db
    .prepare<[string], string>('SELECT id FROM observations WHERE id IN (SELECT value FROM json_each(?))')
    .pluck();
  const insertReport = db.prepare(
    `INSERT INTO reports (id, function_id, device_id, week, calm, created_at, received_at, content_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertObservation = db.prepare(
    `INSERT INTO observations (id, report_id, position, week, category, area_id, place_id, time_of_day,
       occurred_on, persists, note, lat, lon)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const allAreas = db.prepare<[], { id: string }>('SELECT id FROM areas');
  const allPlaces = db.prepare<[], { id: string; area_id: string }>('SELECT id, area_id FROM places');
  const reportsOfWeek = db.prepare<[string, string], ReportRow>(
    'SELECT id, week, calm, created_at FROM reports WHERE function_id = ? AND week = ? ORDER BY created_at, id',
  );
  const observationsOfWeek = db.prepare<[string, string], ObservationRow>(
    `SELECT o.id, o.report_id, o.category, o.area_id, o.place_id, o.time_of_day, o.occurred_on, o.persists,
            o.note, o.lat, o.lon
       FROM observations o JOIN reports r ON r.id = o.report_id
      WHERE r.function_id = ? AND r.week = ? ORDER BY o.report_id, o.position`,
  );

  const anyReportOf = db.prepare<[string]>('SELECT 1 FROM reports WHERE function_id = ? LIMIT 1');
  const reportOfWeek = db.prepare<[string, string]>('SELECT 1 FROM reports WHERE function_id = ? AND week = ? LIMIT 1');
  const reportedIn = db.prepare<[string], string>('SELECT DISTINCT function_id FROM reports WHERE week = ?').pluck();
  // Whether an area or a place has any observation, from the counted tables (equal to the
  // observations' GROUP BY at every commit; observations have no index by area or place –
  // it cost every report an entry at a random position). A scan of a few thousand counted
  // rows, for an admin about to delete or move one.
  const areaObservation = db.prepare<[string]>('SELECT 1 FROM year_area_counts WHERE area_id = ? LIMIT 1');
  const placeObservation = db.prepare<[string]>('SELECT 1 FROM week_place_counts WHERE place_id = ? LIMIT 1');
  const lastReports = db.prepare<[string], { device_id: string; last: string }>(
    'SELECT device_id, max(received_at) AS last FROM reports WHERE function_id = ? AND device_id IS NOT NULL GROUP BY device_id',
  );

  const store: ReportStore = {
    db,
    functionHasReports: (functionId) => anyReportOf.get(functionId) !== undefined,
    hasReported: (functionId, week) => reportOfWeek.get(functionId, week) !== undefined,
    functionsReportedIn: (week) => new Set(reportedIn.all(week)),
    areaInUse: (areaId) => areaObservation.get(areaId) !== undefined,
    placeInUse: (placeId) => placeObservation.get(placeId) !== undefined,
    lastReportPerDevice: (functionId) => new Map(lastReports.all(functionId).map((r) => [r.device_id, r.last])),
    findReports: (ids) => new Map(findReports.all(JSON.stringify(ids)).map((r) => [r.id, r])),
    storedObservationIds: (ids) => new Set(storedObservations.all(JSON.stringify(ids))),
    insert(report, meta) {
      insertReport.run(
        report.id,
        meta.functionId,
        meta.deviceId,
        report.week,
        report.calm ? 1 : 0,
        report.createdAt,
        meta.receivedAt,
        meta.contentHash,
      );
      report.observations.forEach((o, position) => {
        insertObservation.run(
          o.id,
          report.id,
          position,
          report.week,
          o.category,
          o.areaId,
          o.placeId ?? null,
          o.timeOfDay,
          o.occurredOn ?? null,
          o.persists ? 1 : 0,
          o.note ?? null,
          o.location?.lat ?? null,
          o.location?.lon ?? null,
        );
      });
    },
    areaIds: () => new Set(allAreas.all().map((r) => r.id)),
    placeAreas: () => new Map(allPlaces.all().map((r) => [r.id, r.area_id])),
    reportsOf(functionId, week) {
      const byReport = new Map<string, Observation[]>();
      for (const row of observationsOfWeek.all(functionId, week)) {
        const list = byReport.get(row.report_id) ?? [];
        list.push(toObservation(row));
        byReport.set(row.report_id, list);
      }
      return reportsOfWeek.all(functionId, week).map((r) => ({
        id: r.id,
        week: r.week,
        createdAt: r.created_at,
        calm: r.calm === 1,
        observations: byReport.get(r.id) ?? [],
      }));
    },
  };
  return store;
});

/** Rebuilds the wire shape, leaving out optional fields that were never given. */
function toObservation(row: ObservationRow): Observation {
  const o: Observation = {
    id: row.id,
    category: row.category,
    areaId: row.area_id,
    timeOfDay: row.time_of_day,
    persists: row.persists === 1,
  };
  if (row.place_id !== null) o.placeId = row.place_id;
  if (row.occurred_on !== null) o.occurredOn = row.occurred_on;
  if (row.note !== null) o.note = row.note;
  if (row.lat !== null && row.lon !== null) o.location = { lat: row.lat, lon: row.lon };
  return o;
}
