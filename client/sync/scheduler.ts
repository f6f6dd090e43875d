/**
 * When the page flushes the outbox (page only; the service worker calls flushOutbox
 * directly from its 'sync' event): on start, on `online`, when the page becomes
 * visible, after each save, on a timer with backoff and jitter after a failure, and at
 * the end of a calm tap's undo window. Background Sync is registered as a bonus where
 * the browser has it (Chromium); it is never the only mechanism.
 */
import { refreshContext } from './api';
import { flushOutbox, SYNC_TAG, type FlushOutcome } from './flush';
const CONTEXT_MIN_INTERVAL_MS = 60_000;

let running = false;
let again = false;
let timer: ReturnType<typeof setTimeout> | undefined;
let started = false;
let lastContextAt = 0;

function schedule(delayMs: number): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    void requestFlush();
  }, Math.max(0, delayMs));
}

/** Flush now (coalesced: at most one run per page, plus one follow-up if asked meanwhile). */
export async function requestFlush(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      let outcome: FlushOutcome;
      try {
        outcome = await flushOutbox();
      } catch (err) {
        // IndexedDB trouble or a bug: try again later rather than give up.
        outcome = { kind: 'retry', sent: 0, refused: 0, delayMs: 30_000, reason: String(err) };
      }
      if (outcome.kind === 'retry') {
        schedule(outcome.delayMs);
        void registerBackgroundSync();
      } else if (outcome.kind === 'idle' && outcome.laterAt !== undefined) {
        schedule(outcome.laterAt - Date.now() + 50);
      }
    } while (again);
  } finally {
    running = false;
  }
}

interface SyncRegistration {
  sync?: { register(tag: string): Promise<void> };
}

export async function registerBackgroundSync(): Promise<void> {
  try {
    const reg = (await navigator.serviceWorker?.getRegistration()) as (ServiceWorkerRegistration & SyncRegistration) | undefined;
    await reg?.sync?.register(SYNC_TAG);
  } catch {
    // Not supported or not allowed: the timers and events above still flush.
  }
}

/** Refresh the cached context now and then (start, online, visible), then flush. */
export async function refreshAndFlush(force = false): Promise<void> {
  const now = Date.now();
  if (force || now - lastContextAt > CONTEXT_MIN_INTERVAL_MS) {
    lastContextAt = now;
    await refreshContext().catch(() => undefined);
  }
  await requestFlush();
}

/** After a save: flush and ask for Background Sync in case the page closes first. */
export function afterSave(): void {
  void registerBackgroundSync();
  void requestFlush();
}

export function startSync(): void {
  if (started) return;
  started = true;
  window.addEventListener('online', () => void refreshAndFlush(true));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refreshAndFlush();
  });
  void refreshAndFlush(true);
}
