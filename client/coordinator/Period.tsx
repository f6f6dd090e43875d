/**
 * The period (quarter or tertial), /coordinator/period/<id|current>: the analysis
 * for choosing the next three prioritised areas – areas ranked (all indicators or
 * one), trend against the previous period, recurring places, time of day and
 * coverage (an area nobody reports on is flagged "no coverage", never ranked as
 * calm) – and the decision itself (three areas + rationale), which drives the
 * week view and the picture of the period it is decided for.
 */
import { FigureSeriesSection } from '../figures/FigureSeries';
import { FigureChart } from '../figures/FigureChart';
import { For, Index, Show, createEffect, createMemo, createResource, createSignal } from 'solid-js';
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import type { PeriodAnalysis, PeriodArea, PeriodCount, PeriodInfo, PrioritiesState, StoredPriorities } from '../../shared/followup';
import { api } from '../staff/http';
import { describe } from '../staff/errors';
import { PRIORITY_SLOTS as PRIORITISED_AREAS, percent, rankedAreas, suggestedPriorities } from './cycle-model';
import { lang, num, t, when, type CoordKey } from './i18n';
import { go } from '../staff/router';
import { Notice, weekLabel } from './ui';
import { label } from './WeekView';
import { SpanMapSection } from './SpanMapSection';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const TOD = ['day', 'evening', 'night', 'unknown'] as const;

function Trend(props: { c: PeriodCount }) {
  const text = () => {
    const p = percent(props.c.change);
    return `${t(`pe_trend_${props.c.trend}` as CoordKey)}${p ? ` (${p})` : ''}`;
  };
  return <span class={`coord-trend trend-${props.c.trend}`}>{text()}</span>;
}

export function PeriodView(props: { period: string }) {
  const [info] = createResource(() => props.period, (p) => api<PeriodInfo>('GET', `/api/v1/periods/${p}`));
  const [analysis, { refetch }] = createResource(() => info()?.period, (p) => api<PeriodAnalysis>('GET', `/api/v1/periods/${p}/analysis`));
  const [by, setBy] = createSignal<'all' | IndicatorKey>('all');
  const title = () => (info() ? cap(info()!.label[lang()]) : '');
  return (
    <section aria-labelledby="screen-h" class="coord-screen">
      <h1 id="screen-h" tabindex="-1">{t('pe_title', { label: title() })}</h1>
      <Show when={info.error}><Notice kind="error" text={describe(info.error)} /></Show>
      <Show when={info()}>
        {(i) => (
          <nav class="coord-row coord-wrap no-print" aria-label={t('pe_nav')}>
            <a class="btn" href={`/coordinator/period/${i().previous}`}>‹ {i().previous}</a>
            <span>{t('pe_weeks', { from: weekLabel(i().first), to: weekLabel(i().last), n: i().weeks })}</span>
            <a class="btn" href={`/coordinator/period/${i().next}`}>{i().next} ›</a>
            <a class="btn" href="/coordinator/period/current">{t('pe_current')}</a>
          </nav>
        )}
      </Show>
      <Show when={analysis.error}><Notice kind="error" text={describe(analysis.error)} /></Show>
      <Show when={analysis()} fallback={<Show when={!analysis.error && !info.error}><p>{t('loading')}</p></Show>}>
        {(a) => (
          <>
            <p data-testid="period-summary">
              {t('pe_summary', {
                total: a().totals.total.count,
                perWeek: num(a().totals.total.perWeek),
                prev: a().previous.period,
                prevCount: a().totals.total.previous,
                reports: a().participation.reports,
                calm: a().participation.calm,
                reporting: a().participation.reporting,
                functions: a().participation.functions,
              })}{' '}
              <Trend c={a().totals.total} />
            </p>
            <Show when={a().noCoverage.length > 0}>
              <Notice kind="info" text={t('pe_noCoverageNotice', { list: a().areas.filter((x) => x.noCoverage).map((x) => x.name).join(', ') })} />
            </Show>
            <Current p={a().priorities.current} analysis={a()} />
            <section class="coord-card" aria-labelledby="rank-h">
              <div class="coord-row coord-wrap">
                <h2 id="rank-h">{t('pe_ranking')}</h2>
                <div class="coord-field coord-field-inline no-print">
                  <label for="rank-by">{t('pe_rankBy')}</label>
                  <select id="rank-by" value={by()} onChange={(e) => setBy(e.currentTarget.value as 'all' | IndicatorKey)}>
                    <option value="all">{t('pe_allIndicators')}</option>
                    <For each={INDICATOR_KEYS}>{(c) => <option value={c}>{label(c)}</option>}</For>
                  </select>
                </div>
              </div>
              <RankTable analysis={a()} by={by()} />
            </section>
            <section class="coord-card" aria-labelledby="ind-h">
              <h2 id="ind-h">{t('pe_perIndicator')}</h2>
              <IndicatorTable analysis={a()} />
            </section>
            <SpanMapSection url={`/api/v1/map/periods/${a().period}`} />
            <FigureSeriesSection
              url={`/api/v1/figures/series?from=${a().weeks[0]}&to=${a().weeks[a().weeks.length - 1]}&prevFrom=${a().previous.first}&prevTo=${a().previous.last}`}
              title="figSeriesTitle"
              currentLabel={a().label[lang()]}
              previousLabel={a().previous.period}
              chart={(s, weeks) => <FigureChart source={s} weeks={weeks} />}
            />
            <div class="coord-columns">
              <section class="coord-card" aria-labelledby="prec-h">
                <h2 id="prec-h">{t('recurringTitle')}</h2>
                <p class="muted small">{t('pe_recurringHelp')}</p>
                <ul class="coord-plain" data-testid="period-recurring">
                  <For each={a().areas.filter((x) => x.recurringPlaces.length > 0)} fallback={<li class="muted">{t('recurringNone')}</li>}>
                    {(x) => (
                      <For each={x.recurringPlaces}>
                        {(p) => <li><strong>{p.placeName}</strong> ({x.name}): {t('pe_placeWeeks', { n: p.weeks, count: p.count })} <span class="muted">– {p.categories.map(label).join(', ')}</span></li>}
                      </For>
                    )}
                  </For>
                </ul>
              </section>
              <section class="coord-card" aria-labelledby="ptod-h">
                <h2 id="ptod-h">{t('timeTitle')}</h2>
                <div class="coord-scroll">
                  <table class="coord-table coord-compact">
                    <thead><tr><th scope="col">{t('area')}</th><For each={TOD}>{(k) => <th scope="col">{t(`tod_${k}` as CoordKey)}</th>}</For></tr></thead>
                    <tbody>
                      <tr><th scope="row">{t('allAreas')}</th><For each={TOD}>{(k) => <td>{a().totals.timeOfDay[k]}</td>}</For></tr>
                      <For each={a().areas.filter((x) => x.total.count > 0)}>
                        {(x) => <tr><th scope="row">{x.name}</th><For each={TOD}>{(k) => <td>{x.timeOfDay[k]}</td>}</For></tr>}
                      </For>
                    </tbody>
                  </table>
                </div>
              </section>
            </div>
            <Decision analysis={a()} info={info()!} onSaved={() => void refetch()} />
          </>
        )}
      </Show>
    </section>
  );
}

function Current(props: { p: StoredPriorities | null; analysis: PeriodAnalysis }) {
  const name = (id: string) => props.analysis.areas.find((a) => a.id === id)?.name ?? id;
  return (
    <section class="coord-card" aria-labelledby="cur-h">
      <h2 id="cur-h">{t('pe_currentPriorities')}</h2>
      <Show when={props.p} fallback={<p class="muted">{t('pe_noneDecided')}</p>}>
        {(p) => (
          <>
            <ol>{<For each={p().areaIds}>{(id) => <li>{name(id)}</li>}</For>}</ol>
            <p class="coord-note">{p().rationale}</p>
          </>
        )}
      </Show>
    </section>
  );
}

function coverageText(a: PeriodArea): string {
  const c = a.coverage;
  return `${t(`pe_cov_${c.status}` as CoordKey)} (${t('pe_covDetail', { weeks: c.coveredWeeks, share: num(c.share * 100, 0), rf: c.reportingFunctions, f: c.functions })})`;
}

function RankTable(props: { analysis: PeriodAnalysis; by: 'all' | IndicatorKey }) {
  const rows = createMemo(() => rankedAreas(props.analysis, props.by));
  const count = (a: PeriodArea) => (props.by === 'all' ? a.total : a.byCategory[props.by]);
  return (
    <div class="coord-scroll" role="region" aria-labelledby="rank-cap" tabindex="0">
      <table class="coord-table" data-testid="period-ranking">
        <caption id="rank-cap" class="visually-hidden">{t('pe_rankCaption', { by: props.by === 'all' ? t('pe_allIndicators') : label(props.by) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pe_rank')}</th>
            <th scope="col">{t('area')}</th>
            <th scope="col">{t('pe_count')}</th>
            <th scope="col">{t('pe_perWeek')}</th>
            <th scope="col">{t('pe_previous', { period: props.analysis.previous.period })}</th>
            <th scope="col">{t('pe_trend')}</th>
            <th scope="col">{t('pe_coverage')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={rows()}>
            {(r) => (
              <tr classList={{ 'no-coverage': r.area.noCoverage, prioritised: r.area.priority !== null }} data-area={r.area.name}>
                <td>{r.rank ?? '–'}</td>
                <th scope="row">
                  {r.area.name}
                  <Show when={r.area.priority !== null}><span class="coord-badge">{t('prioritised', { n: r.area.priority! })}</span></Show>
                  <Show when={r.area.noCoverage}><span class="coord-badge coord-badge-warn" data-testid="no-coverage">{t('pe_noCoverage')}</span></Show>
                </th>
                <Show
                  when={!r.area.noCoverage}
                  fallback={<td colspan="4" class="muted">{t('pe_noCoverageCell')}</td>}
                >
                  <td><strong>{count(r.area).count}</strong></td>
                  <td>{num(count(r.area).perWeek, 2)}</td>
                  <td>{count(r.area).previous}</td>
                  <td><Trend c={count(r.area)} /></td>
                </Show>
                <td class="small">{coverageText(r.area)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

function IndicatorTable(props: { analysis: PeriodAnalysis }) {
  const a = () => props.analysis;
  return (
    <div class="coord-scroll" role="region" aria-labelledby="ind-cap" tabindex="0">
      <table class="coord-table coord-week coord-compact">
        <caption id="ind-cap" class="visually-hidden">{t('pe_perIndicator')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('area')}</th>
            <For each={a().categories}>{(c) => <th scope="col">{label(c)}</th>}</For>
            <th scope="col">{t('total')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={a().areas}>
            {(x) => (
              <tr classList={{ 'no-coverage': x.noCoverage }}>
                <th scope="row">{x.name}<Show when={x.noCoverage}><span class="coord-badge coord-badge-warn">{t('pe_noCoverage')}</span></Show></th>
                <For each={a().categories}>
                  {(c) => (
                    <td>
                      {x.noCoverage ? '–' : x.byCategory[c].count}
                      <Show when={!x.noCoverage && x.byCategory[c].rank !== null && x.byCategory[c].rank! <= 3}>
                        <span class="muted small"> #{x.byCategory[c].rank}</span>
                      </Show>
                    </td>
                  )}
                </For>
                <td class="coord-total">{x.noCoverage ? '–' : x.total.count}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

function Decision(props: { analysis: PeriodAnalysis; info: PeriodInfo; onSaved: () => void }) {
  const [target, setTarget] = createSignal<'next' | 'this'>('next');
  const forPeriod = () => (target() === 'next' ? props.info.next : props.info.period);
  const [storedError, setStoredError] = createSignal<unknown>();
  const [stored, { refetch }] = createResource(forPeriod, async (p) => {
    setStoredError(undefined);
    try {
      return (await api<PrioritiesState>('GET', `/api/v1/periods/${p}/priorities`)).priorities;
    } catch (e) {
      // Shown below; the form still starts from the ranking.
      setStoredError(e);
      return null;
    }
  });
  const [areas, setAreas] = createSignal<string[]>([]);
  const [rationale, setRationale] = createSignal('');
  const [msg, setMsg] = createSignal<{ kind: 'ok' | 'error'; text: string }>();
  const [busy, setBusy] = createSignal(false);
  // Start from what is stored for the period, else the top of the ranking.
  const reset = () => {
    const s = stored();
    setAreas(s ? [...s.areaIds] : suggestedPriorities(props.analysis, PRIORITISED_AREAS));
    setRationale(s?.rationale ?? '');
  };
  createEffect(() => {
    if (stored.loading) return;
    stored();
    reset();
  });
  const slots = () => Math.min(PRIORITISED_AREAS, props.analysis.areas.length);
  const setSlot = (i: number, id: string) => {
    const next = [...areas()];
    next[i] = id;
    setAreas(next);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setMsg(undefined);
    const ids = areas().slice(0, slots()).filter(Boolean);
    if (ids.length !== slots() || new Set(ids).size !== ids.length) return setMsg({ kind: 'error', text: t('pe_err_areas', { n: slots() }) });
    if (!rationale().trim()) return setMsg({ kind: 'error', text: t('pe_err_rationale') });
    setBusy(true);
    try {
      const s = await api<StoredPriorities>('PUT', `/api/v1/periods/${forPeriod()}/priorities`, { areaIds: ids, rationale: rationale() });
      setMsg({ kind: 'ok', text: t('pe_saved', { period: s.period, at: when(s.decidedAt) }) });
      void refetch();
      props.onSaved();
    } catch (err) {
      setMsg({ kind: 'error', text: describe(err) });
    }
    setBusy(false);
  };
  return (
    <form class="coord-card no-print" aria-labelledby="dec-h" onSubmit={submit} data-testid="priorities-form">
      <h2 id="dec-h">{t('pe_decisionTitle', { period: forPeriod() })}</h2>
      <fieldset class="coord-radios">
        <legend>{t('pe_decisionFor')}</legend>
        <label class="coord-radio"><input type="radio" name="dec-target" checked={target() === 'next'} onChange={() => setTarget('next')} />{t('pe_forNext', { period: props.info.next })}</label>
        <label class="coord-radio"><input type="radio" name="dec-target" checked={target() === 'this'} onChange={() => setTarget('this')} />{t('pe_forThis', { period: props.info.period })}</label>
      </fieldset>
      <p class="muted small">{t('pe_decisionHelp')}</p>
      <Show when={storedError()}>{(e) => <Notice kind="error" text={describe(e())} />}</Show>
      <Show when={stored()}>{(s) => <p class="small">{t('pe_storedAt', { at: when(s().decidedAt), version: s().version })}</p>}</Show>
      <div class="coord-row coord-wrap">
        <Index each={Array.from({ length: slots() })}>
          {(_, i) => (
            <div class="coord-field">
              <label for={`dec-area-${i}`}>{t('prioritised', { n: i + 1 })}</label>
              <select id={`dec-area-${i}`} value={areas()[i] ?? ''} onChange={(e) => setSlot(i, e.currentTarget.value)}>
                <option value="">{t('iv_chooseArea')}</option>
                <For each={props.analysis.areas}>
                  {(a) => <option value={a.id} selected={areas()[i] === a.id}>{a.name}{a.noCoverage ? ` (${t('pe_noCoverage')})` : a.total.rank !== null ? ` (#${a.total.rank})` : ''}</option>}
                </For>
              </select>
            </div>
          )}
        </Index>
      </div>
      <div class="coord-field">
        <label for="dec-rationale">{t('pe_rationale')}</label>
        <textarea id="dec-rationale" rows={3} maxLength={2000} value={rationale()} onInput={(e) => setRationale(e.currentTarget.value)} />
      </div>
      <div aria-live="polite"><Show when={msg()}>{(m) => <Notice kind={m().kind} text={m().text} />}</Show></div>
      <div class="coord-row coord-wrap">
        <button type="submit" class="btn btn-primary" disabled={busy()}>{t('pe_save')}</button>
        <button type="button" class="btn" onClick={() => go(`/coordinator/weeks/${props.analysis.weeks.at(-1)}`)}>{t('pe_openWeek')}</button>
      </div>
    </form>
  );
}
