/**
 * The map's shapes and pure logic, shared by server and client: the basemap
 * configuration, the geography the map draws, and the week view's shading classes.
 * No I/O; no map library (the client imports Leaflet lazily, the server never).
 */
import type { IndicatorKey } from './indicators';
import type { TimeOfDay } from './schemas';
import type { WeekSummary, WeekSummaryArea, WeekViewObservation } from './weekview';

// --- basemap ------------------------------------------------------------------

/** The raster basemap: an XYZ tile template and its attribution. */
export interface MapTiles {
  /** e.g. "https://karta.example.se/tiles/{z}/{x}/{y}.png" */
  url: string;
  attribution: string;
  /** The one origin the template requests tiles from (the CSP's img-src allows exactly it). */
  origin: string;
}

/**
 * Reads MAP_TILE_URL / MAP_ATTRIBUTION. Returns null without a template (the map
 * then draws outlines on a plain background and no request leaves the server), or
 * an Error sentence for a template the server cannot allow safely: the CSP names a
 * single origin, so a `{s}` subdomain placeholder (several hosts) is refused.
 */
export function parseMapTiles(url: string | undefined, attribution: string | undefined): MapTiles | null | Error {
  if (url === undefined || url.trim() === '') return null;
  const template = url.trim();
  if (template.includes('{s}')) return new Error('MAP_TILE_URL must name one host: the {s} subdomain placeholder is not supported (the CSP allows exactly one tile origin)');
  for (const p of ['{z}', '{x}', '{y}']) {
    if (!template.includes(p)) return new Error(`MAP_TILE_URL must be an XYZ template containing {z}, {x} and {y}, e.g. https://tiles.example.se/{z}/{x}/{y}.png (missing ${p})`);
  }
  let parsed: URL;
  try {
    parsed = new URL(template.replace(/\{[a-z]+\}/g, '0'));
  } catch {
    return new Error(`MAP_TILE_URL is not a URL: "${template}"`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return new Error(`MAP_TILE_URL must start with https:// (or http://), not "${parsed.protocol}"`);
  if (parsed.username || parsed.password) return new Error('MAP_TILE_URL must not contain a user name or password');
  return { url: template, attribution: (attribution ?? '').trim(), origin: parsed.origin };
}

// --- geography ------------------------------------------------------------------

/** [longitude, latitude] as in GeoJSON (RFC 7946). */
export type Position = [number, number];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export interface PointGeometry {
  type: 'Point';
  coordinates: Position;
}

export interface MapArea {
  id: string;
  name: string;
  /** Null when the area has no outline yet (it is listed beside the map, never dropped). */
  geometry: PolygonGeometry | MultiPolygonGeometry | null;
}
export interface MapPlace {
  id: string;
  areaId: string;
  name: string;
  /** Null when the place has no point. */
  point: Position | null;
}

/** GET /api/v1/map: the basemap (null: none configured) and what to draw. */
export interface MapData {
  tiles: { url: string; attribution: string } | null;
  areas: MapArea[];
  places: MapPlace[];
}

// --- the week on the map -------------------------------------------------------------

/**
 * Shading of an area against its own 8-week average (a diverging scale). `none`:
 * no report this week covered the area – shown hatched as "ingen rapportering",
 * never as calm. `nobaseline`: reports came but there is no average to compare with.
 */
export type Shade = 'none' | 'nobaseline' | 'muchLower' | 'lower' | 'usual' | 'higher' | 'muchHigher';

/** The legend's order, low to high, then the two without a comparison. */
export const SHADES: Shade[] = ['muchLower', 'lower', 'usual', 'higher', 'muchHigher', 'nobaseline', 'none'];

export interface MapFilter {
  /** One indicator, or all of them. */
  category: IndicatorKey | 'all';
  /** One time of day, or all. */
  timeOfDay: TimeOfDay | 'all';
}

export interface AreaShading {
  areaId: string;
  name: string;
  shade: Shade;
  /** Observations this week matching the filter. */
  count: number;
  /**
   * The 8-week average the count is compared with, for the indicator filter. Null without
   * history, and null under a time-of-day filter: history is kept per indicator, not per
   * time of day, so the comparison is not made rather than made up.
   */
  average: number | null;
  priority: number | null;
}

/**
 * The class of a count against its average. "Usual" is within ±max(1, 25 %) of the
 * average – one observation more or less is noise in a small area; "much" is at least
 * double (or half) and at least 2 apart.
 */
export function shadeFor(count: number, average: number | null, covered: boolean): Shade {
  if (!covered && count === 0) return 'none';
  if (average === null) return 'nobaseline';
  const diff = count - average;
  const band = Math.max(1, average * 0.25);
  if (Math.abs(diff) <= band) return 'usual';
  if (diff > 0) return diff >= 2 && count >= 2 * average ? 'muchHigher' : 'higher';
  return -diff >= 2 && count <= average / 2 ? 'muchLower' : 'lower';
}

/** The shading of every area of a week view under a filter. */
export function shadeAreas(view: WeekSummary, filter: MapFilter): AreaShading[] {
  return view.areas.map((a) => shadeArea(a, view.categories, filter));
}

/** From the cells' figures: each cell carries its split by time of day, so no observation is needed. */
export function shadeArea(area: WeekSummaryArea, categories: IndicatorKey[], filter: MapFilter): AreaShading {
  const cats = filter.category === 'all' ? categories : [filter.category];
  let count = 0;
  for (const c of cats) count += filter.timeOfDay === 'all' ? area.cells[c].count : area.cells[c].timeOfDay[filter.timeOfDay];
  const stats = filter.category === 'all' ? area.total : area.cells[filter.category];
  const average = filter.timeOfDay === 'all' ? stats.average : null;
  return { areaId: area.id, name: area.name, shade: shadeFor(count, average, area.covered), count, average, priority: area.priority };
}

/** The observations behind an area's count under the filter (the detail lists them once fetched). */
export function filterObservations(observations: readonly WeekViewObservation[], filter: MapFilter): WeekViewObservation[] {
  return observations.filter(
    (o) => (filter.category === 'all' || o.category === filter.category) && (filter.timeOfDay === 'all' || o.timeOfDay === filter.timeOfDay),
  );
}
