/**
 * One intervention, /coordinator/interventions/<id>: what is done, the before/after
 * counts, its follow-ups and recording one; /coordinator/interventions/new creates one.
 */
import { Show, createResource, createSignal } from 'solid-js';
import type { Intervention, InterventionDetail } from '../../shared/interventions';
import { isValidWeek, weekOf } from '../../shared/weeks';
import { api } from '../staff/http';
import { describe } from '../staff/errors';
import { t } from './i18n';
import { go } from '../staff/router';
import { Notice, weekLabel } from './ui';
import { label } from './WeekView';
import { BeforeAfterTable, FollowUpList, FollowUpPanel } from './FollowUp';
import { InterventionEditor } from './InterventionEditor';
import { runLabel, statusLabel, termLabel } from './InterventionList';

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
