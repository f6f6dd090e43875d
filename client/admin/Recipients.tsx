/**
 * The weekly send-out's recipients (admin only): lists, recipients (name or function,
 * e-mail, organisation, lists), CSV import, who has unsubscribed, and whether the send-out
 * is on at all (SMTP configured). GET/POST/PATCH/DELETE /api/v1/admin/recipients…,
 * /api/v1/admin/recipient-lists…; every change is audited on the server.
 */
import { For, Show, createSignal } from 'solid-js';
import type { RecipientImportResult, RecipientRow, RecipientsResponse } from '../../shared/sendout';
import { ApiFailure, api } from '../staff/http';
import { t, when } from './i18n';
import { Field, createNotice, loadList } from './ui';

export function Recipients() {
  const n = createNotice();
  const [data, { refetch }] = loadList<RecipientsResponse>(() => '/api/v1/admin/recipients');
  // The add/edit form keeps what was typed when the server refuses it.
  const [editing, setEditing] = createSignal<RecipientRow | null>(null);
  const [name, setName] = createSignal('');
  const [email, setEmail] = createSignal('');
  const [org, setOrg] = createSignal('');
  const [lists, setLists] = createSignal<number[] | null>(null);
  const chosenLists = () => lists() ?? (data()?.lists.filter((l) => l.isDefault).map((l) => l.id) ?? []);
  const [listName, setListName] = createSignal('');
  const [importList, setImportList] = createSignal<number | null>(null);
  const [importErrors, setImportErrors] = createSignal<{ line: number; reason: string }[]>([]);
  let fileInput!: HTMLInputElement;

  const listName_ = (id: number) => data()?.lists.find((l) => l.id === id)?.name ?? String(id);
  const reset = () => {
    setEditing(null);
    setName('');
    setEmail('');
    setOrg('');
    setLists(null);
  };
  const edit = (r: RecipientRow) => {
    setEditing(r);
    setName(r.name);
    setEmail(r.email);
    setOrg(r.organisation);
    setLists([...r.lists]);
    queueMicrotask(() => document.getElementById('rcp-name')?.focus());
  };
  const toggle = (id: number, on: boolean) => setLists(on ? [...new Set([...chosenLists(), id])] : chosenLists().filter((x) => x !== id));

  const save = async (e: Event) => {
    e.preventDefault();
    const body = { name: name(), email: email(), organisation: org(), lists: chosenLists() };
    const current = editing();
    const ok = await n.run(
      () => (current ? api('PATCH', `/api/v1/admin/recipients/${current.id}`, body) : api('POST', '/api/v1/admin/recipients', body)),
      current ? t('saved') : t('so_added'),
    );
    if (ok) {
      reset();
      void refetch();
    }
  };
  const remove = async (r: RecipientRow) => {
    if (confirm(t('so_confirmDelete', { name: r.name })) && (await n.run(() => api('DELETE', `/api/v1/admin/recipients/${r.id}`), t('removed')))) {
      if (editing()?.id === r.id) reset();
      void refetch();
    }
  };
  const addList = async (e: Event) => {
    e.preventDefault();
    if (await n.run(() => api('POST', '/api/v1/admin/recipient-lists', { name: listName() }), t('saved'))) {
      setListName('');
      void refetch();
    }
  };
  const removeList = async (id: number, label: string) => {
    if (confirm(t('confirmRemove', { name: label })) && (await n.run(() => api('DELETE', `/api/v1/admin/recipient-lists/${id}`), t('removed')))) void refetch();
  };
  const importCsv = async (e: Event) => {
    e.preventDefault();
    setImportErrors([]);
    const file = fileInput.files?.[0];
    const listId = importList() ?? data()?.lists[0]?.id;
    if (!file || listId === undefined) return;
    try {
      const r = await api<RecipientImportResult>('POST', '/api/v1/admin/recipients/import', { listId, csv: await file.text() });
      fileInput.value = '';
      // The list is refreshed before the outcome is announced, so what the
      // message counts is already on screen when it is read out.
      await refetch();
      n.ok(t('so_importDone', { created: r.created, existing: r.existing }));
    } catch (err) {
      if (err instanceof ApiFailure && Array.isArray(err.body.errors)) setImportErrors(err.body.errors as { line: number; reason: string }[]);
      n.fail(err);
    }
  };

  return (
    <section aria-labelledby="admin-h">
      <h2 id="admin-h" tabindex="-1">{t('tabRecipients')}</h2>
      <p class="admin-hint">{t('so_intro')}</p>
      {n.view()}
      <Show when={data()} fallback={<p>{t('loading')}</p>}>
        {(d) => (
          <>
            <p class={d().enabled ? 'admin-notice admin-ok' : 'admin-notice admin-error'} data-testid="sendout-state">
              {d().enabled ? t('so_on', { from: d().from ?? '' }) : t('so_off')}
            </p>

            <h3>{t('so_lists')}</h3>
            <ul data-testid="recipient-lists">
              <For each={d().lists}>
                {(l) => (
                  <li>
                    {l.name} ({t('so_members', { n: l.members })}{l.isDefault ? `, ${t('so_default')}` : ''})
                    <Show when={!l.isDefault}>
                      {' '}
                      <button type="button" class="btn btn-danger btn-small" onClick={() => removeList(l.id, l.name)}>{t('remove')}</button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
            <form class="admin-form" onSubmit={addList}>
              <Field id="list-name" label={t('so_listName')}>
                <input id="list-name" required maxLength={200} value={listName()} onInput={(e) => setListName(e.currentTarget.value)} />
              </Field>
              <button class="btn btn-secondary" type="submit">{t('so_addList')}</button>
            </form>

            <h3>{editing() ? t('so_editing', { name: editing()!.name }) : t('so_addRecipient')}</h3>
            <form class="admin-form" onSubmit={save} data-testid="recipient-form">
              <Field id="rcp-name" label={t('so_name')}>
                <input id="rcp-name" required maxLength={200} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
              </Field>
              <Field id="rcp-email" label={t('so_email')}>
                <input id="rcp-email" type="email" required maxLength={254} autocomplete="off" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
              </Field>
              <Field id="rcp-org" label={t('so_org')}>
                <input id="rcp-org" maxLength={200} value={org()} onInput={(e) => setOrg(e.currentTarget.value)} />
              </Field>
              <fieldset class="admin-checks">
                <legend>{t('so_onLists')}</legend>
                <For each={d().lists}>
                  {(l) => (
                    <label>
                      <input type="checkbox" checked={chosenLists().includes(l.id)} onChange={(e) => toggle(l.id, e.currentTarget.checked)} /> {l.name}
                    </label>
                  )}
                </For>
              </fieldset>
              <div class="admin-actions">
                <button class="btn btn-primary" type="submit">{editing() ? t('save') : t('so_add')}</button>
                <Show when={editing()}>
                  <button class="btn btn-secondary" type="button" onClick={reset}>{t('cancel')}</button>
                </Show>
              </div>
            </form>

            <h3>{t('so_recipients')}</h3>
            <Show when={d().recipients.length > 0} fallback={<p class="muted">{t('so_none')}</p>}>
              <table class="admin-table" data-testid="recipients">
                <thead>
                  <tr>
                    <th scope="col">{t('so_name')}</th>
                    <th scope="col">{t('so_email')}</th>
                    <th scope="col">{t('so_org')}</th>
                    <th scope="col">{t('so_onLists')}</th>
                    <th scope="col">{t('so_status')}</th>
                    <th scope="col">{t('actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={d().recipients}>
                    {(r) => (
                      <tr data-unsubscribed={r.unsubscribedAt ? 'true' : undefined}>
                        <th scope="row">{r.name}</th>
                        <td>{r.email}</td>
                        <td>{r.organisation}</td>
                        <td>{r.lists.map(listName_).join(', ')}</td>
                        <td>{r.unsubscribedAt ? t('so_unsubscribed', { date: when(r.unsubscribedAt) }) : r.lists.length === 0 ? t('so_notOnList') : t('so_active')}</td>
                        <td class="admin-actions">
                          <button type="button" class="btn btn-small" onClick={() => edit(r)} aria-label={t('so_editing', { name: r.name })}>{t('so_edit')}</button>
                          <button type="button" class="btn btn-danger btn-small" onClick={() => remove(r)} aria-label={`${t('remove')} ${r.name}`}>{t('remove')}</button>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>

            <form class="admin-form admin-import" onSubmit={importCsv}>
              <h3>{t('so_importTitle')}</h3>
              <p class="admin-hint" id="csv-help">{t('so_importHelp')}</p>
              <Field id="csv-list" label={t('so_importList')}>
                <select id="csv-list" onChange={(e) => setImportList(Number(e.currentTarget.value))}>
                  <For each={d().lists}>{(l) => <option value={l.id} selected={(importList() ?? d().lists[0]?.id) === l.id}>{l.name}</option>}</For>
                </select>
              </Field>
              <Field id="csv-file" label={t('so_importFile')}>
                <input id="csv-file" type="file" accept=".csv,text/csv" ref={fileInput} aria-describedby="csv-help" required />
              </Field>
              <button class="btn btn-primary" type="submit">{t('so_importButton')}</button>
              <Show when={importErrors().length > 0}>
                <div role="alert" class="admin-error-list">
                  <p>{t('so_importErrors')}</p>
                  <ul>
                    <For each={importErrors()}>{(err) => <li>{t('so_importLine', { line: err.line })}: {err.reason}</li>}</For>
                  </ul>
                </div>
              </Show>
            </form>
          </>
        )}
      </Show>
    </section>
  );
}
