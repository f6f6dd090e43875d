/**
 * Participation: reported / calm / missing this week per organisation and function, with a
 * 12-week strip, and whether the function's phones can get the weekly reminder (Web Push).
 */
import { For, Show, createResource } from 'solid-js';
import { functionPushKind, type FunctionPushStatus } from '../../shared/push';
import type { Participation, ParticipationCounts, ParticipationStatus } from '../../shared/weekview';
import { parseWeek } from '../../shared/weeks';
import { api } from '../staff/http';
import { describe } from '../staff/errors';
import { num, t, when, type CoordKey } from './i18n';
import { go } from '../staff/router';
import { Notice, WeekPicker, weekLabel } from './ui';

const status = (s: ParticipationStatus) => t(`st_${s}` as CoordKey);
/** While the week runs, "not yet" replaces "missing" (nothing can be missing before the week is over). */
const counts = (running: boolean, c: ParticipationCounts) => t(running ? 'countsLineRunning' : 'countsLine', { ...c });

const PUSH_ICON = { working: '✓', missing: '–', failing: '!' } as const;

/** The reminders cell: an icon, its text for screen readers, and a tooltip (with the last failure). */
function PushCell(props: { status: FunctionPushStatus | undefined }) {
  const kind = () => (props.status ? functionPushKind(props.status) : 'missing');
  const text = () => {
    const base = t(`push_${kind()}` as CoordKey);
    const failed = props.status?.lastFailureAt;
    return kind() === 'failing' && failed ? `${base} (${t('pushLastFailure', { at: when(failed) })})` : base;
  };
  return (
    <td data-testid="push-status" data-push={kind()}>
      <span
        aria-hidden="true"
        title={text()}
        class={kind() === 'working' ? 'coord-badge' : kind() === 'failing' ? 'coord-badge coord-badge-warn' : 'muted'}
        style={{ 'margin-left': '0' }}
      >
        {PUSH_ICON[kind()]}
      </span>
      <span class="visually-hidden">{text()}</span>
    </td>
  );
}

export function ParticipationView(props: { week: string }) {
  const [data] = createResource(() => props.week, (w) => api<Participation>('GET', `/api/v1/weeks/${w}/participation`));
  // Today's state, whatever week is shown; without it (an error) the column is left out.
  const [push] = createResource(async () => {
    try {
      const r = await api<{ functions: FunctionPushStatus[] }>('GET', '/api/v1/push/status');
      return new Map(r.functions.map((f) => [f.functionId, f]));
    } catch {
      return null;
    }
  });
  return (
    <section aria-labelledby="screen-h" class="coord-screen">
      <h1 id="screen-h" tabindex="-1">{t('participationTitle', { n: parseWeek(props.week)?.week ?? '' })}</h1>
      <WeekPicker week={props.week} href={(w) => `/coordinator/participation/${w}`} onPick={(w) => go(`/coordinator/participation/${w}`)} />
      <p class="muted small">{t('participationHelp')}</p>
      <Show when={data.error}><Notice kind="error" text={describe(data.error)} /></Show>
      <Show when={data()} fallback={<Show when={!data.error}><p>{t('loading')}</p></Show>}>
        {(p) => (
          <>
            <p><strong data-testid="participation-counts">{counts(p().inProgress, p().totals)}</strong></p>
            <Show when={p().inProgress}><p class="muted small">{t('participationRunning')}</p></Show>
            <ul class="coord-legend" aria-hidden="true">
              <For each={['reported', 'calm', 'missing', 'inProgress', 'inactive'] as ParticipationStatus[]}>{(s) => <li><span class={`strip-cell st-${s}`} /> {status(s)}</li>}</For>
            </ul>
            <Show when={push()}><p class="muted small">{t('pushLegend')}</p></Show>
            <For each={p().organisations}>
              {(o) => (
                <section class="coord-card" aria-labelledby={`org-${o.id}`}>
                  <h2 id={`org-${o.id}`}>{o.name} <span class="muted small">{counts(p().inProgress, o.counts)}</span></h2>
                  <div class="coord-scroll">
                    <table class="coord-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('functionCol')}</th>
                          <th scope="col">{t('statusCol')}</th>
                          <th scope="col">{t('stripCol')}</th>
                          <th scope="col">{t('rateCol')}</th>
                          <Show when={push()}><th scope="col">{t('pushCol')}</th></Show>
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
                              <Show when={push()}>{(m) => <PushCell status={m().get(f.id)} />}</Show>
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
