/**
 * The weekly meeting (veckomöte), /coordinator/meeting/<week>: one screen that
 * walks the agenda in order, a step at a time, with the progress list beside.
 *   1. follow-up of last week's interventions (record follow-ups inline)
 *   2. the situation in all areas (compact week table)
 *   3. analysis of the three prioritised areas: where, when, how; recurring places
 *   4. new interventions (created inline, decided in this week)
 *   5. the picture: the draft of this week, with the decided interventions in it
 */
import { FigureWeekSection } from '../figures/FigureWeek';
import { For, Match, Show, Switch, createResource, createSignal, onMount } from 'solid-js';
import type { Intervention } from '../../shared/interventions';
import type { PictureDraft } from '../../shared/pictures';
import type { TimeSplit, WeekSummary as WeekViewData, WeekSummaryArea as WeekViewArea } from '../../shared/weekview';
import { parseWeek } from '../../shared/weeks';
import { ApiFailure, api } from '../staff/http';
import { describe } from '../staff/errors';
import { addToDraft, followUpOf, indicatorsOf, lastWeekOf, missingFromDraft, placesOf, toFollowUp } from './cycle-model';
import { delta, t, type CoordKey } from './i18n';
import { FollowUpList, FollowUpPanel } from './FollowUp';
import { InterventionEditor } from './InterventionEditor';
import { InterventionLine, InterventionTable } from './InterventionList';
import { go } from '../staff/router';
import { List, Notice, WeekPicker, weekLabel } from './ui';
import { Figures, fetchObservations, fetchWeek, label } from './WeekView';

const STEPS = ['m_step1', 'm_step2', 'm_step3', 'm_step4', 'm_step5'] as const satisfies readonly CoordKey[];
const TOD: (keyof TimeSplit)[] = ['day', 'evening', 'night', 'unknown'];

export function MeetingView(props: { week: string }) {
  const [step, setStep] = createSignal(0);
  const [visited, setVisited] = createSignal(new Set([0]));
  const n = () => parseWeek(props.week)?.week ?? 0;
  const [view] = createResource(() => props.week, fetchWeek);
  let stepHeading: HTMLHeadingElement | undefined;
  const goTo = (i: number) => {
    setStep(i);
    setVisited(new Set([...visited(), i]));
    queueMicrotask(() => stepHeading?.focus());
  };
  return (
    <section aria-labelledby="screen-h" class="coord-screen">
      <h1 id="screen-h" tabindex="-1">{t('m_title', { n: n() })}</h1>
      <WeekPicker week={props.week} href={(w) => `/coordinator/meeting/${w}`} onPick={(w) => go(`/coordinator/meeting/${w}`)} />
      <div class="coord-meeting">
        <nav aria-label={t('m_agenda')} class="coord-steps no-print">
          <ol>
            <For each={STEPS}>
              {(k, i) => (
                <li classList={{ done: visited().has(i()) && i() !== step(), current: i() === step() }}>
                  <button type="button" class="coord-step" aria-current={i() === step() ? 'step' : undefined} onClick={() => goTo(i())}>
                    <span class="coord-step-n" aria-hidden="true">{i() + 1}</span> {t(k)}
                  </button>
                </li>
              )}
            </For>
          </ol>
        </nav>
        <div class="coord-meeting-main">
          <h2 ref={stepHeading} tabindex="-1" id="step-h" data-testid="meeting-step">
            {t('m_stepOf', { i: step() + 1, n: STEPS.length })}: {t(STEPS[step()]!)}
          </h2>
          <Show when={view.error}><Notice kind="error" text={describe(view.error)} /></Show>
          <Switch>
            <Match when={step() === 0}><StepFollowUp week={props.week} /></Match>
            <Match when={step() === 1}><Show when={view()} fallback={<p>{t('loading')}</p>}>{(v) => <StepSituation view={v()} />}</Show></Match>
            <Match when={step() === 2}><Show when={view()} fallback={<p>{t('loading')}</p>}>{(v) => <StepAnalysis view={v()} />}</Show></Match>
            <Match when={step() === 3}><StepNew week={props.week} view={view()} /></Match>
            <Match when={step() === 4}><StepPicture week={props.week} /></Match>
          </Switch>
          <div class="coord-row coord-step-nav no-print">
            <Show when={step() > 0} fallback={<span />}>
              <button type="button" class="btn" onClick={() => goTo(step() - 1)}>‹ {t('m_prev', { step: t(STEPS[step() - 1]!) })}</button>
            </Show>
            <Show when={step() < STEPS.length - 1}>
              <button type="button" class="btn btn-primary" onClick={() => goTo(step() + 1)}>{t('m_next', { step: t(STEPS[step() + 1]!) })} ›</button>
            </Show>
          </div>
        </div>
      </div>
    </section>
  );
}

// 1 ------------------------------------------------------------------------------------

function StepFollowUp(props: { week: string }) {
  const last = () => lastWeekOf(props.week);
  const [list, { refetch }] = createResource(
    () => props.week,
    async (w) => {
      const prev = lastWeekOf(w);
      const [running, decided] = await Promise.all([
        api<{ interventions: Intervention[] }>('GET', `/api/v1/interventions?activeIn=${prev}`),
        api<{ interventions: Intervention[] }>('GET', `/api/v1/interventions?decidedWeek=${prev}`),
      ]);
      return toFollowUp([...running.interventions, ...decided.interventions], w);
    },
  );
  const [open, setOpen] = createSignal<string>();
  return (
    <div class="coord-stack">
      <p class="muted">{t('m_followHelp', { last: weekLabel(last()) })}</p>
      <Show when={list.error}><Notice kind="error" text={describe(list.error)} /></Show>
      <Show when={list()} fallback={<Show when={!list.error}><p>{t('loading')}</p></Show>}>
        {(l) => (
          <Show when={l().length > 0} fallback={<p class="muted">{t('m_nothingToFollow')}</p>}>
            <ul class="coord-plain coord-cards" data-testid="meeting-followups">
              <For each={l()}>
                {(i) => {
                  const done = () => followUpOf(i, props.week);
                  return (
                    <li class="coord-card" data-testid="meeting-followup" data-id={i.id}>
                      <h3 class="coord-h3"><InterventionLine i={i} /></h3>
                      <Show
                        when={done()}
                        fallback={
                          <Show
                            when={open() === i.id}
                            fallback={<button type="button" class="btn" onClick={() => setOpen(i.id)}>{t('m_followThis', { action: i.action })}</button>}
                          >
                            <FollowUpPanel intervention={i} week={props.week} onSaved={() => { setOpen(undefined); void refetch(); }} />
                          </Show>
                        }
                      >
                        <p class="coord-ok coord-notice" role="status" data-testid="followed-up">{t('m_followedUp', { week: weekLabel(props.week) })}</p>
                        <FollowUpList list={i.followUps.filter((f) => f.week === props.week)} />
                      </Show>
                    </li>
                  );
                }}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </div>
  );
}

// 2 ------------------------------------------------------------------------------------

function StepSituation(props: { view: WeekViewData }) {
  const v = () => props.view;
  return (
    <div class="coord-stack">
      <p>{t('reportsLine', { total: v().reports.total, calm: v().reports.calm, obs: v().reports.observations })}</p>
      <div class="coord-scroll" role="region" aria-labelledby="sit-cap" tabindex="0">
        <table class="coord-table coord-week coord-compact" data-testid="meeting-situation">
          <caption id="sit-cap">{t('m_situationCaption', { week: weekLabel(v().week), prev: weekLabel(v().previousWeek) })}</caption>
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
                  <th scope="row">{a.name}<Show when={a.priority !== null}><span class="coord-badge">{t('prioritised', { n: a.priority! })}</span></Show></th>
                  <For each={v().categories}>{(c) => <td classList={{ empty: a.cells[c].count === 0 }}>{a.cells[c].count}</td>}</For>
                  <td class="coord-total"><Figures s={a.total} where={`${a.name}, ${t('total')}`} /></td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <FigureWeekSection week={v().week} />
      <p class="small"><a href={`/coordinator/weeks/${v().week}`}>{t('m_openWeek')}</a></p>
    </div>
  );
}

// 3 ------------------------------------------------------------------------------------

function StepAnalysis(props: { view: WeekViewData }) {
  const prioritised = () => props.view.areas.filter((a) => a.priority !== null).sort((a, b) => a.priority! - b.priority!);
  return (
    <Show
      when={prioritised().length > 0}
      fallback={
        <Notice kind="info" text={t('m_noPriorities')}>
          <p><a href="/coordinator/period/current">{t('m_decidePriorities')}</a></p>
        </Notice>
      }
    >
      <div class="coord-stack" data-testid="meeting-analysis">
        <For each={prioritised()}>{(a) => <AreaAnalysis area={a} view={props.view} />}</For>
      </div>
      {/* The sources' figures for the prioritised areas: beside the analysis, not part of it. */}
      <FigureWeekSection week={props.view.week} onlyAreas={prioritised().map((a) => a.id)} />
    </Show>
  );
}

function AreaAnalysis(props: { area: WeekViewArea; view: WeekViewData }) {
  const a = () => props.area;
  // Where: from the area's observations, fetched as the step opens (the figures are already there).
  const [observations] = createResource(() => `${props.view.week}|${a().id}`, () => fetchObservations(props.view.week, a().id));
  const places = () => placesOf(observations() ?? []);
  const recurring = () => props.view.recurringPlaces.filter((r) => r.areaId === a().id);
  const hid = `an-${a().id}`;
  return (
    <section class="coord-card" aria-labelledby={hid}>
      <h3 id={hid} class="coord-h3">{t('prioritised', { n: a().priority! })}: {a().name} <span class="muted small">{t('m_obsCount', { n: a().total.count, d: delta(a().total.deltaPrevious) })}</span></h3>
      <div class="coord-columns">
        <div>
          <h4>{t('m_how')}</h4>
          <ul class="coord-plain">
            <List each={indicatorsOf(a(), props.view.categories)} empty={t('noObservations')}>
              {(x) => <li>{label(x.category)}: <strong>{x.count}</strong>{x.persists > 0 ? ` (${t('m_persistsN', { n: x.persists })})` : ''}</li>}
            </List>
          </ul>
        </div>
        <div>
          <h4>{t('m_where')}</h4>
          <ul class="coord-plain">
            <Show when={!observations.loading} fallback={<li>{t('loading')}</li>}>
              <Show when={observations.error}><li>{describe(observations.error)}</li></Show>
              <List each={places()} empty={observations.error ? '' : t('noObservations')}>
                {(p) => <li>{p.name ?? t('noPlace')}: <strong>{p.count}</strong> <span class="muted">({p.categories.map(label).join(', ')})</span></li>}
              </List>
            </Show>
          </ul>
        </div>
        <div>
          <h4>{t('m_when')}</h4>
          <table class="coord-table coord-compact">
            <caption class="visually-hidden">{t('timeTitle')}: {a().name}</caption>
            <tbody>
              <For each={TOD}>{(k) => <tr><th scope="row">{t(`tod_${k}` as CoordKey)}</th><td>{a().timeOfDay[k]}</td></tr>}</For>
            </tbody>
          </table>
        </div>
        <div>
          <h4>{t('recurringTitle')}</h4>
          <ul class="coord-plain">
            <List each={recurring()} empty={t('recurringNone')}>
              {(r) => <li><strong>{r.placeName}</strong>: {t('recurringWeeks', { n: r.weeks.length, count: r.countWindow })} <span class="muted">– {r.categories.map(label).join(', ')}</span></li>}
            </List>
          </ul>
        </div>
      </div>
    </section>
  );
}

// 4 ------------------------------------------------------------------------------------

function StepNew(props: { week: string; view: WeekViewData | undefined }) {
  const [list, { refetch }] = createResource(() => props.week, (w) => api<{ interventions: Intervention[] }>('GET', `/api/v1/interventions?decidedWeek=${w}`));
  const [saved, setSaved] = createSignal<string>();
  const firstPrioritised = () => props.view?.areas.find((a) => a.priority === 1)?.id ?? '';
  return (
    <div class="coord-stack">
      <p class="muted">{t('m_newHelp', { week: weekLabel(props.week) })}</p>
      <section aria-labelledby="decided-h" class="coord-stack">
        <h3 id="decided-h" class="coord-h3">{t('m_decidedThisWeek')}</h3>
        <Show when={list()} fallback={<p>{t('loading')}</p>}>{(l) => <InterventionTable list={l().interventions} caption={t('m_decidedThisWeek')} />}</Show>
      </section>
      <div aria-live="polite"><Show when={saved()}>{(m) => <Notice kind="ok" text={m()} />}</Show></div>
      <h3 class="coord-h3">{t('iv_new')}</h3>
      <Show when={props.view} fallback={<p>{t('loading')}</p>}>
        <InterventionEditor
          week={props.week}
          lockWeek
          defaultAreaId={firstPrioritised()}
          onSaved={(i) => { setSaved(t('m_created', { action: i.action })); void refetch(); }}
        />
      </Show>
    </div>
  );
}

// 5 ------------------------------------------------------------------------------------

function StepPicture(props: { week: string }) {
  const [draft, { refetch: refetchDraft }] = createResource(() => props.week, (w) => api<PictureDraft>('GET', `/api/v1/pictures/drafts/${w}`));
  const [list] = createResource(() => props.week, (w) => api<{ interventions: Intervention[] }>('GET', `/api/v1/interventions?decidedWeek=${w}`));
  const [msg, setMsg] = createSignal<{ kind: 'ok' | 'error'; text: string }>();
  const missing = () => (draft() && list() ? missingFromDraft(draft()!.content, list()!.interventions) : []);
  const add = async () => {
    const d = draft()!;
    try {
      await api('PUT', `/api/v1/pictures/drafts/${props.week}`, { version: d.version, content: addToDraft(d.content, missing()) });
      setMsg({ kind: 'ok', text: t('m_addedToDraft') });
    } catch (e) {
      setMsg({ kind: 'error', text: e instanceof ApiFailure && e.status === 409 ? t('m_draftConflict') : describe(e) });
    }
    void refetchDraft();
  };
  onMount(() => setMsg(undefined));
  return (
    <div class="coord-stack">
      <p class="muted">{t('m_pictureHelp')}</p>
      <Show when={draft.error}><Notice kind="error" text={describe(draft.error)} /></Show>
      <div aria-live="polite"><Show when={msg()}>{(m) => <Notice kind={m().kind} text={m().text} />}</Show></div>
      <Show when={draft() && list()} fallback={<Show when={!draft.error}><p>{t('loading')}</p></Show>}>
        <section aria-labelledby="pic-iv-h" class="coord-stack">
          <h3 id="pic-iv-h" class="coord-h3">{t('m_inPicture')}</h3>
          <ul class="coord-plain" data-testid="picture-interventions">
            <List each={list()!.interventions} empty={t('m_noneDecided')}>
              {(i) => (
                <li>
                  <InterventionLine i={i}>
                    {' '}<Show when={missing().includes(i)} fallback={<span class="coord-badge">{t('m_inDraft')}</span>}><span class="coord-badge coord-badge-warn">{t('m_notInDraft')}</span></Show>
                  </InterventionLine>
                </li>
              )}
            </List>
          </ul>
          <Show when={missing().length > 0}>
            <button type="button" class="btn" onClick={() => void add()}>{t('m_addToDraft', { n: missing().length })}</button>
          </Show>
        </section>
        <p>{t('m_draftState', { version: draft()!.version })}</p>
      </Show>
      <p>
        <a class="btn btn-primary" href={`/coordinator/draft/${props.week}`} data-testid="open-draft">{t('m_openDraft', { week: weekLabel(props.week) })}</a>
      </p>
    </div>
  );
}
