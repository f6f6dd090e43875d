/**
 * Follow-ups of an intervention: the before/after counts of its indicators in its area,
 * the list of follow-ups, and the panel that records one (also used inline by the
 * weekly meeting).
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import { INDICATOR_KEYS } from '../../shared/indicators';
import type { BeforeAfter, CountWindow, FollowUp, FollowUpCreate, Intervention } from '../../shared/interventions';
import { api } from '../staff/http';
import { describe } from '../staff/errors';
import { CARRIED as CARRIED_OUT, DECISION_LIST as DECISIONS, OUTCOME_LIST as OUTCOMES, percent } from './cycle-model';
import { num, t, type CoordKey } from './i18n';
import { Notice, uniqueId, weekLabel } from './ui';
import { label } from './WeekView';

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
