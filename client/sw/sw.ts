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
import { calmWeek, hasReportFor } from '../sync/actions';
import { flushOutbox, SYNC_TAG, type FlushOutcome } from '../sync/flush';
import { handleNotificationClick, handlePush, readPushData, type ClickDeps } from './push';

declare const self: ServiceWorkerGlobalScope;

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

async function syncOutbox(): Promise<void> {
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
}

self.addEventListener('sync', (event) => {
  const e = event as SyncEvent;
  if (e.tag === SYNC_TAG) e.waitUntil(syncOutbox());
});

// ---- Web Push reminders (logic and tests in ./push.ts) ----

self.addEventListener('push', (event) => {
  const { title, options } = handlePush(readPushData(event.data));
  event.waitUntil(self.registration.showNotification(title, options as NotificationOptions));
});

const clickDeps: ClickDeps = {
  async fileCalmWeek(week) {
    // Already reported (calm or not) from this device or restored from the server: nothing to add.
    if (!(await hasReportFor(week))) await calmWeek(week, Date.now(), undefined, 0);
    try {
      await syncOutbox();
    } catch {
      // Offline: the report is safe in the outbox; ask for a Background Sync where possible.
      await (self.registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync
        ?.register(SYNC_TAG)
        .catch(() => undefined);
    }
  },
  async openWindow(url) {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const open = windows[0];
    if (open) {
      const focused = await open.focus();
      await focused.navigate(url).catch(() => undefined);
      return;
    }
    await self.clients.openWindow(url);
  },
  async showNotification(title, options) {
    await self.registration.showNotification(title, options as NotificationOptions);
  },
};

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(handleNotificationClick(event.action, event.notification.data, clickDeps));
});
