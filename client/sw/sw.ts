/// <reference lib="webworker" />
/**
 * The service worker (vite-plugin-pwa injectManifest):
 * - precaches the app shell (self.__WB_MANIFEST is replaced at build time), so the
 *   app starts offline after the first visit;
 * - answers navigations (/, /report, /enrol/<code>) with the precached index.html,
 *   except /api/;
 * - flushes the outbox on Background Sync (Chromium only; a bonus next to the page's
 *   own triggers) with the same flusher and the same cross-context lock as the page;
 * - shows the weekly reminder (Web Push) and files a calm week from its action
 *   through the same outbox (client/sw/push.ts holds the logic);
 * - activates a new version only when the page asks (SKIP_WAITING from the update
 *   prompt), so an open report screen is never swapped under the user.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { refreshContext } from '../sync/api';
import { calmWeekNow } from '../sync/actions';
import { flushOutbox, SYNC_TAG, type FlushOutcome } from '../sync/flush';
import { getDb } from '../sync/db';
import { handleNotificationClick, handlePush, readPushData, type ClickDeps, type ClickOutcome } from './push';

declare const self: ServiceWorkerGlobalScope;
/** True only in the browser tests' build (vite.config.ts `define`); production has no test hooks. */
declare const __TEST_HOOKS__: boolean;

/** Background Sync is not in TypeScript's WebWorker lib. */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first install takes control of the open page at once (so it works offline
// without a reload); later versions wait in 'waiting' until the page asks.
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }));

const MAX_HOLD_WAIT_MS = 15_000;

async function syncOutbox(): Promise<FlushOutcome> {
  let outcome: FlushOutcome = await flushOutbox();
  // A calm report still in its undo window: wait for the window (briefly) and send it.
  if (outcome.kind === 'idle' && outcome.laterAt !== undefined) {
    const wait = outcome.laterAt - Date.now() + 50;
    if (wait <= MAX_HOLD_WAIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
      outcome = await flushOutbox();
    }
  }
  // Rejecting tells the browser to retry the sync later with its own backoff.
  if (outcome.kind === 'retry') throw new Error(`outbox flush will be retried: ${outcome.reason}`);
  return outcome;
}

self.addEventListener('sync', (event) => {
  const e = event as SyncEvent;
  if (e.tag === SYNC_TAG) e.waitUntil(syncOutbox());
});

// ---- Web Push reminders (logic and tests in ./push.ts) ----

self.addEventListener('push', (event) => {
  // Actions only where the platform shows them (0 or undefined: Firefox, Safari/iOS).
  const maxActions = (Notification as unknown as { maxActions?: number }).maxActions ?? 0;
  const { title, options } = handlePush(readPushData(event.data), { maxActions });
  event.waitUntil(self.registration.showNotification(title, options as NotificationOptions));
});

/** At most this long for the server's view of the week before filing (offline fails fast anyway). */
const CONTEXT_WAIT_MS = 3_000;

const clickDeps: ClickDeps = {
  async fileCalmWeek(week) {
    // Learn about reports filed from another device of the function (best effort).
    await Promise.race([refreshContext().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, CONTEXT_WAIT_MS))]);
    // Checks "already reported" and queues in one transaction (no undo hold: nothing to undo here).
    const id = await calmWeekNow(week);
    if (id === null) return 'already-reported';
    let outcome: FlushOutcome;
    try {
      outcome = await syncOutbox();
    } catch {
      // Offline: the report is safe in the outbox; the app sends it when it next runs,
      // and Background Sync (Chromium) when the network is back.
      await (self.registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync
        ?.register(SYNC_TAG)
        .catch(() => undefined);
      return 'queued';
    }
    // A device that is no longer enrolled cannot send: open the app, which says why.
    if (outcome.kind === 'revoked' || outcome.kind === 'not_enrolled') throw new Error(`cannot send: ${outcome.kind}`);
    // "Sent" only when the server has it; a refused or still-held row is reported as queued.
    return (await (await getDb().open()).get('outbox', id))?.state === 'sent' ? 'sent' : 'queued';
  },
  async openWindow(url) {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const open = windows[0];
    if (open) {
      // focus() needs the click's user activation; navigate anyway if it is refused.
      const target = await open.focus().catch(() => open);
      await target.navigate(url).catch(() => undefined);
      return;
    }
    await self.clients.openWindow(url);
  },
  async showNotification(title, options) {
    await self.registration.showNotification(title, options as NotificationOptions);
  },
};

/** What a click on a shown notification does – for a real click and for the browser test alike. */
function clickNotification(notification: Notification, action: string): Promise<ClickOutcome> {
  notification.close();
  return handleNotificationClick(action, notification.data, clickDeps);
}

self.addEventListener('notificationclick', (event) => {
  event.waitUntil(clickNotification(event.notification, event.action));
});

/**
 * Browser tests cannot click a notification (CDP has no way to), so in the test build a
 * page may ask: postMessage({type: 'test:notificationclick', tag, action}, [port]). It
 * runs the same clickNotification on the shown notification with that tag and answers
 * the outcome on the port ({kind: 'none'} if no such notification is shown). The
 * production build leaves this listener out (tests/e2e/test-hooks.test.ts checks sw.js).
 */
if (__TEST_HOOKS__) {
  self.addEventListener('message', (event: ExtendableMessageEvent) => {
    const msg = event.data as { type?: unknown; tag?: unknown; action?: unknown } | null;
    if (msg?.type !== 'test:notificationclick' || typeof msg.tag !== 'string') return;
    const action = typeof msg.action === 'string' ? msg.action : '';
    const tag = msg.tag;
    event.waitUntil(
      (async () => {
        const [shown] = await self.registration.getNotifications({ tag });
        const outcome = shown ? await clickNotification(shown, action).catch((err: unknown) => ({ kind: 'error', message: String(err) })) : { kind: 'none' };
        event.ports[0]?.postMessage(outcome);
      })(),
    );
  });
}
