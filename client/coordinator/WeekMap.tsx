/**
 * The week on the map: each area shaded by this week's count against its own 8-week
 * average, the prioritised areas outlined, recurring places ringed; choosing an area
 * (click, or Tab + Enter) shows its cells and observations as the table's detail does.
 * Leaflet and its CSS live only in this chunk, loaded when a coordinator picks "Karta".
 * Without a configured basemap (MAP_TILE_URL) no tile layer exists at all, so no
 * request leaves the server: the outlines and labels stand on a plain background.
 */
import 'leaflet/dist/leaflet.css';
import * as L from 'leaflet';
import { For, Show, createEffect, createMemo, createResource, createSignal, on, onCleanup, onMount } from 'solid-js';
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import { SHADES, filterObservations, shadeAreas, type AreaShading, type MapData, type MapFilter, type Position, type Shade } from '../../shared/map';
import type { TimeOfDay } from '../../shared/schemas';
import type { WeekSummary } from '../../shared/weekview';
import { api } from '../staff/http';
import { describe } from '../staff/errors';
import { num, t, type CoordKey } from './i18n';
import { Notice } from './ui';
import { FetchedObservations, fetchObservations, label } from './WeekView';

/** PuOr, a diverging scheme readable with the common colour-vision deficiencies; the legend also says it in words. */
const FILL: Record<Shade, string> = {
  muchLower: '#5e3c99',
  lower: '#b2abd2',
  usual: '#f7f7f7',
  higher: '#fdb863',
  muchHigher: '#e66101',
  nobaseline: '#ffffff',
  none: 'url(#wmap-hatch)',
};
const TIMES: TimeOfDay[] = ['day', 'evening', 'night', 'unknown'];
const latLng = (p: Position): L.LatLngTuple => [p[1], p[0]];

export default function WeekMap(props: { view: WeekSummary; weekNumber: number }) {
  const [data, setData] = createSignal<MapData>();
  const [failed, setFailed] = createSignal<string>();
  const [filter, setFilter] = createSignal<MapFilter>({ category: 'all', timeOfDay: 'all' });
  const [chosen, setChosen] = createSignal<string>();
  // The chosen area's observations, fetched once when it is opened; the filters narrow them here.
  const [chosenObservations] = createResource(chosen, (id) => fetchObservations(props.view.week, id));
  const shading = createMemo(() => new Map(shadeAreas(props.view, filter()).map((s) => [s.areaId, s])));
  const chosenShading = () => {
    const id = chosen();
    return id === undefined ? undefined : shading().get(id);
  };
  const counts = createMemo(() => {
    const c = Object.fromEntries(SHADES.map((s) => [s, 0])) as Record<Shade, number>;
    for (const s of shading().values()) c[s.shade]++;
    return c;
  });
  const withoutOutline = () => {
    const d = data();
    if (!d) return [];
    const drawn = new Set(d.areas.filter((a) => a.geometry).map((a) => a.id));
    return props.view.areas.filter((a) => !drawn.has(a.id)).map((a) => a.name);
  };

  let container!: HTMLDivElement;
  let detail: HTMLElement | undefined;
  let map: L.Map | undefined;
  const polygons = new Map<string, L.Polygon>();

  const areaLabel = (s: AreaShading): string =>
    t('areaMapLabel', { area: s.name, count: s.count, shade: t(`shade_${s.shade}` as CoordKey) }) +
    (s.priority !== null ? ' ' + t('areaMapPrioritised', { n: s.priority }) : '');

  const choose = (id: string) => {
    setChosen(id);
    queueMicrotask(() => detail?.focus());
  };
  const closeDetail = () => {
    const id = chosen();
    setChosen(undefined);
    const el = id === undefined ? undefined : (polygons.get(id)?.getElement() as SVGElement | undefined);
    el?.focus();
  };

  onMount(async () => {
    let d: MapData;
    try {
      d = await api<MapData>('GET', '/api/v1/map');
    } catch (e) {
      setFailed(describe(e));
      return;
    }
    setData(d);
    if (!d.areas.some((a) => a.geometry)) return;
    map = L.map(container, { attributionControl: true, keyboard: true, zoomSnap: 0.25 });
    map.attributionControl.setPrefix(false);
    if (d.tiles) L.tileLayer(d.tiles.url, { attribution: d.tiles.attribution, maxZoom: 19 }).addTo(map);
    // Drawn in the table's order (prioritised first), so Tab walks the areas as the table lists them.
    const geometry = new Map(d.areas.map((a) => [a.id, a.geometry]));
    const shapes = props.view.areas.flatMap((area) => {
      const g = geometry.get(area.id);
      if (!g) return [];
      const latlngs = g.type === 'Polygon' ? g.coordinates.map((r) => r.map(latLng)) : g.coordinates.map((poly) => poly.map((r) => r.map(latLng)));
      return [{ area, polygon: L.polygon(latlngs, { weight: 1.5, color: '#333333', fillOpacity: 0.75 }) }];
    });
    // The view first: Leaflet renders vector layers only on a map that has one.
    const bounds = L.latLngBounds([]);
    for (const s of shapes) bounds.extend(s.polygon.getBounds());
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [8, 8] });
    for (const { area, polygon } of shapes) {
      polygon.addTo(map);
      polygon.on('click', () => choose(area.id));
      polygon.bindTooltip('', { permanent: true, direction: 'center', className: 'wmap-label', interactive: false });
      const el = polygon.getElement() as SVGElement;
      el.setAttribute('tabindex', '0');
      el.setAttribute('role', 'button');
      el.setAttribute('data-area', area.name);
      el.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          choose(area.id);
        }
      });
      polygons.set(area.id, polygon);
    }
    // Recurring places where they have a point: a ring, not a fill, so it reads on any shade.
    const points = new Map(d.places.map((p) => [p.id, p.point]));
    for (const r of props.view.recurringPlaces) {
      const p = points.get(r.placeId);
      if (!p) continue;
      L.circleMarker(latLng(p), { radius: 7, weight: 3, color: '#111111', fillColor: '#ffffff', fillOpacity: 1, interactive: false })
        .bindTooltip(t('recurringMark', { place: r.placeName, n: r.weeks.length }), { direction: 'top' })
        .addTo(map);
    }
    restyle();
  });

  /** Colours, outlines, labels and accessible names from the current shading. */
  const restyle = () => {
    for (const [id, polygon] of polygons) {
      const s = shading().get(id);
      if (!s) continue;
      const prioritised = s.priority !== null;
      polygon.setStyle({
        fillColor: FILL[s.shade],
        fillOpacity: s.shade === 'nobaseline' ? 0.6 : 0.75,
        color: prioritised ? '#000000' : '#4a4a4a',
        weight: prioritised ? 4.5 : 1.5,
        dashArray: s.shade === 'nobaseline' ? '5 4' : undefined,
      });
      polygon.setTooltipContent(`${s.name}: ${s.count}`);
      polygon.getTooltip()?.getElement()?.setAttribute('aria-hidden', 'true');
      const el = polygon.getElement() as SVGElement;
      el.setAttribute('aria-label', areaLabel(s));
      el.setAttribute('data-shade', s.shade);
      el.setAttribute('aria-expanded', String(chosen() === id));
    }
  };
  createEffect(on([shading, chosen], restyle, { defer: true }));
  onCleanup(() => map?.remove());

  return (
    <section class="wmap" aria-labelledby="wmap-h" data-testid="week-map">
      <h2 id="wmap-h" class="visually-hidden">{t('viewMap')}</h2>
      <svg class="wmap-defs" width="0" height="0" aria-hidden="true">
        <defs>
          <pattern id="wmap-hatch" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">
            <rect width="8" height="8" fill="#e3e3e3" />
            <line x1="0" y1="0" x2="0" y2="8" stroke="#7a7a7a" stroke-width="3" />
          </pattern>
        </defs>
      </svg>
      <div class="coord-row coord-wrap no-print">
        <div class="coord-field">
          <label for="wmap-category">{t('mapIndicator')}</label>
          <select id="wmap-category" data-testid="map-category" onChange={(e) => setFilter((f) => ({ ...f, category: e.currentTarget.value as IndicatorKey | 'all' }))}>
            <option value="all">{t('mapAllIndicators')}</option>
            <For each={INDICATOR_KEYS}>{(c) => <option value={c}>{label(c)}</option>}</For>
          </select>
        </div>
        <div class="coord-field">
          <label for="wmap-time">{t('mapTime')}</label>
          <select id="wmap-time" data-testid="map-time" onChange={(e) => setFilter((f) => ({ ...f, timeOfDay: e.currentTarget.value as TimeOfDay | 'all' }))}>
            <option value="all">{t('mapAllTimes')}</option>
            <For each={TIMES}>{(k) => <option value={k}>{t(`tod_${k}` as CoordKey)}</option>}</For>
          </select>
        </div>
      </div>
      <Show when={failed()}><Notice kind="error" text={failed()!} /></Show>
      <Show when={data() && !data()!.areas.some((a) => a.geometry)}><Notice kind="info" text={t('mapNoOutlines')} /></Show>
      <div class="wmap-layout">
        <div ref={container} class="wmap-canvas" role="region" aria-label={t('mapLabel', { n: props.weekNumber })} data-testid="map-canvas" />
        <section class="wmap-legend" aria-labelledby="wmap-legend-h" data-testid="map-legend">
          <h3 id="wmap-legend-h">{t('legendTitle')}</h3>
          <p class="small">{t('legendHelp', { weeks: props.view.averageWindow.weeksInUse })}</p>
          <Show when={filter().timeOfDay !== 'all'}><p class="small">{t('legendTimeNote')}</p></Show>
          <ul class="coord-plain">
            <For each={SHADES}>
              {(s) => (
                <li>
                  <span class={`wmap-swatch wmap-swatch-${s}`} aria-hidden="true" />
                  {t(`shade_${s}` as CoordKey)} <span class="muted">({t('legendAreas', { n: counts()[s] })})</span>
                </li>
              )}
            </For>
            <li><span class="wmap-swatch wmap-swatch-prioritised" aria-hidden="true" />{t('legendPrioritised')}</li>
            <li><span class="wmap-swatch wmap-swatch-recurring" aria-hidden="true" />{t('legendRecurring')}</li>
          </ul>
          <Show when={withoutOutline().length > 0}><p class="small">{t('areaNoOutline', { areas: withoutOutline().join(', ') })}</p></Show>
        </section>
      </div>
      <Show when={chosenShading()}>
        {(s) => {
          const area = () => props.view.areas.find((a) => a.id === s().areaId)!;
          return (
            <section class="coord-card coord-detail" tabindex="-1" ref={detail} aria-labelledby="wmap-detail-h" data-testid="area-detail">
              <div class="coord-row">
                <h2 id="wmap-detail-h">{t('areaDetailTitle', { area: s().name, n: props.weekNumber })}</h2>
                <button type="button" class="btn" onClick={closeDetail}>{t('close')}</button>
              </div>
              <table class="coord-table">
                <caption class="visually-hidden">{t('areaCells')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('mapIndicator')}</th>
                    <th scope="col">{t('total')}</th>
                    <th scope="col">{t('prevWeekCol')}</th>
                    <th scope="col">{t('avgCol')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={props.view.categories}>
                    {(c) => (
                      <tr>
                        <th scope="row">{label(c)}</th>
                        <td>{area().cells[c].count}</td>
                        <td>{area().cells[c].previous}</td>
                        <td>{area().cells[c].average === null ? '–' : num(area().cells[c].average!)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <FetchedObservations observations={chosenObservations} filter={(list) => filterObservations(list, filter())} showCategory />
            </section>
          );
        }}
      </Show>
    </section>
  );
}
