/**
 * Web Push through the composed app: the admin's reminder times, readers
 * opting in to "new picture published", and that a published picture reaches an
 * opted-in reader's browser (decrypted here as the browser would).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../server/jobs/runner';
import { startReminderScheduler, type ReminderScheduler } from '../../server/push/scheduler';
import { dueSlots } from '../../server/push/schedule';
import { webPushSender } from '../../server/push/send';
import { ensureVapidKeys, getReminderConfig } from '../../server/push/settings';
import { upsertDeviceSubscription } from '../../server/push/subscriptions';
import { enrolDevice } from '../../server/informant/devices';
import type { FunctionPushStatus, ReminderConfigResponse } from '../../shared/push';
import { startTestServer, type TestServer } from '../support/fixture';
import { addStaff, request, sessionCookie } from '../support/staff';
import { browserSubscription, startPushEndpoint, type PushEndpoint } from '../support/push-endpoint';

const NOW = new Date('2026-11-24T09:00:00Z'); // Tuesday of 2026-W48, 10:00 Stockholm
const REMINDERS = '/api/v1/admin/reminders';
const READER_SUB = '/api/v1/push/reader-subscription';

let t: TestServer;
let admin: string;
let coordinator: string;
let reader: string;
let readerId: string;

beforeEach(async () => {
  t = await startTestServer({ now: NOW });
  admin = sessionCookie(t, (await addStaff(t, 'admin')).id);
  coordinator = sessionCookie(t, (await addStaff(t, 'coordinator')).id);
  const r = await addStaff(t, 'reader');
  readerId = r.id;
  reader = sessionCookie(t, r.id);
});
afterEach(async () => t.close());

const call = (cookie: string | undefined, method: string, path: string, body?: unknown) =>
  request(t, method, path, { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { body }) });

async function json<T>(res: Response, status: number): Promise<T> {
  const body = (await res.json()) as T;
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

const auditRows = (action: string) =>
  (t.db.prepare('SELECT actor_type, actor_id, target, detail FROM audit_log WHERE action = ? ORDER BY id').all(action) as {
    actor_type: string;
    actor_id: string;
    target: string;
    detail: string;
  }[]).map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }));

describe('GET/PUT /api/v1/admin/reminders', () => {
  it('shows the default (Wednesday 14:00, Thursday 08:00, Stockholm) with the next reminder', async () => {
    const view = await json<ReminderConfigResponse>(await call(admin, 'GET', REMINDERS), 200);
    expect(view).toEqual({
      slots: [
        { weekday: 3, time: '14:00' },
        { weekday: 4, time: '08:00' },
      ],
      timeZone: 'Europe/Stockholm',
      next: '2026-11-25T13:00:00.000Z', // Wednesday 14:00 CET
    });
  });

  it('is for admins only', async () => {
    for (const cookie of [coordinator, reader]) {
      expect((await call(cookie, 'GET', REMINDERS)).status).toBe(403);
      expect((await call(cookie, 'PUT', REMINDERS, { slots: [{ weekday: 1, time: '09:00' }] })).status).toBe(403);
    }
    expect((await call(undefined, 'GET', REMINDERS)).status).toBe(401);
    expect((await call(undefined, 'PUT', REMINDERS, { slots: [{ weekday: 1, time: '09:00' }] })).status).toBe(401);
    expect(getReminderConfig(t.db).slots).toHaveLength(2);
  });

  it('saves new times (sorted), audits the change, and the scheduler plans by them', async () => {
    const saved = await json<ReminderConfigResponse>(
      await call(admin, 'PUT', REMINDERS, {
        slots: [
          { weekday: 4, time: '07:30' },
          { weekday: 2, time: '15:45' },
        ],
      }),
      200,
    );
    expect(saved.slots).toEqual([
      { weekday: 2, time: '15:45' },
      { weekday: 4, time: '07:30' },
    ]);
    expect(saved.next).toBe('2026-11-24T14:45:00.000Z'); // Tuesday 15:45 CET, later today
    expect((await json<ReminderConfigResponse>(await call(admin, 'GET', REMINDERS), 200)).slots).toEqual(saved.slots);
    expect(getReminderConfig(t.db)).toEqual({ slots: saved.slots });

    const [entry, ...more] = auditRows('reminders.update');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor_type: 'staff',
      target: 'push:reminders',
      detail: { slots: ['tue-15:45', 'thu-07:30'], previous: ['wed-14:00', 'thu-08:00'] },
    });

    // The scheduler's planning uses the stored times: Tuesday 15:45 is due, Wednesday 14:00 no more.
    const cfg = getReminderConfig(t.db);
    expect(dueSlots(cfg, new Date('2026-11-24T14:44:40Z'), new Date('2026-11-24T14:45:00Z')).map((s) => s.key)).toEqual(['2026-W48/tue-15:45']);
    expect(dueSlots(cfg, new Date('2026-11-25T12:59:40Z'), new Date('2026-11-25T13:00:00Z'))).toEqual([]);
    expect(dueSlots(cfg, new Date('2026-11-26T06:29:40Z'), new Date('2026-11-26T06:30:00Z')).map((s) => s.key)).toEqual(['2026-W48/thu-07:30']);
  });

  it('refuses bad times with a 400 naming the field, and keeps what was stored', async () => {
    const cases: [unknown, RegExp][] = [
      [{ slots: [] }, /slots: at least one reminder time/],
      [{ slots: [{ weekday: 8, time: '10:00' }] }, /slots\[0\]\.weekday: weekday is 1 \(Monday\)/],
      [{ slots: [{ weekday: 0, time: '10:00' }] }, /slots\[0\]\.weekday/],
      [{ slots: [{ weekday: 2.5, time: '10:00' }] }, /slots\[0\]\.weekday/],
      [{ slots: [{ weekday: 3, time: '14:00' }, { weekday: 3, time: '24:00' }] }, /slots\[1\]\.time: time must be "HH:MM"/],
      [{ slots: [{ weekday: 3, time: '9:00' }] }, /slots\[0\]\.time/],
      [{ slots: [{ weekday: '3', time: '09:00' }] }, /slots\[0\]\.weekday/],
      [{ slots: [{ weekday: 3, time: '14:00' }, { weekday: 3, time: '14:00' }] }, /slots: the same reminder time is given twice/],
      [{ slots: Array.from({ length: 15 }, (_, i) => ({ weekday: (i % 7) + 1, time: `0${Math.floor(i / 7)}:00` })) }, /slots: at most 14/],
      [{}, /slots/],
      ['not json', /JSON/],
    ];
    for (const [body, message] of cases) {
      const res = await json<{ code: string; error: string }>(await call(admin, 'PUT', REMINDERS, body), 400);
      expect(res.code).toBe('bad_request');
      expect(res.error, JSON.stringify(body)).toMatch(message);
    }
    expect(getReminderConfig(t.db).slots).toEqual([
      { weekday: 3, time: '14:00' },
      { weekday: 4, time: '08:00' },
    ]);
    expect(auditRows('reminders.update')).toEqual([]);
  });
});

describe('PUT/DELETE /api/v1/push/reader-subscription', () => {
  const rows = () =>
    t.db.prepare('SELECT endpoint, account_id, device_id, notify_pictures FROM push_subscriptions ORDER BY endpoint').all() as {
      endpoint: string;
      account_id: string | null;
      device_id: string | null;
      notify_pictures: number;
    }[];

  it('lets every staff role opt in on its browser; devices and anonymous callers are refused', async () => {
    for (const [i, cookie] of [reader, coordinator, admin].entries()) {
      const sub = browserSubscription(`https://push.example/staff-${i}`).subscription;
      expect(await json(await call(cookie, 'PUT', READER_SUB, { ...sub, notifyPictures: true }), 201)).toEqual({ ok: true, created: true, notifyPictures: true });
    }
    expect(rows().map((r) => [r.endpoint, r.notify_pictures, r.device_id])).toEqual([
      ['https://push.example/staff-0', 1, null],
      ['https://push.example/staff-1', 1, null],
      ['https://push.example/staff-2', 1, null],
    ]);
    expect(rows()[0]!.account_id).toBe(readerId);

    const sub = { ...browserSubscription('https://push.example/x').subscription, notifyPictures: true };
    expect((await call(undefined, 'PUT', READER_SUB, sub)).status).toBe(401);
    const token = await t.enrol();
    expect((await request(t, 'PUT', READER_SUB, { token, body: sub })).status).toBe(403);
    expect((await request(t, 'DELETE', READER_SUB, { token, body: { endpoint: sub.endpoint } })).status).toBe(403);
    // A cookie request from another origin is refused (CSRF).
    expect((await request(t, 'PUT', READER_SUB, { cookie: reader, origin: 'https://evil.example', body: sub })).status).toBe(403);
    expect(rows()).toHaveLength(3);
  });

  it('refuses a malformed body with a 400 naming the field', async () => {
    const sub = browserSubscription('https://push.example/r').subscription;
    for (const [body, message] of [
      [sub, /notifyPictures/],
      [{ ...sub, notifyPictures: 'yes' }, /notifyPictures: notifyPictures must be true or false/],
      [{ ...sub, endpoint: 'http://push.example/r', notifyPictures: true }, /endpoint: endpoint must be an https:\/\/ URL/],
      [{ ...sub, keys: { ...sub.keys, auth: 'AAAA' }, notifyPictures: true }, /keys\.auth/],
      ['not json', /push subscription/],
    ] as [unknown, RegExp][]) {
      const res = await json<{ code: string; error: string }>(await call(reader, 'PUT', READER_SUB, body), 400);
      expect(res.code).toBe('bad_request');
      expect(res.error).toMatch(message);
    }
    expect((await call(reader, 'DELETE', READER_SUB, {})).status).toBe(400);
    expect(rows()).toEqual([]);
  });

  it('re-registers (refreshing last_seen_at), switches off with notifyPictures false, and opts out with DELETE – own subscription only', async () => {
    const sub = browserSubscription('https://push.example/r').subscription;
    await json(await call(reader, 'PUT', READER_SUB, { ...sub, notifyPictures: true }), 201);
    t.clock.now = new Date('2026-11-24T10:00:00Z'); // the pictures list opened again an hour later
    expect(await json(await call(reader, 'PUT', READER_SUB, { ...sub, notifyPictures: true }), 200)).toEqual({ ok: true, created: false, notifyPictures: true });
    expect(t.db.prepare('SELECT last_seen_at, created_at FROM push_subscriptions').get()).toEqual({
      last_seen_at: '2026-11-24T10:00:00.000Z',
      created_at: '2026-11-24T09:00:00.000Z',
    });
    await json(await call(reader, 'PUT', READER_SUB, { ...sub, notifyPictures: false }), 200);
    expect(rows()[0]!.notify_pictures).toBe(0);

    // Someone else cannot opt this browser out.
    expect(await json(await call(coordinator, 'DELETE', READER_SUB, { endpoint: sub.endpoint }), 200)).toEqual({ ok: true, deleted: false });
    expect(rows()).toHaveLength(1);
    expect(await json(await call(reader, 'DELETE', READER_SUB, { endpoint: sub.endpoint }), 200)).toEqual({ ok: true, deleted: true });
    expect(rows()).toEqual([]);
    expect(await json(await call(reader, 'DELETE', READER_SUB, { endpoint: sub.endpoint }), 200)).toEqual({ ok: true, deleted: false });
  });

  it('shares a browser with the informant app: opting out keeps the device’s reminders, and a device refresh keeps the opt-in', async () => {
    const dev = enrolDevice(t.db, t.fixture.inviteA.code, t.clock.now);
    if (!dev.ok) throw new Error(dev.reason);
    const sub = browserSubscription('https://push.example/shared').subscription;
    upsertDeviceSubscription(t.db, { deviceId: dev.deviceId, functionId: t.fixture.fnA }, sub, t.clock.now);
    expect(await json(await call(reader, 'PUT', READER_SUB, { ...sub, notifyPictures: true }), 200)).toEqual({ ok: true, created: false, notifyPictures: true });
    upsertDeviceSubscription(t.db, { deviceId: dev.deviceId, functionId: t.fixture.fnA }, sub, t.clock.now); // the informant app opens
    expect(rows()).toEqual([{ endpoint: sub.endpoint, account_id: readerId, device_id: dev.deviceId, notify_pictures: 1 }]);
    await json(await call(reader, 'DELETE', READER_SUB, { endpoint: sub.endpoint }), 200);
    expect(rows()).toEqual([{ endpoint: sub.endpoint, account_id: null, device_id: dev.deviceId, notify_pictures: 0 }]);
  });
});

describe('GET /api/v1/push/status (the coordinators’ column)', () => {
  it('lists every function for coordinators and admins, not for readers', async () => {
    const dev = enrolDevice(t.db, t.fixture.inviteA.code, t.clock.now);
    if (!dev.ok) throw new Error(dev.reason);
    upsertDeviceSubscription(t.db, { deviceId: dev.deviceId, functionId: t.fixture.fnA }, browserSubscription('https://push.example/a').subscription, t.clock.now);
    // A reader's subscription is no function's.
    await json(await call(reader, 'PUT', READER_SUB, { ...browserSubscription('https://push.example/r').subscription, notifyPictures: true }), 201);
    for (const cookie of [coordinator, admin]) {
      const { functions } = await json<{ functions: FunctionPushStatus[] }>(await call(cookie, 'GET', '/api/v1/push/status'), 200);
      expect(functions.map((f) => [f.functionId, f.subscriptions, f.working])).toEqual([
        [t.fixture.fnA, 1, true],
        [t.fixture.fnB, 0, false],
      ]);
    }
    expect((await call(reader, 'GET', '/api/v1/push/status')).status).toBe(403);
  });
});

describe('a published picture reaches opted-in readers', () => {
  let push: PushEndpoint;
  let scheduler: ReminderScheduler | undefined;
  beforeEach(async () => {
    push = await startPushEndpoint();
  });
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    await push.close();
  });

  it('sends the encrypted picture push to the opted-in reader only, not after opting out, and not to disabled accounts', async () => {
    const opted = browserSubscription(`${push.origin}/push/reader`);
    const switchedOff = browserSubscription(`${push.origin}/push/off`);
    const leaver = browserSubscription(`${push.origin}/push/leaver`);
    const disabled = browserSubscription(`${push.origin}/push/disabled`);
    await json(await call(reader, 'PUT', READER_SUB, { ...opted.subscription, notifyPictures: true }), 201);
    await json(await call(coordinator, 'PUT', READER_SUB, { ...switchedOff.subscription, notifyPictures: false }), 201);
    await json(await call(admin, 'PUT', READER_SUB, { ...leaver.subscription, notifyPictures: true }), 201);
    await json(await call(admin, 'DELETE', READER_SUB, { endpoint: leaver.subscription.endpoint }), 200);
    const gone = await addStaff(t, 'reader');
    await json(await call(sessionCookie(t, gone.id), 'PUT', READER_SUB, { ...disabled.subscription, notifyPictures: true }), 201);
    t.db.prepare('UPDATE staff SET disabled_at = ? WHERE id = ?').run(NOW.toISOString(), gone.id);

    // A coordinator publishes the week's picture through the API.
    await json(await call(coordinator, 'GET', '/api/v1/pictures/drafts/2026-W48'), 200);
    await json(await call(coordinator, 'POST', '/api/v1/pictures/drafts/2026-W48/publish', { version: 1 }), 201);
    expect(t.db.prepare("SELECT count(*) AS n FROM jobs WHERE kind = 'push.delivery' AND payload ->> '$.type' = 'picture'").get()).toEqual({ n: 1 });

    const keys = ensureVapidKeys(t.db);
    scheduler = startReminderScheduler({
      db: t.db,
      now: () => t.clock.now,
      jobs: createJobRunner({ db: t.db, now: () => t.clock.now, log: () => {}, intervalMs: 0 }),
      log: () => {},
      send: webPushSender({ ...keys, subject: 'mailto:est@localhost.example' }, { agent: push.agent }),
      intervalMs: 0,
    });
    expect(await scheduler.tick()).toMatchObject({ sent: 1, failed: 0 });
    expect(push.received.map((r) => r.path)).toEqual(['/push/reader']);
    const payload = JSON.parse(opted.decrypt(push.received[0]!.body)) as unknown;
    expect(payload).toEqual({
      type: 'picture',
      pictureId: '2026-W48',
      week: '2026-W48',
      title: 'Ny lägesbild för vecka 48',
      body: 'EST-2026-48, version 1',
      url: '/pictures/2026-W48', // the reader's picture view (latest version)
    });
  });
});
