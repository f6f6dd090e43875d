/**
 * The week view: areas × the eight indicators, each cell opening its observations. The
 * table paints from the week's figures (GET /api/v1/weeks/:week carries no observation);
 * an opened cell fetches its observations then.
 */
import { For, Show, createEffect, createResource, createSignal, untrack, type Resource } from 'solid-js';
import { indicator, type IndicatorKey } from '../../shared/indicators';
import { unpackWeek, type AreaObservations, type CountStats, type PackedWeekSummary, type TimeSplit, type WeekSummary as WeekViewData, type WeekSummaryArea as WeekViewArea, type WeekViewObservation } from '../../shared/weekview';
import { addWeeks, parseWeek } from '../../shared/weeks';
import { api } from '../staff/http';
import { describe } from '../staff/errors';
import { delta, lang, num, t, type CoordKey } from './i18n';
import { go } from '../staff/router';
import { List, Notice, WeekPicker, weekLabel } from './ui';
import { FigureWeekSection } from '../figures/FigureWeek';

export const label = (c: IndicatorKey): string => indicator(c)[lang()].label;
const TOD: (keyof TimeSplit)[] = ['day', 'evening', 'night', 'unknown'];

/**
 * The figures of one cell: the count, and the change against last week only where
 * there is one. The full figures (last week, the average) are shown on hover and on
 * focus, and are always part of the cell's accessible name: the visible text is
 * inside the name, so speech and sight agree.
 */
export function Figures(props: { s: CountStats; where: string }) {
  const d = () => props.s.deltaPrevious;
  return (
    <span class="coord-fig">
      <span class="visually-hidden">{props.where}: </span>
      <strong>{props.s.count}</strong>
      <Show when={Math.abs(d()) >= 0.005}>
        {' '}
        <span class={`coord-deltas ${d() > 0 ? 'up' : 'down'}`}>{delta(d())}</span>
      </Show>
      <span class="coord-full">{fullFigures(props.s)}</span>
    </span>
  );
}

/** "Förra veckan 0, snitt 0,1" – what the cell is compared with. */
export const fullFigures = (s: CountStats): string =>
  t('cellFull', { prev: s.previous, avg: s.average === null ? '–' : num(s.average) });

/** The observations of a cell (or, on the map, of an area under a filter), as the table's detail shows them. */
export function ObservationList(props: { observations: WeekViewObservation[]; showCategory?: boolean }) {
  return (
    <ul class="coord-obs">
      <List each={props.observations} empty={t('noObservations')}>
        {(ob) => (
          <li>
            <p class="coord-obs-meta">
              <Show when={props.showCategory}><strong>{label(ob.category)}</strong></Show>
              <span>{ob.place?.name ?? t('noPlace')}</span>
              <span>{[ob.occurredOn, t(`tod_${ob.timeOfDay}` as CoordKey)].filter(Boolean).join(' ')}</span>
              <span>{ob.organisation}</span>
              <Show when={ob.persists}><span class="coord-badge">{t('persistsYes')}</span></Show>
            </p>
            <Show when={ob.note}><p class="coord-note">{ob.note}</p></Show>
          </li>
        )}
      </List>
    </ul>
  );
}

/** The week's figures (cells arrive packed as arrays, shared/weekview.ts). */
export async function fetchWeek(week: string): Promise<WeekViewData> {
  return unpackWeek(await api<PackedWeekSummary>('GET', `/api/v1/weeks/${encodeURIComponent(week)}`));
}

/** One area's observations of a week (or of one of its cells), fetched when it is opened. */
export async function fetchObservations(week: string, areaId: string, category?: IndicatorKey): Promise<WeekViewObservation[]> {
  const q = category === undefined ? '' : `?category=${encodeURIComponent(category)}`;
  const r = await api<AreaObservations>('GET', `/api/v1/weeks/${encodeURIComponent(week)}/areas/${encodeURIComponent(areaId)}/observations${q}`);
  return r.observations;
}

/** The list of a fetched resource of observations: "loading" until it is there, a sentence if it failed. */
export function FetchedObservations(props: {
  observations: Resource<WeekViewObservation[]>;
  filter?: (list: WeekViewObservation[]) => WeekViewObservation[];
  showCategory?: boolean;
}) {
  const list = () => (props.observations.loading || props.observations.error ? undefined : props.observations());
  return (
    <>
      <Show when={props.observations.error}><Notice kind="error" text={describe(props.observations.error)} /></Show>
      <Show when={list()} fallback={<Show when={!props.observations.error}><p>{t('loading')}</p></Show>}>
        {(l) => <ObservationList observations={props.filter ? props.filter(l()) : l()} showCategory={props.showCategory} />}
      </Show>
    </>
  );
}

/**
 * The map is its own chunk (Leaflet and its CSS): loaded only when a coordinator picks
 * "Karta". A plain import() into a signal rather than lazy() + ErrorBoundary: solid-js
 * lives in the informant's entry chunk, and ErrorBoundary would grow it for every phone.
 */
type WeekMapComponent = (typeof import('./WeekMap'))['default'];

export function WeekView(props: { week: string }) {
  const [data] = createResource(() => props.week, fetchWeek);
  const [open, setOpen] = createSignal<{ area: WeekViewArea; category: IndicatorKey }>();
  const [cellObservations] = createResource(open, (o) => fetchObservations(props.week, o.area.id, o.category));
  let detail: HTMLElement | undefined;
  const show = (area: WeekViewArea, category: IndicatorKey) => {
    setOpen({ area, category });
    queueMicrotask(() => detail?.focus());
  };
  const n = () => parseWeek(props.week)?.week ?? 0;
  // The table is the full alternative; the choice is remembered for the session.
  const [asMap, setAsMap] = createSignal(sessionStorage.getItem('lagesbild.weekAs') === 'map');
  const [weekMap, setWeekMap] = createSignal<WeekMapComponent>();
  const [mapFailed, setMapFailed] = createSignal(false);
  createEffect(() => {
    if (!asMap() || weekMap() || mapFailed()) return;
    import('./WeekMap').then((m) => setWeekMap(() => m.default), () => setMapFailed(true));
  });
  const viewAs = (map: boolean) => {
    setAsMap(map);
    sessionStorage.setItem('lagesbild.weekAs', map ? 'map' : 'table');
  };
  return (
    <section aria-labelledby="screen-h" class="coord-screen">
      <h1 id="screen-h" tabindex="-1">{t('weekTitle', { n: n() })}</h1>
      <WeekPicker week={props.week} href={(w) => `/coordinator/weeks/${w}`} onPick={(w) => go(`/coordinator/weeks/${w}`)} />
      <Show when={data.error}><Notice kind="error" text={describe(data.error)} /></Show>
      <Show when={data()} fallback={<Show when={!data.error}><p>{t('loading')}</p></Show>}>
        {(v) => (
          <>
            <p data-testid="week-reports">{t('reportsLine', { total: v().reports.total, calm: v().reports.calm, obs: v().reports.observations })}</p>
            <p class="muted small">
              {v().averageWindow.weeksInUse > 0
                ? t('averageNote', { prev: weekLabel(v().previousWeek), weeks: v().averageWindow.weeksInUse, from: weekLabel(v().averageWindow.from), to: weekLabel(v().averageWindow.to) })
                : t('noAverage')}
            </p>
            <div class="coord-switch no-print" role="group" aria-label={t('viewAs')}>
              <button type="button" class="btn" aria-pressed={!asMap()} data-testid="view-table" onClick={() => viewAs(false)}>{t('viewTable')}</button>
              <button type="button" class="btn" aria-pressed={asMap()} data-testid="view-map" onClick={() => viewAs(true)}>{t('viewMap')}</button>
            </div>
            <Show when={asMap()}>
              <Show when={weekMap()} fallback={mapFailed() ? <Notice kind="error" text={t('mapFailed')} /> : <p>{t('mapLoading')}</p>}>
                {(WeekMap) => untrack(() => WeekMap()({ get view() { return v(); }, get weekNumber() { return n(); } }))}
              </Show>
            </Show>
            <Show when={!asMap()}>
            <div class="coord-scroll" role="region" aria-labelledby="screen-h" tabindex="0">
              <table class="coord-table coord-week" data-testid="week-table">
                <caption class="visually-hidden">{t('weekTitle', { n: n() })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('area')}</th>
                    <For each={v().categories}>{(c) => <th scope="col">{label(c)}</th>}</For>
                    <th scope="col">{t('total')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={v().areas}>
                    {(a) => (
                      <tr classList={{ prioritised: a.priority !== null }}>
                        <th scope="row">
                          {a.name}
                          <Show when={a.priority !== null}>
                            <span class="coord-badge">{t('prioritised', { n: a.priority! })}</span>
                          </Show>
                        </th>
                        <For each={v().categories}>
                          {(c) => {
                            const cell = a.cells[c];
                            return (
                              <td classList={{ empty: cell.count === 0 && cell.previous === 0 }}>
                                <Show when={cell.count > 0} fallback={<Figures s={cell} where={`${a.name}, ${label(c)}`} />}>
                                  <button
                                    type="button"
                                    class="coord-cell"
                                    aria-expanded={open()?.area.id === a.id && open()?.category === c}
                                    onClick={() => show(a, c)}
                                  >
                                    <Figures s={cell} where={`${a.name}, ${label(c)}`} />
                                    <span class="visually-hidden">. {t('cellShow')}</span>
                                  </button>
                                </Show>
                              </td>
                            );
                          }}
                        </For>
                        <td class="coord-total"><Figures s={a.total} where={`${a.name}, ${t('total')}`} /></td>
                      </tr>
                    )}
                  </For>
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('allAreas')}</th>
                    <For each={v().categories}>{(c) => <td><Figures s={v().totals.byCategory[c]} where={`${t('allAreas')}, ${label(c)}`} /></td>}</For>
                    <td class="coord-total"><Figures s={v().totals.all} where={`${t('allAreas')}, ${t('total')}`} /></td>
                  </tr>
                </tfoot>
              </table>
            </div>
            <FigureWeekSection week={props.week} />

            <Show when={open()}>
              {(o) => (
                <section class="coord-card coord-detail" tabindex="-1" ref={detail} aria-labelledby="detail-h" data-testid="cell-detail">
                  <div class="coord-row">
                    <h2 id="detail-h">{t('observationsIn', { area: o().area.name, category: label(o().category) })}</h2>
                    <button type="button" class="btn" onClick={() => setOpen(undefined)}>{t('close')}</button>
                  </div>
                  <FetchedObservations observations={cellObservations} />
                </section>
              )}
            </Show>
            </Show>

            <div class="coord-columns">
              <section class="coord-card" aria-labelledby="rec-h">
                <h2 id="rec-h">{t('recurringTitle')}</h2>
                <p class="muted small">{t('recurringHelp', { min: v().recurringWindow.minWeeks, from: weekLabel(v().recurringWindow.from), to: weekLabel(v().recurringWindow.to) })}</p>
                <ul class="coord-plain" data-testid="recurring">
                  <List each={v().recurringPlaces} empty={t('recurringNone')}>
                    {(p) => (
                      <li>
                        <strong>{p.placeName}</strong> ({p.areaName}): {t('recurringWeeks', { n: p.weeks.length, count: p.countWindow })}
                        <span class="muted"> – {p.categories.map(label).join(', ')}</span>
                      </li>
                    )}
                  </List>
                </ul>
              </section>
              <section class="coord-card" aria-labelledby="tod-h">
                <h2 id="tod-h">{t('timeTitle')}</h2>
                <table class="coord-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('area')}</th>
                      <For each={TOD}>{(k) => <th scope="col">{t(`tod_${k}` as CoordKey)}</th>}</For>
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <th scope="row">{t('allAreas')}</th>
                      <For each={TOD}>{(k) => <td>{v().timeOfDay[k]}</td>}</For>
                    </tr>
                    <For each={v().areas.filter((a) => a.total.count > 0)}>
                      {(a) => (
                        <tr>
                          <th scope="row">{a.name}</th>
                          <For each={TOD}>{(k) => <td>{a.timeOfDay[k]}</td>}</For>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </section>
            </div>
            <Export week={props.week} />
          </>
        )}
      </Show>
    </section>
  );
}

function Export(props: { week: string }) {
  const [from, setFrom] = createSignal(addWeeks(props.week, -51));
  const [to, setTo] = createSignal(props.week);
  const q = () => `from=${encodeURIComponent(from())}&to=${encodeURIComponent(to())}`;
  return (
    <section class="coord-card no-print" aria-labelledby="export-h">
      <h2 id="export-h">{t('exportTitle')}</h2>
      <div class="coord-row coord-wrap">
        <div class="coord-field">
          <label for="export-from">{t('exportFrom')}</label>
          <input id="export-from" type="week" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class="coord-field">
          <label for="export-to">{t('exportTo')}</label>
          <input id="export-to" type="week" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
        </div>
        <a class="btn" href={`/api/v1/export/observations.csv?${q()}`} download="">{t('exportCsv')}</a>
        <a class="btn" href={`/api/v1/export/observations.geojson?${q()}`} download="">{t('exportGeojson')}</a>
      </div>
    </section>
  );
}
