/**
 * The admin's drawing map: draw a new area's outline, edit an area's corners, set or move
 * a place's point. Leaflet and leaflet-geoman live only in this chunk, loaded when the
 * admin opens "Områden och platser". Every change is checked live by the same rules the
 * server applies (shared/geometry.ts) and saved only with Spara; a refused save keeps
 * what was drawn. The lists below the map stay the full alternative (names, GeoJSON
 * pasted or imported); places move by keyboard too. Without a configured basemap
 * (MAP_TILE_URL) no tile layer exists, so no request leaves the server.
 */
import 'leaflet/dist/leaflet.css';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import * as L from 'leaflet';
// Geoman extends the global `L` that Leaflet's UMD build sets; this import must follow Leaflet's.
import '@geoman-io/leaflet-geoman-free';
import { For, Show, createEffect, createSignal, on, onCleanup, onMount } from 'solid-js';
import type { AdminArea, AdminPlace } from '../../shared/admin';
import { fixWinding, placeProblems, placesOutside, placesOutsideMessage, polygonProblems, type GeometryProblem, type Ring } from '../../shared/geometry';
import type { MapData } from '../../shared/map';
import { ApiFailure, api } from '../staff/http';
import { describe } from '../staff/errors';
import { lang } from '../staff/i18n';
import { t } from './i18n';
import { Field } from './ui';
import { draftRings, nudge, roundPos, type LonLat } from './area-map-model';

type Edit =
  | { kind: 'draw'; areaId: string | null } // a new area, or an outline for an area that has none
  | { kind: 'area'; areaId: string }
  | { kind: 'place'; placeId: string };

const STYLE = { color: '#4a4a4a', weight: 2, fillColor: '#9fb7c6', fillOpacity: 0.25 };
const EDITING = { color: '#0b4f6c', weight: 3, fillColor: '#0b4f6c', fillOpacity: 0.15, dashArray: undefined as string | undefined };
const INVALID = { color: '#b00020', weight: 4, fillColor: '#b00020', fillOpacity: 0.2, dashArray: '8 6' };
/** Sweden, for a municipality that has drawn nothing yet. */
const EMPTY_VIEW: { center: L.LatLngTuple; zoom: number } = { center: [62, 15], zoom: 5 };
const latLng = (p: LonLat | readonly number[]): L.LatLngTuple => [p[1]!, p[0]!];
const polygonOf = (a: AdminArea): Ring[] | null => (a.geometry?.type === 'Polygon' ? a.geometry.coordinates : null);
const pointOf = (p: AdminPlace): LonLat | null => (p.geometry?.type === 'Point' ? [p.geometry.coordinates[0]!, p.geometry.coordinates[1]!] : null);

export default function AreaMap(props: { areas: AdminArea[]; onSaved: () => void }) {
  const [edit, setEdit] = createSignal<Edit>();
  const [problems, setProblems] = createSignal<GeometryProblem[]>([]);
  const [outside, setOutside] = createSignal<string>();
  const [note, setNote] = createSignal<string>();
  const [refusal, setRefusal] = createSignal<{ text: string; detachable: boolean }>();
  const [saved, setSaved] = createSignal<string>();
  const [drawing, setDrawing] = createSignal(false);
  const [newName, setNewName] = createSignal('');
  const [areaChoice, setAreaChoice] = createSignal('');
  const [placeChoice, setPlaceChoice] = createSignal('');
  const [mapFailed, setMapFailed] = createSignal<string>();
  /** The outline being edited as GeoJSON coordinates: the keyboard's way to draw and edit corners. */
  const [coords, setCoords] = createSignal('');
  const [coordsError, setCoordsError] = createSignal<string>();

  let container!: HTMLDivElement;
  let nameInput: HTMLInputElement | undefined;
  let map: L.Map | undefined;
  let shapes = new Map<string, L.Polygon>();
  let markers = new Map<string, L.Marker>();
  /** The layer being drawn or edited, and how it looked before (to cancel). */
  let working: L.Polygon | undefined;
  let before: L.LatLng[][] | undefined;
  let marker: L.Marker | undefined;
  let markerBefore: L.LatLng | null | undefined;
  let quiet: MutationObserver | undefined;

  const areaOf = (id: string) => props.areas.find((a) => a.id === id);
  const placeOf = (id: string) => {
    for (const a of props.areas) for (const p of a.places) if (p.id === id) return { area: a, place: p };
    return undefined;
  };
  const allPlaces = () => props.areas.flatMap((a) => a.places.map((p) => ({ area: a, place: p })));

  // ---- layers ---------------------------------------------------------------
  const rebuild = () => {
    if (!map) return;
    for (const s of shapes.values()) s.remove();
    for (const m of markers.values()) m.remove();
    shapes = new Map();
    markers = new Map();
    const bounds = L.latLngBounds([]);
    for (const a of props.areas) {
      const rings = polygonOf(a);
      if (!rings) continue;
      // Not interactive: clicks go to the map (drawing), the lists choose what to edit.
      const shape = L.polygon(rings.map((r) => r.slice(0, -1).map(latLng)), { ...STYLE, interactive: false }).addTo(map);
      shape.bindTooltip(a.name, { permanent: true, direction: 'center', className: 'amap-label', interactive: false });
      shape.getElement()?.setAttribute('data-area', a.name);
      shape.getTooltip()?.getElement()?.setAttribute('aria-hidden', 'true');
      shapes.set(a.id, shape);
      bounds.extend(shape.getBounds());
    }
    for (const { area, place } of allPlaces()) {
      const p = pointOf(place);
      if (!p) continue;
      const m = placeMarker(place, area, p);
      markers.set(place.id, m);
      bounds.extend(m.getLatLng());
    }
    // The screen's layout may have settled after the map was made: measure again first.
    map.invalidateSize();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16], maxZoom: 16 });
  };

  const placeMarker = (place: AdminPlace, area: AdminArea, p: LonLat): L.Marker => {
    const m = L.marker(latLng(p), {
      icon: L.divIcon({ className: 'amap-place', iconSize: [16, 16] }),
      keyboard: true,
      title: place.name,
    }).addTo(map!);
    const el = m.getElement()!;
    el.setAttribute('role', 'button');
    el.setAttribute('data-place', place.name);
    el.setAttribute('aria-label', t('mapPlaceLabel', { place: place.name, area: area.name }));
    m.on('click', () => startPlace(place.id));
    el.addEventListener('keydown', (e) => placeKey(place.id, e));
    return m;
  };

  // ---- live validation ------------------------------------------------------
  const checkArea = () => {
    const e = edit();
    if (!working || !e || e.kind === 'place') return;
    const rings = draftRings(working.getLatLngs() as L.LatLng[][]);
    setCoords(JSON.stringify(rings));
    setCoordsError(undefined);
    const found = polygonProblems(rings);
    const wrongWindingOnly = found.length > 0 && found.every((p) => p.code === 'wrong_winding');
    setProblems(wrongWindingOnly ? [] : found);
    setNote(wrongWindingOnly ? t('mapWindingNote') : undefined);
    const areaId = e.kind === 'area' ? e.areaId : e.areaId;
    const area = areaId ? areaOf(areaId) : undefined;
    const left = area && !(found.length > 0 && !wrongWindingOnly) ? placesOutside(area.places.map((p) => ({ name: p.name, point: pointOf(p) })), rings) : [];
    setOutside(left.length > 0 ? placesOutsideMessage(area!.name, left.map((p) => p.name)) : undefined);
    const bad = found.length > 0 && !wrongWindingOnly;
    working.setStyle(bad ? INVALID : EDITING);
    working.getElement()?.setAttribute('data-invalid', String(bad));
  };

  const checkPlace = () => {
    const e = edit();
    if (!marker || e?.kind !== 'place') return;
    const found = placeOf(e.placeId);
    if (!found) return;
    const ll = marker.getLatLng();
    const p = placeProblems([ll.lng, ll.lat], polygonOf(found.area), found.area.name);
    setProblems(p);
    marker.getElement()?.classList.toggle('amap-place-invalid', p.length > 0);
  };

  // ---- starting and ending an edit -------------------------------------------
  const clearMessages = () => {
    setProblems([]);
    setOutside(undefined);
    setNote(undefined);
    setRefusal(undefined);
    setSaved(undefined);
  };

  const startDraw = (areaId: string | null) => {
    if (!map || edit()) return;
    clearMessages();
    setEdit({ kind: 'draw', areaId });
    setDrawing(true);
    // Self-intersection is allowed while drawing so that it can be explained, not silently prevented.
    map.pm.enableDraw('Polygon', { allowSelfIntersection: true, snappable: true, snapDistance: 12, templineStyle: { color: '#0b4f6c' }, hintlineStyle: { color: '#0b4f6c', dashArray: '5 5' } });
    if (areaId === null) queueMicrotask(() => nameInput?.focus());
  };

  const startArea = (areaId: string) => {
    const shape = shapes.get(areaId);
    if (!map || edit()) return;
    if (!shape) return startDraw(areaId);
    clearMessages();
    setEdit({ kind: 'area', areaId });
    working = shape;
    before = (shape.getLatLngs() as L.LatLng[][]).map((r) => r.map((ll) => L.latLng(ll.lat, ll.lng)));
    shape.setStyle(EDITING);
    shape.pm.enable({ allowSelfIntersection: true, snappable: true, snapDistance: 12 });
    watch(shape);
    // Only move the view when the outline is not all in it: a jump would lose the admin's place.
    if (!map.getBounds().contains(shape.getBounds())) map.fitBounds(shape.getBounds(), { padding: [24, 24], maxZoom: 17 });
    checkArea();
  };

  const watch = (layer: L.Polygon) => {
    for (const ev of ['pm:edit', 'pm:change', 'pm:markerdragend', 'pm:vertexadded', 'pm:vertexremoved'] as const) layer.on(ev, checkArea);
  };

  const startPlace = (placeId: string) => {
    const e = edit();
    if (!map || (e && !(e.kind === 'place' && e.placeId === placeId))) return;
    if (e) return void markers.get(placeId)?.getElement()?.focus();
    const found = placeOf(placeId);
    if (!found) return;
    clearMessages();
    setEdit({ kind: 'place', placeId });
    marker = markers.get(placeId);
    markerBefore = marker ? marker.getLatLng() : null;
    if (!marker) {
      // A place without a point gets one in the middle of its area (or of the view), to be moved.
      const shape = shapes.get(found.area.id);
      const at = shape ? shape.getCenter() : map.getCenter();
      marker = placeMarker(found.place, found.area, [at.lng, at.lat]);
      markers.set(placeId, marker);
      setNote(t('mapPointNew'));
    } else {
      map.panTo(marker.getLatLng());
    }
    const el = marker.getElement()!;
    el.classList.add('amap-place-chosen');
    el.setAttribute('aria-describedby', 'amap-keys');
    marker.dragging?.enable();
    marker.on('dragend', checkPlace);
    checkPlace();
    queueMicrotask(() => el.focus());
  };

  /** Arrow keys move the chosen place (Shift: finer), Enter saves, Escape cancels. */
  const placeKey = (placeId: string, e: KeyboardEvent) => {
    const cur = edit();
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      if (cur?.kind === 'place' && cur.placeId === placeId) void save();
      else startPlace(placeId);
      return;
    }
    if (cur?.kind !== 'place' || cur.placeId !== placeId || !marker || !map) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
      return;
    }
    const step = nudge(e.key, e.shiftKey ? 2 : 10);
    if (!step) return;
    // Leaflet's own keyboard handler would pan the map with the same keys.
    e.preventDefault();
    e.stopPropagation();
    const pt = map.latLngToContainerPoint(marker.getLatLng()).add(L.point(step[0], step[1]));
    marker.setLatLng(map.containerPointToLatLng(pt));
    checkPlace();
  };

  const finish = () => {
    const e = edit();
    if (map) map.pm.disableDraw();
    if (working) {
      working.pm.disable();
      for (const ev of ['pm:edit', 'pm:change', 'pm:markerdragend', 'pm:vertexadded', 'pm:vertexremoved'] as const) working.off(ev, checkArea);
      working.getElement()?.removeAttribute('data-invalid');
      working.setStyle({ ...STYLE, dashArray: undefined });
    }
    if (marker) {
      marker.dragging?.disable();
      marker.off('dragend', checkPlace);
      const el = marker.getElement();
      el?.classList.remove('amap-place-chosen', 'amap-place-invalid');
      el?.removeAttribute('aria-describedby');
    }
    working = undefined;
    before = undefined;
    marker = undefined;
    markerBefore = undefined;
    setDrawing(false);
    setEdit(undefined);
    setProblems([]);
    setOutside(undefined);
    setNote(undefined);
    setRefusal(undefined);
    setNewName('');
    setCoords('');
    setCoordsError(undefined);
    return e;
  };

  const cancel = () => {
    const e = edit();
    if (!e) return;
    if (e.kind === 'draw' && working) working.remove();
    if (e.kind === 'area' && working && before) working.setLatLngs(before);
    if (e.kind === 'place' && marker) {
      if (markerBefore) marker.setLatLng(markerBefore);
      else {
        marker.remove();
        markers.delete(e.placeId);
      }
    }
    const focusMarker = e.kind === 'place' && markerBefore ? marker?.getElement() : undefined;
    finish();
    if (pendingRebuild) {
      pendingRebuild = false;
      rebuild();
    }
    focusMarker?.focus();
  };

  // ---- saving ------------------------------------------------------------------
  const save = async (detachPlacesOutside = false) => {
    const e = edit();
    if (!e) return;
    setRefusal(undefined);
    setSaved(undefined);
    try {
      if (e.kind === 'place') {
        if (!marker) return;
        checkPlace();
        if (problems().length > 0) return setRefusal({ text: problems().map((p) => p.message).join(' '), detachable: false });
        const ll = marker.getLatLng();
        const point = { type: 'Point' as const, coordinates: roundPos(ll.lng, ll.lat) };
        await api('PATCH', `/api/v1/admin/places/${e.placeId}`, { geometry: point });
        const name = placeOf(e.placeId)?.place.name ?? '';
        finishSaved(t('mapPlaceSaved', { place: name }));
        return;
      }
      if (!working) return setRefusal({ text: t('mapDrawFirst'), detachable: false });
      const rings = draftRings(working.getLatLngs() as L.LatLng[][]);
      const found = polygonProblems(rings).filter((p) => !p.fixable);
      if (found.length > 0) {
        checkArea();
        return setRefusal({ text: found.map((p) => p.message).join(' '), detachable: false });
      }
      const geometry = { type: 'Polygon' as const, coordinates: fixWinding(rings) };
      if (e.kind === 'draw' && e.areaId === null) {
        const name = newName().trim();
        if (!name) {
          nameInput?.focus();
          return setRefusal({ text: t('mapNameMissing'), detachable: false });
        }
        await api('POST', '/api/v1/admin/areas', { name, geometry });
        working.remove();
        finishSaved(t('mapAreaCreated', { area: name }));
      } else {
        const areaId = e.areaId!;
        await api('PATCH', `/api/v1/admin/areas/${areaId}`, detachPlacesOutside ? { geometry, detachPlacesOutside } : { geometry });
        if (e.kind === 'draw') working.remove();
        finishSaved(t('mapAreaSaved', { area: areaOf(areaId)?.name ?? '' }));
      }
    } catch (err) {
      // What was drawn stays on the map; the sentence says what to change.
      const detachable = err instanceof ApiFailure && err.code === 'places_outside';
      // The geometry checks answer in Swedish sentences of their own (shared/geometry.ts): shown as they are.
      const own = err instanceof ApiFailure && (detachable || err.code === 'geometry_invalid');
      setRefusal({ text: own ? (err as ApiFailure).serverMessage : describe(err), detachable });
    }
  };

  const finishSaved = (text: string) => {
    finish();
    setSaved(text);
    props.onSaved(); // the list reloads; the layers are drawn again from it
  };

  /** A drawn (or typed) outline becomes the one being edited: its corners can now be dragged, added and removed before Spara. */
  const adopt = (layer: L.Polygon) => {
    setDrawing(false);
    map!.pm.disableDraw();
    working = layer;
    layer.setStyle(EDITING);
    layer.pm.enable({ allowSelfIntersection: true, snappable: true, snapDistance: 12 });
    watch(layer);
    checkArea();
  };

  /** Typed coordinates: parsed, drawn on the map and checked like a drawn outline. */
  const applyCoords = () => {
    if (!map || !edit() || edit()!.kind === 'place') return;
    let rings: unknown;
    try {
      rings = JSON.parse(coords());
    } catch {
      rings = undefined;
    }
    const valid =
      Array.isArray(rings) &&
      rings.length > 0 &&
      rings.every((r) => Array.isArray(r) && r.every((p) => Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n))));
    if (!valid) return void setCoordsError(t('mapCoordsInvalid'));
    setCoordsError(undefined);
    const latlngs = (rings as number[][][]).map((r) => {
      const open = r.length > 1 && r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1] ? r.slice(0, -1) : r;
      return open.map((p) => L.latLng(p[1]!, p[0]!));
    });
    if (working) {
      working.pm.disable();
      working.setLatLngs(latlngs);
      working.pm.enable({ allowSelfIntersection: true, snappable: true, snapDistance: 12 });
      checkArea();
    } else {
      adopt(L.polygon(latlngs, EDITING).addTo(map));
    }
    if (!map.getBounds().contains(working!.getBounds())) map.fitBounds(working!.getBounds(), { padding: [24, 24], maxZoom: 17 });
  };

  // ---- lifecycle ---------------------------------------------------------------
  createEffect(on(lang, (l) => map?.pm.setLang(l), { defer: true }));
  let pendingRebuild = false;
  createEffect(
    on(
      () => props.areas,
      () => {
        // Never redraw under an edit in progress: it would throw away what was drawn.
        if (edit()) pendingRebuild = true;
        else rebuild();
      },
      { defer: true },
    ),
  );

  onMount(async () => {
    let tiles: MapData['tiles'] = null;
    try {
      tiles = (await api<MapData>('GET', '/api/v1/map')).tiles;
    } catch (e) {
      setMapFailed(describe(e));
    }
    map = L.map(container, { attributionControl: true, keyboard: true, zoomSnap: 0.25, center: EMPTY_VIEW.center, zoom: EMPTY_VIEW.zoom });
    map.attributionControl.setPrefix(false);
    if (tiles) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 19 }).addTo(map);
    map.pm.setLang(lang());
    // Geoman's corner handles are focusable buttons without names, dozens per outline: out
    // of the Tab order and hidden from screen readers, since the coordinates field edits the
    // same corners by keyboard (and the place markers, which are named, stay reachable).
    quiet = new MutationObserver(() => {
      for (const el of container.querySelectorAll<HTMLElement>('.marker-icon:not([aria-hidden])')) {
        el.setAttribute('tabindex', '-1');
        el.setAttribute('aria-hidden', 'true');
      }
    });
    quiet.observe(map.getPane('markerPane')!, { childList: true });
    map.on('pm:create', (ev) => adopt(ev.layer as L.Polygon));
    rebuild();
  });
  onCleanup(() => {
    quiet?.disconnect();
    map?.remove();
  });

  const editing = () => edit();
  const editTitle = () => {
    const e = edit();
    if (!e) return '';
    if (e.kind === 'place') return t('mapEditingPlace', { place: placeOf(e.placeId)?.place.name ?? '' });
    if (e.kind === 'draw' && e.areaId === null) return t('mapDrawingNew');
    return t('mapEditingArea', { area: areaOf(e.areaId!)?.name ?? '' });
  };

  return (
    <section class="amap" aria-labelledby="amap-h" data-testid="area-map">
      <h3 id="amap-h">{t('mapTitle')}</h3>
      <p class="admin-hint">{t('mapHelp')}</p>
      <Show when={mapFailed()}><p class="admin-notice admin-error" role="alert">{mapFailed()}</p></Show>
      <div class="admin-inline amap-tools">
        <button class="btn btn-primary" type="button" disabled={!!editing()} onClick={() => startDraw(null)}>{t('mapDrawNew')}</button>
        <div class="admin-field">
          <label for="amap-area">{t('mapChooseArea')}</label>
          <select id="amap-area" value={areaChoice()} disabled={!!editing()} onChange={(e) => setAreaChoice(e.currentTarget.value)}>
            <option value="">–</option>
            <For each={props.areas}>{(a) => <option value={a.id}>{a.name}{polygonOf(a) ? '' : ` (${t('mapNoOutline')})`}</option>}</For>
          </select>
        </div>
        <button class="btn" type="button" disabled={!!editing() || !areaChoice()} onClick={() => startArea(areaChoice())}>{t('mapEditArea')}</button>
        <div class="admin-field">
          <label for="amap-place">{t('mapChoosePlace')}</label>
          <select id="amap-place" value={placeChoice()} disabled={!!editing()} onChange={(e) => setPlaceChoice(e.currentTarget.value)}>
            <option value="">–</option>
            <For each={allPlaces()}>{({ area, place }) => <option value={place.id}>{place.name} ({area.name}){pointOf(place) ? '' : ` – ${t('mapNoPoint')}`}</option>}</For>
          </select>
        </div>
        <button class="btn" type="button" disabled={!!editing() || !placeChoice()} onClick={() => startPlace(placeChoice())}>{t('mapMovePlace')}</button>
      </div>
      <div class="amap-layout">
        <div ref={container} class="amap-canvas" role="region" aria-label={t('mapCanvasLabel')} data-testid="area-map-canvas" data-drawing={String(drawing())} />
        <div class="amap-side">
          <Show when={editing()}>
            <div class="amap-edit" role="group" aria-labelledby="amap-edit-h" data-testid="map-edit">
              <h4 id="amap-edit-h">{editTitle()}</h4>
              <Show when={edit()?.kind === 'draw'}>
                <p class="admin-hint">{drawing() ? t('mapDrawHelp') : t('mapEditHelp')}</p>
              </Show>
              <Show when={edit()?.kind === 'area'}><p class="admin-hint">{t('mapEditHelp')}</p></Show>
              <Show when={edit()?.kind === 'place'}><p class="admin-hint" id="amap-keys">{t('mapPlaceKeys')}</p></Show>
              <Show when={edit()?.kind === 'draw' && (edit() as { areaId: string | null }).areaId === null}>
                <Field id="amap-name" label={t('mapNewName')}>
                  <input id="amap-name" ref={nameInput} maxLength={120} value={newName()} onInput={(e) => setNewName(e.currentTarget.value)} />
                </Field>
              </Show>
              <Show when={edit()?.kind !== 'place'}>
                <Field id="amap-coords" label={t('mapCoords')} hint={t('mapCoordsHint')}>
                  <textarea id="amap-coords" rows={3} value={coords()} aria-describedby="amap-coords-hint" onInput={(e) => setCoords(e.currentTarget.value)} />
                </Field>
                <Show when={coordsError()}><p class="admin-notice admin-error" role="alert">{coordsError()}</p></Show>
                <button class="btn" type="button" onClick={applyCoords}>{t('mapCoordsApply')}</button>
              </Show>
              <div aria-live="polite" data-testid="map-problems">
                <For each={problems()}>{(p) => <p class="admin-notice admin-error">{p.message}</p>}</For>
                <Show when={outside()}><p class="admin-notice amap-warning">{outside()}</p></Show>
                <Show when={note()}><p class="admin-notice amap-note">{note()}</p></Show>
              </div>
              <Show when={refusal()}>
                {(r) => (
                  <div class="admin-notice admin-error" role="alert" data-testid="map-refusal">
                    <p>{r().text}</p>
                    <Show when={r().detachable}>
                      <button class="btn" type="button" onClick={() => void save(true)}>{t('mapSaveDetach')}</button>
                    </Show>
                  </div>
                )}
              </Show>
              <div class="admin-actions">
                <button class="btn btn-primary" type="button" onClick={() => void save()}>{t('save')}</button>
                <button class="btn" type="button" onClick={cancel}>{t('cancel')}</button>
              </div>
            </div>
          </Show>
          <div aria-live="polite">
            <Show when={saved()}><p class="admin-notice admin-ok" role="status">{saved()}</p></Show>
          </div>
          <section class="amap-legend" aria-labelledby="amap-legend-h">
            <h4 id="amap-legend-h">{t('legend')}</h4>
            <ul>
              <li><span class="amap-swatch amap-swatch-area" aria-hidden="true" />{t('mapLegendArea')}</li>
              <li><span class="amap-swatch amap-swatch-editing" aria-hidden="true" />{t('mapLegendEditing')}</li>
              <li><span class="amap-swatch amap-swatch-invalid" aria-hidden="true" />{t('mapLegendInvalid')}</li>
              <li><span class="amap-swatch amap-swatch-place" aria-hidden="true" />{t('mapLegendPlace')}</li>
            </ul>
            <Show when={props.areas.some((a) => !polygonOf(a))}>
              <p class="admin-hint">{t('mapWithoutOutline', { areas: props.areas.filter((a) => !polygonOf(a)).map((a) => a.name).join(', ') })}</p>
            </Show>
          </section>
        </div>
      </div>
    </section>
  );
}
