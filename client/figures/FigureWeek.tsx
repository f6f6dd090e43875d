/**
 * Other sources' figures of a week, in their own clearly labelled group: one
 * table per source (areas × the source's categories) with the same deltas as
 * the indicators (previous week, 8-week average). Used by the week view, the
 * meeting and the draft picture's facts. Never merged into the indicator table.
 */
import { For, Show, createResource } from 'solid-js';
import type { FigureSourceWeek, FigureWeek } from '../../shared/figures';
import type { CountStats } from '../../shared/weekview';
import { api } from '../staff/http';
import { describe } from '../staff/errors';
import { delta, num } from '../coordinator/i18n';
import { Notice, weekLabel } from '../coordinator/ui';
import './figures.css';
import { ft } from './i18n';


function Stats(props: { s: CountStats }) {
  return (
    <span class="coord-deltas" aria-hidden="true">
      <span title={ft('figDeltaPrev')} class={props.s.deltaPrevious > 0 ? 'up' : props.s.deltaPrevious < 0 ? 'down' : ''}>{delta(props.s.deltaPrevious)}</span>
      <Show when={props.s.average !== null}>
        {' · '}
        <span title={ft('figDeltaAvg')}>⌀ {num(props.s.average!)}</span>
      </Show>
    </span>
  );
}

function SourceTable(props: { s: FigureSourceWeek; onlyAreas?: string[] }) {
  const areas = () => (props.onlyAreas ? props.s.areas.filter((a) => props.onlyAreas!.includes(a.areaId)) : props.s.areas);
  const avg = (s: CountStats) => (s.average === null ? '–' : num(s.average));
  return (
    <div class="fig-source" data-testid="figure-source">
      <h3>{props.s.name}<Show when={props.s.provider}><span class="muted small"> – {props.s.provider}</span></Show></h3>
      <Show when={!props.s.delivered}><p class="muted small">{ft('figNotDelivered', { source: props.s.name })}</p></Show>
      <Show when={props.s.weeksInUse > 0}><p class="muted small">{ft('figAverage', { weeks: props.s.weeksInUse })}</p></Show>
      <Show when={areas().length > 0}>
        <div class="coord-scroll" role="region" aria-label={props.s.name} tabindex="0">
          <table class="coord-table fig-table">
            <caption class="visually-hidden">{props.s.name}</caption>
            <thead>
              <tr>
                <th scope="col">{ft('figArea')}</th>
                <For each={props.s.categories}>{(c) => <th scope="col">{c.name}</th>}</For>
                <th scope="col">{ft('figTotal')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={areas()}>
                {(a) => (
                  <tr>
                    <th scope="row">{a.areaName}</th>
                    <For each={props.s.categories}>
                      {(c) => {
                        const cell = a.byCategory[c.id]!;
                        return (
                          <td aria-label={ft('figCellLabel', { area: a.areaName, category: c.name, count: cell.count, prev: cell.previous, avg: avg(cell) })}>
                            <strong>{cell.count}</strong>
                            <Stats s={cell} />
                          </td>
                        );
                      }}
                    </For>
                    <td class="coord-total"><strong>{a.total.count}</strong><Stats s={a.total} /></td>
                  </tr>
                )}
              </For>
            </tbody>
            <Show when={!props.onlyAreas}>
              <tfoot>
                <tr>
                  <th scope="row">{ft('figAll')}</th>
                  <For each={props.s.categories}>{(c) => <td><strong>{props.s.totals.byCategory[c.id]!.count}</strong><Stats s={props.s.totals.byCategory[c.id]!} /></td>}</For>
                  <td class="coord-total"><strong>{props.s.totals.all.count}</strong><Stats s={props.s.totals.all} /></td>
                </tr>
              </tfoot>
            </Show>
          </table>
        </div>
      </Show>
    </div>
  );
}

/** The group for given figures (e.g. a picture's facts); `onlyAreas` narrows it to some areas. */
export function FigureWeekTables(props: { data: FigureWeek; onlyAreas?: string[]; headingLevel?: 2 | 3 }) {
  return (
    <section class="coord-card fig-group" aria-labelledby={`fig-h-${props.data.week}`} data-testid="figures-group">
      <h2 id={`fig-h-${props.data.week}`}>{ft('figTitle')}</h2>
      <p class="muted small">{ft('figHelp')} {weekLabel(props.data.week)}.</p>
      <Show when={props.data.sources.length > 0} fallback={<p class="muted">{ft('figNone')}</p>}>
        <For each={props.data.sources}>{(s) => <SourceTable s={s} {...(props.onlyAreas ? { onlyAreas: props.onlyAreas } : {})} />}</For>
      </Show>
    </section>
  );
}

/** Loads the week's figures and shows the group; shows nothing while no source exists. */
export function FigureWeekSection(props: { week: string; onlyAreas?: string[] }) {
  const [data] = createResource(() => props.week, (w) => api<FigureWeek>('GET', `/api/v1/figures/weeks/${w}`));
  return (
    <>
      <Show when={data.error}><Notice kind="error" text={describe(data.error)} /></Show>
      <Show when={data() && data()!.sources.length > 0}>
        <FigureWeekTables data={data()!} {...(props.onlyAreas ? { onlyAreas: props.onlyAreas } : {})} />
      </Show>
    </>
  );
}
