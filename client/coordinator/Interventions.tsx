/**
 * Interventions (insatser) and their follow-ups (issue 7):
 *   /coordinator/interventions          list, filtered by status / area / week
 *   /coordinator/interventions/new      create
 *   /coordinator/interventions/<id>     detail: the intervention, before/after counts, follow-ups, record one
 * The form and the follow-up panel are reused inline by the weekly meeting.
 */
import { For, Show, createMemo, createResource, createSignal, type JSX } from 'solid-js';
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import type { BeforeAfter, CountWindow, FollowUp, FollowUpCreate, Intervention, InterventionDetail } from '../../shared/interventions';
import type { WeekView as WeekViewData } from '../../shared/weekview';
import { addWeeks, isValidWeek, weekOf } from '../../shared/weeks';
import { ApiFailure, api, describe } from './api';
import {
  CARRIED as CARRIED_OUT,
  DECISION_LIST as DECISIONS,
  OUTCOME_LIST as OUTCOMES,
  STATUSES as INTERVENTION_STATUSES,
  checkForm,
  createBody,
  emptyForm,
  formOf,
  observationsOf,
  patchBody,
  percent,
  personalDataIn,
  placeOptions,
  type FormErrors,
  type InterventionForm,
} from './cycle-model';
import { num, t, type CoordKey } from './i18n';
import { go } from './router';
import { Notice, weekLabel } from './ui';
import { label } from './WeekView';
import { uniqueId } from './ui';

export const statusLabel = (s: Intervention['status']) => t(`iv_status_${s}` as CoordKey);
export const termLabel = (s: Intervention['term']) => t(`iv_term_${s}` as CoordKey);
const TOD_KEY = (k: string) => t(`tod_${k}` as CoordKey);

/** "12 mar – 2 apr 2026" style period of an intervention. */
export function runLabel(i: Pick<Intervention, 'plannedStart' | 'plannedEnd'>): string {
  return i.plannedEnd ? `${i.plannedStart} – ${i.plannedEnd}` : t('iv_from', { date: i.plannedStart });
}

// --- list ---------------------------------------------------------------------------

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
  const [view] = createResource(() => api<WeekViewData>('GET', `/api/v1/weeks/${weekOf(new Date())}`));
  const areas = () => {
    const m = new Map<string, string>();
    for (const a of view()?.areas ?? []) m.set(a.id, a.name);
    for (const i of all()?.interventions ?? []) m.set(i.area.id, i.area.name);
    return [...m].sort((a, b) => a[1].localeCompare(b[1], 'sv'));
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

// --- detail ---------------------------------------------------------------------------

export function InterventionScreen(props: { id: string }) {
  return (
    <Show when={props.id !== 'new'} fallback={<NewIntervention />}>
      <InterventionDetailView id={props.id} />
    </Show>
  );
}

function NewIntervention() {
  return (
    <section aria-labelledby="screen-h" class="coord-screen">
      <a class="no-print" href="/coordinator/interventions">{t('iv_back')}</a>
      <h1 id="screen-h" tabindex="-1">{t('iv_new')}</h1>
      <InterventionEditor week={weekOf(new Date())} onSaved={(i) => go(`/coordinator/interventions/${i.id}`)} />
    </section>
  );
}

function InterventionDetailView(props: { id: string }) {
  const [data, { refetch }] = createResource(() => props.id, (id) => api<InterventionDetail>('GET', `/api/v1/interventions/${id}`));
  const [editing, setEditing] = createSignal(false);
  const [followWeek, setFollowWeek] = createSignal(weekOf(new Date()));
  return (
    <section aria-labelledby="screen-h" class="coord-screen">
      <a class="no-print" href="/coordinator/interventions">{t('iv_back')}</a>
      <Show when={data.error}><Notice kind="error" text={describe(data.error)} /></Show>
      <Show when={data()} fallback={<Show when={!data.error}><p>{t('loading')}</p></Show>}>
        {(i) => (
          <>
            <h1 id="screen-h" tabindex="-1">{t('iv_heading', { action: i().action })}</h1>
            <Show
              when={editing()}
              fallback={
                <>
                  <InterventionFacts i={i()} />
                  <button type="button" class="btn no-print" onClick={() => setEditing(true)}>{t('iv_edit')}</button>
                </>
              }
            >
              <InterventionEditor
                week={i().decidedWeek}
                base={i()}
                onSaved={() => { setEditing(false); void refetch(); }}
                onCancel={() => setEditing(false)}
                onReload={() => void refetch()}
              />
            </Show>
            <section class="coord-card" aria-labelledby="ba-h">
              <h2 id="ba-h">{t('ba_title')}</h2>
              <BeforeAfterTable counts={i().beforeAfter} />
            </section>
            <section class="coord-card" aria-labelledby="fu-h">
              <h2 id="fu-h">{t('fu_title')}</h2>
              <FollowUpList list={i().followUps} />
            </section>
            <section class="coord-card no-print" aria-labelledby="fu-new-h">
              <h2 id="fu-new-h">{t('fu_record')}</h2>
              <div class="coord-field coord-field-inline">
                <label for="fu-week">{t('fu_week')}</label>
                <input id="fu-week" type="week" value={followWeek()} onInput={(e) => isValidWeek(e.currentTarget.value) && setFollowWeek(e.currentTarget.value)} />
              </div>
              <Show when={followWeek()} keyed>
                {(w) => <FollowUpPanel intervention={i()} week={w} onSaved={() => void refetch()} />}
              </Show>
            </section>
          </>
        )}
      </Show>
    </section>
  );
}

export function InterventionFacts(props: { i: Intervention }) {
  const i = () => props.i;
  return (
    <dl class="coord-facts">
      <div><dt>{t('area')}</dt><dd>{i().area.name}{i().place ? `, ${i().place!.name}` : ''}</dd></div>
      <div><dt>{t('iv_problem')}</dt><dd>
        {[i().categories.map(label).join(', '), i().observationIds.length > 0 ? t('iv_linkedN', { n: i().observationIds.length }) : '', i().problem ?? ''].filter(Boolean).join(' · ')}
      </dd></div>
      <div><dt>{t('iv_action')}</dt><dd>{i().action}</dd></div>
      <div><dt>{t('organisation')}</dt><dd>{i().organisation}</dd></div>
      <div><dt>{t('iv_run')}</dt><dd>{runLabel(i())} ({termLabel(i().term)})</dd></div>
      <div><dt>{t('iv_status')}</dt><dd data-testid="iv-status">{statusLabel(i().status)}</dd></div>
      <div><dt>{t('iv_decided')}</dt><dd>{weekLabel(i().decidedWeek)} · {t('version')} {i().version}</dd></div>
    </dl>
  );
}

// --- counts -----------------------------------------------------------------------------

export function BeforeAfterTable(props: { counts: BeforeAfter; compact?: boolean }) {
  const c = () => props.counts;
  const row = (name: string, w: CountWindow | null) => (
    <tr>
      <th scope="row">{name}</th>
      <Show when={w} fallback={<td colspan={props.compact ? 3 : 5} class="muted">{t('ba_notStarted')}</td>}>
        {(x) => (
          <>
            <td>{weekLabel(x().from)}–{weekLabel(x().to)} ({x().weeks})</td>
            <td><strong>{x().count}</strong> ({num(x().perWeek)}/{t('ba_wk')})</td>
            <Show when={!props.compact}>
              <td>{x().place === null ? '–' : x().place}</td>
              <td>{x().all} ({num(x().allPerWeek)}/{t('ba_wk')})</td>
            </Show>
          </>
        )}
      </Show>
    </tr>
  );
  return (
    <div class="coord-ba" data-testid="before-after">
      <p class="small">
        {t('ba_counted', { list: c().categories.length === INDICATOR_KEYS.length ? t('ba_allIndicators') : c().categories.map(label).join(', '), asOf: weekLabel(c().asOf) })}
      </p>
      <table class="coord-table">
        <caption class="visually-hidden">{t('ba_title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ba_window')}</th>
            <th scope="col">{t('ba_weeks')}</th>
            <th scope="col">{t('ba_count')}</th>
            <Show when={!props.compact}>
              <th scope="col">{t('ba_place')}</th>
              <th scope="col">{t('ba_all')}</th>
            </Show>
          </tr>
        </thead>
        <tbody>
          {row(t('ba_before'), c().before)}
          {row(t('ba_after'), c().after)}
          <Show when={!props.compact}>{row(t('ba_during'), c().during)}</Show>
        </tbody>
      </table>
      <p class="small" data-testid="ba-direction">
        {c().direction === null
          ? t('ba_noDirection')
          : t('ba_direction', { dir: t(`ba_dir_${c().direction}` as CoordKey), change: percent(c().change) ?? '–' })}
      </p>
      <p class="muted small">{t('ba_note')}</p>
    </div>
  );
}

export function FollowUpList(props: { list: FollowUp[] }) {
  return (
    <Show when={props.list.length > 0} fallback={<p class="muted">{t('iv_notFollowedUp')}</p>}>
      <ol class="coord-obs" data-testid="followups">
        <For each={[...props.list].reverse()}>
          {(f) => (
            <li>
              <p><strong>{weekLabel(f.week)}</strong></p>
              <p>{t('fu_carriedOut')}: {t(`fu_carried_${f.carriedOut}` as CoordKey)}{f.carriedOutNote ? ` – ${f.carriedOutNote}` : ''}</p>
              <p>{t('fu_outcome')}: {t(`fu_outcome_${f.outcome}` as CoordKey)}{f.outcomeNote ? ` – ${f.outcomeNote}` : ''}</p>
              <p>{t('fu_decision')}: {t(`fu_decision_${f.decision}` as CoordKey)}{f.decisionNote ? ` – ${f.decisionNote}` : ''}</p>
              <p class="muted small">
                {t('fu_countsThen', { before: f.counts.before.count, after: f.counts.after?.count ?? '–', change: percent(f.counts.change) ?? '–' })}
              </p>
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}

// --- recording a follow-up -------------------------------------------------------------------

function Radios<T extends string>(props: { legend: string; name: string; options: readonly T[]; label: (v: T) => string; value: T | undefined; onChange: (v: T) => void; invalid?: boolean }) {
  return (
    <fieldset class="coord-radios" aria-invalid={props.invalid ? 'true' : undefined}>
      <legend>{props.legend}</legend>
      <For each={props.options}>
        {(o) => (
          <label class="coord-radio">
            <input type="radio" name={props.name} value={o} checked={props.value === o} onChange={() => props.onChange(o)} />
            {props.label(o)}
          </label>
        )}
      </For>
    </fieldset>
  );
}

/** The three questions of a follow-up, with the counts as of the week shown beside. */
export function FollowUpPanel(props: { intervention: Intervention; week: string; onSaved: (f: FollowUp) => void }) {
  const uid = uniqueId();
  const [counts] = createResource(() => `${props.intervention.id}|${props.week}`, () => api<BeforeAfter>('GET', `/api/v1/interventions/${props.intervention.id}/counts?asOf=${props.week}`));
  const [carried, setCarried] = createSignal<FollowUp['carriedOut']>();
  const [outcome, setOutcome] = createSignal<FollowUp['outcome']>();
  const [decision, setDecision] = createSignal<FollowUp['decision']>();
  const [notes, setNotes] = createSignal({ carriedOutNote: '', outcomeNote: '', decisionNote: '' });
  const [error, setError] = createSignal<string>();
  const [missing, setMissing] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const note = (k: 'carriedOutNote' | 'outcomeNote' | 'decisionNote', labelKey: CoordKey) => (
    <div class="coord-field">
      <label for={`${uid}-${k}`}>{t(labelKey)}</label>
      <textarea id={`${uid}-${k}`} rows={2} maxLength={1000} value={notes()[k]} onInput={(e) => setNotes({ ...notes(), [k]: e.currentTarget.value })} />
    </div>
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    if (!carried() || !outcome() || !decision()) {
      setMissing(true);
      setError(t('fu_answerAll'));
      return;
    }
    setMissing(false);
    const body: FollowUpCreate = { week: props.week, carriedOut: carried()!, outcome: outcome()!, decision: decision()!, ...notes() };
    setBusy(true);
    try {
      props.onSaved(await api<FollowUp>('POST', `/api/v1/interventions/${props.intervention.id}/followups`, body));
    } catch (err) {
      setError(describe(err));
    }
    setBusy(false);
  };
  return (
    <div class="coord-followup">
      <form class="coord-followup-form" onSubmit={submit} aria-label={t('fu_formLabel', { action: props.intervention.action, week: weekLabel(props.week) })} data-testid="followup-form">
        <div aria-live="polite">
          <Show when={error()}>{(m) => <Notice kind="error" text={m()} />}</Show>
        </div>
        <Radios legend={t('fu_carriedOutQ')} name={`${uid}-carried`} options={CARRIED_OUT} label={(v) => t(`fu_carried_${v}` as CoordKey)} value={carried()} onChange={setCarried} invalid={missing() && !carried()} />
        {note('carriedOutNote', 'fu_carriedOutNote')}
        <Radios legend={t('fu_outcomeQ')} name={`${uid}-outcome`} options={OUTCOMES} label={(v) => t(`fu_outcome_${v}` as CoordKey)} value={outcome()} onChange={setOutcome} invalid={missing() && !outcome()} />
        {note('outcomeNote', 'fu_outcomeNote')}
        <Radios legend={t('fu_decisionQ')} name={`${uid}-decision`} options={DECISIONS} label={(v) => t(`fu_decision_${v}` as CoordKey)} value={decision()} onChange={setDecision} invalid={missing() && !decision()} />
        {note('decisionNote', 'fu_decisionNote')}
        <Show when={decision() === 'end'}><p class="small">{t('fu_endNote')}</p></Show>
        <button type="submit" class="btn btn-primary" disabled={busy()}>{t('fu_save')}</button>
      </form>
      <aside class="coord-followup-counts" aria-label={t('ba_title')}>
        <h3>{t('ba_titleShort')}</h3>
        <Show when={counts()} fallback={<Show when={counts.error} fallback={<p>{t('loading')}</p>}><Notice kind="error" text={describe(counts.error)} /></Show>}>
          {(c) => <BeforeAfterTable counts={c()} compact />}
        </Show>
      </aside>
    </div>
  );
}

// --- the form -------------------------------------------------------------------------------

const ERR: Record<NonNullable<FormErrors[keyof FormErrors]>, CoordKey> = {
  required: 'iv_err_required',
  problemRequired: 'iv_err_problem',
  endBeforeStart: 'iv_err_end',
};

/**
 * Create (no `base`) or edit an intervention. Editing sends only the changes
 * with the version loaded; a 409 says someone else saved in between and offers
 * to reload theirs or save mine over it – never a silent overwrite.
 */
export function InterventionEditor(props: {
  week: string;
  base?: Intervention;
  defaultAreaId?: string;
  /** Fix the decided week (the meeting decides in its own week). */
  lockWeek?: boolean;
  onSaved: (i: Intervention) => void;
  onCancel?: () => void;
  onReload?: () => void;
}) {
  const uid = uniqueId();
  const id = (k: string) => `${uid}-${k}`;
  const [f, setF] = createSignal<InterventionForm>(props.base ? formOf(props.base) : emptyForm(props.week, props.defaultAreaId ?? ''));
  const [errors, setErrors] = createSignal<FormErrors>({});
  const [error, setError] = createSignal<string>();
  const [conflict, setConflict] = createSignal<number>();
  const [busy, setBusy] = createSignal(false);
  const [view] = createResource(() => (isValidWeek(f().decidedWeek) ? f().decidedWeek : undefined), (w) => api<WeekViewData>('GET', `/api/v1/weeks/${w}`));
  // The meeting often decides on what was reported the week before: offer both weeks' observations.
  const [prevView] = createResource(() => (isValidWeek(f().decidedWeek) ? addWeeks(f().decidedWeek, -1) : undefined), (w) => api<WeekViewData>('GET', `/api/v1/weeks/${w}`));
  const set = <K extends keyof InterventionForm>(k: K, v: InterventionForm[K]) => {
    setF({ ...f(), [k]: v });
    if (errors()[k]) setErrors({ ...errors(), [k]: undefined });
  };
  const toggle = (k: 'categories' | 'observationIds', v: string, on: boolean) => {
    const list = f()[k] as string[];
    set(k, (on ? [...list, v] : list.filter((x) => x !== v)) as never);
    if (errors().categories) setErrors({ ...errors(), categories: undefined });
  };
  const areas = () => {
    const list = view()?.areas.map((a) => ({ id: a.id, name: a.name, priority: a.priority })) ?? [];
    if (props.base && !list.some((a) => a.id === props.base!.area.id)) list.push({ id: props.base.area.id, name: props.base.area.name, priority: null });
    return list;
  };
  const places = () => {
    const m = new Map([...placeOptions(prevView(), f().areaId), ...placeOptions(view(), f().areaId, props.base?.area.id === f().areaId ? props.base.place : null)].map((p) => [p.id, p]));
    return [...m.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  };
  const observationsByWeek = () =>
    [view(), prevView()].filter((w): w is WeekViewData => !!w).map((w) => ({ week: w.week, list: observationsOf(w, f().areaId) }));
  const observations = () => observationsByWeek().flatMap((w) => w.list);
  const pd = () => personalDataIn(f());
  const err = (k: keyof InterventionForm) => errors()[k];
  const errText = (k: keyof InterventionForm) => (err(k) ? t(ERR[err(k)!]) : undefined);
  const described = (k: keyof InterventionForm) => (err(k) ? id(`${k}-err`) : undefined);
  const fieldError = (k: keyof InterventionForm) => <Show when={errText(k)}>{(m) => <p class="coord-field-error" id={id(`${k}-err`)}>{m()}</p>}</Show>;

  const save = async (version?: number) => {
    setError(undefined);
    const e = checkForm(f());
    setErrors(e);
    const first = Object.keys(e)[0];
    if (first) {
      setError(t('iv_err_summary'));
      queueMicrotask(() => document.getElementById(id(first === 'categories' ? 'categories-0' : first))?.focus());
      return;
    }
    setBusy(true);
    try {
      const saved = props.base
        ? await api<Intervention>('PATCH', `/api/v1/interventions/${props.base.id}`, patchBody(props.base, f(), version ?? props.base.version))
        : await api<Intervention>('POST', '/api/v1/interventions', createBody(f()));
      setConflict(undefined);
      if (!props.base) setF(emptyForm(props.week, f().areaId));
      props.onSaved(saved);
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 409) {
        setConflict(typeof err.body.currentVersion === 'number' ? err.body.currentVersion : -1);
        queueMicrotask(() => document.getElementById(id('conflict'))?.focus());
      } else setError(describe(err));
    }
    setBusy(false);
  };

  return (
    <form class="coord-card coord-ivform" onSubmit={(e) => { e.preventDefault(); void save(); }} aria-label={props.base ? t('iv_edit') : t('iv_new')} data-testid="intervention-form" novalidate>
      <div aria-live="polite">
        <Show when={error()}>{(m) => <Notice kind="error" text={m()} />}</Show>
        <Show when={pd().length > 0}>
          <Notice kind="info" text={t('iv_pdWarning', { fields: pd().map((x) => t(`iv_f_${x.field}` as CoordKey)).join(', ') })} />
        </Show>
      </div>
      <Show when={conflict() !== undefined}>
        <div id={id('conflict')} tabindex="-1" class="coord-notice coord-error" role="alert" data-testid="iv-conflict">
          <p><strong>{t('iv_conflictTitle')}</strong></p>
          <p>{t('iv_conflictText', { version: conflict()! > 0 ? conflict()! : '?' })}</p>
          <div class="coord-row coord-wrap">
            <button type="button" class="btn" onClick={() => { setConflict(undefined); props.onReload?.(); }}>{t('iv_conflictReload')}</button>
            <Show when={conflict()! > 0}>
              <button type="button" class="btn" onClick={() => void save(conflict())}>{t('iv_conflictKeep')}</button>
            </Show>
          </div>
        </div>
      </Show>
      <div class="coord-row coord-wrap coord-top">
        <div class="coord-field">
          <label for={id('areaId')}>{t('area')} *</label>
          <select id={id('areaId')} value={f().areaId} required aria-invalid={err('areaId') ? 'true' : undefined} aria-describedby={described('areaId')}
            onChange={(e) => setF({ ...f(), areaId: e.currentTarget.value, placeId: '', observationIds: [] })}>
            <option value="">{t('iv_chooseArea')}</option>
            <For each={areas()}>{(a) => <option value={a.id} selected={a.id === f().areaId}>{a.name}{a.priority !== null ? ` (${t('prioritised', { n: a.priority })})` : ''}</option>}</For>
          </select>
          {fieldError('areaId')}
        </div>
        <div class="coord-field">
          <label for={id('placeId')}>{t('iv_place')}</label>
          <select id={id('placeId')} value={f().placeId} onChange={(e) => set('placeId', e.currentTarget.value)} disabled={!f().areaId} aria-describedby={id('place-hint')}>
            <option value="">{t('iv_noPlace')}</option>
            <For each={places()}>{(p) => <option value={p.id} selected={p.id === f().placeId}>{p.name}</option>}</For>
          </select>
          <p class="muted small" id={id('place-hint')}>{t('iv_placeHint')}</p>
        </div>
        <div class="coord-field">
          <label for={id('decidedWeek')}>{t('iv_decided')}</label>
          <input id={id('decidedWeek')} type="week" value={f().decidedWeek} disabled={props.lockWeek} onInput={(e) => isValidWeek(e.currentTarget.value) && set('decidedWeek', e.currentTarget.value)} />
        </div>
      </div>

      <fieldset class="coord-section" aria-describedby={id('problem-hint')}>
        <legend>{t('iv_problem')} *</legend>
        <p class="muted small" id={id('problem-hint')}>{t('iv_problemHint')}</p>
        {fieldError('categories')}
        <fieldset class="coord-checks" aria-invalid={err('categories') ? 'true' : undefined} aria-describedby={described('categories')}>
          <legend>{t('iv_categories')}</legend>
          <For each={INDICATOR_KEYS}>
            {(c: IndicatorKey, n) => (
              <label class="coord-check">
                <input type="checkbox" id={id(`categories-${n()}`)} checked={f().categories.includes(c)} onChange={(e) => toggle('categories', c, e.currentTarget.checked)} />
                {label(c)}
              </label>
            )}
          </For>
        </fieldset>
        <fieldset class="coord-checks coord-checks-col">
          <legend>{t('iv_linkObs', { week: `${weekLabel(addWeeks(f().decidedWeek, -1))}, ${weekLabel(f().decidedWeek)}` })}</legend>
          <Show when={f().areaId} fallback={<p class="muted small">{t('iv_chooseAreaFirst')}</p>}>
            <Show when={observations().length > 0} fallback={<p class="muted small">{t('noObservations')}</p>}>
              <For each={observationsByWeek().filter((w) => w.list.length > 0)}>
                {(w) => (
                  <For each={w.list}>
                    {(o) => (
                      <label class="coord-check">
                        <input type="checkbox" checked={f().observationIds.includes(o.id)} onChange={(e) => toggle('observationIds', o.id, e.currentTarget.checked)} />
                        <span>
                          <span class="muted">{weekLabel(w.week)}:</span> <strong>{label(o.category)}</strong>, {o.place?.name ?? t('noPlace')}, {TOD_KEY(o.timeOfDay)}
                          {o.persists ? `, ${t('persists').toLowerCase()}` : ''}
                          {o.note ? ` – ${o.note}` : ''}
                        </span>
                      </label>
                    )}
                  </For>
                )}
              </For>
            </Show>
          </Show>
          <Show when={props.base && props.base.observationIds.some((x) => !observations().some((o) => o.id === x))}>
            <p class="muted small">{t('iv_linkedElsewhere', { n: f().observationIds.filter((x) => !observations().some((o) => o.id === x)).length })}</p>
          </Show>
        </fieldset>
        <div class="coord-field">
          <label for={id('problem')}>{t('iv_problemText')}</label>
          <textarea id={id('problem')} rows={2} maxLength={1000} value={f().problem} onInput={(e) => set('problem', e.currentTarget.value)} />
        </div>
      </fieldset>

      <div class="coord-field">
        <label for={id('action')}>{t('iv_action')} *</label>
        <textarea id={id('action')} rows={2} maxLength={1000} required value={f().action} aria-invalid={err('action') ? 'true' : undefined} aria-describedby={described('action')} onInput={(e) => set('action', e.currentTarget.value)} />
        {fieldError('action')}
      </div>
      <div class="coord-row coord-wrap">
        <div class="coord-field coord-grow">
          <label for={id('organisation')}>{t('organisation')} *</label>
          <input id={id('organisation')} maxLength={200} required value={f().organisation} aria-invalid={err('organisation') ? 'true' : undefined} aria-describedby={described('organisation')} onInput={(e) => set('organisation', e.currentTarget.value)} />
          {fieldError('organisation')}
        </div>
        <fieldset class="coord-radios">
          <legend>{t('iv_term')}</legend>
          <For each={['short', 'long'] as const}>
            {(v) => (
              <label class="coord-radio">
                <input type="radio" name={id('term')} checked={f().term === v} onChange={() => set('term', v)} />
                {termLabel(v)}
              </label>
            )}
          </For>
        </fieldset>
      </div>
      <div class="coord-row coord-wrap">
        <div class="coord-field">
          <label for={id('plannedStart')}>{t('iv_start')} *</label>
          <input id={id('plannedStart')} type="date" required value={f().plannedStart} aria-invalid={err('plannedStart') ? 'true' : undefined} aria-describedby={described('plannedStart')} onInput={(e) => set('plannedStart', e.currentTarget.value)} />
          {fieldError('plannedStart')}
        </div>
        <div class="coord-field">
          <label for={id('plannedEnd')}>{t('iv_end')}</label>
          <input id={id('plannedEnd')} type="date" value={f().plannedEnd} aria-invalid={err('plannedEnd') ? 'true' : undefined} aria-describedby={described('plannedEnd')} onInput={(e) => set('plannedEnd', e.currentTarget.value)} />
          {fieldError('plannedEnd')}
        </div>
        <div class="coord-field">
          <label for={id('status')}>{t('iv_status')}</label>
          <select id={id('status')} value={f().status} onChange={(e) => set('status', e.currentTarget.value as Intervention['status'])}>
            <For each={INTERVENTION_STATUSES}>{(s) => <option value={s}>{statusLabel(s)}</option>}</For>
          </select>
        </div>
      </div>
      <div class="coord-row coord-wrap">
        <button type="submit" class="btn btn-primary" disabled={busy()}>{props.base ? t('iv_saveChanges') : t('iv_create')}</button>
        <Show when={props.onCancel}><button type="button" class="btn" onClick={() => props.onCancel?.()}>{t('iv_cancel')}</button></Show>
      </div>
    </form>
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
