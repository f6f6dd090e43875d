/**
 * Push endpoints, mounted under /api/v1 by the app (who may call what: server/auth/rules.ts):
 *   GET    /push/public-key          (public)  → {publicKey}  the VAPID application server key
 *   PUT    /push/subscription        (device)  {endpoint, keys: {p256dh, auth}} → {ok, created}
 *   DELETE /push/subscription        (device)  {endpoint} → {ok, deleted}
 *   GET    /push/status              (coordination) → per function: has it a working subscription?
 *   PUT    /push/reader-subscription (readers: reader, coordinator, admin)
 *                                    {endpoint, keys, notifyPictures} → {ok, created, notifyPictures}
 *   DELETE /push/reader-subscription (readers) {endpoint} → {ok, deleted}
 *   GET    /admin/reminders          (admin) → {slots, timeZone, next}
 *   PUT    /admin/reminders          (admin) {slots: [{weekday 1–7, time "HH:MM"}]} → the same; audited
 * The app PUTs its subscription on every open: that is what keeps it from being pruned.
 * The reminder times live with the push feature (its settings table), hence here and not
 * in server/admin.
 */
import { Hono, type Context } from 'hono';
import {
  PushSubscriptionSchema,
  PushUnsubscribeSchema,
  ReaderSubscriptionSchema,
  ReminderConfigSchema,
  slotLabel,
  sortReminderSlots,
  type PushPublicKeyResponse,
  type PushSubscriptionResponse,
  type ReaderSubscriptionResponse,
  type ReminderConfig,
  type ReminderConfigResponse,
} from '../../shared/push';
import { audit } from '../audit/log';
import type { AuthEnv } from '../auth/context';
import { apiError } from '../http/errors';
import { jsonBody } from '../http/request';
import type { AppDeps } from '../http/deps';
import { requireDevice } from '../informant/auth';
import { nextSlot } from './schedule';
import { ensureVapidKeys, getReminderConfig, writeReminderConfig } from './settings';
import { deleteDeviceSubscription, deleteReaderSubscription, functionPushStatus, upsertDeviceSubscription, upsertReaderSubscription } from './subscriptions';

/** The signed-in staff member's id (set by the authorize middleware), or a 401 answer. */
const SUBSCRIPTION_SHAPE = 'the browser\'s push subscription {"endpoint": "https://…", "keys": {"p256dh": "…", "auth": "…"}}';
const ENDPOINT_SHAPE = '{"endpoint": "https://…"}';

function staffIdOr401<E extends AuthEnv>(c: Context<E>): string | Response {
  const staff = c.get('staff') as AuthEnv['Variables']['staff'] | undefined;
  return staff ? staff.id : apiError(c, 401, 'unauthorized', 'You are not logged in. Log in and try again.');
}

function reminderView(config: ReminderConfig, now: Date): ReminderConfigResponse {
  return { slots: sortReminderSlots(config.slots), timeZone: 'Europe/Stockholm', next: nextSlot(config, now)?.at.toISOString() ?? null };
}

export function pushRoutes(deps: AppDeps) {
  const app = new Hono<AuthEnv>();

  app.get('/push/public-key', (c) => {
    const { publicKey } = ensureVapidKeys(deps.db, deps.now());
    return c.json<PushPublicKeyResponse>({ publicKey });
  });

  app.put('/push/subscription', requireDevice(deps), jsonBody(PushSubscriptionSchema, { shape: SUBSCRIPTION_SHAPE }), (c) => {
    const result = upsertDeviceSubscription(deps.db, c.get('device'), c.get('body'), deps.now());
    return c.json<PushSubscriptionResponse>({ ok: true, created: result.created }, result.created ? 201 : 200);
  });

  app.delete('/push/subscription', requireDevice(deps), jsonBody(PushUnsubscribeSchema, { shape: ENDPOINT_SHAPE }), (c) => {
    const deleted = deleteDeviceSubscription(deps.db, c.get('device').deviceId, c.get('body').endpoint);
    return c.json({ ok: true as const, deleted });
  });

  app.get('/push/status', (c) => c.json({ functions: functionPushStatus(deps.db, deps.now()) }));

  // Readers (any staff role) opting in to "new picture published" on this browser.
  app.put(
    '/push/reader-subscription',
    jsonBody(ReaderSubscriptionSchema, {
      shape: 'the browser\'s push subscription and the choice {"endpoint": "https://…", "keys": {"p256dh": "…", "auth": "…"}, "notifyPictures": true}',
    }),
    (c) => {
    const accountId = staffIdOr401(c);
    if (accountId instanceof Response) return accountId;
    const { notifyPictures, ...sub } = c.get('body');
    const result = upsertReaderSubscription(deps.db, accountId, sub, notifyPictures, deps.now());
    return c.json<ReaderSubscriptionResponse>({ ok: true, created: result.created, notifyPictures }, result.created ? 201 : 200);
    },
  );

  app.delete('/push/reader-subscription', jsonBody(PushUnsubscribeSchema, { shape: ENDPOINT_SHAPE }), (c) => {
    const accountId = staffIdOr401(c);
    if (accountId instanceof Response) return accountId;
    return c.json({ ok: true as const, deleted: deleteReaderSubscription(deps.db, accountId, c.get('body').endpoint) });
  });

  // The reminder times (admin), Europe/Stockholm wall-clock.
  app.get('/admin/reminders', (c) => c.json<ReminderConfigResponse>(reminderView(getReminderConfig(deps.db), deps.now())));

  app.put('/admin/reminders', jsonBody(ReminderConfigSchema, { shape: '{"slots": [{"weekday": 3, "time": "14:00"}]}' }), (c) => {
    const actor = staffIdOr401(c);
    if (actor instanceof Response) return actor;
    const now = deps.now();
    const config: ReminderConfig = { slots: sortReminderSlots(c.get('body').slots) };
    deps.db.transaction(() => {
      const previous = getReminderConfig(deps.db);
      writeReminderConfig(deps.db, config, now);
      audit(deps.db, {
        actor: { type: 'staff', id: actor },
        action: 'reminders.update',
        target: 'push:reminders',
        detail: { slots: config.slots.map(slotLabel), previous: previous.slots.map(slotLabel) },
        at: now,
      });
    })();
    return c.json<ReminderConfigResponse>(reminderView(config, now));
  });

  return app;
}
