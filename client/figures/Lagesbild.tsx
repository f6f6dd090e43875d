/**
 * The statutory lägesbild for a year, /coordinator/lagesbild/<year>: the
 * document structured after the law (SFS 2023:196), printable as it is and
 * downloadable as Word. The four analysis texts start from the facts written
 * out; they are saved with the version they were read at (someone else's save
 * in between is shown, never overwritten) and the server refuses personal data.
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import { INDICATOR_KEYS, indicator } from '../../shared/indicators';
import type { LagesbildDocument, LagesbildSection, LagesbildTexts, LagesbildTextsState } from '../../shared/lagesbild';
import { TIMES_OF_DAY } from '../../shared/limits';
import { ApiFailure, api } from '../staff/http';
import { describe } from '../staff/errors';
import { lang } from '../staff/i18n';
import { Notice, weekLabel } from '../coordinator/ui';
import './figures.css';
import { ft, type FigKey } from './i18n';


export function LagesbildView(props: { year: string }) {
  const [doc, { mutate }] = createResource(() => props.year, (y) => api<LagesbildDocument>('GET', `/api/v1/lagesbild/${y}`));
  const y = () => doc()?.year ?? Number(props.year);
  return (
    <section aria-labelledby="screen-h" class="coord-screen coord-year">
      <div class="coord-row coord-wrap no-print">
        <nav class="coord-row coord-wrap" aria-label={ft('lbYear')}>
          <a class="btn" href={`/coordinator/lagesbild/${y() - 1}`}>‹ {y() - 1}</a>
          <a class="btn" href={`/coordinator/lagesbild/${y() + 1}`}>{y() + 1} ›</a>
        </nav>
        <a class="btn" href={`/api/v1/lagesbild/${y()}/document.docx`} download={`lagesbild-${y()}.docx`} data-testid="lagesbild-docx">{ft('lbDocx')}</a>
        <button type="button" class="btn btn-primary" onClick={() => window.print()} disabled={!doc()}>{ft('lbPrint')}</button>
      </div>
      <h1 id="screen-h" tabindex="-1">{ft('lbTitle', { year: y() })}</h1>
      <Show when={doc.error}><Notice kind="error" text={describe(doc.error)} /></Show>
      <Show when={doc()} fallback={<Show when={!doc.error}><p>…</p></Show>}>
        {(d) => <Document doc={d()} onTexts={(texts) => mutate({ ...d(), texts })} />}
      </Show>
    </section>
  );
}

function Document(props: { doc: LagesbildDocument; onTexts: (t: LagesbildTextsState) => void }) {
  const d = () => props.doc;
  const [values, setValues] = createSignal<LagesbildTexts>({ ...props.doc.texts.values });
  const [dirty, setDirty] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error' | 'info'; text: string }>();
  const edit = (s: LagesbildSection, text: string) => {
    setValues({ ...values(), [s]: text });
    setDirty(true);
  };
  const save = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const saved = await api<LagesbildTextsState>('PUT', `/api/v1/lagesbild/${d().year}/texts`, { version: d().texts.version, texts: values() });
      props.onTexts(saved);
      setDirty(false);
      setMessage({ kind: 'ok', text: ft('lbSaved', { v: saved.version }) });
    } catch (e) {
      const body = e instanceof ApiFailure ? (e.body as { current?: LagesbildTextsState; fields?: string[] } | undefined) : undefined;
      if (e instanceof ApiFailure && e.code === 'texts_conflict' && body?.current) {
        props.onTexts(body.current);
        setValues({ ...body.current.values });
        setDirty(false);
        setMessage({ kind: 'error', text: ft('lbConflict') });
      } else if (e instanceof ApiFailure && e.code === 'personal_data') {
        setMessage({ kind: 'error', text: ft('lbPersonal', { fields: (body?.fields ?? []).join(', ') }) });
      } else {
        setMessage({ kind: 'error', text: describe(e) });
      }
    }
    setBusy(false);
  };

  const Analysis = (p: { section: LagesbildSection; heading?: boolean }) => (
    <div class="lb-analysis">
      <Show when={p.heading !== false}><h3>{ft('lbAnalysis')}</h3></Show>
      <label class="visually-hidden" for={`lb-${p.section}`}>{ft('lbAnalysis')}</label>
      <textarea id={`lb-${p.section}`} class="no-print" rows={6} value={values()[p.section]} onInput={(e) => edit(p.section, e.currentTarget.value)} data-testid={`lb-text-${p.section}`} />
      <div class="print-only lb-print-text">{values()[p.section]}</div>
      <button type="button" class="btn no-print" onClick={() => edit(p.section, d().texts.prefill[p.section])}>{ft('lbResetPrefill')}</button>
    </div>
  );

  const o = () => d().other;
  const sum = () => d().actionPlan.summary;
  return (
    <div class="coord-year-doc" data-testid="lagesbild">
      <p class="coord-lead">{ft('lbIntro')}</p>
      <p class="muted small">{weekLabel(d().weeks.first)}–{weekLabel(d().weeks.last)}</p>

      <section class="coord-card" aria-labelledby="lb1">
        <h2 id="lb1">{ft('lbS1')}</h2>
        <Show when={d().crime.sources.length > 0} fallback={<p class="muted">{ft('lbNoSources')}</p>}>
          <For each={d().crime.sources}>
            {(s) => (
              <div class="fig-source">
                <h3>{s.name}</h3>
                <p class="small">{ft('figTotal')}: <strong>{s.total}</strong> ({ft('figPrevious').toLowerCase()} {s.previousTotal}; {ft(`trend_${s.trend}` as FigKey)}). {ft('figWeeksDelivered', { n: s.weeksDelivered, of: d().weeks.count })}</p>
                <div class="coord-scroll">
                  <table class="coord-table coord-compact">
                    <caption class="visually-hidden">{s.name}</caption>
                    <thead><tr><th scope="col">{ft('figArea')}</th><For each={s.categories}>{(c) => <th scope="col">{c.name}</th>}</For><th scope="col">{ft('figTotal')}</th><th scope="col">{d().year - 1}</th><th scope="col">{ft('figTrend')}</th></tr></thead>
                    <tbody>
                      <For each={s.areas}>
                        {(a) => <tr><th scope="row">{a.areaName}</th><For each={s.categories}>{(c) => <td>{a.byCategory[c.id] ?? 0}</td>}</For><td>{a.total}</td><td>{a.previousTotal}</td><td>{ft(`trend_${a.trend}` as FigKey)}</td></tr>}
                      </For>
                    </tbody>
                    <tfoot>
                      <tr><th scope="row">{ft('figAll')}</th><For each={s.categories}>{(c) => <td>{c.total}</td>}</For><td>{s.total}</td><td>{s.previousTotal}</td><td>{ft(`trend_${s.trend}` as FigKey)}</td></tr>
                    </tfoot>
                  </table>
                </div>
                <p class="small">{s.byPeriod.map((p) => `${p.label}: ${p.count}`).join(' · ')}</p>
              </div>
            )}
          </For>
        </Show>
        <Analysis section="crime" />
      </section>

      <section class="coord-card" aria-labelledby="lb2">
        <h2 id="lb2">{ft('lbS2')}</h2>
        <p>{ft('lbObservations', { count: o().total.count, prev: o().total.previousYear, reports: o().reports.total, calm: o().reports.calm, weeks: o().reports.weeksWithReports })}</p>
        <div class="coord-columns">
          <table class="coord-table coord-compact">
            <thead><tr><th scope="col">{ft('lbIndicator')}</th><th scope="col">{d().year}</th><th scope="col">{d().year - 1}</th></tr></thead>
            <tbody><For each={INDICATOR_KEYS}>{(c) => <tr><th scope="row">{indicator(c)[lang()].label}</th><td>{o().indicators[c].count}</td><td>{o().indicators[c].previousYear}</td></tr>}</For></tbody>
          </table>
          <table class="coord-table coord-compact">
            <thead><tr><th scope="col">{ft('figArea')}</th><th scope="col">{d().year}</th><th scope="col">{d().year - 1}</th></tr></thead>
            <tbody><For each={o().areas}>{(a) => <tr><th scope="row">{a.name}</th><td>{a.total}</td><td>{a.previousYearTotal}</td></tr>}</For></tbody>
          </table>
          <table class="coord-table coord-compact">
            <thead><tr><th scope="col">{ft('lbTimeOfDay')}</th><th scope="col">{d().year}</th></tr></thead>
            <tbody><For each={TIMES_OF_DAY}>{(k) => <tr><th scope="row">{ft(`tod_${k}` as FigKey)}</th><td>{o().timeOfDay[k]}</td></tr>}</For></tbody>
          </table>
        </div>
        <For each={o().periods}>
          {(p) => (
            <div class="lb-period">
              <h3>{p.label} ({weekLabel(p.first)}–{weekLabel(p.last)})</h3>
              <p class="small">
                {ft('lbPrioritised', { areas: p.prioritisedAreas.join(', ') || ft('lbNoPrioritised') })}{' '}
                {ft('lbParticipation', { reporting: p.participation.reporting, functions: p.participation.functions, reports: p.participation.reports, calm: p.participation.calm })}
                <Show when={p.noCoverage.length + p.lowCoverage.length > 0}> {ft('lbCoverage', { none: p.noCoverage.join(', ') || '–', low: p.lowCoverage.join(', ') || '–' })}</Show>
              </p>
              <p class="small">
                <strong>{ft('lbRecurring')}:</strong>{' '}
                {p.recurringPlaces.length ? p.recurringPlaces.map((r) => `${r.placeName} (${r.areaName}, ${r.weeks} v, ${r.count})`).join('; ') : ft('lbNoRecurring')}
              </p>
            </div>
          )}
        </For>
        <Analysis section="other" />
      </section>

      <section class="coord-card" aria-labelledby="lb3">
        <h2 id="lb3">{ft('lbS3')}</h2>
        <Analysis section="analysis" heading={false} />
      </section>

      <section class="coord-card" aria-labelledby="lb4">
        <h2 id="lb4">{ft('lbS4')}</h2>
        <p>{ft('lbInterventions', { n: sum().interventions, c: sum().byDecision.continue, e: sum().byDecision.expand, ch: sum().byDecision.change, end: sum().byDecision.end, none: sum().byDecision.none })}</p>
        <Show when={d().actionPlan.interventions.length > 0}>
          <div class="coord-scroll">
            <table class="coord-table coord-compact" data-testid="lb-interventions">
              <thead>
                <tr>
                  <th scope="col">{ft('figArea')}</th><th scope="col">{ft('lbProblem')}</th><th scope="col">{ft('lbAction')}</th>
                  <th scope="col">{ft('lbBefore')}</th><th scope="col">{ft('lbAfter')}</th><th scope="col">{ft('lbCarriedOut')}</th>
                  <th scope="col">{ft('lbOutcome')}</th><th scope="col">{ft('lbDecision')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={d().actionPlan.interventions}>
                  {(i) => (
                    <tr>
                      <th scope="row">{i.place ? `${i.area}, ${i.place}` : i.area}</th>
                      <td>{[i.problem, i.categories.map((c) => indicator(c)[lang()].label).join(', ')].filter(Boolean).join(' – ')}</td>
                      <td>{i.action} ({i.organisation}, {i.plannedStart}{i.plannedEnd ? `–${i.plannedEnd}` : ''})</td>
                      <td>{i.beforeAfter.before.count}</td>
                      <td>{i.beforeAfter.after ? i.beforeAfter.after.count : '–'}</td>
                      <td>{i.followUp ? ft(`co_${i.followUp.carriedOut}` as FigKey) : '–'}</td>
                      <td>{i.followUp ? ft(`out_${i.followUp.outcome}` as FigKey) : '–'}</td>
                      <td>{i.followUp ? ft(`dec_${i.followUp.decision}` as FigKey) : ft('lbNoDecision')}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
        <Analysis section="actionPlan" />
      </section>

      <div class="coord-row coord-wrap no-print lb-save" aria-live="polite">
        <button type="button" class="btn btn-primary" disabled={busy()} onClick={() => void save()} data-testid="lb-save">{ft('lbSave')}</button>
        <Show when={dirty()}><span class="muted">{ft('lbUnsaved')}</span></Show>
        <Show when={message()}>{(m) => <Notice kind={m().kind} text={m().text} />}</Show>
      </div>
    </div>
  );
}

