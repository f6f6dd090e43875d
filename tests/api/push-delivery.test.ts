/**
 * The scheduler end to end against a local push service on 127.0.0.1: real web-push
 * requests (aes128gcm + VAPID over TLS), decrypted here with the subscription's
 * private key as the browser would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase, type Db } from '../../server/db/open';
import { enrolDevice } from '../../server/informant/devices';
import { startReminderScheduler, type ReminderScheduler, type SchedulerOptions } from '../../server/push/scheduler';
import { webPushSender } from '../../server/push/send';
import { ensureVapidKeys, setLastRunAt } from '../../server/push/settings';
import { functionPushStatus, upsertDeviceSubscription, upsertReaderSubscription } from '../../server/push/subscriptions';
import { createJobRunner } from '../../server/jobs/runner';
import { queuePicturePushes } from '../../server/push/queue';
import { reminderPayload } from '../../shared/push';
import { seedFixture } from '../support/fixture';
import { browserSubscription, startPushEndpoint, verifyVapidHeader, type BrowserSubscription, type PushEndpoint } from '../support/push-endpoint';

const SUBJECT = 'mailto:est@localhost.example';
const WED_SLOT = Date.parse('2026-11-25T13:00:00Z'); // 2026-W48 Wednesday 14:00 Stockholm
const THU_SLOT = Date.parse('2026-11-26T07:00:00Z'); // 2026-W48 Thursday 08:00

let dir: string;
let db: Db;
let push: PushEndpoint;
let clock: { now: Date };
let fx: ReturnType<typeof seedFixture>;
let logs: string[];
let schedulers: ReminderScheduler[];
let browserA: BrowserSubscription;
let browserB: BrowserSubscription;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-push-'));
  db = openDatabase(join(dir, 'test.sqlite'));
  clock = { now: new Date(WED_SLOT - 3 * 60_000) };
  fx = seedFixture(db, clock.now);
  push = await startPushEndpoint();
  logs = [];
  schedulers = [];
  const a = enrolDevice(db, fx.inviteA.code, clock.now);
  const b = enrolDevice(db, fx.inviteB.code, clock.now);
  if (!a.ok || !b.ok) throw new Error('enrol');
  browserA = browserSubscription(`${push.origin}/push/a`);
  browserB = browserSubscription(`${push.origin}/push/b`);
  upsertDeviceSubscription(db, { deviceId: a.deviceId, functionId: fx.fnA }, browserA.subscription, clock.now);
  upsertDeviceSubscription(db, { deviceId: b.deviceId, functionId: fx.fnB }, browserB.subscription, clock.now);
});

afterEach(async () => {
  for (const s of schedulers) await s.stop();
  await push.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A scheduler on a fresh job runner over the same file: what a (re)started server has. */
function start(over: Partial<SchedulerOptions> = {}): ReminderScheduler {
  const keys = ensureVapidKeys(db);
  const s = startReminderScheduler({
    db,
    now: () => clock.now,
    jobs: createJobRunner({ db, now: () => clock.now, log: (m) => logs.push(m), intervalMs: 0 }),
    log: (m) => logs.push(m),
    send: webPushSender({ ...keys, subject: SUBJECT }, { agent: push.agent }),
    intervalMs: 0,
    retry: { maxAttempts: 3, baseMs: 1000, capMs: 10_000 },
    ...over,
  });
  schedulers.push(s);
  return s;
}

function fileReport(functionId: string, week = '2026-W48', calm = true) {
  db.prepare(
    'INSERT INTO reports (id, function_id, device_id, week, calm, created_at, received_at, content_hash) VALUES (?, ?, NULL, ?, ?, ?, ?, ?)',
  ).run(randomUUID(), functionId, week, calm ? 1 : 0, clock.now.toISOString(), clock.now.toISOString(), 'x');
}

const at = (ms: number) => new Date(ms);
const requestsTo = (path: string) => push.received.filter((r) => r.path === path);

describe('reminders through a local push service', () => {
  it('sends the encrypted reminder, with VAPID, only to functions that have not reported this week', async () => {
    fileReport(fx.fnB); // B filed a calm week already
    const s = start();
    expect((await s.tick()).queuedSlots).toEqual([]); // 13:57 local: nothing due
    clock.now = at(WED_SLOT + 5_000);
    const summary = await s.tick();
    expect(summary.queuedSlots).toEqual([{ key: '2026-W48/wed-14:00', queued: 1, lateByMs: 5_000 }]);
    expect(summary.sent).toBe(1);

    expect(requestsTo('/push/b')).toHaveLength(0);
    const [req] = requestsTo('/push/a');
    expect(req).toBeDefined();
    expect(req!.method).toBe('POST');
    expect(req!.headers['content-encoding']).toBe('aes128gcm');
    expect(req!.headers.urgency).toBe('normal');
    expect(req!.headers.topic).toBe('reminder2026W48');
    expect(Number(req!.headers.ttl)).toBeGreaterThan(86_000);
    expect(Number(req!.headers.ttl)).toBeLessThanOrEqual(86_400);

    // The payload, decrypted with the subscription's private key and auth secret.
    expect(JSON.parse(browserA.decrypt(req!.body))).toEqual(reminderPayload('2026-W48'));
    expect(JSON.parse(browserA.decrypt(req!.body))).toMatchObject({
      type: 'reminder',
      week: '2026-W48',
      title: 'Vecka 48 – dags att rapportera',
      actions: [{ action: 'calm', title: 'Lugn vecka' }, { action: 'report', title: 'Rapportera' }],
    });
    // B's key cannot read it.
    expect(() => browserB.decrypt(req!.body)).toThrow();

    // VAPID: vapid t=<JWT>, k=<server key>; audience = the push service's origin.
    const claims = verifyVapidHeader(req!.headers.authorization, ensureVapidKeys(db).publicKey);
    expect(claims.aud).toBe(push.origin);
    expect(claims.sub).toBe(SUBJECT);
    const realNow = Date.now() / 1000;
    expect(claims.exp).toBeGreaterThan(realNow);
    expect(claims.exp).toBeLessThanOrEqual(realNow + 24 * 3600);

    expect(functionPushStatus(db, clock.now).find((f) => f.functionId === fx.fnA)).toMatchObject({ working: true, subscriptions: 1 });
  });

  it('never sends a slot twice: later ticks, a restart, and a crash before the run was recorded', async () => {
    const s = start();
    clock.now = at(WED_SLOT + 1_000);
    await s.tick();
    clock.now = at(WED_SLOT + 21_000);
    expect((await s.tick()).queuedSlots).toEqual([]);
    await s.stop();
    // Restart 30 minutes later …
    clock.now = at(WED_SLOT + 30 * 60_000);
    const s2 = start();
    expect((await s2.tick()).queuedSlots).toEqual([]);
    // … even when the last-run mark is older than the slot (crash right after queueing).
    setLastRunAt(db, at(WED_SLOT - 60_000));
    expect((await s2.tick()).queuedSlots).toEqual([]);
    expect(requestsTo('/push/a')).toHaveLength(1);
    expect(requestsTo('/push/b')).toHaveLength(1);
  });

  it('sends a slot missed by a 30-minute outage late, once; skips one missed by 2 hours', async () => {
    setLastRunAt(db, at(WED_SLOT - 10 * 60_000)); // the server went down at 13:50 local
    clock.now = at(WED_SLOT + 30 * 60_000);
    const s = start();
    const late = await s.tick();
    expect(late.queuedSlots).toEqual([{ key: '2026-W48/wed-14:00', queued: 2, lateByMs: 30 * 60_000 }]);
    expect(late.sent).toBe(2);
    await s.stop();

    setLastRunAt(db, at(THU_SLOT - 10 * 60_000)); // down at 07:50 Thursday, back at 10:00
    clock.now = at(THU_SLOT + 2 * 3600_000);
    const s2 = start();
    const skipped = await s2.tick();
    expect(skipped.queuedSlots).toEqual([]);
    expect(skipped.skippedSlots).toEqual(['2026-W48/thu-08:00']);
    expect(logs.some((l) => l.includes('2026-W48/thu-08:00') && l.includes('skipped'))).toBe(true);
    expect(push.received).toHaveLength(2);
  });

  it('deletes a subscription the push service answers 410 for', async () => {
    push.respond('/push/a', 410);
    const s = start();
    clock.now = at(WED_SLOT + 1_000);
    const summary = await s.tick();
    expect(summary).toMatchObject({ sent: 1, gone: 1, retried: 0 });
    const endpoints = (db.prepare('SELECT endpoint FROM push_subscriptions').all() as { endpoint: string }[]).map((r) => r.endpoint);
    expect(endpoints).toEqual([browserB.subscription.endpoint]);
    expect(logs.some((l) => /gone.*410/.test(l))).toBe(true);
    // Thursday: only B is left to remind.
    clock.now = at(THU_SLOT + 1_000);
    await s.tick();
    expect(requestsTo('/push/a')).toHaveLength(1);
    expect(requestsTo('/push/b')).toHaveLength(2);
  });

  it('deletes on 404 too', async () => {
    push.respond('/push/b', 404);
    const s = start();
    clock.now = at(WED_SLOT + 1_000);
    expect(await s.tick()).toMatchObject({ sent: 1, gone: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM push_subscriptions').get()).toEqual({ n: 1 });
  });

  it('retries a 500 with backoff, logs it, and delivers once it works', async () => {
    push.respond('/push/a', 500, 503);
    const s = start();
    clock.now = at(WED_SLOT + 1_000);
    expect(await s.tick()).toMatchObject({ sent: 1, retried: 1 });
    expect(logs.some((l) => /failed \(attempt 1\/3\): HTTP 500/.test(l))).toBe(true);
    expect(functionPushStatus(db, clock.now).find((f) => f.functionId === fx.fnA)).toMatchObject({ working: false });

    clock.now = at(WED_SLOT + 1_500); // before the 1 s backoff is over
    expect(await s.tick()).toMatchObject({ sent: 0, retried: 0 });
    clock.now = at(WED_SLOT + 2_100);
    expect(await s.tick()).toMatchObject({ retried: 1 }); // 503, next in 4 s
    clock.now = at(WED_SLOT + 6_200);
    expect(await s.tick()).toMatchObject({ sent: 1, retried: 0 });

    const tries = requestsTo('/push/a');
    expect(tries.map((r) => r.status)).toEqual([500, 503, 201]);
    for (const t of tries) expect(JSON.parse(browserA.decrypt(t.body))).toEqual(reminderPayload('2026-W48'));
    expect(functionPushStatus(db, clock.now).find((f) => f.functionId === fx.fnA)).toMatchObject({ working: true });
  });

  it('gives up after the bounded number of attempts', async () => {
    push.respond('/push/a', 500, 500, 500, 500, 500);
    const s = start();
    for (const ms of [1_000, 3_000, 8_000, 30_000, 120_000]) {
      clock.now = at(WED_SLOT + ms);
      await s.tick();
    }
    expect(requestsTo('/push/a')).toHaveLength(3);
    expect(db.prepare("SELECT state, attempts FROM jobs WHERE json_extract(payload, '$.subscriptionId') = (SELECT id FROM push_subscriptions WHERE endpoint LIKE '%/push/a')").get()).toEqual({
      state: 'failed',
      attempts: 3,
    });
    expect(logs.some((l) => l.includes('failed for good after 3 attempts'))).toBe(true);
  });

  it('does not retry a reminder once the function has reported', async () => {
    push.respond('/push/a', 500);
    const s = start();
    clock.now = at(WED_SLOT + 1_000);
    await s.tick();
    fileReport(fx.fnA, '2026-W48', false);
    clock.now = at(WED_SLOT + 5_000);
    await s.tick();
    expect(requestsTo('/push/a')).toHaveLength(1);
  });

  it('never resends a notification that was in flight when the server died', async () => {
    const s = start();
    clock.now = at(WED_SLOT + 1_000);
    push.respond('/push/a', 500);
    await s.tick(); // A: pending retry
    await s.stop();
    // Simulate a crash while the retry was being sent.
    db.prepare("UPDATE jobs SET state = 'running' WHERE kind = 'push.delivery' AND state = 'pending'").run();
    clock.now = at(WED_SLOT + 60_000);
    const s2 = start();
    await s2.tick();
    expect(requestsTo('/push/a')).toHaveLength(1);
    expect(logs.some((l) => l.includes('push.delivery job(s) were running when the server stopped; not run again'))).toBe(true);
  });
});

describe('the default sender', () => {
  it('starts with web-push and the stored keys, and retries (logged) when the push service cannot be reached', async () => {
    expect(() => startReminderScheduler({ db, now: () => clock.now, jobs: createJobRunner({ db, now: () => clock.now }), intervalMs: 0, subject: 'not a url' })).toThrow(/VAPID_SUBJECT/);
    const s = start({ send: undefined, subject: SUBJECT }); // no test agent: the self-signed endpoint is refused
    clock.now = at(WED_SLOT + 1_000);
    const summary = await s.tick();
    expect(summary).toMatchObject({ sent: 0, retried: 2 });
    expect(logs.some((l) => /failed \(attempt 1\/3\)/.test(l))).toBe(true);
    expect(push.received).toHaveLength(0);
  });
});

describe('"new picture published" for readers who opted in', () => {
  it('queues and sends the picture push to opted-in readers only', async () => {
    const reader = browserSubscription(`${push.origin}/push/reader`);
    const other = browserSubscription(`${push.origin}/push/other`);
    upsertReaderSubscription(db, 'account-1', reader.subscription, true, clock.now);
    upsertReaderSubscription(db, 'account-2', other.subscription, false, clock.now);
    const queue = () => db.transaction(() => queuePicturePushes(db, { id: 'pic-1', week: '2026-W47', title: 'Samlad lägesbild v. 47', publication: 'EST-2026-47/1' }, clock.now))();
    expect(queue()).toBe(1);
    expect(queue()).toBe(0); // the same publication is never queued twice for a reader
    const s = start();
    await s.tick();
    expect(requestsTo('/push/other')).toHaveLength(0);
    const [req] = requestsTo('/push/reader');
    expect(JSON.parse(reader.decrypt(req!.body))).toEqual({
      type: 'picture',
      pictureId: 'pic-1',
      week: '2026-W47',
      title: 'Ny lägesbild för vecka 47',
      body: 'Samlad lägesbild v. 47',
      url: '/pictures/pic-1',
    });
  });
});
