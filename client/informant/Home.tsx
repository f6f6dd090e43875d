/** Informant home: the week at a glance, calm week in one tap, the outbox, "Kvarstår". */
import { For, Show, createEffect, createSignal, onMount } from 'solid-js';
import type { Observation } from '../../shared/schemas';
import { weekNumber } from '../../shared/weeks';
import { addPersistingToDraft, calmWeek, discardRefused, fixRefused, undoCalmWeek, UNDO_MS } from '../sync/actions';
import type { OutboxRow } from '../sync/db';
import { cachedPicture, refreshPicture } from '../sync/api';
import { registerBackgroundSync, requestFlush } from '../sync/scheduler';
import { formatTime, indicatorText, ruleText, syncReasonText, t } from '../ui/i18n';
import { navigate, path } from '../ui/router';
import { showToast } from '../ui/toast';
import { createLive } from '../ui/live';
import { InsecureNotice } from '../ui/components';
import { online, remember, remembered, storageRefused } from '../ui/platform';
import { useStore } from './store';

// Weekly reminders (offer, settings screen, re-registering). Imported statically on purpose:
// as a lazy chunk it costs ~0.8 KB more gzip in the informant budget (separate gzip stream).
import Settings, { PushOffer, refreshOnOpen } from './Settings';
import Picture from './Picture';

/** localStorage key: the storage warning was read and dismissed on this phone. */
const STORAGE_SEEN_KEY = 'lagesbild.storageNoteSeen';

/** The context's `picturesShared` the picture was last fetched for ('' = not yet, this page). */
let pictureAsked = '';

/** Home, /settings (the reminder settings) or /picture (the latest published picture), reached from home. */
export function Home() {
  // The latest picture, if the server shares it with informants: fetched once per page (once the
  // context is there, again only if its `picturesShared` changes), cached for offline. A context
  // saying `picturesShared: false` spares the request (servers without the field are asked).
  const s = useStore();
  createEffect(() => {
    const ctx = s.contextRow()?.ctx as { picturesShared?: boolean } | undefined;
    if (ctx && pictureAsked !== String(ctx.picturesShared)) {
      pictureAsked = String(ctx.picturesShared);
      void refreshPicture(ctx.picturesShared);
    }
  });
  return (
    <Show when={path() === '/settings'} fallback={<Show when={path() === '/picture'} fallback={<HomeScreen />}><Picture /></Show>}>
      <Settings />
    </Show>
  );
}

function HomeScreen() {
  const s = useStore();
  const [busy, setBusy] = createSignal(false);
  const picture = createLive(['meta'], () => cachedPicture(), undefined);
  let calmButton: HTMLButtonElement | undefined;
  // A reminder notification opens /?focus=calm: the calm button is one tap away.
  onMount(() => {
    if (new URLSearchParams(location.search).get('focus') === 'calm') calmButton?.focus();
    const token = s.device()?.token;
    if (token) refreshOnOpen(token);
  });

  const onCalm = async () => {
    if (busy()) return;
    setBusy(true);
    try {
      // Written (committed) to IndexedDB before any feedback is shown.
      const id = await calmWeek(s.currentWeek());
      if (id === null) {
        showToast(t('calmAlready'), 4000);
        return;
      }
      showToast(t('calmSaved'), UNDO_MS, {
        label: t('undo'),
        testid: 'undo-button',
        run: async () => {
          showToast((await undoCalmWeek(id)) ? t('calmUndone') : t('undoTooLate'), 3000);
        },
      });
      void requestFlush(); // sends nothing before the undo window ends, then schedules itself
      void registerBackgroundSync(); // in case the app is closed within the undo window
    } finally {
      setBusy(false);
    }
  };

  const areaName = (id: string) => s.areaById().get(id)?.name ?? id;
  const placeName = (areaId: string, placeId?: string) =>
    placeId ? s.areaById().get(areaId)?.places.find((p) => p.id === placeId)?.name ?? placeId : undefined;
  const describe = (o: Observation) =>
    [indicatorText(o.category).label, areaName(o.areaId), placeName(o.areaId, o.placeId), t(`tod_${o.timeOfDay}`)]
      .filter(Boolean)
      .join(' · ');

  const inDraft = (o: Observation) => (s.draft()?.items ?? []).some((i) => i.sourceId === o.id);
  const reReported = (o: Observation) =>
    s.thisWeekPersisting().some((p) => p.category === o.category && p.areaId === o.areaId && p.placeId === o.placeId);
  const draftCount = () => (s.draft()?.items ?? []).filter((i) => i.category).length;

  const waiting = () => s.mine().some((r) => r.state === 'waiting');
  // navigator.onLine only knows whether there is a network interface, not whether the
  // server answers (a basement, Wi-Fi without internet, a browser that forgets its offline
  // state across a reload). A send that failed for want of a connection counts as offline
  // too, until a send gets through and clears it.
  const offline = () => !online() || (waiting() && (s.sync().lastError ?? '').startsWith('network'));
  const [storageSeen, setStorageSeen] = createSignal(remembered(STORAGE_SEEN_KEY) != null);
  const dismissStorage = () => {
    remember(STORAGE_SEEN_KEY, 'read');
    setStorageSeen(true);
  };

  const stateLabel = (row: OutboxRow) =>
    row.state === 'waiting' ? t('stateWaiting') : row.state === 'sent' ? t('stateSent') : t('stateRefused');

  const rowTitle = (row: OutboxRow) =>
    row.report.calm
      ? t('calmReport', { n: weekNumber(row.report.week) })
      : t('obsReport', { count: row.report.observations.length, n: weekNumber(row.report.week) });

  const onFix = async (row: OutboxRow) => {
    if (await fixRefused(row.id)) navigate('/report');
  };
  const onDiscard = async (row: OutboxRow) => {
    if (window.confirm(t('discardConfirm'))) await discardRefused(row.id);
  };

  return (
    <main id="main" class="screen">
      <InsecureNotice />
      <Show when={s.sync().revoked}>
        <div class="banner banner-error" role="alert" data-testid="revoked-banner">
          {t('revoked')}
        </div>
      </Show>

      <section class="week-card" aria-labelledby="week-heading">
        <h1 id="week-heading" data-testid="week-heading">
          {t('week', { n: weekNumber(s.currentWeek()) })}
        </h1>
        <p class="function-name">{s.device()?.name}</p>
        <p
          class={s.reportedThisWeek() ? 'status status-ok' : 'status status-todo'}
          data-testid="week-status"
          data-reported={s.reportedThisWeek() ? 'yes' : 'no'}
        >
          {s.reportedThisWeek() ? `✓ ${t('reported')}` : t('notReported')}
        </p>
      </section>

      <button ref={calmButton} type="button" class="btn btn-big btn-calm" data-testid="calm-button" disabled={busy()} onClick={() => void onCalm()}>
        {t('calmButton')}
      </button>
      <button type="button" class="btn btn-big btn-primary" data-testid="report-button" onClick={() => navigate('/report')}>
        {t('reportButton')}
        <Show when={draftCount() > 0}>
          <span class="badge" data-testid="draft-badge">
            {' '}
            ({draftCount()})
          </span>
        </Show>
      </button>

      <PushOffer filedOwnReport={s.mine().some((r) => !r.restored)} />

      {/* Three forms: status (passing states that clear themselves), warning (a risk to reports),
          info (an offer). Offline explains a failed send by itself, so the two are not both shown. */}
      <Show when={offline()}>
        <p class="notice notice-status" data-testid="offline-note">
          {t('offlineNote')}
        </p>
      </Show>
      <Show when={s.stale()}>
        <div class="notice notice-warn" role="alert" data-testid="stale-warning">
          {t('staleWarning')}
        </div>
      </Show>
      <Show when={!offline() && s.sync().lastError && !s.sync().revoked && waiting()}>
        <p class="notice notice-status" data-testid="sync-error">
          {t('syncError', { reason: syncReasonText(s.sync().lastError ?? '') })}
        </p>
      </Show>
      {/* Refused persistence matters only while reports wait on the phone; once read, it stays away. */}
      <Show when={storageRefused() && waiting() && !storageSeen()}>
        <div class="notice notice-warn" data-testid="storage-note">
          <p>{t('storageNote')}</p>
          <button type="button" class="btn btn-secondary" data-testid="storage-dismiss" onClick={dismissStorage}>
            {t('dismiss')}
          </button>
        </div>
      </Show>

      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">{t('queueTitle')}</h2>
        <p class="muted small">{t('queueIntro', { name: s.device()?.name ?? '' })}</p>
        <Show when={s.mine().length > 0} fallback={<p class="muted">{t('queueEmpty')}</p>}>
          <ul class="outbox" data-testid="outbox-list">
            <For each={s.mine()}>
              {(row) => (
                <li class={`outbox-item state-${row.state}`} data-testid="outbox-item" data-state={row.state} data-id={row.id}>
                  <div class="outbox-main">
                    <span class="outbox-title">{rowTitle(row)}</span>
                    <span class="outbox-state">
                      {stateLabel(row)}
                      <Show when={row.state === 'sent' && row.sentAt}> · {formatTime(row.sentAt!)}</Show>
                    </span>
                    <Show when={!row.restored}>
                      <span class="tag" data-testid="own-report">{t('fromThisPhone')}</span>
                    </Show>
                  </div>
                  <Show when={row.state === 'refused'}>
                    <p class="refusal" data-testid="refusal-reason" data-rule={row.rule ?? ''}>
                      {ruleText(row.rule, row.error)}
                    </p>
                    <div class="row-actions">
                      <Show when={row.report.observations.length > 0}>
                        <button type="button" class="btn" data-testid="fix-button" onClick={() => void onFix(row)}>
                          {t('fix')}
                        </button>
                      </Show>
                      <button type="button" class="btn btn-secondary" data-testid="discard-button" onClick={() => void onDiscard(row)}>
                        {t('discard')}
                      </button>
                    </div>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={s.sync().lastSuccessAt}>
          <p class="muted small">{t('lastSync', { time: formatTime(s.sync().lastSuccessAt!) })}</p>
        </Show>
      </section>

      <section aria-labelledby="persist-heading">
        <h2 id="persist-heading">{t('persistTitle')}</h2>
        <p class="muted">{t('persistIntro')}</p>
        <Show when={s.lastWeekObservations().length > 0} fallback={<p class="muted">{t('persistEmpty')}</p>}>
          <ul class="persist-list" data-testid="persist-list">
            <For each={s.lastWeekObservations()}>
              {(o) => (
                <li class="persist-item">
                  <span>{describe(o)}</span>
                  <Show
                    when={!inDraft(o) && !reReported(o)}
                    fallback={
                      <Show
                        when={inDraft(o)}
                        fallback={
                          <span class="pill" data-testid={`persist-reported-${o.id}`}>
                            ✓ {t('persistReported')}
                          </span>
                        }
                      >
                        <span class="pill" data-testid={`persist-added-${o.id}`}>
                          ✓ {t('persistAdded')}
                        </span>
                      </Show>
                    }
                  >
                    <button
                      type="button"
                      class="btn"
                      data-testid={`persist-${o.id}`}
                      aria-label={`${t('persistButton')}: ${describe(o)}`}
                      onClick={() => void addPersistingToDraft(o)}
                    >
                      {t('persistButton')}
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>

      <Show when={picture()}>
        <a href="/picture" class="nav-link" data-testid="picture-link" onClick={(e) => (e.preventDefault(), navigate('/picture'))}>
          {t('picLink')}
        </a>
      </Show>
      <a href="/settings" class="nav-link" data-testid="settings-link" onClick={(e) => (e.preventDefault(), navigate('/settings'))}>
        {t('pushTitle')}
      </a>
    </main>
  );
}
