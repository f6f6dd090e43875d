import { describe, expect, it } from 'vitest';
import {
  base64UrlToBytes,
  disablePush,
  enablePush,
  pushState,
  refreshPushSubscription,
  shouldOfferPush,
  shouldShowPushOffer,
  type PushEnv,
  type PushManagerLike,
  type SubscriptionLike,
} from '../../client/push/subscribe';

const SERVER_KEY = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');

function fakeEnv(over: { permission?: 'default' | 'granted' | 'denied'; grant?: 'default' | 'granted' | 'denied'; manager?: boolean; ios?: boolean; standalone?: boolean; subscribed?: ArrayBuffer | null; offline?: boolean } = {}) {
  let permission = over.permission ?? 'default';
  const requests: { method: string; url: string; body?: unknown }[] = [];
  let current: SubscriptionLike | null = null;
  const subscribeCalls: Uint8Array[] = [];
  const makeSub = (key: ArrayBuffer | null, n: number): SubscriptionLike => ({
    endpoint: `https://push.example/sub-${n}`,
    options: { applicationServerKey: key },
    toJSON: () => ({ endpoint: `https://push.example/sub-${n}`, keys: { p256dh: 'P', auth: 'A' }, expirationTime: null }),
    unsubscribe: async () => {
      current = null;
      return true;
    },
  });
  if (over.subscribed !== undefined) current = makeSub(over.subscribed, 0);
  const manager: PushManagerLike = {
    getSubscription: async () => current,
    subscribe: async ({ applicationServerKey }) => {
      subscribeCalls.push(applicationServerKey);
      current = makeSub(applicationServerKey.slice().buffer, subscribeCalls.length);
      return current;
    },
  };
  const env: PushEnv = {
    pushManager: async () => (over.manager === false ? null : manager),
    permission: () => permission,
    requestPermission: async () => {
      permission = over.grant ?? 'granted';
      return permission;
    },
    isIos: over.ios ?? false,
    isStandalone: over.standalone ?? false,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      requests.push({ method: init?.method ?? 'GET', url, ...(init?.body ? { body: JSON.parse(String(init.body)) } : {}) });
      if (over.offline) throw new TypeError('Failed to fetch');
      if (url.endsWith('/public-key')) return new Response(JSON.stringify({ publicKey: SERVER_KEY }), { status: 200 });
      return new Response(JSON.stringify({ ok: true }), { status: 200 });
    }) as typeof fetch,
  };
  return { env, requests, subscribeCalls, current: () => current };
}

describe('push state for the settings screen', () => {
  it('is "not supported – install first" on iOS Safari outside the home screen', async () => {
    expect(await pushState(fakeEnv({ manager: false, ios: true }).env)).toEqual({ state: 'unsupported', reason: 'ios-not-installed' });
    expect(await pushState(fakeEnv({ manager: false }).env)).toEqual({ state: 'unsupported', reason: 'no-push' });
  });
  it('is blocked / off / on', async () => {
    expect(await pushState(fakeEnv({ permission: 'denied' }).env)).toEqual({ state: 'blocked' });
    expect(await pushState(fakeEnv({ permission: 'default' }).env)).toEqual({ state: 'off' });
    expect(await pushState(fakeEnv({ permission: 'granted' }).env)).toEqual({ state: 'off' });
    expect(await pushState(fakeEnv({ permission: 'granted', subscribed: null }).env)).toEqual({ state: 'on' });
  });
  it('offers to turn on only when the user has not decided yet', async () => {
    expect(await shouldOfferPush(fakeEnv().env)).toBe(true);
    expect(await shouldOfferPush(fakeEnv({ permission: 'denied' }).env)).toBe(false);
    expect(await shouldOfferPush(fakeEnv({ permission: 'granted', subscribed: null }).env)).toBe(false);
  });
});

describe('the offer on home', () => {
  it('comes only after this device filed a report, until answered, and only while the browser can ask', async () => {
    expect(await shouldShowPushOffer({ filedOwnReport: false, answered: false }, fakeEnv().env)).toBe(false); // never on load
    expect(await shouldShowPushOffer({ filedOwnReport: true, answered: false }, fakeEnv().env)).toBe(true);
    expect(await shouldShowPushOffer({ filedOwnReport: true, answered: true }, fakeEnv().env)).toBe(false);
    expect(await shouldShowPushOffer({ filedOwnReport: true, answered: false }, fakeEnv({ permission: 'denied' }).env)).toBe(false);
    expect(await shouldShowPushOffer({ filedOwnReport: true, answered: false }, fakeEnv({ permission: 'granted' }).env)).toBe(false);
    expect(await shouldShowPushOffer({ filedOwnReport: true, answered: false }, fakeEnv({ manager: false, ios: true }).env)).toBe(false);
  });
});

describe('enable / refresh / disable', () => {
  it('asks permission, subscribes with the server key and registers with the device token', async () => {
    const f = fakeEnv();
    expect(await enablePush('tok', f.env)).toEqual({ state: 'on', sent: 'ok' });
    expect(Buffer.from(f.subscribeCalls[0]!).toString('base64url')).toBe(SERVER_KEY);
    expect(f.requests).toEqual([
      { method: 'GET', url: '/api/v1/push/public-key' },
      { method: 'PUT', url: '/api/v1/push/subscription', body: { endpoint: 'https://push.example/sub-1', keys: { p256dh: 'P', auth: 'A' }, expirationTime: null } },
    ]);
  });

  it('reports blocked when the user says no', async () => {
    const f = fakeEnv({ grant: 'denied' });
    expect(await enablePush('tok', f.env)).toEqual({ state: 'blocked' });
    expect(f.subscribeCalls).toHaveLength(0);
  });

  it('re-registers the existing subscription on every open, and re-subscribes when the server key changed', async () => {
    const same = fakeEnv({ permission: 'granted', subscribed: base64UrlToBytes(SERVER_KEY).slice().buffer });
    expect(await refreshPushSubscription('tok', same.env)).toBe('ok');
    expect(same.subscribeCalls).toHaveLength(0);
    expect(same.requests.at(-1)).toMatchObject({ method: 'PUT', body: { endpoint: 'https://push.example/sub-0' } });

    const changed = fakeEnv({ permission: 'granted', subscribed: new Uint8Array(65).buffer });
    expect(await refreshPushSubscription('tok', changed.env)).toBe('ok');
    expect(changed.subscribeCalls).toHaveLength(1);
    expect(changed.requests.at(-1)).toMatchObject({ method: 'PUT', body: { endpoint: 'https://push.example/sub-1' } });

    expect(await refreshPushSubscription('tok', fakeEnv({ permission: 'default' }).env)).toBe('not-on');
    expect(await refreshPushSubscription('tok', fakeEnv({ permission: 'granted', subscribed: null, offline: true }).env)).toBe('offline');
  });

  it('never turns reminders back on by itself: after "off" (permission still granted) an open does not re-subscribe', async () => {
    const f = fakeEnv({ permission: 'granted', subscribed: base64UrlToBytes(SERVER_KEY).slice().buffer });
    await disablePush('tok', f.env);
    expect(await refreshPushSubscription('tok', f.env)).toBe('not-on');
    expect(f.subscribeCalls).toHaveLength(0);
    expect(f.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(await pushState(f.env)).toEqual({ state: 'off' });
  });

  it('turns off: DELETE on the server and unsubscribe in the browser', async () => {
    const f = fakeEnv({ permission: 'granted', subscribed: null });
    expect(await disablePush('tok', f.env)).toEqual({ state: 'off' });
    expect(f.requests).toEqual([{ method: 'DELETE', url: '/api/v1/push/subscription', body: { endpoint: 'https://push.example/sub-0' } }]);
    expect(f.current()).toBeNull();
  });
});
