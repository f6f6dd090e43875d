/** All SQL of the map: the areas' outlines and the places' points; a span's counts per area and place. */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import type { IndicatorCounts, MapArea, MapPlace, Position, SpanAreaCounts, SpanPlaceCounts } from '../../shared/map';
import type { IsoWeek } from '../../shared/weeks';
import { svCompare } from '../../shared/swedish-order';

interface Row {
  id: string;
  name: string;
  geometry: string | null;
}

/**
 * The geography to draw. Stored geometry is GeoJSON text written by the admin routes
 * (validated there); a row whose geometry is not a polygon (areas) or a point (places)
 * is drawn without one – listed beside the map, never dropped.
 */
export function mapGeography(db: Db): { areas: MapArea[]; places: MapPlace[] } {
  const areas = db.prepare<[], Row>('SELECT id, name, geometry FROM areas ORDER BY name COLLATE NOCASE').all().map((a): MapArea => {
    const g = parse(a.geometry);
    return { id: a.id, name: a.name, geometry: g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? (g as MapArea['geometry']) : null };
  });
  const places = db
    .prepare<[], Row & { areaId: string }>('SELECT id, area_id AS areaId, name, geometry FROM places ORDER BY name COLLATE NOCASE')
    .all()
    .map((p): MapPlace => {
      const g = parse(p.geometry);
      return { id: p.id, areaId: p.areaId, name: p.name, point: g && g.type === 'Point' ? (g.coordinates as Position) : null };
    });
  return { areas, places };
}

function parse(json: string | null): { type: string; coordinates: unknown } | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as { type: string; coordinates: unknown };
  } catch {
    return null;
  }
}

/**
 * The span map's statements (a period's or a year's weeks, ?1 and ?2). Kept here, apart
 * from server/periods/store.ts: the map reads only observations and reports, by week.
 */
const spanSql = prepared((db: Db) => ({
  areas: db.prepare<[], { id: string; name: string }>('SELECT id, name FROM areas ORDER BY name COLLATE NOCASE'),
  places: db.prepare<[], { id: string; areaId: string; name: string }>('SELECT id, area_id AS areaId, name FROM places'),
  /**
   * One pass over the span's rows for both areas and places (place_id is read from the
   * row; a year at the bench's scale ≈ 75,000 rows): cheaper than a covering-index pass
   * for the areas plus a second pass for the places. Place names come from `places`.
   */
  counts: db.prepare<[IsoWeek, IsoWeek], { areaId: string; placeId: string | null; category: string; count: number }>(`
    SELECT area_id AS areaId, place_id AS placeId, category, count(*) AS count
      FROM observations
     WHERE week BETWEEN ? AND ?
     GROUP BY area_id, place_id, category`),
  /** Areas some report of the span covered through its function's areas (calm reports included). */
  reportedAreas: db.prepare<[IsoWeek, IsoWeek], { areaId: string }>(`
    SELECT DISTINCT fa.area_id AS areaId
      FROM (SELECT DISTINCT function_id FROM reports WHERE week BETWEEN ? AND ?) r
      JOIN function_areas fa ON fa.function_id = r.function_id`),
}));

const zero = (): IndicatorCounts => Object.fromEntries(INDICATOR_KEYS.map((k) => [k, 0])) as IndicatorCounts;
const isIndicator = (k: string): k is IndicatorKey => (INDICATOR_KEYS as readonly string[]).includes(k);

/**
 * Observations per area × indicator and per place × indicator over the weeks `first`–`last`,
 * in one read transaction (a consistent snapshot while reports come in). A key no longer
 * in the catalogue counts in the total only.
 */
export const spanCounts = (db: Db, first: IsoWeek, last: IsoWeek): { areas: SpanAreaCounts[]; places: SpanPlaceCounts[] } =>
  db.transaction(() => {
    const q = spanSql(db);
    const reported = new Set(q.reportedAreas.all(first, last).map((r) => r.areaId));
    const areas = new Map<string, SpanAreaCounts>(
      q.areas.all().map((a) => [a.id, { areaId: a.id, name: a.name, byCategory: zero(), total: 0, covered: reported.has(a.id) }]),
    );
    const placeRows = new Map(q.places.all().map((p) => [p.id, p]));
    const places = new Map<string, SpanPlaceCounts>();
    for (const r of q.counts.all(first, last)) {
      const a = areas.get(r.areaId);
      if (a) {
        if (isIndicator(r.category)) a.byCategory[r.category] += r.count;
        a.total += r.count;
        a.covered = true;
      }
      const place = r.placeId === null ? undefined : placeRows.get(r.placeId);
      if (!place) continue;
      let p = places.get(place.id);
      if (!p) places.set(place.id, (p = { placeId: place.id, areaId: place.areaId, name: place.name, byCategory: zero(), total: 0 }));
      if (isIndicator(r.category)) p.byCategory[r.category] += r.count;
      p.total += r.count;
    }
    return {
      areas: [...areas.values()],
      places: [...places.values()].sort((a, b) => svCompare(a.name, b.name)),
    };
  })();
