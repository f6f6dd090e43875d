/**
 * The coordinator and reader screens (issue 5). Lazily loaded by client/main.tsx
 * at /coordinator/* and /pictures/*; nothing in the informant code imports it.
 *
 *   /coordinator, /coordinator/weeks/<week>   week view (areas × indicators, recurring places, time of day)
 *   /coordinator/participation/<week>        participation per organisation and function
 *   /coordinator/draft/<week>                the draft compiled picture: editor, autosave, publish
 *   /coordinator/meeting/<week>              the weekly meeting: the agenda step by step (issue 7)
 *   /coordinator/interventions[/<id>|/new]   interventions and follow-ups (issue 7)
 *   /coordinator/period/<id|current>         the period analysis and the priorities decision (issue 7)
 *   /coordinator/year/<year|current>         the year review with charts (uPlot, only in this staff chunk), printable (issue 7)
 *   /pictures                                published pictures, by week (readers too)
 *   /pictures/<week>[/<version>]             read view with the footer; prints as A4
 */
import { Match, Show, Switch, createMemo, createSignal, onMount, type JSX } from 'solid-js';
import type { Me } from '../../shared/admin';
import { api, describe } from './api';
import { DraftEditor } from './DraftEditor';
import { lang, setLang, t, type CoordKey } from './i18n';
import { InterventionScreen, InterventionsScreen } from './Interventions';
import { MeetingView } from './Meeting';
import { PeriodView } from './Period';
import { ParticipationView } from './Participation';
import { PictureList, PictureView } from './Pictures';
import { currentWeek, go, onLink, path, route, type Route } from './router';
import { Notice } from './ui';
import { WeekView } from './WeekView';
import YearView from './Year';
import './coordinator.css';
import { createStaffSession } from '../staff/session';

export default function CoordinatorApp(): JSX.Element {
  const { me, mutate, expired, setExpired } = createStaffSession();
  onMount(() => {
    document.documentElement.lang = lang();
    document.title = t('title');
  });
  return (
    <div class="coord" onClick={onLink}>
      <a class="skip-link" href="#coord-main">{t('skip')}</a>
      <header class="app-header no-print">
        <div class="brand">
          <span class="brand-name">{t('title')}</span>
          <Show when={me()}>{(m) => <span class="brand-sub">{t('loggedInAs', { email: m().email, role: t(`role_${m().role}` as CoordKey) })}</span>}</Show>
        </div>
        <div class="coord-header-actions">
          <button type="button" class="btn btn-lang" lang={lang() === 'sv' ? 'en' : 'sv'} onClick={() => setLang(lang() === 'sv' ? 'en' : 'sv')}>
            {t('language')}
          </button>
          <Show when={me()}>
            <button type="button" class="btn btn-lang" onClick={() => void logout(() => mutate(null))}>{t('logout')}</button>
          </Show>
        </div>
      </header>
      <main id="coord-main" class="coord-main">
        <Switch fallback={<p>{t('loading')}</p>}>
          <Match when={me.error}>
            <Notice kind="error" text={describe(me.error)} />
          </Match>
          <Match when={me() === null}>
            <Login expired={expired()} onDone={(m) => { setExpired(false); mutate(m); }} />
          </Match>
          <Match when={me()}>{(m) => <Shell role={m().role} />}</Match>
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

function Shell(props: { role: Me['role'] }) {
  const staff = () => props.role === 'coordinator' || props.role === 'admin';
  const r = createMemo<Route>(() => {
    const x = route(path());
    // Readers only read published pictures.
    return !staff() && x.screen !== 'pictures' && x.screen !== 'picture' ? { screen: 'pictures' } : x;
  });
  const week = () => {
    const x = r();
    return 'week' in x ? x.week : undefined;
  };
  const navWeek = () => week() ?? currentWeek();
  const link = (href: string, label: CoordKey, active: boolean) => (
    <li>
      <a href={href} aria-current={active ? 'page' : undefined}>{t(label)}</a>
    </li>
  );
  return (
    <>
      <nav aria-label={t('nav')} class="coord-nav no-print">
        <ul>
          <Show when={staff()}>
            {link(`/coordinator/meeting/${navWeek()}`, 'navMeeting', r().screen === 'meeting')}
            {link(`/coordinator/weeks/${navWeek()}`, 'navWeek', r().screen === 'week')}
            {link(`/coordinator/participation/${navWeek()}`, 'navParticipation', r().screen === 'participation')}
            {link(`/coordinator/draft/${navWeek()}`, 'navDraft', r().screen === 'draft')}
            {link('/coordinator/interventions', 'navInterventions', r().screen === 'interventions' || r().screen === 'intervention')}
            {link('/coordinator/period/current', 'navPeriod', r().screen === 'period')}
            {link('/coordinator/year/current', 'navYear', r().screen === 'year')}
          </Show>
          {link('/pictures', 'navPictures', r().screen === 'pictures' || r().screen === 'picture')}
        </ul>
      </nav>
      <Show when={!staff()}>
        <p class="muted no-print">{t('readerOnly')}</p>
      </Show>
      <Switch>
        <Match when={r().screen === 'week' && week()} keyed>{(w) => <WeekView week={w} />}</Match>
        <Match when={r().screen === 'participation' && week()} keyed>{(w) => <ParticipationView week={w} />}</Match>
        <Match when={r().screen === 'draft' && week()} keyed>{(w) => <DraftEditor week={w} />}</Match>
        <Match when={r().screen === 'meeting' && week()} keyed>{(w) => <MeetingView week={w} />}</Match>
        <Match when={r().screen === 'interventions'}><InterventionsScreen /></Match>
        <Match when={(() => { const x = r(); return x.screen === 'intervention' ? x.id : false; })()} keyed>{(id) => <InterventionScreen id={id} />}</Match>
        <Match when={(() => { const x = r(); return x.screen === 'period' ? x.period : false; })()} keyed>{(p) => <PeriodView period={p} />}</Match>
        <Match when={(() => { const x = r(); return x.screen === 'year' ? x.year : false; })()} keyed>{(y) => <YearView year={y} />}</Match>
        <Match when={r().screen === 'pictures'}><PictureList staff={Boolean(staff())} /></Match>
        <Match when={(() => { const x = r(); return x.screen === 'picture' ? `${x.week}/${x.version}` : false; })()} keyed>
          {(key) => <PictureView week={key.split('/')[0]!} version={key.split('/')[1] === 'latest' ? 'latest' : Number(key.split('/')[1])} />}
        </Match>
      </Switch>
    </>
  );
}

function Login(props: { expired: boolean; onDone: (m: Me) => void }) {
  const [error, setError] = createSignal<string>();
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onDone(await api<Me>('POST', '/api/v1/auth/login', { email: email(), password: password() }));
      if (location.pathname === '/coordinator' || location.pathname === '/coordinator/') go(`/coordinator/weeks/${currentWeek()}`, true);
    } catch (err) {
      setError(describe(err));
    }
    setBusy(false);
  };
  return (
    <form class="coord-card coord-narrow" onSubmit={submit} aria-labelledby="login-h">
      <h1 id="login-h">{t('loginTitle')}</h1>
      <Show when={props.expired}><Notice kind="info" text={t('sessionExpired')} /></Show>
      <div aria-live="polite"><Show when={error()}>{(m) => <Notice kind="error" text={m()} />}</Show></div>
      <div class="coord-field">
        <label for="login-email">{t('email')}</label>
        <input id="login-email" type="email" autocomplete="username" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
      </div>
      <div class="coord-field">
        <label for="login-password">{t('password')}</label>
        <input id="login-password" type="password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
      </div>
      <button class="btn btn-primary" type="submit" disabled={busy()}>{t('loginButton')}</button>
    </form>
  );
}
