/**
 * Admin: other sources (police, property management, rescue service), their own
 * categories, API tokens, and the CSV import – preview first (every bad row
 * with its column and why, every unmatched area name), map each unmatched name
 * to an area or "ignore", then confirm. Nothing is written before the confirm,
 * and the whole file or nothing is.
 */
import { For, Index, Show, createResource, createSignal } from 'solid-js';
import type { AdminArea as AreaView } from '../../shared/admin';
import type { FigureSource, ImportDone, ImportPreview, Mappings, SourceTokenCreated } from '../../shared/figures';
import { ApiFailure, api } from '../staff/http';
import { Field, createNotice } from '../admin/ui';
import './figures.css';
import { ft, type FigKey } from './i18n';


export function SourcesAdmin() {
  const [sources, { refetch }] = createResource(() => api<{ sources: FigureSource[] }>('GET', '/api/v1/figures/sources'));
  const [areas] = createResource(() => api<AreaView[]>('GET', '/api/v1/admin/areas'));
  const n = createNotice();
  const [name, setName] = createSignal('');
  const [provider, setProvider] = createSignal('');
  const [categories, setCategories] = createSignal('');
  const create = async (e: Event) => {
    e.preventDefault();
    const cats = categories().split(/\r?\n/).map((c) => c.trim()).filter(Boolean);
    const ok = await n.run(() => api('POST', '/api/v1/figures/sources', { name: name(), provider: provider(), categories: cats }), `${name()} ✓`);
    if (ok) {
      setName('');
      setProvider('');
      setCategories('');
      void refetch();
    }
  };
  return (
    <section aria-labelledby="admin-h" class="admin-screen">
      <h1 id="admin-h" tabindex="-1">{ft('srcTitle')}</h1>
      <p class="admin-hint">{ft('srcHelp')}</p>
      {n.view()}
      <ul class="src-list">
        {/* Index, not For: a refetch after an import updates the items in place, so their messages stay. */}
        <Index each={sources()?.sources ?? []} fallback={<li class="admin-hint">{sources.loading ? '…' : ft('srcNone')}</li>}>
          {(s) => <SourceItem source={s()} areas={areas() ?? []} onChange={() => void refetch()} />}
        </Index>
      </ul>
      <form class="admin-form" onSubmit={create} aria-labelledby="src-new-h">
        <h2 id="src-new-h">{ft('srcNew')}</h2>
        <Field id="src-name" label={ft('srcName')}>
          <input id="src-name" required maxLength={120} value={name()} onInput={(e) => setName(e.currentTarget.value)} placeholder="Polisen – anmälda brott" />
        </Field>
        <Field id="src-provider" label={ft('srcProvider')}>
          <input id="src-provider" maxLength={200} value={provider()} onInput={(e) => setProvider(e.currentTarget.value)} />
        </Field>
        <Field id="src-cats" label={ft('srcCategories')}>
          <textarea id="src-cats" rows={4} value={categories()} onInput={(e) => setCategories(e.currentTarget.value)} placeholder={'Misshandel\nSkadegörelse\nNarkotikabrott'} />
        </Field>
        <button class="btn btn-primary" type="submit">{ft('srcCreate')}</button>
      </form>
    </section>
  );
}

function SourceItem(props: { source: FigureSource; areas: AreaView[]; onChange: () => void }) {
  const s = () => props.source;
  const n = createNotice();
  const [category, setCategory] = createSignal('');
  const [tokenLabel, setTokenLabel] = createSignal('');
  const [newToken, setNewToken] = createSignal<SourceTokenCreated>();
  const areaName = (id: string | null) => (id === null ? ft('srcIgnore') : props.areas.find((a) => a.id === id)?.name ?? id);
  const addCategory = async (e: Event) => {
    e.preventDefault();
    if (await n.run(() => api('POST', `/api/v1/figures/sources/${s().id}/categories`, { name: category() }), `${category()} ✓`)) {
      setCategory('');
      props.onChange();
    }
  };
  const addToken = async (e: Event) => {
    e.preventDefault();
    await n.run(async () => {
      setNewToken(await api<SourceTokenCreated>('POST', `/api/v1/figures/sources/${s().id}/tokens`, { label: tokenLabel() }));
      setTokenLabel('');
      props.onChange();
    });
  };
  const revoke = async (id: string) => {
    if (await n.run(() => api('DELETE', `/api/v1/figures/tokens/${id}`))) props.onChange();
  };
  const hid = `src-${s().id}`;
  return (
    <li class="admin-card" data-testid="figure-source-admin">
      <h2 id={hid}>{s().name}<Show when={s().provider}><span class="admin-hint"> – {s().provider}</span></Show></h2>
      {n.view()}
      <p class="admin-hint">
        {s().figures.rows > 0 ? ft('srcFigures', { rows: s().figures.rows, first: s().figures.firstWeek ?? '', last: s().figures.lastWeek ?? '' }) : ft('srcNoFigures')}
      </p>
      <p>{s().categories.map((c) => c.name).join(' · ')}</p>
      <form class="admin-row" onSubmit={addCategory}>
        <Field id={`${hid}-cat`} label={ft('srcCategoryNew')}>
          <input id={`${hid}-cat`} required maxLength={120} value={category()} onInput={(e) => setCategory(e.currentTarget.value)} />
        </Field>
        <button class="btn" type="submit">{ft('srcCategoryAdd')}</button>
      </form>
      <Import source={s()} areas={props.areas} onDone={props.onChange} />
      <Show when={s().mappings.length > 0}>
        <h3>{ft('srcMappings')}</h3>
        <ul>
          <For each={s().mappings}>{(m) => <li>{m.name} → {areaName(m.areaId)}</li>}</For>
        </ul>
      </Show>
      <h3>{ft('srcTokens')}</h3>
      <ul>
        <For each={s().tokens}>
          {(tk) => (
            <li>
              {tk.label || tk.id.slice(0, 8)} ({tk.createdAt.slice(0, 10)}){' '}
              <button type="button" class="btn btn-small" onClick={() => void revoke(tk.id)}>{ft('srcTokenRevoke')}</button>
            </li>
          )}
        </For>
      </ul>
      <Show when={newToken()}>
        {(tk) => (
          <p class="admin-notice admin-ok" role="status">
            {ft('srcTokenShown')} <span class="imp-token">{tk().token}</span>
          </p>
        )}
      </Show>
      <form class="admin-row" onSubmit={addToken}>
        <Field id={`${hid}-tok`} label={ft('srcTokenLabel')}>
          <input id={`${hid}-tok`} maxLength={120} value={tokenLabel()} onInput={(e) => setTokenLabel(e.currentTarget.value)} />
        </Field>
        <button class="btn" type="submit">{ft('srcTokenNew')}</button>
      </form>
    </li>
  );
}

function Import(props: { source: FigureSource; areas: AreaView[]; onDone: () => void }) {
  const n = createNotice();
  const [file, setFile] = createSignal<{ name: string; text: string }>();
  const [preview, setPreview] = createSignal<ImportPreview>();
  const [mappings, setMappings] = createSignal<Record<string, string>>({});
  const [busy, setBusy] = createSignal(false);
  const id = `imp-${props.source.id}`;
  /** The choices made so far as the API's mappings: "" = not chosen, "ignore" = null. */
  const chosen = (): Mappings => {
    const out: Mappings = {};
    for (const [name, v] of Object.entries(mappings())) if (v) out[name] = v === 'ignore' ? null : v;
    return out;
  };
  const allMapped = () => (preview()?.unmatched ?? []).every((u) => mappings()[u.name]);
  const canConfirm = () => !!preview() && preview()!.errorCount === 0 && allMapped() && !busy();

  const pick = async (input: HTMLInputElement) => {
    const f = input.files?.[0];
    setPreview(undefined);
    setMappings({});
    n.clear();
    if (!f) return setFile(undefined);
    setFile({ name: f.name, text: await f.text() });
    await runPreview();
  };
  const runPreview = async () => {
    const f = file();
    if (!f) return;
    setBusy(true);
    await n.run(async () => setPreview(await api<ImportPreview>('POST', `/api/v1/figures/sources/${props.source.id}/imports/preview`, { csv: f.text, fileName: f.name, mappings: chosen() })));
    setBusy(false);
  };
  /** Once every unmatched name has a choice, preview again with them: the count and the replaced figures become exact. */
  const choose = (name: string, value: string) => {
    setMappings({ ...mappings(), [name]: value });
    if (allMapped()) void runPreview();
  };
  const confirm = async () => {
    const f = file();
    if (!f) return;
    setBusy(true);
    try {
      const done = await api<ImportDone>('POST', `/api/v1/figures/sources/${props.source.id}/imports`, { csv: f.text, fileName: f.name, mappings: chosen() });
      n.ok(ft('impDone', { figures: done.summary.figures, first: done.summary.firstWeek ?? '', last: done.summary.lastWeek ?? '' }));
      setPreview(undefined);
      setFile(undefined);
      setMappings({});
      props.onDone();
    } catch (e) {
      // A refusal carries the same answer as a preview: show it.
      if (e instanceof ApiFailure && e.status === 422) setPreview(e.body as unknown as ImportPreview);
      n.fail(e);
    }
    setBusy(false);
  };

  return (
    <div class="admin-import" data-testid="figures-import">
      <h3>{ft('impTitle')}</h3>
      <p class="admin-hint">{ft('impHelp')}</p>
      <Field id={`${id}-file`} label={ft('impFile')}>
        <input id={`${id}-file`} type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void pick(e.currentTarget)} />
      </Field>
      {n.view()}
      <Show when={preview()}>
        {(p) => (
          <div aria-live="polite">
            <Show when={p().summary}>
              {(s) => (
                <p data-testid="import-summary">
                  {ft('impSummary', { rows: s().rows, figures: s().figures, first: s().firstWeek ?? '–', last: s().lastWeek ?? '–', replaces: s().replaces, changes: s().changes, ignored: s().ignoredRows })}
                </p>
              )}
            </Show>
            <Show when={p().errorCount > 0}>
              <p class="admin-notice admin-error" role="alert">{ft('impErrors', { n: p().errorCount })}</p>
              <ul class="imp-errors" data-testid="import-errors">
                <For each={p().errors}>
                  {(e) => <li><strong>{ft('impRow', { row: e.row })}</strong>{e.column ? ` (${ft(`impColumn_${e.column}` as FigKey)})` : ''}: {e.message}</li>}
                </For>
              </ul>
            </Show>
            <Show when={p().unmatched.length > 0}>
              <fieldset class="admin-fieldset" data-testid="import-unmatched">
                <legend>{ft('impUnmatched')}</legend>
                <For each={p().unmatched}>
                  {(u, i) => (
                    <Field id={`${id}-map-${i()}`} label={ft('impUnmatchedRows', { name: u.name, rows: u.rows })}>
                      <select id={`${id}-map-${i()}`} value={mappings()[u.name] ?? ''} onChange={(e) => choose(u.name, e.currentTarget.value)}>
                        <option value="">{ft('impChoose')}</option>
                        <For each={u.suggestions}>{(a) => <option value={a.id}>{a.name} ✓</option>}</For>
                        <For each={props.areas.filter((a) => !u.suggestions.some((s) => s.id === a.id))}>{(a) => <option value={a.id}>{a.name}</option>}</For>
                        <option value="ignore">{ft('impIgnoreOption')}</option>
                      </select>
                    </Field>
                  )}
                </For>
              </fieldset>
            </Show>
            <Show when={p().mapped.length > 0}>
              <ul data-testid="import-mapped">
                <For each={p().mapped}>{(m) => <li>{m.name} → {m.areaId === null ? ft('impIgnoreOption') : props.areas.find((a) => a.id === m.areaId)?.name ?? m.areaId}</li>}</For>
              </ul>
            </Show>
            <Show when={p().errorCount === 0 && p().unmatched.length === 0}>
              <p class="admin-notice admin-ok" role="status">{ft('impReady')}</p>
            </Show>
            <button type="button" class="btn btn-primary" disabled={!canConfirm()} onClick={() => void confirm()} data-testid="import-confirm">
              {ft('impConfirm', { n: p().summary?.figures ?? 0 })}
            </button>
          </div>
        )}
      </Show>
    </div>
  );
}
