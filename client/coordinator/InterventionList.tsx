/**
 * The list of interventions (insatser), /coordinator/interventions, filtered by status,
 * area and week; and the labels and one-line summary other screens show an intervention with.
 */
import { For, Show, createMemo, createResource, createSignal, type JSX } from 'solid-js';
import type { Intervention } from '../../shared/interventions';
import { isValidWeek, weekOf } from '../../shared/weeks';
import { api } from '../staff/http';
import { describe } from '../staff/errors';
import { STATUSES as INTERVENTION_STATUSES } from './cycle-model';
import { t, type CoordKey } from './i18n';
import { Notice, weekLabel } from './ui';
import { fetchWeek } from './WeekView';
import { svCompare } from '../../shared/swedish-order';

export const statusLabel = (s: Intervention['status']) => t(`iv_status_${s}` as CoordKey);
export const termLabel = (s: Intervention['term']) => t(`iv_term_${s}` as CoordKey);

/** "12 mar – 2 apr 2026" style period of an intervention. */
export function runLabel(i: Pick<Intervention, 'plannedStart' | 'plannedEnd'>): string {
  return i.plannedEnd ? `${i.plannedStart} – ${i.plannedEnd}` : t('iv_from', { date: i.plannedStart });
}

export function InterventionsScreen() {
  const [status, setStatus] = createSignal('');
  const [areaId, setAreaId] = createSignal('');
  const [week, setWeek] = createSignal('');
  const [weekMode, setWeekMode] = createSignal<'activeIn' | 'decidedWeek'>('activeIn');
  const query = createMemo(() => {
    const q = new URLSearchParams();
    if (status()) q.set('status', status());
    if (areaId()) q.set('areaId', areaId());
    if (week() && isValidWeek(week())) q.set(weekMode(), week());
    return q.toString();
  });
  const [data] = createResource(query, (q) => api<{ interventions: Intervention[] }>('GET', `/api/v1/interventions${q ? `?${q}` : ''}`));
  const [all] = createResource(() => api<{ interventions: Intervention[] }>('GET', '/api/v1/interventions'));
  const [view] = createResource(() => fetchWeek(weekOf(new Date())));
  const areas = () => {
    const m = new Map<string, string>();
    for (const a of view()?.areas ?? []) m.set(a.id, a.name);
    for (const i of all()?.interventions ?? []) m.set(i.area.id, i.area.name);
    return [...m].sort((a, b) => svCompare(a[1], b[1]));
  };
  return (
    <section aria-labelledby="screen-h" class="coord-screen">
      <div class="coord-row coord-wrap">
        <h1 id="screen-h" tabindex="-1">{t('iv_title')}</h1>
        <a class="btn btn-primary no-print" href="/coordinator/interventions/new">{t('iv_new')}</a>
      </div>
      <form class="coord-card coord-row coord-wrap no-print" aria-label={t('iv_filter')} onSubmit={(e) => e.preventDefault()}>
        <div class="coord-field">
          <label for="flt-status">{t('iv_status')}</label>
          <select id="flt-status" value={status()} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">{t('iv_any')}</option>
            <For each={INTERVENTION_STATUSES}>{(s) => <option value={s}>{statusLabel(s)}</option>}</For>
          </select>
        </div>
        <div class="coord-field">
          <label for="flt-area">{t('area')}</label>
          <select id="flt-area" value={areaId()} onChange={(e) => setAreaId(e.currentTarget.value)}>
            <option value="">{t('iv_any')}</option>
            <For each={areas()}>{([id, name]) => <option value={id} selected={id === areaId()}>{name}</option>}</For>
          </select>
        </div>
        <div class="coord-field">
          <label for="flt-weekmode">{t('iv_weekMode')}</label>
          <select id="flt-weekmode" value={weekMode()} onChange={(e) => setWeekMode(e.currentTarget.value as 'activeIn' | 'decidedWeek')}>
            <option value="activeIn">{t('iv_activeIn')}</option>
            <option value="decidedWeek">{t('iv_decidedIn')}</option>
          </select>
        </div>
        <div class="coord-field">
          <label for="flt-week">{t('week')}</label>
          <input id="flt-week" type="week" value={week()} onInput={(e) => setWeek(e.currentTarget.value)} />
        </div>
      </form>
      <Show when={data.error}><Notice kind="error" text={describe(data.error)} /></Show>
      <Show when={data()} fallback={<Show when={!data.error}><p>{t('loading')}</p></Show>}>
        {(d) => <InterventionTable list={d().interventions} />}
      </Show>
    </section>
  );
}

export function InterventionTable(props: { list: Intervention[]; caption?: string }) {
  return (
    <Show when={props.list.length > 0} fallback={<p class="muted">{t('iv_none')}</p>}>
      <div class="coord-scroll">
        <table class="coord-table" data-testid="intervention-list">
          <Show when={props.caption}><caption class="visually-hidden">{props.caption}</caption></Show>
          <thead>
            <tr>
              <th scope="col">{t('iv_action')}</th>
              <th scope="col">{t('area')}</th>
              <th scope="col">{t('organisation')}</th>
              <th scope="col">{t('iv_run')}</th>
              <th scope="col">{t('iv_status')}</th>
              <th scope="col">{t('iv_decided')}</th>
              <th scope="col">{t('iv_latestFollowUp')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.list}>
              {(i) => {
                const last = i.followUps.at(-1);
                return (
                  <tr>
                    <th scope="row"><a href={`/coordinator/interventions/${i.id}`}>{i.action}</a></th>
                    <td>{i.area.name}{i.place ? `, ${i.place.name}` : ''}</td>
                    <td>{i.organisation}</td>
                    <td>{runLabel(i)} ({termLabel(i.term)})</td>
                    <td>{statusLabel(i.status)}</td>
                    <td>{weekLabel(i.decidedWeek)}</td>
                    <td>{last ? `${weekLabel(last.week)}: ${t(`fu_outcome_${last.outcome}` as CoordKey)}, ${t(`fu_decision_${last.decision}` as CoordKey)}` : t('iv_notFollowedUp')}</td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}

/** A short one-line description for lists inside other screens. */
export function InterventionLine(props: { i: Intervention; children?: JSX.Element }) {
  return (
    <span>
      <a href={`/coordinator/interventions/${props.i.id}`}>{props.i.action}</a>
      {' '}<span class="muted">({props.i.area.name}{props.i.place ? `, ${props.i.place.name}` : ''} · {props.i.organisation} · {runLabel(props.i)} · {statusLabel(props.i.status)})</span>
      {props.children}
    </span>
  );
}
