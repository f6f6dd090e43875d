/**
 * Other sources' figures over a period or a year, beside the indicators: per
 * source the categories against the previous period/year with the trend, the
 * areas, and (in the year review, which carries the chart library) a weekly
 * chart. A separate section: never added to the informants' counts.
 */
import { For, Show, createResource, type JSX } from 'solid-js';
import type { FigureSeries, FigureSourceSeries } from '../../shared/figures';
import { api } from '../staff/http';
import { describe } from '../staff/errors';
import { Notice } from '../coordinator/ui';
import './figures.css';
import { ft, type FigKey } from './i18n';


export interface FigureSeriesProps {
  /** `/api/v1/figures/years/2026` or `/api/v1/figures/series?from=…&to=…`. */
  url: string;
  title: 'figSeriesTitle' | 'figSeriesYearTitle';
  /** Label of the comparison column (e.g. "2025" or "Q3 2026"). */
  previousLabel: string;
  currentLabel: string;
  /** Draws the weekly chart of a source (the year review passes its uPlot chart). */
  chart?: (source: FigureSourceSeries, weeks: string[]) => JSX.Element;
}

export function FigureSeriesSection(props: FigureSeriesProps) {
  const [data] = createResource(() => props.url, (u) => api<FigureSeries>('GET', u));
  return (
    <>
      <Show when={data.error}><Notice kind="error" text={describe(data.error)} /></Show>
      <Show when={data() && data()!.sources.length > 0}>
        <section class="coord-card fig-group" aria-labelledby="fig-series-h" data-testid="figures-series">
          <h2 id="fig-series-h">{ft(props.title)}</h2>
          <p class="muted small">{ft('figHelp')}</p>
          <For each={data()!.sources}>
            {(s) => (
              <div class="fig-source">
                <h3>{s.name}<Show when={s.provider}><span class="muted small"> – {s.provider}</span></Show></h3>
                <p class="small">
                  {ft('figTotal')}: <strong>{s.total}</strong> ({ft('figPrevious').toLowerCase()} {s.previousTotal}; {ft(`trend_${s.trend}` as FigKey)}).{' '}
                  {ft('figWeeksDelivered', { n: s.weeksDelivered, of: data()!.weeks.length })}
                </p>
                <div class="coord-columns">
                  <table class="coord-table coord-compact">
                    <caption class="visually-hidden">{s.name}</caption>
                    <thead><tr><th scope="col">{ft('figCategory')}</th><th scope="col">{props.currentLabel}</th><th scope="col">{props.previousLabel}</th><th scope="col">{ft('figTrend')}</th></tr></thead>
                    <tbody>
                      <For each={s.categories}>
                        {(c) => <tr><th scope="row">{c.name}</th><td>{c.total}</td><td>{c.previousTotal}</td><td>{ft(`trend_${c.trend}` as FigKey)}</td></tr>}
                      </For>
                    </tbody>
                  </table>
                  <table class="coord-table coord-compact">
                    <caption class="visually-hidden">{s.name}: {ft('figArea')}</caption>
                    <thead><tr><th scope="col">{ft('figArea')}</th><th scope="col">{props.currentLabel}</th><th scope="col">{props.previousLabel}</th><th scope="col">{ft('figTrend')}</th></tr></thead>
                    <tbody>
                      <For each={s.areas}>
                        {(a) => <tr><th scope="row">{a.areaName}</th><td>{a.total}</td><td>{a.previousTotal}</td><td>{ft(`trend_${a.trend}` as FigKey)}</td></tr>}
                      </For>
                    </tbody>
                  </table>
                </div>
                <Show when={props.chart}>{(chart) => chart()(s, data()!.weeks)}</Show>
              </div>
            )}
          </For>
        </section>
      </Show>
    </>
  );
}

export { ft as figuresText };
