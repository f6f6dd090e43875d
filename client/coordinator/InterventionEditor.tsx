/**
 * The intervention form: create or edit (also used inline by the weekly meeting).
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import type { Intervention } from '../../shared/interventions';
import type { WeekSummary as WeekViewData, WeekViewObservation } from '../../shared/weekview';
import { addWeeks, isValidWeek } from '../../shared/weeks';
import { ApiFailure, api } from '../staff/http';
import { describe } from '../staff/errors';
import {
  STATUSES as INTERVENTION_STATUSES,
  checkForm,
  createBody,
  emptyForm,
  formOf,
  patchBody,
  personalDataIn,
  placeOptions,
  type FormErrors,
  type InterventionForm,
} from './cycle-model';
import { t, type CoordKey } from './i18n';
import { Notice, uniqueId, weekLabel } from './ui';
import { fetchObservations, fetchWeek, label } from './WeekView';
import { statusLabel, termLabel } from './InterventionList';
import { svCompare } from '../../shared/swedish-order';

const TOD_KEY = (k: string) => t(`tod_${k}` as CoordKey);

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
  const [view] = createResource(() => (isValidWeek(f().decidedWeek) ? f().decidedWeek : undefined), fetchWeek);
  // The meeting often decides on what was reported the week before: offer both weeks' observations.
  const [prevView] = createResource(() => (isValidWeek(f().decidedWeek) ? addWeeks(f().decidedWeek, -1) : undefined), fetchWeek);
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
  // The area's observations of both weeks, fetched when the week or the area changes (keyed by a string, not per keystroke).
  const areaKey = (offset: number) => (isValidWeek(f().decidedWeek) && f().areaId ? `${addWeeks(f().decidedWeek, offset)}|${f().areaId}` : undefined);
  const fetchKeyed = (key: string) => {
    const [week, areaId] = key.split('|') as [string, string];
    return fetchObservations(week, areaId).then((list) => ({ week, list }));
  };
  const [areaObs] = createResource(() => areaKey(0), fetchKeyed);
  const [prevAreaObs] = createResource(() => areaKey(-1), fetchKeyed);
  const current = (r: typeof areaObs) => (r.loading || r.error ? undefined : r());
  const places = () => {
    const base = props.base?.area.id === f().areaId ? props.base.place : null;
    const m = new Map([...placeOptions(prevView(), current(prevAreaObs)?.list, f().areaId), ...placeOptions(view(), current(areaObs)?.list, f().areaId, base)].map((p) => [p.id, p]));
    return [...m.values()].sort((a, b) => svCompare(a.name, b.name));
  };
  const observationsByWeek = () => [current(areaObs), current(prevAreaObs)].filter((w): w is { week: string; list: WeekViewObservation[] } => !!w);
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
