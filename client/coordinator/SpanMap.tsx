/**
 * A period's or a year's observations on the map: each area shaded by its count over the
 * span (a sequential scale, shared/map.ts countClasses), the places with a point drawn as
 * circles whose area follows their count (the number inside), a legend with the numbers,
 * and a table of the same figures – the full alternative. Choosing an area (click, or Tab
 * + Enter) shows its counts per indicator and its places. "Skriv ut karta" prints the map,
 * its title and legend alone on one A4 page (coordinator.css, html[data-print='map']).
 * Leaflet lives only in this chunk, as for the week map; without MAP_TILE_URL no tile
 * layer exists, so no request leaves the server.
 */
import 'leaflet/dist/leaflet.css';
import * as L from 'leaflet';
import { For, Show, createEffect, createMemo, createResource, createSignal, on, onCleanup } from 'solid-js';
import type { IndicatorKey } from '../../shared/indicators';
import { classOf, countClasses, countFor, type MapData, type SpanAreaCounts, type SpanMapCounts } from '../../shared/map';
import { api } from '../staff/http';
import { describe } from '../staff/errors';
import { lang, num, t } from './i18n';
import { Notice, weekLabel } from './ui';
import { label } from './WeekView';
import { baseMap, drawAreas, latLng } from './map-areas';

/**
 * ColorBrewer Blues (sequential, readable with the common colour-vision deficiencies),
 * its six-class lightest step left to 0 (white); fewer classes take spread-out steps.
 */
const BLUES = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const ZERO = '#ffffff';
const fillOf = (i: number, n: number): string => (i < 0 ? ZERO : BLUES[n <= 1 ? 3 : Math.round((i * (BLUES.length - 1)) / (n - 1))]!);
/** A place's circle: its area follows the count (diameter ∝ √count), never smaller than its number needs. */
const MAX_D = 46;
const MIN_D = 20;
const diameter = (count: number, max: number): number => Math.max(MIN_D, Math.round(MAX_D * Math.sqrt(count / Math.max(1, max))));
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export default function SpanMap(props: { url: string }) {
  const [geo] = createResource(() => api<MapData>('GET', '/api/v1/map'));
  const [counts] = createResource(() => props.url, (u) => api<SpanMapCounts>('GET', u));
  const [category, setCategory] = createSignal<IndicatorKey | 'all'>('all');
  const [chosen, setChosen] = createSignal<string>();

  const indicatorLabel = () => (category() === 'all' ? t('sm_allIndicators') : label(category() as IndicatorKey));
  const spanLabel = () => (counts() ? cap(counts()!.span.label[lang()]) : '');
  const title = () => [counts()?.municipality, spanLabel(), indicatorLabel()].filter(Boolean).join(' – ');
  const areaCount = (a: SpanAreaCounts) => countFor(a, category());
  const classes = createMemo(() => countClasses(Math.max(0, ...(counts()?.areas ?? []).map(areaCount))));
  const classIndex = (a: SpanAreaCounts) => classOf(areaCount(a), classes());
  const placeRows = createMemo(() => (counts()?.places ?? []).map((p) => ({ ...p, count: countFor(p, category()) })).filter((p) => p.count > 0));
  const maxPlace = () => Math.max(1, ...placeRows().map((p) => p.count));
  const legendCounts = createMemo(() => {
    const byClass = classes().map(() => 0);
    let zero = 0;
    let none = 0;
    for (const a of counts()?.areas ?? []) {
      const i = classIndex(a);
      if (i >= 0) byClass[i]!++;
      else if (a.covered) zero++;
      else none++;
    }
    return { byClass, zero, none };
  });
  const outlined = () => new Set((geo()?.areas ?? []).filter((a) => a.geometry).map((a) => a.id));
  const withoutOutline = () => (geo() && counts() ? counts()!.areas.filter((a) => !outlined().has(a.areaId)).map((a) => a.name) : []);
  const points = () => new Map((geo()?.places ?? []).map((p) => [p.id, p.point]));
  const drawnPlaces = () => placeRows().filter((p) => points().get(p.placeId));
  const sampleCircles = () => {
    const max = maxPlace();
    return [...new Set([max, Math.max(1, Math.round(max / 4))])];
  };
  const areaLabel = (a: SpanAreaCounts) =>
    !a.covered && areaCount(a) === 0 ? t('sm_areaNoReporting', { area: a.name }) : t('sm_areaLabel', { area: a.name, count: areaCount(a) });

  let container: HTMLDivElement | undefined;
  let detail: HTMLElement | undefined;
  let map: L.Map | undefined;
  let bounds: L.LatLngBounds | undefined;
  const polygons = new Map<string, L.Polygon>();
  let placeLayer: L.LayerGroup | undefined;

  const choose = (id: string) => {
    setChosen(id);
    queueMicrotask(() => detail?.focus());
  };
  const closeDetail = () => {
    const id = chosen();
    setChosen(undefined);
    (id === undefined ? undefined : (polygons.get(id)?.getElement() as SVGElement | undefined))?.focus();
  };

  /** Builds the map once both answers are in and the canvas exists. */
  const build = () => {
    const g = geo();
    const c = counts();
    if (map || !g || !c || !container || !g.areas.some((a) => a.geometry)) return;
    map = baseMap(container, g.tiles);
    // Drawn in the table's order, so Tab walks the areas as the table lists them. The label
    // low in the area, so the places' circles around its middle stay clear of it.
    const drawn = drawAreas(map, c.areas.map((a) => ({ id: a.areaId, name: a.name })), new Map(g.areas.map((a) => [a.id, a.geometry])), {
      fillOpacity: 0.85,
      labelClass: 'wmap-label smap-label',
      labelAt: (b) => [b.getSouth() + (b.getNorth() - b.getSouth()) * 0.14, b.getCenter().lng],
      onChoose: choose,
    });
    for (const [id, polygon] of drawn.polygons) polygons.set(id, polygon);
    bounds = drawn.bounds;
    placeLayer = L.layerGroup().addTo(map);
    restyle();
  };

  /** Fills, labels, accessible names and the place circles for the chosen indicator. */
  const restyle = () => {
    const c = counts();
    if (!map || !c) return;
    const n = classes().length;
    for (const a of c.areas) {
      const polygon = polygons.get(a.areaId);
      if (!polygon) continue;
      const i = classIndex(a);
      const unknown = !a.covered && i < 0;
      polygon.setStyle({ fillColor: unknown ? 'url(#smap-hatch)' : fillOf(i, n), fillOpacity: 0.85, color: '#333333', weight: 1.5 });
      polygon.setTooltipContent(unknown ? a.name : `${a.name}: ${areaCount(a)}`);
      polygon.getTooltip()?.getElement()?.setAttribute('aria-hidden', 'true');
      const el = polygon.getElement() as SVGElement;
      el.setAttribute('aria-label', areaLabel(a));
      el.setAttribute('data-count', String(areaCount(a)));
      el.setAttribute('data-class', unknown ? 'none' : String(i));
      el.setAttribute('aria-expanded', String(chosen() === a.areaId));
    }
    placeLayer!.clearLayers();
    const max = maxPlace();
    // Largest first, so a small circle is never hidden under a big one.
    for (const p of [...drawnPlaces()].sort((x, y) => y.count - x.count)) {
      const d = diameter(p.count, max);
      const icon = L.divIcon({
        className: 'smap-place',
        html: `<span>${p.count}</span>`,
        iconSize: [d, d],
        iconAnchor: [d / 2, d / 2],
      });
      const marker = L.marker(latLng(points().get(p.placeId)!), { icon, interactive: false, keyboard: false }).addTo(placeLayer!);
      const el = marker.getElement();
      // The table lists every place with its figure; the circle repeats it for the eye.
      el?.setAttribute('aria-hidden', 'true');
      el?.setAttribute('data-place', p.name);
      el?.setAttribute('data-count', String(p.count));
      el?.setAttribute('title', `${p.name}: ${p.count}`);
    }
  };

  createEffect(on([geo, counts], () => queueMicrotask(build)));
  createEffect(on([category, chosen, counts], restyle, { defer: true }));

  /** The printed size on screen too (mm in both), so Leaflet draws what the page will hold. */
  const printSize = (on: boolean) => {
    container?.classList.toggle('smap-printsize', on);
    if (!map) return;
    map.invalidateSize({ animate: false });
    if (bounds?.isValid()) map.fitBounds(bounds, { padding: [8, 8], animate: false });
  };
  const beforePrint = () => printSize(true);
  const afterPrint = () => {
    delete document.documentElement.dataset.print;
    printSize(false);
  };
  window.addEventListener('beforeprint', beforePrint);
  window.addEventListener('afterprint', afterPrint);
  onCleanup(() => {
    window.removeEventListener('beforeprint', beforePrint);
    window.removeEventListener('afterprint', afterPrint);
    delete document.documentElement.dataset.print;
    map?.remove();
  });
  const printMap = () => {
    document.documentElement.dataset.print = 'map';
    printSize(true);
    requestAnimationFrame(() => window.print());
  };

  const error = () => (geo.error ? describe(geo.error) : counts.error ? describe(counts.error) : undefined);
  const chosenArea = () => counts()?.areas.find((a) => a.areaId === chosen());

  return (
    <section class="smap" aria-labelledby="smap-h" data-testid="span-map">
      <svg class="wmap-defs" width="0" height="0" aria-hidden="true">
        <defs>
          <pattern id="smap-hatch" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">
            <rect width="8" height="8" fill="#e3e3e3" />
            <line x1="0" y1="0" x2="0" y2="8" stroke="#7a7a7a" stroke-width="3" />
          </pattern>
        </defs>
      </svg>
      <h3 id="smap-h" class="smap-title" data-testid="smap-title">{title()}</h3>
      <Show when={error()}><Notice kind="error" text={error()!} /></Show>
      <Show when={counts()} fallback={<Show when={!error()}><p>{t('sm_loading')}</p></Show>}>
        {(c) => (
          <>
            <p class="small">{t('sm_weeks', { from: weekLabel(c().span.first), to: weekLabel(c().span.last), n: c().span.weeks })}</p>
            <div class="coord-row coord-wrap no-print">
              <div class="coord-field">
                <label for="smap-category">{t('sm_indicator')}</label>
                <select id="smap-category" data-testid="smap-category" onChange={(e) => setCategory(e.currentTarget.value as IndicatorKey | 'all')}>
                  <option value="all">{t('sm_allIndicators')}</option>
                  <For each={c().categories}>{(k) => <option value={k}>{label(k)}</option>}</For>
                </select>
              </div>
              <button type="button" class="btn" data-testid="smap-print" onClick={printMap}>{t('sm_print')}</button>
            </div>
            <Show when={geo() && !geo()!.areas.some((a) => a.geometry)}><Notice kind="info" text={t('sm_noOutlines')} /></Show>
            <div class="smap-layout">
              <div ref={container} class="smap-canvas" role="region" aria-label={t('sm_canvas', { title: title() })} data-testid="smap-canvas" />
              <section class="smap-legend" aria-labelledby="smap-legend-h" data-testid="smap-legend">
                <h4 id="smap-legend-h">{t('sm_legend')}</h4>
                <p class="small">{t('sm_scale', { weeks: c().span.elapsed < c().span.weeks ? t('sm_weeksSoFar', { elapsed: c().span.elapsed, n: c().span.weeks }) : t('sm_weeksAll', { n: c().span.weeks }) })}</p>
                <ul class="coord-plain">
                  <For each={classes()}>
                    {(k, i) => (
                      <li>
                        <span class="smap-swatch" style={{ background: fillOf(i(), classes().length) }} aria-hidden="true" />
                        {k.from === k.to ? t('sm_classOne', { from: k.from }) : t('sm_class', { from: k.from, to: k.to })}{' '}
                        <span class="muted">({t('sm_areas', { n: legendCounts().byClass[i()] ?? 0 })})</span>
                      </li>
                    )}
                  </For>
                  <li>
                    <span class="smap-swatch" style={{ background: ZERO }} aria-hidden="true" />
                    {t('sm_zero')} <span class="muted">({t('sm_areas', { n: legendCounts().zero })})</span>
                  </li>
                  <li>
                    <span class="smap-swatch wmap-swatch-none" aria-hidden="true" />
                    {t('sm_none')} <span class="muted">({t('sm_areas', { n: legendCounts().none })})</span>
                  </li>
                </ul>
                <Show when={drawnPlaces().length > 0} fallback={<p class="small">{t('sm_noPlaces')}</p>}>
                  <p class="small smap-circles">
                    <For each={sampleCircles()}>
                      {(n) => {
                        const d = diameter(n, maxPlace());
                        return <span class="smap-place smap-place-sample" style={{ width: `${d}px`, height: `${d}px` }} aria-hidden="true"><span>{n}</span></span>;
                      }}
                    </For>
                    <span>{t('sm_places')}</span>
                  </p>
                </Show>
                <Show when={withoutOutline().length > 0 && outlined().size > 0}><p class="small">{t('sm_noOutline', { areas: withoutOutline().join(', ') })}</p></Show>
              </section>
            </div>
            <Show when={chosenArea()}>
              {(a) => (
                <section class="coord-card coord-detail smap-detail" tabindex="-1" ref={detail} aria-labelledby="smap-detail-h" data-testid="smap-detail">
                  <div class="coord-row">
                    <h4 id="smap-detail-h">{t('sm_detail', { area: a().name, span: spanLabel() })}</h4>
                    <button type="button" class="btn" onClick={closeDetail}>{t('close')}</button>
                  </div>
                  <table class="coord-table coord-compact">
                    <caption class="visually-hidden">{t('sm_detail', { area: a().name, span: spanLabel() })}</caption>
                    <thead><tr><th scope="col">{t('sm_indicator')}</th><th scope="col">{t('sm_colCount')}</th></tr></thead>
                    <tbody>
                      <For each={c().categories}>{(k) => <tr><th scope="row">{label(k)}</th><td>{a().byCategory[k]}</td></tr>}</For>
                      <tr><th scope="row">{t('total')}</th><td>{a().total}</td></tr>
                    </tbody>
                  </table>
                  <Show when={c().places.some((p) => p.areaId === a().areaId)}>
                    <h5>{t('sm_detailPlaces')}</h5>
                    <ul class="coord-plain small">
                      <For each={c().places.filter((p) => p.areaId === a().areaId)}>{(p) => <li>{p.name}: {countFor(p, category())}</li>}</For>
                    </ul>
                  </Show>
                </section>
              )}
            </Show>
            <div class="smap-tables">
              <div class="coord-scroll" role="region" aria-labelledby="smap-areas-cap" tabindex="0">
                <table class="coord-table coord-compact" data-testid="smap-area-table">
                  <caption id="smap-areas-cap">{t('sm_tableAreas', { indicator: indicatorLabel() })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('sm_colArea')}</th>
                      <th scope="col">{t('sm_colCount')}</th>
                      <th scope="col">{t('sm_colPerWeek')}</th>
                      <th scope="col">{t('sm_colReporting')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={c().areas}>
                      {(a) => (
                        <tr data-area={a.name}>
                          <th scope="row">{a.name}</th>
                          <td>{areaCount(a)}</td>
                          <td>{c().span.elapsed > 0 ? num(areaCount(a) / c().span.elapsed) : '–'}</td>
                          <td>{a.covered ? t('sm_reported') : t('sm_notReported')}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <Show when={placeRows().length > 0}>
                <div class="coord-scroll" role="region" aria-labelledby="smap-places-cap" tabindex="0">
                  <table class="coord-table coord-compact" data-testid="smap-place-table">
                    <caption id="smap-places-cap">{t('sm_tablePlaces', { indicator: indicatorLabel() })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('sm_colPlace')}</th>
                        <th scope="col">{t('sm_colArea')}</th>
                        <th scope="col">{t('sm_colCount')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={placeRows()}>
                        {(p) => (
                          <tr data-place={p.name}>
                            <th scope="row">{p.name}</th>
                            <td>{c().areas.find((a) => a.areaId === p.areaId)?.name ?? ''}</td>
                            <td>{p.count}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
