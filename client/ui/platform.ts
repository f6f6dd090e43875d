/** Browser capabilities the UI reflects: connectivity, persistent storage, app updates. */
import { createSignal } from 'solid-js';

const [online, setOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine);
const [storageRefused, setStorageRefused] = createSignal(false);
const [needRefresh, setNeedRefresh] = createSignal(false);
export { online, storageRefused, needRefresh, setNeedRefresh };

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => setOnline(true));
  window.addEventListener('offline', () => setOnline(false));
}

/**
 * Ask for persistent storage so the browser does not evict the outbox under pressure.
 * Refusal is normal (Chromium grants on engagement/installation; Safari decides itself):
 * the UI then says so, and the server copy plus early flushing are the safety net.
 */
export async function requestPersistence(): Promise<void> {
  const storage = navigator.storage;
  if (!storage?.persist) return;
  try {
    if (await storage.persisted()) return;
    setStorageRefused(!(await storage.persist()));
  } catch {
    setStorageRefused(true);
  }
}

/**
 * A small answer remembered on this phone (an offer answered, a notice read): localStorage,
 * which a browser may block – then it is remembered for this page only and may come back.
 */
export function remembered(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
export function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* blocked: see above */
  }
}

let updater: ((reload?: boolean) => Promise<void>) | undefined;
export function setUpdater(fn: (reload?: boolean) => Promise<void>): void {
  updater = fn;
}
/** Activate the waiting service worker and reload. Unsent reports and the draft live in IndexedDB. */
export async function applyUpdate(): Promise<void> {
  setNeedRefresh(false);
  // workbox-window reloads only pages that already had a service worker when they
  // loaded; the page that first installed it (enrolled and left open) must reload too.
  let reloading = false;
  navigator.serviceWorker?.addEventListener(
    'controllerchange',
    () => {
      if (reloading) return;
      reloading = true;
      location.reload();
    },
    { once: true },
  );
  await updater?.(true);
}
