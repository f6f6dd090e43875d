/**
 * All SQL of the export: observations week by week (index observations_week), with
 * area, place and organisation names by primary-key joins.
 * Loading one week at a time keeps memory flat for a ten-year export and never
 * holds the connection across an await (better-sqlite3 is synchronous).
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import type { IndicatorKey } from '../../shared/indicators';
import { representativePoint, type ExportRow, type Point } from './format';

export const EXPORT_SQL = `
  SELECT o.id, o.week, o.category, o.area_id AS areaId, a.name AS areaName, o.place_id AS placeId, p.name AS placeName,
         o.time_of_day AS timeOfDay, o.occurred_on AS occurredOn, o.persists, o.note, g.name AS organisation, o.lat, o.lon
    FROM observations o
    JOIN areas a ON a.id = o.area_id
    LEFT JOIN places p ON p.id = o.place_id
    JOIN reports r ON r.id = o.report_id
    JOIN functions f ON f.id = r.function_id
    JOIN organisations g ON g.id = f.organisation_id
   WHERE o.week = ?
   ORDER BY o.occurred_on IS NULL, o.occurred_on, a.name, o.id`;

export interface ExportStore {
  week(week: string): ExportRow[];
  /** Representative points of places and areas that have a geometry. */
  points(): { places: Map<string, Point>; areas: Map<string, Point> };
}

type Raw = Omit<ExportRow, 'persists' | 'category'> & { persists: number; category: string };

/** One store per database handle: its statements are prepared once. */
export const exportStore = prepared((db: Db): ExportStore => {
  const byWeek = db.prepare<[string], Raw>(EXPORT_SQL);
  const places = db.prepare<[], { id: string; geometry: string }>('SELECT id, geometry FROM places WHERE geometry IS NOT NULL');
  const areas = db.prepare<[], { id: string; geometry: string }>('SELECT id, geometry FROM areas WHERE geometry IS NOT NULL');
  const toMap = (rows: { id: string; geometry: string }[]) => {
    const m = new Map<string, Point>();
    for (const r of rows) {
      const p = representativePoint(r.geometry);
      if (p) m.set(r.id, p);
    }
    return m;
  };
  const store: ExportStore = {
    week: (week) => byWeek.all(week).map((r) => ({ ...r, category: r.category as IndicatorKey, persists: r.persists === 1 })),
    points: () => ({ places: toMap(places.all()), areas: toMap(areas.all()) }),
  };
  return store;
});
