/**
 * The admin screens (issue 4). Lazily loaded by the client router at /admin –
 * and at /setup/<code>, the first-run link the server prints – e.g.
 *   const AdminApp = lazy(() => import('./admin/AdminApp'));
 * Nothing in the informant code imports this module.
 */
import { Match, Show, Switch, createResource, createSignal, onCleanup, onMount, type JSX } from 'solid-js';
import type { Me } from '../../shared/admin';
import { MIN_PASSWORD_LENGTH } from '../../shared/admin';
import { api, describe } from './api';
import { Audit, Staff } from './Accounts';
import { Areas, Organisations } from './Geography';
import { Functions } from './Functions';
import { Reminders } from './Reminders';
import { Recipients } from './Recipients';
import { lang, setLang, t, type AdminKey } from './i18n';
import { Field, createNotice } from './ui';
import './admin.css';
import { createStaffSession } from '../staff/session';

type Tab = 'functions' | 'areas' | 'organisations' | 'staff' | 'reminders' | 'recipients' | 'audit';
const TABS: [Tab, AdminKey][] = [
  ['functions', 'tabFunctions'],
  ['areas', 'tabAreas'],
  ['organisations', 'tabOrganisations'],
  ['staff', 'tabStaff'],
  ['reminders', 'tabReminders'],
  ['recipients', 'tabRecipients'],
  ['audit', 'tabAudit'],
];

function currentTab(): Tab {
  const seg = /^\/admin\/([a-z]+)/.exec(location.pathname)?.[1];
  return TABS.some(([tab]) => tab === seg) ? (seg as Tab) : 'functions';
}

export default function AdminApp(): JSX.Element {
  // A signal, not a constant: once the first admin exists the URL becomes /admin, and a
  // later log-out must show the log-in form, not the (now used) setup screen again.
  const [setupCode, setSetupCode] = createSignal(/^\/setup\/([^/]+)\/?$/.exec(location.pathname)?.[1]);
  const { me, mutate, expired, setExpired } = createStaffSession();
  onMount(() => {
    document.documentElement.lang = lang();
    document.title = t('title');
  });
  const toggleLang = () => setLang(lang() === 'sv' ? 'en' : 'sv');

  return (
    <div class="admin">
      <a class="skip-link" href="#admin-main">{t('skip')}</a>
      <header class="app-header">
        <div class="brand">
          <span class="brand-name">{t('title')}</span>
          <Show when={me()}>{(m) => <span class="brand-sub">{t('loggedInAs', { email: m().email, role: t(`role_${m().role}` as AdminKey) })}</span>}</Show>
        </div>
        <div class="admin-header-actions">
          <button type="button" class="btn btn-lang" lang={lang() === 'sv' ? 'en' : 'sv'} onClick={toggleLang}>{t('language')}</button>
          <Show when={me()}>
            <button type="button" class="btn btn-lang" onClick={() => void logout(() => mutate(null))}>{t('logout')}</button>
          </Show>
        </div>
      </header>
      <main id="admin-main" class="admin-main">
        <Switch fallback={<p>{t('loading')}</p>}>
          <Match when={me.error}>
            <p role="alert" class="admin-notice admin-error">{describe(me.error)}</p>
          </Match>
          <Match when={me() === null && setupCode()}>
            {(code) => <Setup code={decodeURIComponent(code())} onDone={(m) => { history.replaceState(null, '', '/admin'); mutate(m); setSetupCode(undefined); }} />}
          </Match>
          <Match when={me() === null}>
            <Login expired={expired()} onDone={(m) => { setExpired(false); mutate(m); }} />
          </Match>
          <Match when={me() && me()!.role !== 'admin'}>
            <p class="admin-notice admin-error" role="alert">{t('noAccess', { role: t(`role_${me()!.role}` as AdminKey) })}</p>
          </Match>
          <Match when={me()}>{(m) => <Shell meId={m().id} />}</Match>
        </Switch>
      </main>
    </div>
  );
}

async function logout(done: () => void) {
  try {
    await api('POST', '/api/v1/auth/logout');
  } catch {
    /* gone already */
  }
  done();
}

function Shell(props: { meId: string }) {
  const [tab, setTab] = createSignal<Tab>(currentTab());
  const go = (next: Tab) => {
    setTab(next);
    history.pushState(null, '', `/admin/${next}`);
    // Move focus to the new screen's heading so keyboard and screen-reader users land there.
    queueMicrotask(() => document.getElementById('admin-h')?.focus());
  };
  onMount(() => {
    const onPop = () => setTab(currentTab());
    window.addEventListener('popstate', onPop);
    onCleanup(() => window.removeEventListener('popstate', onPop));
  });
  return (
    <>
      <nav aria-label={t('nav')} class="admin-nav">
        <ul>
          {TABS.map(([id, label]) => (
            <li>
              <a href={`/admin/${id}`} aria-current={tab() === id ? 'page' : undefined} onClick={(e) => (e.preventDefault(), go(id))}>
                {t(label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Switch>
        <Match when={tab() === 'functions'}><Functions /></Match>
        <Match when={tab() === 'areas'}><Areas /></Match>
        <Match when={tab() === 'organisations'}><Organisations /></Match>
        <Match when={tab() === 'staff'}><Staff meId={props.meId} /></Match>
        <Match when={tab() === 'reminders'}><Reminders /></Match>
        <Match when={tab() === 'recipients'}><Recipients /></Match>
        <Match when={tab() === 'audit'}><Audit /></Match>
      </Switch>
    </>
  );
}

function Login(props: { expired: boolean; onDone: (m: Me) => void }) {
  const n = createNotice();
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    await n.run(async () => props.onDone(await api<Me>('POST', '/api/v1/auth/login', { email: email(), password: password() })));
    setBusy(false);
  };
  return (
    <form class="admin-form admin-narrow" onSubmit={submit} aria-labelledby="login-h">
      <h1 id="login-h">{t('loginTitle')}</h1>
      <Show when={props.expired}><p class="admin-notice" role="status">{t('sessionExpired')}</p></Show>
      {n.view()}
      <Field id="login-email" label={t('email')}>
        <input id="login-email" type="email" autocomplete="username" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
      </Field>
      <Field id="login-password" label={t('password')}>
        <input id="login-password" type="password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
      </Field>
      <button class="btn btn-primary" type="submit" disabled={busy()}>{t('loginButton')}</button>
    </form>
  );
}

function Setup(props: { code: string; onDone: (m: Me) => void }) {
  const n = createNotice();
  const [usable] = createResource(async () => {
    try {
      await api('GET', `/api/v1/setup/${encodeURIComponent(props.code)}`);
      return true;
    } catch {
      return false;
    }
  });
  const [email, setEmail] = createSignal('');
  const [name, setName] = createSignal('');
  const [password, setPassword] = createSignal('');
  const submit = async (e: Event) => {
    e.preventDefault();
    await n.run(async () => props.onDone(await api<Me>('POST', '/api/v1/setup', { code: props.code, email: email(), name: name(), password: password() })));
  };
  return (
    <Show when={usable() !== undefined} fallback={<p>{t('loading')}</p>}>
      <Show when={usable()} fallback={<p class="admin-notice admin-error" role="alert">{t('setupUsed')} <a href="/admin">{t('loginTitle')}</a></p>}>
        <form class="admin-form admin-narrow" onSubmit={submit} aria-labelledby="setup-h">
          <h1 id="setup-h">{t('setupTitle')}</h1>
          <p class="admin-hint">{t('setupIntro')}</p>
          {n.view()}
          <Field id="setup-email" label={t('email')}>
            <input id="setup-email" type="email" autocomplete="username" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
          </Field>
          <Field id="setup-name" label={t('nameOptional')}>
            <input id="setup-name" maxLength={120} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
          </Field>
          <Field id="setup-password" label={t('newPassword')}>
            <input id="setup-password" type="password" autocomplete="new-password" required minLength={MIN_PASSWORD_LENGTH} value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
          </Field>
          <button class="btn btn-primary" type="submit">{t('createAdmin')}</button>
        </form>
      </Show>
    </Show>
  );
}
