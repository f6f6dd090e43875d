/** Push subscriptions: register, unregister, prune, and the per-function status (SQL in store.ts). */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import type { FunctionPushStatus, PushSubscriptionJson } from '../../shared/push';
import { functionNamesInOrder } from '../admin/store';
import { activeDeviceFunctions, revokedDeviceIds } from '../informant/store';
import {
  clearReaderOptIn,
  deleteSubscription,
  deleteSubscriptionOfDevice,
  deleteSubscriptionsOfDevices,
  deleteSubscriptionsSeenBefore,
  detachDevicesFromReaderSubscriptions,
  dropOtherEndpoints,
  insertSubscription,
  readerSubscription,
  refreshSubscription,
  setSubscriptionOwner,
  subscriptionByEndpoint,
  subscriptionsSeenSince,
  type SubscriptionOwner,
} from './store';

/** Subscriptions not re-registered for this long are dropped (Apple answers 200 for dead endpoints). */
export const PRUNE_AFTER_DAYS = 60;

/**
 * Upsert by endpoint, shared by devices and readers: the keys are taken over, and a
 * failure history is kept unless they changed (a new subscription behind the same URL).
 * The owner is linked; a link of the other kind on the same browser is kept.
 */
function upsertSubscription(db: Db, sub: PushSubscriptionJson, owner: SubscriptionOwner, at: string): { id: string; created: boolean } {
  const existing = subscriptionByEndpoint(db, sub.endpoint);
  if (existing) {
    const keysChanged = existing.p256dh !== sub.keys.p256dh || existing.auth !== sub.keys.auth;
    refreshSubscription(db, existing.id, sub.keys, at, keysChanged);
    setSubscriptionOwner(db, existing.id, owner);
    return { id: existing.id, created: false };
  }
  const id = randomUUID();
  insertSubscription(db, id, sub, owner, at);
  return { id, created: true };
}

/**
 * Upsert by endpoint for an informant device. An endpoint seen before under another
 * device (the phone re-enrolled) moves to this device; changed keys are taken over.
 * A failure history is kept unless the keys changed (a new subscription behind the same URL).
 * A reader's opt-in on the same browser (one subscription per origin: the informant app
 * and the staff screens share the service worker) is kept: it is the reader's to undo.
 */
export function upsertDeviceSubscription(
  db: Db,
  device: { deviceId: string; functionId: string },
  sub: PushSubscriptionJson,
  now: Date,
): { id: string; created: boolean } {
  return db
    .transaction(() => {
      // One app install has one subscription: an endpoint the browser replaced is dropped,
      // so the phone is never reminded twice.
      dropOtherEndpoints(db, device.deviceId, sub.endpoint);
      return upsertSubscription(db, sub, { deviceId: device.deviceId, functionId: device.functionId }, now.toISOString());
    })
    .immediate();
}

/**
 * A reader (staff account: reader, coordinator or admin) opting in or out of "new picture
 * published" (PUT /api/v1/push/reader-subscription). Upsert by endpoint: the browser's one
 * subscription may also be an informant device's, whose link is kept; the account that
 * signed in last on the browser owns the opt-in. Re-sent on every open of the pictures
 * list, which keeps it from being pruned.
 */
export function upsertReaderSubscription(
  db: Db,
  accountId: string,
  sub: PushSubscriptionJson,
  notifyPictures: boolean,
  now: Date,
): { id: string; created: boolean } {
  return db.transaction(() => upsertSubscription(db, sub, { accountId, notifyPictures }, now.toISOString())).immediate();
}

/** Unsubscribe: only the owning device may remove its endpoint. */
export function deleteDeviceSubscription(db: Db, deviceId: string, endpoint: string): boolean {
  return deleteSubscriptionOfDevice(db, deviceId, endpoint);
}

/**
 * A reader opting out (DELETE /api/v1/push/reader-subscription): only the account that
 * opted in may. A subscription that is also an informant device's stays (its reminders
 * go on) with the opt-in cleared; a reader-only one is deleted. True if there was one.
 */
export function deleteReaderSubscription(db: Db, accountId: string, endpoint: string): boolean {
  return db
    .transaction(() => {
      const row = readerSubscription(db, accountId, endpoint);
      if (!row) return false;
      if (row.device_id) clearReaderOptIn(db, row.id);
      else deleteSubscription(db, row.id);
      return true;
    })
    .immediate();
}

/** Drops subscriptions not seen for PRUNE_AFTER_DAYS, and those of revoked devices. Returns how many. */
export function pruneSubscriptions(db: Db, now: Date, days = PRUNE_AFTER_DAYS): number {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  return db.transaction(() => {
    const stale = deleteSubscriptionsSeenBefore(db, cutoff);
    // A revoked device loses its reminders; a reader's opt-in on the same browser stays.
    const revokedIds = revokedDeviceIds(db);
    detachDevicesFromReaderSubscriptions(db, revokedIds);
    const revoked = deleteSubscriptionsOfDevices(db, revokedIds);
    return stale + revoked;
  })();
}

/**
 * Per function (every function, also those without any subscription): whether it has
 * a working push subscription – one of an unrevoked device, seen within the prune
 * window, that has not failed since it last worked. For the coordinators' list.
 */
export function functionPushStatus(db: Db, now: Date): FunctionPushStatus[] {
  const cutoff = new Date(now.getTime() - PRUNE_AFTER_DAYS * 86_400_000).toISOString();
  const deviceFunction = activeDeviceFunctions(db);
  const status = new Map<string, FunctionPushStatus>(
    functionNamesInOrder(db).map((f) => [
      f.id,
      { functionId: f.id, name: f.name, subscriptions: 0, working: false, lastSeenAt: null, lastSuccessAt: null, lastFailureAt: null },
    ]),
  );
  const latest = (a: string | null, b: string | null) => (a === null || (b !== null && b > a) ? b : a);
  for (const s of subscriptionsSeenSince(db, cutoff)) {
    const functionId = s.device_id === null ? undefined : deviceFunction.get(s.device_id);
    const f = functionId === undefined ? undefined : status.get(functionId);
    if (!f) continue;
    f.subscriptions++;
    if (s.failures === 0) f.working = true;
    f.lastSeenAt = latest(f.lastSeenAt, s.last_seen_at);
    f.lastSuccessAt = latest(f.lastSuccessAt, s.last_success_at);
    f.lastFailureAt = latest(f.lastFailureAt, s.last_failure_at);
  }
  return [...status.values()];
}
