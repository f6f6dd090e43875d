/**
 * Pure formatting of the observation export: observations of a period as CSV and
 * as GeoJSON, for the yearly GIS analysis. No I/O.
 *
 * Columns carry English keys and names, never ids of devices or functions (the
 * reporter is reduced to its organisation, as in the week view).
 */
import { indicator, type IndicatorKey } from '../../shared/indicators';

export interface ExportRow {
  id: string;
  week: string;
  category: IndicatorKey;
  areaId: string;
  areaName: string;
  placeId: string | null;
  placeName: string | null;
  timeOfDay: string;
  occurredOn: string | null;
  persists: boolean;
  note: string | null;
  organisation: string;
  lat: number | null;
  lon: number | null;
}

export const CSV_COLUMNS = [
  'observation_id',
  'week',
  'category',
  'category_label',
  'area',
  'place',
  'time_of_day',
  'occurred_on',
  'persists',
  'organisation',
  'note',
  'lat',
  'lon',
  'location_source',
] as const;

/** UTF-8 byte order mark: Excel reads the file as UTF-8 only with it (å, ä, ö). */
export const BOM = '\uFEFF';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, semicolon or line
 * break, or starts/ends with space; quotes doubled. Text that a spreadsheet would
 * run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe.
 */
export function csvField(value: string | number | boolean | null, text = true): string {
  if (value === null) return '';
  let s = String(value);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvHeader = (): string => CSV_COLUMNS.join(',') + '\r\n';

export type Point = { lon: number; lat: number };
export type LocationSource = 'observation' | 'place' | 'area' | null;

/** Where an observation is: its own position, else its place's, else its area's (centre of a polygon). */
export function locate(row: ExportRow, places: Map<string, Point>, areas: Map<string, Point>): { point: Point | null; source: LocationSource } {
  if (row.lat !== null && row.lon !== null) return { point: { lat: row.lat, lon: row.lon }, source: 'observation' };
  const p = row.placeId ? places.get(row.placeId) : undefined;
  if (p) return { point: p, source: 'place' };
  const a = areas.get(row.areaId);
  if (a) return { point: a, source: 'area' };
  return { point: null, source: null };
}

export function csvLine(row: ExportRow, loc: { point: Point | null; source: LocationSource }): string {
  return (
    [
      csvField(row.id),
      csvField(row.week),
      csvField(row.category),
      csvField(indicator(row.category).en.label),
      csvField(row.areaName),
      csvField(row.placeName),
      csvField(row.timeOfDay),
      csvField(row.occurredOn),
      csvField(row.persists, false),
      csvField(row.organisation),
      csvField(row.note),
      csvField(loc.point?.lat ?? null, false),
      csvField(loc.point?.lon ?? null, false),
      csvField(loc.source),
    ].join(',') + '\r\n'
  );
}

export function geoJsonFeature(row: ExportRow, loc: { point: Point | null; source: LocationSource }): object {
  return {
    type: 'Feature',
    id: row.id,
    geometry: loc.point ? { type: 'Point', coordinates: [loc.point.lon, loc.point.lat] } : null,
    properties: {
      week: row.week,
      category: row.category,
      categoryLabel: indicator(row.category).en.label,
      area: row.areaName,
      place: row.placeName,
      timeOfDay: row.timeOfDay,
      occurredOn: row.occurredOn,
      persists: row.persists,
      organisation: row.organisation,
      note: row.note,
      locationSource: loc.source,
    },
  };
}

/**
 * A representative point of a stored GeoJSON geometry: a Point as it is; a
 * (Multi)Polygon by the mean of its outer ring's vertices (good enough to place
 * an observation of "the area" on a map; not a true centroid). Null if unreadable.
 */
export function representativePoint(geometryJson: string | null): Point | null {
  if (!geometryJson) return null;
  let g: { type?: string; coordinates?: unknown };
  try {
    g = JSON.parse(geometryJson) as typeof g;
  } catch {
    return null;
  }
  const pos = (p: unknown): Point | null =>
    Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number' ? { lon: p[0], lat: p[1] } : null;
  const ringMean = (ring: unknown): Point | null => {
    if (!Array.isArray(ring) || ring.length === 0) return null;
    const pts = ring.map(pos).filter((p): p is Point => p !== null);
    // A closed ring repeats its first vertex last: count it once.
    const first = pts[0];
    const last = pts[pts.length - 1];
    if (pts.length > 1 && first && last && first.lon === last.lon && first.lat === last.lat) pts.pop();
    if (pts.length === 0) return null;
    const round = (n: number) => Math.round(n * 1e6) / 1e6;
    return { lon: round(pts.reduce((s, p) => s + p.lon, 0) / pts.length), lat: round(pts.reduce((s, p) => s + p.lat, 0) / pts.length) };
  };
  switch (g.type) {
    case 'Point':
      return pos(g.coordinates);
    case 'Polygon':
      return Array.isArray(g.coordinates) ? ringMean(g.coordinates[0]) : null;
    case 'MultiPolygon':
      return Array.isArray(g.coordinates) && Array.isArray(g.coordinates[0]) ? ringMean(g.coordinates[0][0]) : null;
    default:
      return null;
  }
}
