/** Informant functions, their invites (link + QR code, shown once) and their devices. */
import { For, Show, createSignal } from 'solid-js';
import {
  checkDeviceLabel,
  deviceLabelProblemText,
  type AdminArea,
  type AdminDevice,
  type AdminFunction,
  type AdminInvite,
  type AdminOrganisation,
  type CreatedInvite,
  type DeviceLabelProblem,
} from '../../shared/admin';
import type { PersonalDataKind } from '../../shared/personal-data';
import { describe } from '../staff/errors';
import { ApiFailure, api } from '../staff/http';
import { lang } from '../staff/i18n';
import { t, when, type AdminKey } from './i18n';
import { Field, createNotice, loadList } from './ui';

export function Functions() {
  const [list, { refetch }] = loadList<AdminFunction[]>(() => '/api/v1/admin/functions');
  const [orgs] = loadList<AdminOrganisation[]>(() => '/api/v1/admin/organisations');
  const [areas] = loadList<AdminArea[]>(() => '/api/v1/admin/areas');
  const n = createNotice();
  const [name, setName] = createSignal('');
  const [org, setOrg] = createSignal('');
  const [chosen, setChosen] = createSignal<string[]>([]);
  const [open, setOpen] = createSignal<AdminFunction>();

  const toggleArea = (id: string, on: boolean) => setChosen((c) => (on ? [...c, id] : c.filter((x) => x !== id)));
  const add = async (e: Event) => {
    e.preventDefault();
    if (await n.run(() => api('POST', '/api/v1/admin/functions', { name: name(), organisationId: org(), areaIds: chosen() }), t('saved'))) {
      setName('');
      setChosen([]);
      void refetch();
    }
  };
  const areaNames = (ids: string[]) => (areas() ?? []).filter((a) => ids.includes(a.id)).map((a) => a.name).join(', ');

  return (
    <section aria-labelledby="screen-h">
      <h2 id="screen-h" tabindex="-1">{t('tabFunctions')}</h2>
      {n.view()}
      <form class="admin-form" onSubmit={add}>
        <Field id="fn-name" label={t('functionName')}>
          <input id="fn-name" required maxLength={120} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="fn-org" label={t('organisation')}>
          <select id="fn-org" required value={org()} onChange={(e) => setOrg(e.currentTarget.value)}>
            <option value="">{t('chooseOrganisation')}</option>
            <For each={orgs()}>{(o) => <option value={o.id}>{o.name}</option>}</For>
          </select>
        </Field>
        <fieldset class="admin-checks">
          <legend>{t('areasCovered')}</legend>
          <For each={areas()}>
            {(a) => (
              <label class="admin-check">
                <input type="checkbox" checked={chosen().includes(a.id)} onChange={(e) => toggleArea(a.id, e.currentTarget.checked)} />
                {a.name}
              </label>
            )}
          </For>
        </fieldset>
        <button class="btn btn-primary" type="submit">{t('add')}</button>
      </form>

      <Show when={list()} fallback={<p>{t('loading')}</p>}>
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('organisation')}</th>
              <th scope="col">{t('areasCovered')}</th>
              <th scope="col">{t('activeDevices')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={list()} fallback={<tr><td colSpan={5}>{t('none')}</td></tr>}>
              {(f) => (
                <tr>
                  <th scope="row">{f.name}</th>
                  <td>{f.organisation}</td>
                  <td>{areaNames(f.areaIds)}</td>
                  <td>{f.activeDevices}</td>
                  <td>
                    <button class="btn" type="button" aria-expanded={open()?.id === f.id} onClick={() => setOpen(open()?.id === f.id ? undefined : f)}>
                      {t('manage')}
                      <span class="visually-hidden">: {f.name}</span>
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <Show when={open()} keyed>
        {(f) => <FunctionDetail fn={f} onChange={() => void refetch()} />}
      </Show>
    </section>
  );
}

function FunctionDetail(props: { fn: AdminFunction; onChange: () => void }) {
  const [invites, inv] = loadList<AdminInvite[]>(() => `/api/v1/admin/functions/${props.fn.id}/invites`);
  const [devices, dev] = loadList<AdminDevice[]>(() => `/api/v1/admin/functions/${props.fn.id}/devices`);
  const n = createNotice();
  const [validDays, setValidDays] = createSignal(14);
  const [maxDevices, setMaxDevices] = createSignal(5);
  const [created, setCreated] = createSignal<CreatedInvite>();
  let heading!: HTMLHeadingElement;
  queueMicrotask(() => heading?.focus());

  const create = async (e: Event) => {
    e.preventDefault();
    await n.run(async () => {
      setCreated(await api<CreatedInvite>('POST', `/api/v1/admin/functions/${props.fn.id}/invites`, { validDays: validDays(), maxDevices: maxDevices() }));
      void inv.refetch();
    });
  };
  const withdraw = async (i: AdminInvite) => {
    if (confirm(t('confirmWithdraw', { n: i.devices })) && (await n.run(() => api('DELETE', `/api/v1/admin/invites/${i.id}`), t('saved')))) void inv.refetch();
  };
  const revoke = async (d: AdminDevice) => {
    if (confirm(t('confirmRevoke')) && (await n.run(() => api('POST', `/api/v1/admin/devices/${d.id}/revoke`), t('saved')))) {
      void dev.refetch();
      props.onChange();
    }
  };
  const copy = async (url: string) => {
    await n.run(() => navigator.clipboard.writeText(url), t('copied'));
  };

  return (
    <div class="admin-detail">
      <h3 tabindex="-1" ref={heading}>{t('invitesFor', { name: props.fn.name })}</h3>
      {n.view()}
      <form class="admin-form admin-inline" onSubmit={create}>
        <Field id="inv-days" label={t('validDays')}>
          <input id="inv-days" type="number" min={1} max={90} required value={validDays()} onInput={(e) => setValidDays(e.currentTarget.valueAsNumber)} />
        </Field>
        <Field id="inv-max" label={t('maxDevices')}>
          <input id="inv-max" type="number" min={1} max={200} required value={maxDevices()} onInput={(e) => setMaxDevices(e.currentTarget.valueAsNumber)} />
        </Field>
        <button class="btn btn-primary" type="submit">{t('createInvite')}</button>
      </form>
      <Show when={created()}>
        {(c) => (
          <div class="admin-invite" data-testid="created-invite">
            <p class="admin-hint">{t('inviteShownOnce')}</p>
            <label for="invite-url">{t('inviteLink')}</label>
            <input id="invite-url" readOnly value={c().url} onFocus={(e) => e.currentTarget.select()} />
            <button class="btn" type="button" onClick={() => void copy(c().url)}>{t('copy')}</button>
            {/* The SVG is generated by our own server (qrcode, no external service). */}
            <div class="admin-qr" role="img" aria-label={t('qrAlt')} innerHTML={c().qrSvg} />
            <p>{t('expires')}: {when(c().expiresAt)} · {t('maxDevices')}: {c().maxDevices}</p>
          </div>
        )}
      </Show>
      <table class="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('created')}</th>
            <th scope="col">{t('expires')}</th>
            <th scope="col">{t('devicesUsed')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={invites()} fallback={<tr><td colSpan={5}>{t('none')}</td></tr>}>
            {(i) => (
              <tr>
                <td>{when(i.createdAt)}</td>
                <td>{when(i.expiresAt)}</td>
                <td>{i.devices} / {i.maxDevices}</td>
                <td>{t(`status_${i.status}` as AdminKey)}</td>
                <td>
                  <Show when={i.status !== 'withdrawn'}>
                    <button class="btn btn-danger" type="button" onClick={() => void withdraw(i)}>{t('withdraw')}<span class="visually-hidden">: {t('inviteOf', { at: when(i.createdAt) })}</span></button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>

      <h3>{t('devicesFor', { name: props.fn.name })}</h3>
      <table class="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('device')}</th>
            <th scope="col">{t('enrolledAt')}</th>
            <th scope="col">{t('lastSeen')}</th>
            <th scope="col">{t('lastReport')}</th>
            <th scope="col">{t('status')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={devices()} fallback={<tr><td colSpan={5}>{t('none')}</td></tr>}>
            {(d) => (
              <tr data-device={d.id}>
                <td>
                  <DeviceName
                    device={d}
                    onSaved={(text) => {
                      n.ok(text);
                      void dev.refetch();
                    }}
                  />
                </td>
                <td>{when(d.enrolledAt)}</td>
                <td>{when(d.lastSeenAt)}</td>
                <td>{when(d.lastReportAt)}</td>
                <td>
                  <Show when={!d.revokedAt} fallback={t('revoked', { at: when(d.revokedAt) })}>
                    <button class="btn btn-danger" type="button" onClick={() => void revoke(d)}>
                      {t('revoke')}
                      <span class="visually-hidden">: {deviceName(d)}</span>
                    </button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** What a device is called on screen: the admin's label, else when it was enrolled. */
const deviceName = (d: AdminDevice) => d.label ?? t('deviceUnnamed', { at: when(d.enrolledAt) });

/**
 * The device's name with an inline "Namnge"/"Byt namn" edit. The label is checked here
 * with the server's own rules (shared/admin.ts) before it is sent; a refusal is shown
 * next to the field and what was typed stays. An empty field clears the name.
 */
function DeviceName(props: { device: AdminDevice; onSaved: (text: string) => void }) {
  const [editing, setEditing] = createSignal(false);
  const [text, setText] = createSignal('');
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const id = () => `device-label-${props.device.id}`;
  let input: HTMLInputElement | undefined;
  let opener: HTMLButtonElement | undefined;

  const open = () => {
    setText(props.device.label ?? '');
    setError(undefined);
    setEditing(true);
    queueMicrotask(() => input?.focus());
  };
  const close = () => {
    setEditing(false);
    queueMicrotask(() => opener?.focus());
  };
  const problem = (p: { problem: DeviceLabelProblem; kind?: PersonalDataKind }) => {
    setError(deviceLabelProblemText(p, lang()));
    queueMicrotask(() => input?.focus());
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const check = checkDeviceLabel(text());
    if (!check.ok) return problem(check);
    setBusy(true);
    try {
      await api('PATCH', `/api/v1/admin/devices/${props.device.id}`, { label: check.label });
      setEditing(false);
      props.onSaved(check.label === null ? t('deviceLabelCleared') : t('deviceLabelSaved'));
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'device_label') problem(err.body as { problem: DeviceLabelProblem; kind?: PersonalDataKind });
      else setError(describe(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Show
      when={editing()}
      fallback={
        <div class="admin-device-name">
          <span>{deviceName(props.device)}</span>
          <button ref={opener} class="btn btn-link" type="button" onClick={open}>
            {props.device.label ? t('renameDevice') : t('nameDevice')}
            <span class="visually-hidden">: {deviceName(props.device)}</span>
          </button>
        </div>
      }
    >
      <form class="admin-device-edit" onSubmit={(e) => void save(e)} onKeyDown={(e) => e.key === 'Escape' && close()}>
        <label for={id()}>{t('deviceLabel')}</label>
        <p class="admin-hint" id={`${id()}-hint`}>{t('deviceLabelHint')}</p>
        <input
          ref={input}
          id={id()}
          value={text()}
          autocomplete="off"
          aria-invalid={error() ? 'true' : undefined}
          aria-describedby={error() ? `${id()}-hint ${id()}-error` : `${id()}-hint`}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setError(undefined);
          }}
        />
        <Show when={error()}>
          <p id={`${id()}-error`} class="admin-notice admin-error" role="alert">
            {error()}
          </p>
        </Show>
        <div class="admin-actions">
          <button class="btn btn-primary" type="submit" disabled={busy()}>{t('save')}</button>
          <button class="btn" type="button" onClick={close}>{t('cancel')}</button>
        </div>
      </form>
    </Show>
  );
}
