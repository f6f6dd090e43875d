/**
 * Entry of the web app. Routes by pathname:
 *   /enrol/<code>  enrol this device from an invite link
 *   /              informant home (the week)
 *   /report        report observations
 *   /admin/*, /setup/<code>  staff screens, loaded lazily
 *   /coordinator/*, /pictures/*  coordinator and reader screens, loaded lazily
 * Staff screens are separate bundles (`lazy(() => import(...))`) so informants never
 * download them (informant budget: ≤ 50 KB gzip of JS).
 */
import { Match, Show, Switch, createEffect, lazy } from 'solid-js';
import { render } from 'solid-js/web';
import { registerSW } from 'virtual:pwa-register';
import { Enrol } from './informant/Enrol';
import { Home } from './informant/Home';
import { Report } from './informant/Report';
import { useStore } from './informant/store';
import { startSync } from './sync/scheduler';
import { Header, InsecureNotice, UpdatePrompt } from './ui/components';
import { lang, setLang, t } from './ui/i18n';
import { requestPersistence, setNeedRefresh, setUpdater } from './ui/platform';
import { isStaffPath, path } from './ui/router';
import { Toast } from './ui/toast';
import './ui/styles.css';

function NotEnrolled() {
  return (
    <main id="main" class="screen">
      <h1>{t('appName')}</h1>
      <InsecureNotice />
      <p class="banner banner-warn" data-testid="not-enrolled">
        {t('notEnrolled')}
      </p>
    </main>
  );
}

function App() {
  const s = useStore();
  let langFromPrefs = false;
  createEffect(() => {
    const l = s.prefs().language;
    if (l && !langFromPrefs) {
      langFromPrefs = true;
      if (l !== lang()) void setLang(l);
    }
  });
  let syncing = false;
  createEffect(() => {
    if (s.device() && !syncing) {
      syncing = true;
      startSync();
      void requestPersistence();
    }
  });

  const enrolCode = () => /^\/enrol\/([^/]+)\/?$/.exec(path())?.[1];

  return (
    <>
      <Header subtitle={s.device()?.name} />
      <Switch fallback={<Show when={s.loaded()}><NotEnrolled /></Show>}>
        <Match when={enrolCode()}>{(code) => <Enrol code={decodeURIComponent(code())} />}</Match>
        <Match when={s.device() && path() === '/report'}>
          <Report />
        </Match>
        <Match when={s.device()}>
          <Home />
        </Match>
      </Switch>
      <Toast />
      <UpdatePrompt />
    </>
  );
}

// One lazy chunk for all staff screens (it picks the section), so the informant entry carries one dynamic import.
const StaffApp = lazy(() => import('./staff/index'));

document.documentElement.lang = lang();
// Staff screens never start the informant's sync.
render(() => (isStaffPath(location.pathname) ? <StaffApp /> : <App />), document.getElementById('app')!);

// Service worker: precached app shell, offline start, Background Sync; updates wait
// for the user's "Uppdatera" (the SW only calls skipWaiting when the page asks).
setUpdater(
  registerSW({
    onNeedRefresh: () => setNeedRefresh(true),
  }),
);
