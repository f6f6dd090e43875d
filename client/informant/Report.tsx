/** Report screen: one or more observations, few taps, no keyboard needed. */
import { For, Index, Show, createMemo, createSignal, onCleanup, onMount } from 'solid-js';
import type { ContextArea } from '../../shared/api';
import { INDICATOR_KEYS } from '../../shared/indicators';
import { findPersonalData, type PersonalDataFinding } from '../../shared/personal-data';
import { MAX_NOTE_LENGTH, type TimeOfDay } from '../../shared/limits';
import { weekNumber } from '../../shared/weeks';
import { ActionError, completeItems, saveDraft, saveReport } from '../sync/actions';
import { getDb, readMeta, type DraftItem } from '../sync/db';
import { afterSave } from '../sync/scheduler';
import { uuidv7 } from '../../shared/ids';
import { indicatorText, t } from '../ui/i18n';
import { navigate } from '../ui/router';
import { showToast } from '../ui/toast';
import { useStore } from './store';

const TIMES: TimeOfDay[] = ['day', 'evening', 'night'];

/**
 * Soft hyphens at the seams of the long Swedish compounds among the indicator labels
 * ("ordnings|störande", "Samlings|plats", "Skade|görelse"), so a narrow tile breaks them
 * where Swedish does, with a hyphen – not mid-syllable, and without a hyphenation dictionary.
 */
const breakable = (label: string): string => label.replace(/(ordnings|samlings|skade)(?=\p{Ll})/giu, '$1\u00AD');

function pickArea(list: readonly DraftItem[], areas: readonly ContextArea[], lastAreaId?: string): string | undefined {
  const known = new Set(areas.map((a) => a.id));
  const prev = [...list].reverse().find((i) => i.areaId && known.has(i.areaId))?.areaId;
  if (prev) return prev;
  if (lastAreaId && known.has(lastAreaId)) return lastAreaId;
  return (areas.find((a) => a.own) ?? areas[0])?.id;
}

function newItem(areaId: string | undefined): DraftItem {
  const item: DraftItem = { id: uuidv7(), timeOfDay: 'unknown', persists: false, note: '' };
  if (areaId) item.areaId = areaId;
  return item;
}

/** The note with what the guard found wrapped in <mark>. */
function Highlighted(props: { text: string; findings: PersonalDataFinding[] }) {
  const parts = createMemo(() => {
    const out: { text: string; mark: boolean }[] = [];
    let at = 0;
    for (const f of props.findings) {
      if (f.start > at) out.push({ text: props.text.slice(at, f.start), mark: false });
      out.push({ text: props.text.slice(f.start, f.end), mark: true });
      at = f.end;
    }
    if (at < props.text.length) out.push({ text: props.text.slice(at), mark: false });
    return out;
  });
  return (
    <p class="pd-preview" data-testid="pd-highlight">
      <For each={parts()}>{(p) => (p.mark ? <mark>{p.text}</mark> : <>{p.text}</>)}</For>
    </p>
  );
}

export function Report() {
  const s = useStore();
  // A plain signal of immutable items (not a store): the draft is small, and
  // solid-js/store would cost the informant bundle ~2 KB.
  const [items, setItems] = createSignal<DraftItem[]>([]);
  const [ready, setReady] = createSignal(false);
  const [error, setError] = createSignal<string>();
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let done = false;

  onMount(async () => {
    const db = getDb();
    const idb = await db.open();
    const [draft, prefs, ctx] = await Promise.all([idb.get('draft', 'current'), readMeta(db, 'prefs'), idb.get('context', 'current')]);
    const list = draft?.items ? [...draft.items] : [];
    const last = list[list.length - 1];
    if (!last || last.category) list.push(newItem(pickArea(list, ctx?.ctx.areas ?? [], prefs?.lastAreaId)));
    setItems(list);
    setReady(true);
  });

  const persistNow = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = undefined;
    if (!done && ready()) void saveDraft(items());
  };
  const persistSoon = (ms = 250) => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(persistNow, ms);
  };
  onCleanup(() => {
    if (saveTimer) persistNow();
  });

  const lastIndex = () => items().length - 1;
  const cur = () => items()[lastIndex()];
  const update = <K extends keyof DraftItem>(key: K, value: DraftItem[K], ms?: number) => {
    setItems((list) => list.map((item, i) => (i === list.length - 1 ? { ...item, [key]: value } : item)));
    persistSoon(ms);
  };

  const findingsOf = (item: DraftItem | undefined) => (item?.note ? findPersonalData(item.note) : []);
  const curFindings = createMemo(() => findingsOf(cur()));
  const anyFindings = createMemo(() => items().some((i) => findingsOf(i).length > 0));
  const complete = createMemo(() => completeItems(items()));
  const canSave = createMemo(
    () => ready() && complete().length > 0 && complete().every((i) => i.category && i.areaId) && !anyFindings(),
  );
  const canAdd = createMemo(() => !!cur()?.category && !!cur()?.areaId && curFindings().length === 0);

  const area = () => s.areaById().get(cur()?.areaId ?? '');
  const describe = (i: DraftItem) =>
    [
      i.category ? indicatorText(i.category).label : '?',
      i.areaId ? s.areaById().get(i.areaId)?.name : undefined,
      i.placeId ? s.areaById().get(i.areaId ?? '')?.places.find((p) => p.id === i.placeId)?.name : undefined,
      i.timeOfDay !== 'unknown' ? t(`tod_${i.timeOfDay}`) : undefined,
      i.persists ? t('persists') : undefined,
    ]
      .filter(Boolean)
      .join(' · ');

  const addAnother = () => {
    if (!canAdd()) return;
    setItems((list) => [...list, newItem(cur()?.areaId)]);
    persistNow();
    document.getElementById('indicator-heading')?.focus();
  };

  const remove = (index: number) => {
    setItems((list) => list.filter((_, i) => i !== index));
    persistNow();
  };

  /** Edit an earlier observation: it becomes the one in the editor (an untouched editor is dropped). */
  const edit = (index: number) => {
    setItems((list) => {
      const item = list[index]!;
      const rest = list.filter((_, i) => i !== index);
      const last = rest[rest.length - 1];
      const trimmed = last && !last.category && !last.note.trim() ? rest.slice(0, -1) : rest;
      return [...trimmed, item];
    });
    persistNow();
  };

  const onSave = async () => {
    if (done || !canSave()) return; // a second tap while saving would file the report twice
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = undefined;
    done = true;
    try {
      await saveReport(items(), s.currentWeek());
      afterSave();
      navigate('/');
      showToast(t('saved'), 5000);
    } catch (err) {
      done = false;
      setError(err instanceof ActionError ? err.message : String(err));
    }
  };

  const back = () => {
    persistNow();
    navigate('/');
  };

  return (
    <main id="main" class="screen">
      <div class="topbar">
        <button type="button" class="btn btn-secondary" data-testid="back-button" onClick={back}>
          ← {t('back')}
        </button>
      </div>
      <h1>{t('reportTitle', { n: weekNumber(s.currentWeek()) })}</h1>

      <Show when={s.areas().length > 0} fallback={<p class="banner banner-warn">{t('noContext')}</p>}>
        <Show when={items().length > 1}>
          <ol class="obs-list" data-testid="observation-list">
            <Index each={items().slice(0, -1)}>
              {(item, i) => (
                <li class="obs-summary" data-testid="observation-summary">
                  <span>
                    <strong>{t('observationN', { n: i + 1 })}:</strong> {describe(item())}
                  </span>
                  <Show when={findingsOf(item()).length > 0}>
                    <p class="pd-inline" role="alert">
                      {t('pdWarning')}
                    </p>
                  </Show>
                  <div class="row-actions">
                    <button type="button" class="btn btn-secondary" data-testid="edit-observation" onClick={() => edit(i)}>
                      {t('edit')}
                    </button>
                    <button type="button" class="btn btn-secondary" data-testid="remove-observation" onClick={() => remove(i)}>
                      {t('removeObservation')}
                    </button>
                  </div>
                </li>
              )}
            </Index>
          </ol>
        </Show>

        <Show when={cur()}>
          <fieldset class="group">
            <legend id="indicator-heading" tabindex="-1">
              {items().length > 1 ? `${t('observationN', { n: items().length })}: ` : ''}
              {t('chooseIndicator')}
            </legend>
            <div class="tiles">
              <For each={INDICATOR_KEYS}>
                {(key) => (
                  <button
                    type="button"
                    class="tile"
                    data-testid={`tile-${key}`}
                    aria-pressed={cur()?.category === key}
                    onClick={() => update('category', key, 0)}
                  >
                    <span class="tile-label">{breakable(indicatorText(key).label)}</span>
                    <span class="tile-hint">{indicatorText(key).hint}</span>
                  </button>
                )}
              </For>
            </div>
          </fieldset>

          <div class="field">
            <label for="area-select">{t('area')}</label>
            <select
              id="area-select"
              data-testid="area-select"
              value={cur()?.areaId ?? ''}
              onChange={(e) => {
                update('placeId', undefined);
                update('areaId', e.currentTarget.value, 0);
              }}
            >
              <For each={s.areas()}>{(a) => <option value={a.id}>{a.name}</option>}</For>
            </select>
          </div>

          <Show when={(area()?.places.length ?? 0) > 0}>
            <div class="field">
              <label for="place-select">{t('place')}</label>
              <select
                id="place-select"
                data-testid="place-select"
                value={cur()?.placeId ?? ''}
                onChange={(e) => update('placeId', e.currentTarget.value || undefined, 0)}
              >
                <option value="">{t('noPlace')}</option>
                <For each={area()?.places ?? []}>{(p) => <option value={p.id}>{p.name}</option>}</For>
              </select>
            </div>
          </Show>

          <fieldset class="group">
            <legend>{t('timeOfDay')}</legend>
            <div class="segmented">
              <For each={TIMES}>
                {(tod) => (
                  <button
                    type="button"
                    class="seg"
                    data-testid={`tod-${tod}`}
                    aria-pressed={cur()?.timeOfDay === tod}
                    onClick={() => update('timeOfDay', cur()?.timeOfDay === tod ? 'unknown' : tod, 0)}
                  >
                    {t(`tod_${tod}`)}
                  </button>
                )}
              </For>
            </div>
          </fieldset>

          <button
            type="button"
            role="switch"
            class="switch"
            data-testid="persists-toggle"
            aria-checked={cur()?.persists ?? false}
            onClick={() => update('persists', !cur()?.persists, 0)}
          >
            <span class="switch-track" aria-hidden="true">
              <span class="switch-thumb" />
            </span>
            {t('persists')}
          </button>

          <div class="field">
            <label for="note">{t('note')}</label>
            <p id="note-help" class="muted small">
              {t('noteHelp')}
            </p>
            <textarea
              id="note"
              data-testid="note"
              rows="3"
              maxLength={MAX_NOTE_LENGTH}
              aria-describedby={curFindings().length ? 'note-help pd-warning' : 'note-help'}
              aria-invalid={curFindings().length > 0}
              value={cur()?.note ?? ''}
              onInput={(e) => update('note', e.currentTarget.value)}
            />
            <span class="muted small counter">
              {cur()?.note.length ?? 0}/{MAX_NOTE_LENGTH}
            </span>
            <Show when={curFindings().length > 0}>
              <div class="banner banner-error" id="pd-warning" role="alert" data-testid="pd-warning">
                <p>{t('pdWarning')}</p>
                <p class="small">
                  {[...new Set(curFindings().map((f) => t(`pd_${f.kind}`)))].join(', ')}
                </p>
                <Highlighted text={cur()?.note ?? ''} findings={curFindings()} />
              </div>
            </Show>
          </div>

          <button type="button" class="btn btn-big btn-secondary" data-testid="add-observation" disabled={!canAdd()} onClick={addAnother}>
            + {t('addObservation')}
          </button>
        </Show>

        <Show when={error()}>
          <p class="banner banner-error" role="alert">
            {error()}
          </p>
        </Show>
        <div class="action-bar" data-testid="action-bar">
          <Show when={!canSave() && !anyFindings()}>
            <p class="muted small" id="save-hint">
              {t('saveHint')}
            </p>
          </Show>
          <button
            type="button"
            class="btn btn-big btn-primary"
            data-testid="save-button"
            disabled={!canSave()}
            onClick={() => void onSave()}
          >
            {t('save')}
            <Show when={complete().length > 0}> ({complete().length})</Show>
          </button>
        </div>
      </Show>
    </main>
  );
}
