/**
 * A weekly line chart (uPlot), readable in print and with a table fallback.
 * uPlot is imported ONLY here, and this module only by the lazily loaded year
 * review, so neither the informant bundle nor the other staff screens carry it.
 *
 * Print: the live canvas (sized for the screen, with a hover legend) is hidden
 * and a static PNG of the same drawing – made at every draw – is shown instead at
 * the page's width, with a static legend. Screen readers get the <details> table
 * (the canvas is aria-hidden).
 */
import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { parseWeek } from '../../shared/weeks';
import { chartRows } from './cycle-model';
import { t } from './i18n';
import { uniqueId, weekLabel } from './ui';

export interface LineSeries {
  label: string;
  values: number[];
  color: string;
  dash?: number[];
  width?: number;
}

export function WeeklyChart(props: { title: string; weeks: string[]; series: LineSeries[]; height?: number; testid?: string }) {
  const uid = uniqueId();
  const [png, setPng] = createSignal<string>();
  let host: HTMLDivElement | undefined;
  let plot: uPlot | undefined;
  onMount(() => {
    // The x axis spans the whole year; the lines stop at the last week that is over.
    const all = props.weeks.map((w, i) => parseWeek(w)?.week ?? i + 1);
    const x = all.slice(0, Math.max(0, ...props.series.map((s) => s.values.length)));
    const width = Math.max(320, Math.min(host!.clientWidth || 720, 960));
    plot = new uPlot(
      {
        width,
        height: props.height ?? 220,
        legend: { show: true, live: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false, range: () => [all[0] ?? 1, all[all.length - 1] ?? 52] }, y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] } },
        axes: [
          { label: t('yr_weekAxis'), values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? String(s) : '')) },
          { label: t('yr_countAxis'), values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? String(s) : '')) },
        ],
        series: [
          // Without the pointer on the chart the live legend has no week: it shows the week's
          // name alone, not uPlot's "--" placeholders.
          { label: t('week'), value: (_u: uPlot, v: number | null) => (v == null ? '' : String(v)) },
          ...props.series.map((s) => ({
            label: s.label, stroke: s.color, width: s.width ?? 1.5, ...(s.dash ? { dash: s.dash } : {}), points: { show: false },
            value: (_u: uPlot, v: number | null) => (v == null ? '' : String(v)),
          })),
        ],
        hooks: {
          draw: [
            (u: uPlot) => {
              try {
                setPng(u.ctx.canvas.toDataURL('image/png'));
              } catch {
                /* a tainted canvas cannot happen here; keep the live one */
              }
            },
          ],
        },
      },
      [x, ...props.series.map((s) => s.values)],
      host!,
    );
  });
  onCleanup(() => plot?.destroy());
  const rows = () => chartRows(props.weeks, props.series.map((s) => s.values));
  return (
    <figure class="coord-chart" aria-labelledby={`${uid}-cap`} data-testid={props.testid}>
      <figcaption id={`${uid}-cap`}>{props.title}</figcaption>
      <div class="coord-chart-live" aria-hidden="true" ref={host} />
      <Show when={png()}>{(src) => <img class="coord-chart-print" src={src()} alt="" aria-hidden="true" />}</Show>
      <ul class="coord-chart-legend" aria-hidden="true">
        <For each={props.series}>
          {(s) => (
            <li>
              <svg width="22" height="8" viewBox="0 0 22 8" aria-hidden="true">
                <line x1="0" y1="4" x2="22" y2="4" stroke={s.color} stroke-width={s.width ?? 2} stroke-dasharray={s.dash?.join(' ')} />
              </svg>
              {s.label}
            </li>
          )}
        </For>
      </ul>
      <details class="coord-chart-table">
        <summary>{t('yr_showTable', { title: props.title })}</summary>
        <div class="coord-scroll">
          <table class="coord-table coord-compact">
            <caption class="visually-hidden">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('week')}</th>
                <For each={props.series}>{(s) => <th scope="col">{s.label}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(r) => (
                  <tr>
                    <th scope="row">{weekLabel(r.week)}</th>
                    <For each={r.values}>{(v) => <td>{v}</td>}</For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
