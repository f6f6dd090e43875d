/**
 * The draft compiled picture, field by field as in the template (docs/domain.md).
 * Autosaves (debounced) over the version it loaded; when someone else saved in
 * between, the server answers 409 and the editor stops and shows what differs –
 * never a silent overwrite either way. Publishing runs the server's personal-data
 * guard and shows where it found something.
 */
import { For, Index, Show, createMemo, createResource, createSignal, onCleanup, type JSX } from 'solid-js';
import { findPersonalData, type PersonalDataFinding } from '../../shared/personal-data';
import { contentTexts, type DraftConflict, type DraftSaved, type PictureContent, type PictureDraft, type PublishBlocked, type PublishedPicture, type PublishedSummary } from '../../shared/pictures';
import { parseWeek } from '../../shared/weeks';
import { ApiFailure, api } from '../staff/http';
import { describe } from '../staff/errors';
import { delta, num, t, type CoordKey } from './i18n';
import { go } from '../staff/router';
import { Notice, WeekPicker } from './ui';
import { label } from './WeekView';

const AUTOSAVE_MS = 800;
/** `blocked`: a field holds personal data, so nothing is sent until it is removed. */
type Status = 'idle' | 'dirty' | 'saving' | 'saved' | 'error' | 'conflict' | 'blocked';

/** The shared guard over every text field, keyed by content path (as the server checks a save). */
function guardFields(c: PictureContent): Map<string, PersonalDataFinding[]> {
  const out = new Map<string, PersonalDataFinding[]>();
  for (const { path, text } of contentTexts(c)) {
    const found = findPersonalData(text);
    if (found.length > 0) out.set(path, found);
  }
  return out;
}

/** Under a field: what the guard found there, live, in the user's own words. */
function FieldGuard(props: { id: string; found: PersonalDataFinding[] | undefined }) {
  return (
    <Show when={props.found}>
      {(f) => (
        <p class="coord-field-guard" id={`${props.id}-guard`} data-testid="field-guard" role="status">
          {t('fieldPersonalData', {
            kinds: [...new Set(f().map((x) => t(`kind_${x.kind}` as CoordKey)))].join(', '),
            found: f().map((x) => `«${x.text}»`).join(', '),
          })}
        </p>
      )}
    </Show>
  );
}

/** Element id of the input holding a content path (for links from guard findings). */
export function pathToId(path: string): string {
  return 'f-' + path.replace(/\[(\d+)\]\./g, '-$1-').replace(/\./g, '-');
}

function pathLabel(path: string, c: PictureContent): string {
  let m = /^prioritisedAreas\[(\d+)\]\.(situation|interventions)$/.exec(path);
  if (m) {
    const a = c.prioritisedAreas[Number(m[1])];
    return `${t('f_area', { n: a?.priority ?? Number(m[1]) + 1, name: a?.areaName ?? '' })} – ${t(m[2] === 'situation' ? 'f_situation' : 'f_interventions')}`;
  }
  m = /^fieldActivities\[(\d+)\]\.(\w+)$/.exec(path);
  if (m) return `${t('f_fieldActivities')}, ${Number(m[1]) + 1}: ${t(`fa_${m[2]}` as CoordKey)}`;
  return t(`f_${path}` as CoordKey);
}

function Area(props: { id: string; label: string; value: string; onInput: (v: string) => void; hint?: string; rows?: number; found?: PersonalDataFinding[] | undefined }) {
  const rows = () => Math.max(props.rows ?? 3, Math.min(16, props.value.split('\n').length + 1));
  const describedBy = () => [props.hint ? `${props.id}-hint` : '', props.found ? `${props.id}-guard` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="coord-field">
      <label for={props.id}>{props.label}</label>
      <Show when={props.hint}><p class="muted small" id={`${props.id}-hint`}>{props.hint}</p></Show>
      <textarea id={props.id} rows={rows()} value={props.value} aria-invalid={props.found ? 'true' : undefined} aria-describedby={describedBy()} onInput={(e) => props.onInput(e.currentTarget.value)} />
      <FieldGuard id={props.id} found={props.found} />
    </div>
  );
}

export function DraftEditor(props: { week: string }) {
  const [loaded] = createResource(() => props.week, (w) => api<PictureDraft>('GET', `/api/v1/pictures/drafts/${w}`));
  const [published, { refetch: refetchPublished }] = createResource(() => api<{ pictures: PublishedSummary[] }>('GET', '/api/v1/pictures'));
  return (
    <section aria-labelledby="screen-h" class="coord-screen">
      <h1 id="screen-h" tabindex="-1">{t('draftTitle', { n: parseWeek(props.week)?.week ?? '' })}</h1>
      <WeekPicker week={props.week} href={(w) => `/coordinator/draft/${w}`} onPick={(w) => go(`/coordinator/draft/${w}`)} />
      <p class="muted">{t('draftIntro')}</p>
      <Show when={published()?.pictures.filter((p) => p.week === props.week)}>
        {(versions) => (
          <Show when={versions().length > 0}>
            <p>
              {t('publishedVersions', { list: '' })}
              <For each={[...versions()].reverse()}>{(p) => <> <a href={`/pictures/${p.week}/${p.version}`}>{p.registerNumber} v{p.version}</a></>}</For>
            </p>
          </Show>
        )}
      </Show>
      <Show when={loaded.error}><Notice kind="error" text={describe(loaded.error)} /></Show>
      <Show when={loaded()} fallback={<Show when={!loaded.error}><p>{t('loading')}</p></Show>} keyed>
        {(d) => <Editor draft={d} onPublished={() => void refetchPublished()} />}
      </Show>
    </section>
  );
}

function Editor(props: { draft: PictureDraft; onPublished: () => void }) {
  const week = props.draft.week;
  const [content, setContent] = createSignal<PictureContent>(props.draft.content);
  const [version, setVersion] = createSignal(props.draft.version);
  const [status, setStatus] = createSignal<Status>('idle');
  const [savedAt, setSavedAt] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [conflict, setConflict] = createSignal<PictureDraft>();
  const [findings, setFindings] = createSignal<PublishBlocked['findings']>();
  const [publishing, setPublishing] = createSignal(false);
  const live = createMemo(() => guardFields(content()));
  const foundAt = (path: string) => live().get(path);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | undefined;
  let changedWhileSaving = false;
  onCleanup(() => clearTimeout(timer));

  const save = async (): Promise<void> => {
    if (status() === 'conflict') return;
    // Personal data is never sent, not even to a draft: the server would refuse it anyway.
    if (live().size > 0) {
      clearTimeout(timer);
      timer = undefined;
      setStatus('blocked');
      return;
    }
    if (inFlight) {
      changedWhileSaving = true;
      return inFlight;
    }
    clearTimeout(timer);
    timer = undefined;
    setStatus('saving');
    const sent = content();
    inFlight = (async () => {
      try {
        const r = await api<DraftSaved>('PUT', `/api/v1/pictures/drafts/${week}`, { version: version(), content: sent });
        setVersion(r.version);
        setSavedAt(new Intl.DateTimeFormat('sv-SE', { timeStyle: 'short' }).format(new Date(r.updatedAt)));
        setError(undefined);
        setStatus(content() === sent ? 'saved' : 'dirty');
      } catch (e) {
        if (e instanceof ApiFailure && e.status === 409 && e.code === 'draft_conflict') {
          setConflict((e.body as unknown as DraftConflict).current);
          setStatus('conflict');
        } else if (e instanceof ApiFailure && e.status === 422 && e.code === 'personal_data') {
          // The server's guard found something this browser's did not (an older client).
          setFindings((e.body as unknown as PublishBlocked).findings);
          setStatus('blocked');
        } else {
          setError(t('saveFailed', { detail: describe(e) }));
          setStatus('error');
        }
      }
    })();
    await inFlight;
    inFlight = undefined;
    if (changedWhileSaving || status() === 'dirty') {
      changedWhileSaving = false;
      if (status() !== 'conflict' && status() !== 'error' && status() !== 'blocked') schedule();
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void save(), AUTOSAVE_MS);
  };
  const edit = (next: PictureContent) => {
    setContent(next);
    setFindings(undefined);
    if (status() === 'conflict') return;
    if (live().size > 0) {
      clearTimeout(timer);
      timer = undefined;
      setStatus('blocked');
      return;
    }
    setStatus('dirty');
    schedule();
  };
  const set = <K extends keyof PictureContent>(k: K, v: PictureContent[K]) => edit({ ...content(), [k]: v });

  const differing = (): string => {
    const theirs = conflict();
    if (!theirs) return '';
    const mine = new Map(contentTexts(content()).map((x) => [x.path, x.text]));
    const other = contentTexts(theirs.content);
    const paths = new Set<string>();
    for (const x of other) if (mine.get(x.path) !== x.text) paths.add(x.path);
    for (const p of mine.keys()) if (!other.some((x) => x.path === p)) paths.add(p);
    return paths.size === 0 ? t('conflictNoFields') : [...paths].map((p) => pathLabel(p, theirs.content)).join('; ');
  };
  const useTheirs = () => {
    const c = conflict()!;
    setContent(c.content);
    setVersion(c.version);
    setConflict(undefined);
    setStatus('saved');
  };
  const keepMine = () => {
    setVersion(conflict()!.version);
    setConflict(undefined);
    setStatus('dirty');
    void save();
  };

  const publish = async () => {
    if (!confirm(t('publishConfirm', { n: parseWeek(week)?.week ?? '' }))) return;
    setPublishing(true);
    setFindings(undefined);
    setError(undefined);
    if (timer !== undefined || status() === 'dirty' || status() === 'error') await save();
    else if (inFlight) await inFlight;
    if (status() === 'conflict' || status() === 'error' || status() === 'blocked') {
      if (status() === 'blocked') queueMicrotask(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return setPublishing(false);
    }
    try {
      const p = await api<PublishedPicture>('POST', `/api/v1/pictures/drafts/${week}/publish`, { version: version() });
      props.onPublished();
      go(`/pictures/${p.week}/${p.version}`);
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 422 && e.code === 'personal_data') {
        setFindings((e.body as unknown as PublishBlocked).findings);
        queueMicrotask(() => document.getElementById('findings')?.focus());
      } else if (e instanceof ApiFailure && e.status === 409 && e.code === 'draft_conflict') {
        setConflict((e.body as unknown as DraftConflict).current);
        setStatus('conflict');
      } else setError(describe(e));
    }
    setPublishing(false);
  };

  const statusText = (): string => {
    switch (status()) {
      case 'saving':
        return t('saving');
      case 'dirty':
        return t('unsaved');
      case 'blocked':
        return t('notSavedPersonalData');
      case 'saved':
        return t('savedAt', { time: savedAt() ?? '', version: version() });
      default:
        return '';
    }
  };

  const facts = props.draft.facts;
  const section = (title: string, children: JSX.Element) => (
    <fieldset class="coord-section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );

  return (
    <div class="coord-editor">
      <form class="coord-card" onSubmit={(e) => e.preventDefault()} aria-label={t('draftTitle', { n: parseWeek(week)?.week ?? '' })}>
        <div class="coord-row coord-wrap">
          <div class="coord-field">
            <label for="f-date">{t('f_date')}</label>
            <input id="f-date" inputmode="numeric" maxLength={6} pattern="\d{6}" value={content().date} onInput={(e) => set('date', e.currentTarget.value)} />
          </div>
          <div class="coord-field coord-grow">
            <label for="f-weekendWeather">{t('f_weekendWeather')}</label>
            <input id="f-weekendWeather" maxLength={500} value={content().weekendWeather} aria-invalid={foundAt('weekendWeather') ? 'true' : undefined} aria-describedby={foundAt('weekendWeather') ? 'f-weekendWeather-guard' : undefined} onInput={(e) => set('weekendWeather', e.currentTarget.value)} />
            <FieldGuard id="f-weekendWeather" found={foundAt('weekendWeather')} />
          </div>
        </div>
        <Area id="f-importantInformation" label={t('f_importantInformation')} hint={t('f_importantHint')} value={content().importantInformation} found={foundAt('importantInformation')} onInput={(v) => set('importantInformation', v)} />
        <Area id="f-overallSituation" label={t('f_overallSituation')} value={content().overallSituation} found={foundAt('overallSituation')} onInput={(v) => set('overallSituation', v)} rows={4} />
        {section(
          t('f_prioritisedAreas'),
          <Show when={content().prioritisedAreas.length > 0} fallback={<p class="muted">{t('noPrioritised')}</p>}>
            <Index each={content().prioritisedAreas}>
              {(a, i) => {
                const setA = (k: 'situation' | 'interventions', v: string) =>
                  set('prioritisedAreas', content().prioritisedAreas.map((x, j) => (j === i ? { ...x, [k]: v } : x)));
                return (
                  <div class="coord-subsection">
                    <h3>{t('f_area', { n: a().priority, name: a().areaName })}</h3>
                    <Area id={pathToId(`prioritisedAreas[${i}].situation`)} label={t('f_situation')} found={foundAt(`prioritisedAreas[${i}].situation`)} value={a().situation} onInput={(v) => setA('situation', v)} />
                    <Area id={pathToId(`prioritisedAreas[${i}].interventions`)} label={t('f_interventions')} found={foundAt(`prioritisedAreas[${i}].interventions`)} value={a().interventions} onInput={(v) => setA('interventions', v)} />
                  </div>
                );
              }}
            </Index>
          </Show>,
        )}
        <Area id="f-otherAreas" label={t('f_otherAreas')} value={content().otherAreas} found={foundAt('otherAreas')} onInput={(v) => set('otherAreas', v)} rows={4} />
        <Area id="f-events" label={t('f_events')} value={content().events} found={foundAt('events')} onInput={(v) => set('events', v)} />
        {section(
          t('f_fieldActivities'),
          <>
            <Index each={content().fieldActivities}>
              {(r, i) => {
                const setR = (k: 'organisation' | 'area' | 'when' | 'priority', v: string) =>
                  set('fieldActivities', content().fieldActivities.map((x, j) => (j === i ? { ...x, [k]: v } : x)));
                return (
                  <div class="coord-row coord-wrap coord-fa" role="group" aria-label={`${t('f_fieldActivities')} ${i + 1}`}>
                    <For each={['organisation', 'area', 'when', 'priority'] as const}>
                      {(k) => (
                        <div class="coord-field">
                          <label for={pathToId(`fieldActivities[${i}].${k}`)}>{t(`fa_${k}`)}</label>
                          <input
                            id={pathToId(`fieldActivities[${i}].${k}`)}
                            maxLength={k === 'priority' ? 1000 : 200}
                            value={r()[k]}
                            aria-invalid={foundAt(`fieldActivities[${i}].${k}`) ? 'true' : undefined}
                            aria-describedby={foundAt(`fieldActivities[${i}].${k}`) ? `${pathToId(`fieldActivities[${i}].${k}`)}-guard` : undefined}
                            onInput={(e) => setR(k, e.currentTarget.value)}
                          />
                          <FieldGuard id={pathToId(`fieldActivities[${i}].${k}`)} found={foundAt(`fieldActivities[${i}].${k}`)} />
                        </div>
                      )}
                    </For>
                    <button type="button" class="btn" onClick={() => set('fieldActivities', content().fieldActivities.filter((_, j) => j !== i))}>
                      {t('removeRow', { n: i + 1 })}
                    </button>
                  </div>
                );
              }}
            </Index>
            <button type="button" class="btn" onClick={() => set('fieldActivities', [...content().fieldActivities, { organisation: '', area: '', when: '', priority: '' }])}>
              {t('addRow')}
            </button>
          </>,
        )}
      </form>

      <aside class="coord-side">
        <div class="coord-card coord-sticky">
          <p aria-live="polite" class={status() === 'blocked' ? 'coord-status coord-notice coord-error' : 'coord-status'} data-testid="save-status">{statusText()}</p>
          <Show when={error()}>{(m) => <Notice kind="error" text={m()} />}</Show>
          <Show when={conflict()}>
            {(c) => (
              <Notice kind="error" text={`${t('conflictTitle')}. ${t('conflictText', { version: c().version, fields: differing() })}`}>
                <div class="coord-row coord-wrap">
                  <button type="button" class="btn" onClick={useTheirs}>{t('useTheirs')}</button>
                  <button type="button" class="btn" onClick={keepMine}>{t('keepMine')}</button>
                </div>
              </Notice>
            )}
          </Show>
          <Show when={findings()}>
            {(f) => (
              <div id="findings" tabindex="-1" class="coord-notice coord-error" role="alert" data-testid="findings">
                <p><strong>{t('blockedTitle')}</strong>. {t('blockedText')}</p>
                <ul>
                  <For each={f()}>
                    {(x) => (
                      <li>
                        <a href={`#${pathToId(x.path)}`} onClick={(e) => { e.preventDefault(); document.getElementById(pathToId(x.path))?.focus(); }}>
                          {pathLabel(x.path, content())}
                        </a>
                        : {t(`kind_${x.kind}` as CoordKey)}
                      </li>
                    )}
                  </For>
                </ul>
              </div>
            )}
          </Show>
          <button type="button" class="btn btn-primary" disabled={publishing() || status() === 'conflict'} onClick={() => void publish()}>
            {publishing() ? t('publishing') : t('publish')}
          </button>
        </div>
        <section class="coord-card" aria-labelledby="facts-h">
          <h2 id="facts-h">{t('factsTitle')}</h2>
          <p>{t('reportsLine', { total: facts.reports.total, calm: facts.reports.calm, obs: facts.reports.observations })}</p>
          <ul class="coord-plain">
            <For each={facts.byCategory.filter((c) => c.stats.count > 0 || c.stats.previous > 0)}>
              {(c) => (
                <li>
                  {label(c.category)}: <strong>{c.stats.count}</strong> ({delta(c.stats.deltaPrevious)}
                  {c.stats.average !== null ? `, ⌀ ${num(c.stats.average)}` : ''})
                </li>
              )}
            </For>
          </ul>
        </section>
      </aside>
    </div>
  );
}
