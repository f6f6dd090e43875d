/** Participation: reported / calm / missing this week per organisation and function, with a 12-week strip. */
import { For, Show, createResource } from 'solid-js';
import type { Participation, ParticipationStatus } from '../../shared/weekview';
import { parseWeek } from '../../shared/weeks';
import { api, describe } from './api';
import { num, t, type CoordKey } from './i18n';
import { go } from './router';
import { Notice, WeekPicker, weekLabel } from './ui';

const status = (s: ParticipationStatus) => t(`st_${s}` as CoordKey);

export function ParticipationView(props: { week: string }) {
  const [data] = createResource(() => props.week, (w) => api<Participation>('GET', `/api/v1/weeks/${w}/participation`));
  return (
    <section aria-labelledby="screen-h" class="coord-screen">
      <h1 id="screen-h" tabindex="-1">{t('participationTitle', { n: parseWeek(props.week)?.week ?? '' })}</h1>
      <WeekPicker week={props.week} href={(w) => `/coordinator/participation/${w}`} onPick={(w) => go(`/coordinator/participation/${w}`)} />
      <p class="muted small">{t('participationHelp')}</p>
      <Show when={data.error}><Notice kind="error" text={describe(data.error)} /></Show>
      <Show when={data()} fallback={<Show when={!data.error}><p>{t('loading')}</p></Show>}>
        {(p) => (
          <>
            <p><strong>{t('countsLine', { ...p().totals })}</strong></p>
            <ul class="coord-legend" aria-hidden="true">
              <For each={['reported', 'calm', 'missing', 'inactive'] as ParticipationStatus[]}>{(s) => <li><span class={`strip-cell st-${s}`} /> {status(s)}</li>}</For>
            </ul>
            <For each={p().organisations}>
              {(o) => (
                <section class="coord-card" aria-labelledby={`org-${o.id}`}>
                  <h2 id={`org-${o.id}`}>{o.name} <span class="muted small">{t('countsLine', { ...o.counts })}</span></h2>
                  <div class="coord-scroll">
                    <table class="coord-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('functionCol')}</th>
                          <th scope="col">{t('statusCol')}</th>
                          <th scope="col">{t('stripCol')}</th>
                          <th scope="col">{t('rateCol')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={o.functions}>
                          {(f) => (
                            <tr classList={{ sinking: f.sinking }}>
                              <th scope="row">
                                {f.name}
                                <Show when={f.sinking}><span class="coord-badge coord-badge-warn">{t('sinking')}</span></Show>
                              </th>
                              <td class={`st-text-${f.status}`}>{status(f.status)}</td>
                              <td>
                                <ol class="strip">
                                  <For each={f.strip}>
                                    {(s) => (
                                      <li class={`strip-cell st-${s.status}`} title={`${weekLabel(s.week)}: ${status(s.status)}`}>
                                        <span class="visually-hidden">{weekLabel(s.week)}: {status(s.status)}</span>
                                      </li>
                                    )}
                                  </For>
                                </ol>
                              </td>
                              <td>{f.rate === null ? '–' : `${num(f.rate * 100, 0)} %`}</td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </section>
              )}
            </For>
          </>
        )}
      </Show>
    </section>
  );
}
