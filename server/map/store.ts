/** All SQL of the map: the areas' outlines and the places' points. */
import type { Db } from '../db/open';
import type { MapArea, MapPlace, Position } from '../../shared/map';

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
