/**
 * The staff client: the one lazily loaded entry of every staff screen (client/main.tsx
 * imports only this, so the informant bundle carries a single dynamic import). It owns
 * the shell – header with the signed-in account, language and sign-out – the session
 * and the log-in (or, at /setup/<code>, the admin's first-run setup), and picks the
 * section by path:
 *   /coordinator/*, /pictures/*  → coordinator/CoordinatorApp (coordinators and readers)
 *   /admin/*, /setup/<code>      → admin/AdminApp
 * Each section is a chunk of its own and brings its navigation and screens.
 */
import { Match, Switch, Show, createEffect, lazy, type JSX } from 'solid-js';
import type { Me } from '../../shared/admin';
import { weekOf } from '../../shared/weeks';
import { describe } from './errors';
import { api } from './http';
import { lang, setLang, t } from './i18n';
import { Login } from './Login';
import { go, onLink, path } from './router';
import { createStaffSession } from './session';
import './staff.css';

const AdminApp = lazy(() => import('../admin/AdminApp'));
const CoordinatorApp = lazy(() => import('../coordinator/CoordinatorApp'));
const Setup = lazy(() => import('../admin/Setup'));

type Section = 'admin' | 'coordinator';
const sectionOf = (p: string): Section => (/^\/(coordinator|pictures)(\/|$)/.test(p) ? 'coordinator' : 'admin');

async function logout(done: () => void) {
  try {
    await api('POST', '/api/v1/auth/logout');
  } catch {
    /* gone already */
  }
  done();
}

export default function StaffApp(): JSX.Element {
  const section = () => sectionOf(path());
  const setupCode = () => /^\/setup\/([^/]+)\/?$/.exec(path())?.[1];
  const { me, mutate, expired, setExpired } = createStaffSession();
  // Readers only read the published pictures: their header says so, not "samordning".
  const title = () => (section() === 'coordinator' && me.state === 'ready' && me()?.role === 'reader' ? t('title_reader') : t(`title_${section()}`));
  createEffect(() => {
    document.documentElement.lang = lang();
    document.title = title();
  });
  const signIn = (m: Me) => {
    setExpired(false);
    mutate(m);
    // The coordinator's start page is this week's view.
    if (/^\/coordinator\/?$/.test(path())) go(`/coordinator/weeks/${weekOf(new Date())}`, true);
  };

  return (
    <div class={`staff staff-${section()}`} onClick={onLink}>
      <a class="skip-link" href="#staff-main">{t('skip')}</a>
      <header class="app-header no-print">
        <div class="brand">
          <span class="brand-name">{title()}</span>
          <Show when={me()}>{(m) => <span class="brand-sub">{t('loggedInAs', { email: m().email, role: t(`role_${m().role}`) })}</span>}</Show>
        </div>
        <div class="staff-header-actions">
          <button type="button" class="btn btn-lang" lang={lang() === 'sv' ? 'en' : 'sv'} onClick={() => setLang(lang() === 'sv' ? 'en' : 'sv')}>
            {t('language')}
          </button>
          <Show when={me()}>
            <button type="button" class="btn btn-lang" onClick={() => void logout(() => mutate(null))}>{t('logout')}</button>
          </Show>
        </div>
      </header>
      <main id="staff-main" class="staff-main">
        <Switch fallback={<p>{t('loading')}</p>}>
          <Match when={me.error}>
            <p class="staff-notice staff-error" role="alert">{describe(me.error)}</p>
          </Match>
          <Match when={me() === null && setupCode()}>
            {(code) => <Setup code={decodeURIComponent(code())} onDone={(m) => { go('/admin', true); signIn(m); }} />}
          </Match>
          <Match when={me() === null}>
            <Login expired={expired()} onDone={signIn} />
          </Match>
          <Match when={me()}>
            {(m) => (
              <Show when={section() === 'coordinator'} fallback={<AdminApp me={m()} />}>
                <CoordinatorApp me={m()} />
              </Show>
            )}
          </Match>
        </Switch>
      </main>
    </div>
  );
}
