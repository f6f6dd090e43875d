/**
 * The informant app's side of Web Push: the state shown in settings (on / off /
 * blocked / not supported – with "install to the home screen first" on iOS), asking
 * for permission (only from a user gesture: after the first report, with a sentence on
 * why), subscribing with the server's VAPID key, and re-registering the subscription on
 * every app open (Apple answers 200 even for dead endpoints, so the server prunes
 * subscriptions it has not seen for long).
 *
 * Browser APIs are reached through a small injected `PushEnv` so this is unit-testable;
 * `browserPushEnv()` is the real one.
 */
import type { PushPublicKeyResponse } from '../../shared/push';

export type PushState =
  | { state: 'on' }
  | { state: 'off' }
  | { state: 'blocked' }
  | { state: 'unsupported'; reason: 'ios-not-installed' | 'no-push' };

export interface SubscriptionLike {
  endpoint: string;
  options?: { applicationServerKey?: ArrayBuffer | null };
  toJSON(): { endpoint?: string; keys?: Record<string, string>; expirationTime?: number | null };
  unsubscribe(): Promise<boolean>;
}

export interface PushManagerLike {
  getSubscription(): Promise<SubscriptionLike | null>;
  subscribe(options: { userVisibleOnly: boolean; applicationServerKey: Uint8Array }): Promise<SubscriptionLike>;
}

export interface PushEnv {
  /** null when the browser has no service worker / Push API / Notification. */
  pushManager(): Promise<PushManagerLike | null>;
  permission(): 'default' | 'granted' | 'denied';
  requestPermission(): Promise<'default' | 'granted' | 'denied'>;
  /** iPhone/iPad Safari: push only works for a web app added to the home screen. */
  isIos: boolean;
  isStandalone: boolean;
  fetch: typeof fetch;
}

export function browserPushEnv(): PushEnv {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  const hasNotification = typeof Notification !== 'undefined';
  const ua = nav?.userAgent ?? '';
  // iPadOS 13+ reports itself as a Mac; touch points tell it apart.
  const isIos = /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && (nav?.maxTouchPoints ?? 0) > 1);
  const isStandalone =
    (typeof matchMedia !== 'undefined' && matchMedia('(display-mode: standalone)').matches) ||
    (nav as { standalone?: boolean } | undefined)?.standalone === true;
  return {
    async pushManager() {
      if (!nav?.serviceWorker || typeof PushManager === 'undefined' || !hasNotification) return null;
      const registration = await nav.serviceWorker.ready;
      return (registration.pushManager as unknown as PushManagerLike | undefined) ?? null;
    },
    permission: () => (hasNotification ? Notification.permission : 'denied'),
    requestPermission: () => (hasNotification ? Notification.requestPermission() : Promise.resolve('denied')),
    isIos,
    isStandalone,
    fetch: (...args) => fetch(...args),
  };
}

/** base64url → bytes (the applicationServerKey PushManager.subscribe wants). */
export function base64UrlToBytes(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a) return true; // not exposed by this browser: cannot tell, assume the same
  const x = new Uint8Array(a);
  return x.length === b.length && x.every((v, i) => v === b[i]);
}

const unsupported = (env: PushEnv): PushState => ({ state: 'unsupported', reason: env.isIos && !env.isStandalone ? 'ios-not-installed' : 'no-push' });
const managerOf = (env: PushEnv) => env.pushManager().catch(() => null);

/** What the settings screen shows. */
export async function pushState(env: PushEnv = browserPushEnv()): Promise<PushState> {
  const manager = await managerOf(env);
  if (!manager) return unsupported(env);
  const permission = env.permission();
  if (permission === 'denied') return { state: 'blocked' };
  return permission === 'granted' && (await manager.getSubscription()) ? { state: 'on' } : { state: 'off' };
}

/** Should the app offer to turn reminders on now? (Not supported, blocked or already on: no.) */
export async function shouldOfferPush(env: PushEnv = browserPushEnv()): Promise<boolean> {
  return (await pushState(env)).state === 'off' && env.permission() === 'default';
}

async function fetchPublicKey(env: PushEnv): Promise<Uint8Array> {
  const res = await env.fetch('/api/v1/push/public-key');
  if (!res.ok) throw new Error('public key');
  return base64UrlToBytes(((await res.json()) as PushPublicKeyResponse).publicKey);
}

export type SendOutcome = 'ok' | 'offline' | 'revoked' | 'error';

/** PUT (register) or DELETE (unregister) on /api/v1/push/subscription with the device token. */
function subscriptionCall(env: PushEnv, method: 'PUT' | 'DELETE', token: string, body: unknown): Promise<Response> {
  return env.fetch('/api/v1/push/subscription', {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

async function sendToServer(env: PushEnv, token: string, sub: SubscriptionLike): Promise<SendOutcome> {
  let res: Response;
  try {
    // PushSubscription.toJSON() is what the server takes: {endpoint, expirationTime, keys: {p256dh, auth}}
    // (PushSubscriptionJson; the server validates it).
    res = await subscriptionCall(env, 'PUT', token, sub.toJSON());
  } catch {
    return 'offline';
  }
  return res.status === 401 ? 'revoked' : res.ok ? 'ok' : 'error';
}

/** A subscription made with the server's current key (re-made if the key changed). */
async function currentSubscription(manager: PushManagerLike, key: Uint8Array, existing: SubscriptionLike | null): Promise<SubscriptionLike> {
  if (existing && sameKey(existing.options?.applicationServerKey, key)) return existing;
  if (existing) await existing.unsubscribe().catch(() => false);
  return manager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
}

/**
 * Turn reminders on – call from a click (browsers, Safari above all, only show the
 * permission prompt for a user gesture). Returns the resulting state.
 */
export async function enablePush(token: string, env: PushEnv = browserPushEnv()): Promise<PushState & { sent?: SendOutcome }> {
  const manager = await managerOf(env);
  if (!manager) return unsupported(env);
  // Not granted: 'blocked' if denied, 'off' if the prompt was dismissed.
  if (env.permission() !== 'granted' && (await env.requestPermission()) !== 'granted') return pushState(env);
  const sub = await currentSubscription(manager, await fetchPublicKey(env), await manager.getSubscription());
  return { state: 'on', sent: await sendToServer(env, token, sub) };
}

/**
 * On every app open: if reminders are on (permission granted AND a subscription – after
 * "off" in settings the permission stays granted, so the subscription is what says "on"),
 * tell the server the subscription is alive, re-subscribing if the server's key changed.
 * Never prompts, never turns reminders back on. Offline is fine: the next open tries again.
 */
export async function refreshPushSubscription(token: string, env: PushEnv = browserPushEnv()): Promise<SendOutcome | 'not-on'> {
  const manager = await managerOf(env);
  const existing = manager && env.permission() === 'granted' ? await manager.getSubscription() : null;
  if (!manager || !existing) return 'not-on';
  let key: Uint8Array;
  try {
    key = await fetchPublicKey(env);
  } catch {
    return 'offline'; // the next open tries again
  }
  return sendToServer(env, token, await currentSubscription(manager, key, existing));
}

/** Turn reminders off: unsubscribe in the browser and tell the server. */
export async function disablePush(token: string, env: PushEnv = browserPushEnv()): Promise<PushState> {
  const manager = await managerOf(env);
  if (!manager) return unsupported(env);
  const sub = await manager.getSubscription();
  if (sub) {
    // Offline: the server prunes it later (or the push service's 410 removes it).
    await subscriptionCall(env, 'DELETE', token, { endpoint: sub.endpoint }).catch(() => undefined);
    await sub.unsubscribe().catch(() => false);
  }
  return pushState(env);
}

/** localStorage: set once the user has answered the reminder offer on home (it is never shown again). */
export const OFFER_ANSWERED_KEY = 'lagesbild.pushOffer';

/**
 * The reminder offer on home: never on a fresh load – only once this device has filed a
 * report itself (calm or not; restored history does not count), while the user has not
 * answered the offer, and only when the browser can still ask (supported, not decided).
 */
export async function shouldShowPushOffer(
  o: { filedOwnReport: boolean; answered: boolean },
  env: PushEnv = browserPushEnv(),
): Promise<boolean> {
  return o.filedOwnReport && !o.answered && shouldOfferPush(env);
}
