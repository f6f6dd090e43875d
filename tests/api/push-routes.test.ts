import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { openDatabase, type Db } from '../../server/db/open';
import { enrolDevice, revokeDevice } from '../../server/informant/devices';
import { pushRoutes } from '../../server/push/routes';
import { functionPushStatus, pruneSubscriptions, upsertReaderSubscription } from '../../server/push/subscriptions';
import { ensureVapidKeys, getReminderConfig, setReminderConfig } from '../../server/push/settings';
import { readConfig } from '../../server/config';
import { seedFixture } from '../support/fixture';
import { browserSubscription } from '../support/push-endpoint';

let dir: string;
let db: Db;
let clock: { now: Date };
let app: Hono;
let fx: ReturnType<typeof seedFixture>;

function build() {
  const a = new Hono();
  a.route('/api/v1', pushRoutes({ db, now: () => clock.now, version: 'test' }));
  return a;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-push-'));
  db = openDatabase(join(dir, 'test.sqlite'));
  clock = { now: new Date('2026-11-24T09:00:00Z') };
  fx = seedFixture(db, clock.now);
  app = build();
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function enrol(code = fx.inviteA.code) {
  const out = enrolDevice(db, code, clock.now);
  if (!out.ok) throw new Error(out.reason);
  return out;
}

const json = (method: string, body: unknown, token?: string): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('VAPID keys', () => {
  it('are generated once, stored in the database, and served as the public key', async () => {
    const res = await app.request('/api/v1/push/public-key');
    expect(res.status).toBe(200);
    const { publicKey } = (await res.json()) as { publicKey: string };
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    expect(ensureVapidKeys(db).publicKey).toBe(publicKey);
    // Same key after a "restart" (a new app over the same file).
    db.close();
    db = openDatabase(join(dir, 'test.sqlite'));
    const again = (await (await build().request('/api/v1/push/public-key')).json()) as { publicKey: string };
    expect(again.publicKey).toBe(publicKey);
    const stored = db.prepare("SELECT value FROM push_settings WHERE key = 'vapid_keys'").get() as { value: string };
    expect(Buffer.from((JSON.parse(stored.value) as { privateKey: string }).privateKey, 'base64url')).toHaveLength(32);
  });

  it('takes the subject from VAPID_SUBJECT and refuses a bad one with a sentence', () => {
    expect(readConfig({}, []).vapidSubject).toBe('mailto:est@localhost.example');
    expect(readConfig({ VAPID_SUBJECT: 'https://est.example.se/kontakt' }, []).vapidSubject).toBe('https://est.example.se/kontakt');
    expect(() => readConfig({ VAPID_SUBJECT: 'est@example.se' }, [])).toThrow(/VAPID_SUBJECT must be a mailto: or https: URL/);
  });
});

describe('PUT/DELETE /api/v1/push/subscription', () => {
  it('needs a device token', async () => {
    const sub = browserSubscription('https://push.example/abc').subscription;
    expect((await app.request('/api/v1/push/subscription', json('PUT', sub))).status).toBe(401);
    expect((await app.request('/api/v1/push/subscription', json('PUT', sub, 'nope'))).status).toBe(401);
  });

  it('refuses a malformed subscription with a clear 400', async () => {
    const { token } = enrol();
    for (const bad of [
      'not json',
      {},
      { endpoint: 'http://push.example/abc', keys: { p256dh: 'x', auth: 'y' } },
      { endpoint: 'https://push.example/abc', keys: { p256dh: Buffer.alloc(33).toString('base64url'), auth: Buffer.alloc(16).toString('base64url') } },
    ]) {
      const res = await app.request('/api/v1/push/subscription', json('PUT', bad, token));
      expect(res.status).toBe(400);
      const body = (await res.json()) as { code: string; error: string };
      expect(body.code).toBe('bad_request');
      expect(body.error).toMatch(/push subscription/);
    }
  });

  it('upserts by endpoint, ties it to the device and its function, and refreshes last_seen_at', async () => {
    const a = enrol();
    const b = enrol(fx.inviteB.code);
    const browser = browserSubscription('https://push.example/sub-1');
    const first = await app.request('/api/v1/push/subscription', json('PUT', { ...browser.subscription, expirationTime: null }, a.token));
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ ok: true, created: true });

    clock.now = new Date('2026-11-25T09:00:00Z');
    const again = await app.request('/api/v1/push/subscription', json('PUT', browser.subscription, a.token));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, created: false });
    let rows = db.prepare('SELECT device_id, function_id, last_seen_at, created_at FROM push_subscriptions').all() as {
      device_id: string;
      function_id: string;
      last_seen_at: string;
      created_at: string;
    }[];
    expect(rows).toEqual([{ device_id: a.deviceId, function_id: fx.fnA, last_seen_at: '2026-11-25T09:00:00.000Z', created_at: '2026-11-24T09:00:00.000Z' }]);

    // The same browser enrolled again, now for function B: the endpoint moves.
    await app.request('/api/v1/push/subscription', json('PUT', browser.subscription, b.token));
    rows = db.prepare('SELECT device_id, function_id, last_seen_at, created_at FROM push_subscriptions').all() as typeof rows;
    expect(rows.map((r) => [r.device_id, r.function_id])).toEqual([[b.deviceId, fx.fnB]]);
  });

  it('keeps one subscription per device: a replaced endpoint is dropped', async () => {
    const a = enrol();
    await app.request('/api/v1/push/subscription', json('PUT', browserSubscription('https://push.example/first').subscription, a.token));
    await app.request('/api/v1/push/subscription', json('PUT', browserSubscription('https://push.example/second').subscription, a.token));
    expect((db.prepare('SELECT endpoint FROM push_subscriptions').all() as { endpoint: string }[]).map((r) => r.endpoint)).toEqual([
      'https://push.example/second',
    ]);
  });

  it('unsubscribes only the device’s own endpoint', async () => {
    const a = enrol();
    const b = enrol(fx.inviteB.code);
    const sub = browserSubscription('https://push.example/sub-2').subscription;
    await app.request('/api/v1/push/subscription', json('PUT', sub, a.token));
    const foreign = await app.request('/api/v1/push/subscription', json('DELETE', { endpoint: sub.endpoint }, b.token));
    expect(await foreign.json()).toEqual({ ok: true, deleted: false });
    const own = await app.request('/api/v1/push/subscription', json('DELETE', { endpoint: sub.endpoint }, a.token));
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ ok: true, deleted: true });
    expect(db.prepare('SELECT count(*) AS n FROM push_subscriptions').get()).toEqual({ n: 0 });
    expect((await app.request('/api/v1/push/subscription', json('DELETE', {}, a.token))).status).toBe(400);
  });
});

describe('pruning and per-function status', () => {
  it('prunes subscriptions unseen for 60 days and those of revoked devices', async () => {
    const a = enrol();
    const b = enrol(fx.inviteB.code);
    const a2 = enrol(); // a second phone of function A, not opened for two months
    await app.request('/api/v1/push/subscription', json('PUT', browserSubscription('https://push.example/old').subscription, a2.token));
    clock.now = new Date('2026-12-30T09:00:00Z');
    await app.request('/api/v1/push/subscription', json('PUT', browserSubscription('https://push.example/fresh').subscription, a.token));
    await app.request('/api/v1/push/subscription', json('PUT', browserSubscription('https://push.example/b').subscription, b.token));
    expect(pruneSubscriptions(db, new Date('2027-01-22T09:00:00Z'))).toBe(0); // 59 days
    revokeDevice(db, b.deviceId, clock.now);
    expect(pruneSubscriptions(db, new Date('2027-01-24T09:00:00Z'))).toBe(2); // old (61 days) + revoked device
    expect((db.prepare('SELECT endpoint FROM push_subscriptions').all() as { endpoint: string }[]).map((r) => r.endpoint)).toEqual([
      'https://push.example/fresh',
    ]);
  });

  it('keeps a reader\'s opt-in when the informant device on the same browser is revoked', async () => {
    const a = enrol();
    const shared = browserSubscription('https://push.example/shared').subscription;
    await app.request('/api/v1/push/subscription', json('PUT', shared, a.token));
    upsertReaderSubscription(db, 'reader-1', shared, true, clock.now);
    revokeDevice(db, a.deviceId, clock.now);
    pruneSubscriptions(db, clock.now);
    expect(db.prepare('SELECT device_id, account_id, notify_pictures FROM push_subscriptions').all()).toEqual([
      { device_id: null, account_id: 'reader-1', notify_pictures: 1 },
    ]);
  });

  it('tells per function whether it has a working subscription', async () => {
    const a = enrol();
    await app.request('/api/v1/push/subscription', json('PUT', browserSubscription('https://push.example/a').subscription, a.token));
    let status = functionPushStatus(db, clock.now);
    expect(status.map((s) => [s.name, s.subscriptions, s.working])).toEqual([
      ['Bovärdar Norr', 1, true],
      ['Bovärdar Söder', 0, false],
    ]);
    db.prepare("UPDATE push_subscriptions SET failures = 3, last_failure_at = '2026-11-24T09:00:00.000Z'").run();
    status = functionPushStatus(db, clock.now);
    expect(status[0]).toMatchObject({ functionId: fx.fnA, subscriptions: 1, working: false, lastFailureAt: '2026-11-24T09:00:00.000Z' });
    // Unseen for more than 60 days counts as none.
    expect(functionPushStatus(db, new Date('2027-02-01T00:00:00Z'))[0]).toMatchObject({ subscriptions: 0, working: false });
  });
});

describe('reminder times', () => {
  it('default to Wednesday 14:00 and Thursday 08:00 and can be changed', () => {
    expect(getReminderConfig(db)).toEqual({ slots: [{ weekday: 3, time: '14:00' }, { weekday: 4, time: '08:00' }] });
    setReminderConfig(db, { slots: [{ weekday: 2, time: '15:30' }] }, clock.now);
    expect(getReminderConfig(db)).toEqual({ slots: [{ weekday: 2, time: '15:30' }] });
    expect(() => setReminderConfig(db, { slots: [{ weekday: 2, time: '25:00' }] }, clock.now)).toThrow();
  });
});
