/**
 * What the week map (WeekMap.tsx) and the period's and year's map (SpanMap.tsx) draw
 * alike with Leaflet: the map with its basemap, and the areas as focusable buttons.
 * Imported only by those lazily loaded chunks, so Leaflet stays out of every other one.
 */
import * as L from 'leaflet';
import type { MapArea, MapData, Position } from '../../shared/map';

export const latLng = (p: Position): L.LatLngTuple => [p[1], p[0]];

/**
 * A map on `container` with the configured basemap. Without one (no MAP_TILE_URL) there
 * is no tile layer at all, so no request leaves the server: outlines and labels stand
 * on the canvas's plain background.
 */
export function baseMap(container: HTMLElement, tiles: MapData['tiles']): L.Map {
  const map = L.map(container, { attributionControl: true, keyboard: true, zoomSnap: 0.25 });
  map.attributionControl.setPrefix(false);
  if (tiles) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 19 }).addTo(map);
  return map;
}

export interface DrawnAreas {
  polygons: Map<string, L.Polygon>;
  /** Of every drawn area: the view to fit (again, when the canvas changes size for print). */
  bounds: L.LatLngBounds;
}

/**
 * Draws the areas that have an outline, in the order given – Tab walks them in that
 * order, so pass the table's – and fits the view on them. Each is a button for the
 * keyboard (Tab, then Enter or Space) and the pointer, named by the caller's
 * aria-label, with its name in data-area and a permanent label (aria-hidden: the
 * caller sets its text and the accessible name says it).
 */
export function drawAreas(
  map: L.Map,
  areas: { id: string; name: string }[],
  geometry: Map<string, MapArea['geometry']>,
  opts: { fillOpacity: number; labelClass: string; labelAt?: (b: L.LatLngBounds) => L.LatLngExpression; onChoose: (id: string) => void },
): DrawnAreas {
  const shapes = areas.flatMap((area) => {
    const g = geometry.get(area.id);
    if (!g) return [];
    const latlngs = g.type === 'Polygon' ? g.coordinates.map((r) => r.map(latLng)) : g.coordinates.map((poly) => poly.map((r) => r.map(latLng)));
    return [{ area, polygon: L.polygon(latlngs, { weight: 1.5, color: '#333333', fillOpacity: opts.fillOpacity }) }];
  });
  // The view first: Leaflet renders vector layers only on a map that has one.
  const bounds = L.latLngBounds([]);
  for (const s of shapes) bounds.extend(s.polygon.getBounds());
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [8, 8] });
  const polygons = new Map<string, L.Polygon>();
  for (const { area, polygon } of shapes) {
    polygon.addTo(map);
    polygon.on('click', () => opts.onChoose(area.id));
    polygon.bindTooltip('', { permanent: true, direction: 'center', className: opts.labelClass, interactive: false });
    if (opts.labelAt) polygon.openTooltip(opts.labelAt(polygon.getBounds()));
    const el = polygon.getElement() as SVGElement;
    el.setAttribute('tabindex', '0');
    el.setAttribute('role', 'button');
    el.setAttribute('data-area', area.name);
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        opts.onChoose(area.id);
      }
    });
    polygons.set(area.id, polygon);
  }
  return { polygons, bounds };
}
