/** Organisations; areas and places (with optional GeoJSON geometry) and the GeoJSON import. */
import { For, Show, createSignal, onMount } from 'solid-js';
import type { AdminArea, AdminOrganisation, ImportFeatureError, ImportResult } from '../../shared/admin';
import { ApiFailure, api } from '../staff/http';
import { t } from './i18n';
import { Field, createNotice, loadList } from './ui';

export function Organisations() {
  const [list, { refetch }] = loadList<AdminOrganisation[]>(() => '/api/v1/admin/organisations');
  const n = createNotice();
  const [name, setName] = createSignal('');
  const add = async (e: Event) => {
    e.preventDefault();
    if (await n.run(() => api('POST', '/api/v1/admin/organisations', { name: name() }), t('saved'))) {
      setName('');
      void refetch();
    }
  };
  const rename = async (o: AdminOrganisation) => {
    const next = prompt(t('rename'), o.name);
    if (next && next !== o.name && (await n.run(() => api('PATCH', `/api/v1/admin/organisations/${o.id}`, { name: next }), t('saved')))) void refetch();
  };
  const remove = async (o: AdminOrganisation) => {
    if (confirm(t('confirmRemove', { name: o.name })) && (await n.run(() => api('DELETE', `/api/v1/admin/organisations/${o.id}`), t('removed')))) void refetch();
  };
  return (
    <section aria-labelledby="screen-h">
      <h2 id="screen-h" tabindex="-1">{t('tabOrganisations')}</h2>
      {n.view()}
      <form class="admin-form admin-inline" onSubmit={add}>
        <Field id="org-name" label={t('organisationName')}>
          <input id="org-name" required maxLength={120} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <button class="btn btn-primary" type="submit">{t('add')}</button>
      </form>
      <Show when={list()} fallback={<p>{t('loading')}</p>}>
        <table class="admin-table">
          <thead>
            <tr><th scope="col">{t('name')}</th><th scope="col">{t('functionsCount')}</th><th scope="col">{t('actions')}</th></tr>
          </thead>
          <tbody>
            <For each={list()} fallback={<tr><td colSpan={3}>{t('none')}</td></tr>}>
              {(o) => (
                <tr>
                  <th scope="row">{o.name}</th>
                  <td>{o.functions}</td>
                  <td class="admin-actions">
                    <button class="btn" type="button" onClick={() => void rename(o)} aria-label={`${t('rename')}: ${o.name}`}>{t('rename')}</button>
                    <button class="btn btn-danger" type="button" onClick={() => void remove(o)} aria-label={`${t('remove')}: ${o.name}`}>{t('remove')}</button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}

function parseGeometry(text: string): unknown | undefined | 'bad' {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return 'bad';
  }
}

/**
 * The drawing map is its own chunk (Leaflet, leaflet-geoman and their CSS), loaded when
 * this screen opens. A plain import() into a signal, as the coordinator's week map does:
 * lazy() + ErrorBoundary would grow the informant's entry chunk (docs/architecture.md).
 */
type AreaMapComponent = (typeof import('./AreaMap'))['default'];

export function Areas() {
  const [list, { refetch }] = loadList<AdminArea[]>(() => '/api/v1/admin/areas');
  const [areaMap, setAreaMap] = createSignal<AreaMapComponent>();
  const [mapFailed, setMapFailed] = createSignal(false);
  onMount(() => void import('./AreaMap').then((m) => setAreaMap(() => m.default), () => setMapFailed(true)));
  const n = createNotice();
  const [name, setName] = createSignal('');
  const [geometry, setGeometry] = createSignal('');
  const [importErrors, setImportErrors] = createSignal<ImportFeatureError[]>([]);
  let fileInput!: HTMLInputElement;

  const add = async (e: Event) => {
    e.preventDefault();
    const geo = parseGeometry(geometry());
    if (geo === 'bad') return n.fail(new ApiFailure(400, 'bad_request', t('geometryInvalid'), {}));
    const body = geo === undefined ? { name: name() } : { name: name(), geometry: geo };
    if (await n.run(() => api('POST', '/api/v1/admin/areas', body), t('saved'))) {
      setName('');
      setGeometry('');
      void refetch();
    }
  };
  const addPlace = async (area: AdminArea, input: HTMLInputElement) => {
    if (!input.value.trim()) return;
    if (await n.run(() => api('POST', `/api/v1/admin/areas/${area.id}/places`, { name: input.value }), t('saved'))) {
      input.value = '';
      void refetch();
    }
  };
  const removeArea = async (a: AdminArea) => {
    if (confirm(t('confirmRemove', { name: a.name })) && (await n.run(() => api('DELETE', `/api/v1/admin/areas/${a.id}`), t('removed')))) void refetch();
  };
  const removePlace = async (id: string, placeName: string) => {
    if (confirm(t('confirmRemove', { name: placeName })) && (await n.run(() => api('DELETE', `/api/v1/admin/places/${id}`), t('removed')))) void refetch();
  };
  const importFile = async (e: Event) => {
    e.preventDefault();
    setImportErrors([]);
    const file = fileInput.files?.[0];
    if (!file) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      return n.fail(new ApiFailure(400, 'bad_request', t('fileUnreadable'), {}));
    }
    try {
      const r = await api<ImportResult>('POST', '/api/v1/admin/areas/import', parsed);
      n.ok(t('importDone', { ac: r.areasCreated, au: r.areasUpdated, pc: r.placesCreated, pu: r.placesUpdated }));
      fileInput.value = '';
      void refetch();
    } catch (err) {
      if (err instanceof ApiFailure && Array.isArray(err.body.errors)) setImportErrors(err.body.errors as ImportFeatureError[]);
      n.fail(err);
    }
  };

  return (
    <section aria-labelledby="screen-h">
      <h2 id="screen-h" tabindex="-1">{t('tabAreas')}</h2>
      {n.view()}
      <Show when={mapFailed()}><p class="admin-notice admin-error" role="alert">{t('mapUnavailable')}</p></Show>
      <Show when={list() && areaMap()}>
        {(_) => {
          const AreaMap = areaMap()!;
          return <AreaMap areas={list()!} onSaved={() => void refetch()} />;
        }}
      </Show>

      <form class="admin-form" onSubmit={add}>
        <Field id="area-name" label={t('areaName')}>
          <input id="area-name" required maxLength={120} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="area-geo" label={t('geometry')}>
          <textarea id="area-geo" rows={3} value={geometry()} onInput={(e) => setGeometry(e.currentTarget.value)} placeholder='{"type":"Point","coordinates":[15.21,59.27]}' />
        </Field>
        <button class="btn btn-primary" type="submit">{t('add')}</button>
      </form>

      <form class="admin-form admin-import" onSubmit={importFile}>
        <h3>{t('importTitle')}</h3>
        <p class="admin-hint" id="import-help">{t('importHelp')}</p>
        <Field id="import-file" label={t('importFile')}>
          <input id="import-file" type="file" accept=".geojson,.json,application/geo+json,application/json" ref={fileInput} aria-describedby="import-help" required />
        </Field>
        <button class="btn btn-primary" type="submit">{t('importButton')}</button>
        <Show when={importErrors().length > 0}>
          <div role="alert" class="admin-error-list">
            <p>{t('importErrors')}</p>
            <ul>
              <For each={importErrors()}>
                {(err) => (
                  <li>
                    {t('importFeature', { index: err.index })}
                    {err.name ? ` (${err.name})` : ''}: {err.reason}
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Show>
      </form>

      <Show when={list()} fallback={<p>{t('loading')}</p>}>
        <ul class="admin-cards">
          <For each={list()} fallback={<li>{t('none')}</li>}>
            {(a) => {
              let placeInput!: HTMLInputElement;
              return (
                <li class="admin-card">
                  <h3>
                    {a.name}
                    <Show when={a.geometry}>
                      <span class="admin-tag">{t('hasGeometry')} ({a.geometry!.type})</span>
                    </Show>
                  </h3>
                  <p class="admin-sub">{t('places')}</p>
                  <ul>
                    <For each={a.places} fallback={<li>{t('none')}</li>}>
                      {(p) => (
                        <li class="admin-row">
                          <span>{p.name}</span>
                          <button class="btn btn-danger btn-small" type="button" onClick={() => void removePlace(p.id, p.name)} aria-label={`${t('remove')}: ${p.name}`}>
                            {t('remove')}
                          </button>
                        </li>
                      )}
                    </For>
                  </ul>
                  <form class="admin-inline" onSubmit={(e) => (e.preventDefault(), void addPlace(a, placeInput))}>
                    <Field id={`place-${a.id}`} label={t('placeName', { area: a.name })}>
                      <input id={`place-${a.id}`} maxLength={120} ref={placeInput} />
                    </Field>
                    <button class="btn btn-primary" type="submit">{t('addPlace')}</button>
                  </form>
                  <button class="btn btn-danger admin-remove-area" type="button" onClick={() => void removeArea(a)} aria-label={`${t('remove')}: ${a.name}`}>
                    {t('remove')}
                  </button>
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
    </section>
  );
}
