/**
 * The year review (årsuppföljning), /coordinator/year/<year|current>: per area
 * and indicator the weekly counts over the year as charts (with table
 * fallbacks), the interventions with their follow-ups and the counts in their
 * area before and after, and a print button producing a tidy document to send
 * to the organisations and local politicians. Part of the lazily loaded staff
 * chunk (with uPlot); never imported by informant code.
 */
import { For, Show, createResource } from 'solid-js';
import type { IndicatorKey } from '../../shared/indicators';
import type { YearIntervention, YearReview } from '../../shared/followup';
import { api } from '../staff/http';
import { describe } from '../staff/errors';
import { WeeklyChart, type LineSeries } from './Chart';
import { FigureSeriesSection, figuresText } from '../figures/FigureSeries';
import { FigureChart } from '../figures/FigureChart';
import { percent, yearSeries } from './cycle-model';
import { num, t, type CoordKey } from './i18n';
import { runLabel, statusLabel, termLabel } from './InterventionList';
import { Notice, weekLabel } from './ui';
import { label } from './WeekView';
import { SpanMapSection } from './SpanMapSection';

/** Colour-blind-safe palette (Okabe–Ito + two), dashes tell lines apart in greyscale print. */
const COLOURS: Record<IndicatorKey, { color: string; dash?: number[] }> = {
  vandalism: { color: '#0072B2' },
  fire: { color: '#D55E00', dash: [6, 3] },
  staff_incident: { color: '#CC79A7', dash: [2, 2] },
  event: { color: '#009E73', dash: [8, 3, 2, 3] },
  youth_gathering: { color: '#E69F00' },
  disorder: { color: '#56B4E9', dash: [6, 3] },
  unsafe_place: { color: '#6a3d9a', dash: [2, 2] },
  other: { color: '#7f7f7f', dash: [8, 3, 2, 3] },
};

function seriesFor(review: YearReview, areaId: string | null): LineSeries[] {
  const s = yearSeries(review, areaId);
  return [
    { label: t('total'), values: s.total, color: '#1a1a1a', width: 2.5 },
    ...s.series.map((x) => ({ label: label(x.category), values: x.values, ...COLOURS[x.category], width: 1.5 })),
  ];
}

export default function YearView(props: { year: string }) {
  const [data] = createResource(() => props.year, (y) => api<YearReview>('GET', `/api/v1/years/${y}/review`));
  const y = () => data()?.year ?? (Number(props.year) || new Date().getFullYear());
  return (
    <section aria-labelledby="screen-h" class="coord-screen coord-year">
      <div class="coord-row coord-wrap no-print">
        <nav class="coord-row coord-wrap" aria-label={t('yr_nav')}>
          <a class="btn" href={`/coordinator/year/${y() - 1}`}>‹ {y() - 1}</a>
          <a class="btn" href={`/coordinator/year/${y() + 1}`}>{y() + 1} ›</a>
          <a class="btn" href="/coordinator/year/current">{t('yr_current')}</a>
        </nav>
        <button type="button" class="btn btn-primary" onClick={() => window.print()} disabled={!data()}>{t('yr_print')}</button>
      </div>
      <h1 id="screen-h" tabindex="-1">{t('yr_title', { year: y() })}</h1>
      <Show when={data.error}><Notice kind="error" text={describe(data.error)} /></Show>
      <Show when={data()} fallback={<Show when={!data.error}><p>{t('loading')}</p></Show>}>
        {(r) => <YearDocument review={r()} />}
      </Show>
    </section>
  );
}

function YearDocument(props: { review: YearReview }) {
  const r = () => props.review;
  const areaName = (id: string) => r().areas.find((a) => a.id === id)?.name ?? id;
  const withData = () => r().areas.filter((a) => a.total > 0 || a.interventionIds.length > 0);
  const without = () => r().areas.filter((a) => a.total === 0 && a.interventionIds.length === 0);
  const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);
  const s = () => r().summary;
  return (
    <div class="coord-year-doc" data-testid="year-review">
      <p class="coord-lead">{t('yr_intro', { year: r().year, asOf: weekLabel(r().inProgress && r().weeksOver > 0 ? r().weeks[r().weeksOver - 1]! : r().asOf) })}</p>
      <Show when={r().inProgress}>{(w) => <p class="muted small" data-testid="year-running">{t('yr_running', { week: weekLabel(w()) })}</p>}</Show>
      <p class="muted small">{t('yr_caveat')}</p>

      <section class="coord-card" aria-labelledby="yr-sum-h">
        <h2 id="yr-sum-h">{t('yr_summary')}</h2>
        <p>
          {t('yr_totals', {
            total: r().totals.total,
            prev: r().totals.previousYear,
            reports: sum(r().totals.reports),
            calm: sum(r().totals.calm),
            interventions: s().interventions,
          })}
        </p>
        <div class="coord-columns">
          <table class="coord-table coord-compact">
            <caption>{t('yr_byIndicator')}</caption>
            <thead><tr><th scope="col">{t('yr_indicator')}</th><th scope="col">{r().year}</th><th scope="col">{r().year - 1}</th></tr></thead>
            <tbody>
              <For each={r().categories}>
                {(c) => <tr><th scope="row">{label(c)}</th><td>{r().totals.byCategory[c].count}</td><td>{r().totals.byCategory[c].previousYear}</td></tr>}
              </For>
            </tbody>
          </table>
          <table class="coord-table coord-compact">
            <caption>{t('yr_ivSummary')}</caption>
            <tbody>
              <For each={['better', 'unchanged', 'worse', 'notFollowedUp'] as const}>
                {(k) => <tr><th scope="row">{t(`yr_outcome_${k}` as CoordKey)}</th><td>{s().byOutcome[k]}</td></tr>}
              </For>
              <For each={['fewer', 'unchanged', 'more', 'none'] as const}>
                {(k) => <tr><th scope="row">{t(`yr_dir_${k}` as CoordKey)}</th><td>{s().byDirection[k]}</td></tr>}
              </For>
              <For each={['continue', 'expand', 'change', 'end', 'none'] as const}>
                {(k) => <tr><th scope="row">{t(`yr_decision_${k}` as CoordKey)}</th><td>{s().byDecision[k]}</td></tr>}
              </For>
            </tbody>
          </table>
        </div>
        <WeeklyChart title={t('yr_chartAll', { year: r().year })} weeks={r().weeks} series={seriesFor(r(), null)} testid="chart-all" />
      </section>

      <SpanMapSection url={`/api/v1/map/years/${r().year}`} />

      <FigureSeriesSection
        url={`/api/v1/figures/years/${r().year}`}
        title="figSeriesYearTitle"
        currentLabel={String(r().year)}
        previousLabel={String(r().year - 1)}
        chart={(s, weeks) => <FigureChart source={s} weeks={weeks} />}
      />
      <p class="no-print"><a class="btn" href={`/coordinator/lagesbild/${r().year}`}>{figuresText('lbOpen', { year: r().year })}</a></p>

      <section class="coord-card" aria-labelledby="yr-per-h">
        <h2 id="yr-per-h">{t('yr_periods')}</h2>
        <ul class="coord-plain">
          <For each={r().periods}>
            {(p) => (
              <li>
                <strong>{p.label.sv}</strong> ({weekLabel(p.first)}–{weekLabel(p.last)}):{' '}
                {p.priorities ? `${p.priorities.areaIds.map(areaName).join(', ')}. ${p.priorities.rationale}` : t('pe_noneDecided')}
              </li>
            )}
          </For>
        </ul>
      </section>

      <section class="coord-card coord-year-ivs" aria-labelledby="yr-iv-h">
        <h2 id="yr-iv-h">{t('yr_interventions', { n: r().interventions.length })}</h2>
        <p class="muted small">{t('yr_ivHelp')}</p>
        <Show when={r().interventions.length > 0} fallback={<p class="muted">{t('iv_none')}</p>}>
          <For each={r().interventions}>{(i) => <YearInterventionItem i={i} />}</For>
        </Show>
      </section>

      <section aria-labelledby="yr-areas-h" class="coord-stack">
        <h2 id="yr-areas-h">{t('yr_areas')}</h2>
        <For each={withData()}>
          {(a) => (
            <section class="coord-card coord-year-area" aria-labelledby={`yr-a-${a.id}`}>
              <h3 id={`yr-a-${a.id}`} class="coord-h3">{a.name}</h3>
              <p class="small">
                {t('yr_areaLine', { total: a.total, prev: a.previousYearTotal, n: a.interventionIds.length })}
                {' '}
                {r().categories.filter((c) => a.byCategory[c] > 0).map((c) => `${label(c)} ${a.byCategory[c]}`).join(', ')}
              </p>
              <WeeklyChart title={t('yr_chartArea', { area: a.name, year: r().year })} weeks={r().weeks} series={seriesFor(r(), a.id)} height={180} />
            </section>
          )}
        </For>
        <Show when={without().length > 0}>
          <p class="muted">{t('yr_noData', { list: without().map((a) => a.name).join(', ') })}</p>
        </Show>
      </section>
    </div>
  );
}

function YearInterventionItem(props: { i: YearIntervention }) {
  const i = () => props.i;
  const ba = () => i().beforeAfter;
  return (
    <article class="coord-year-iv" aria-labelledby={`yiv-${i().id}`}>
      <h3 id={`yiv-${i().id}`} class="coord-h3">{i().action}</h3>
      <p class="small">
        {i().area.name}{i().place ? `, ${i().place!.name}` : ''} · {i().organisation} · {termLabel(i().term)} · {runLabel(i())} · {statusLabel(i().status)}
      </p>
      <p class="small">
        {t('iv_problem')}: {[i().countedCategories.map(label).join(', '), i().problem ?? ''].filter(Boolean).join(' – ')}
      </p>
      <table class="coord-table coord-compact">
        <caption class="visually-hidden">{t('ba_title')}: {i().action}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ba_before')}</th>
            <th scope="col">{t('ba_after')}</th>
            <th scope="col">{t('yr_change')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{ba().before.count} ({num(ba().before.perWeek)}/{t('ba_wk')}, {weekLabel(ba().before.from)}–{weekLabel(ba().before.to)})</td>
            <td>{ba().after ? `${ba().after!.count} (${num(ba().after!.perWeek)}/${t('ba_wk')}, ${weekLabel(ba().after!.from)}–${weekLabel(ba().after!.to)})` : t('ba_notStarted')}</td>
            <td>{ba().direction ? `${t(`ba_dir_${ba().direction}` as CoordKey)} ${percent(ba().change) ?? ''}` : '–'}</td>
          </tr>
        </tbody>
      </table>
      <Show when={i().followUps.length > 0} fallback={<p class="small muted">{t('iv_notFollowedUp')}</p>}>
        <ul class="coord-plain small">
          <For each={i().followUps}>
            {(f) => (
              <li>
                {weekLabel(f.week)}: {t('fu_carriedOut')} {t(`fu_carried_${f.carriedOut}` as CoordKey).toLowerCase()}; {t('fu_outcome').toLowerCase()} {t(`fu_outcome_${f.outcome}` as CoordKey).toLowerCase()}
                {f.outcomeNote ? ` (${f.outcomeNote})` : ''}; {t('fu_decision').toLowerCase()}: {t(`fu_decision_${f.decision}` as CoordKey).toLowerCase()}
                {f.decisionNote ? ` (${f.decisionNote})` : ''}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </article>
  );
}
