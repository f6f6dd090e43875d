/** All SQL on push subscriptions: register, unregister, prune, and the per-function status. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import type { FunctionPushStatus, PushSubscriptionJson } from '../../shared/push';

/** Subscriptions not re-registered for this long are dropped (Apple answers 200 for dead endpoints). */
export const PRUNE_AFTER_DAYS = 60;

export interface SubscriptionRow {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  device_id: string | null;
  function_id: string | null;
  account_id: string | null;
  notify_pictures: number;
  created_at: string;
  last_seen_at: string;
  last_success_at: string | null;
  last_failure_at: string | null;
  last_error: string | null;
  failures: number;
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
      const at = now.toISOString();
      // One app install has one subscription: an endpoint the browser replaced is dropped,
      // so the phone is never reminded twice.
      db.prepare('DELETE FROM push_subscriptions WHERE device_id = ? AND endpoint <> ?').run(device.deviceId, sub.endpoint);
      const existing = db
        .prepare<[string], { id: string; p256dh: string; auth: string }>('SELECT id, p256dh, auth FROM push_subscriptions WHERE endpoint = ?')
        .get(sub.endpoint);
      if (existing) {
        const keysChanged = existing.p256dh !== sub.keys.p256dh || existing.auth !== sub.keys.auth;
        db.prepare(
          `UPDATE push_subscriptions
              SET p256dh = ?, auth = ?, device_id = ?, function_id = ?, last_seen_at = ?,
                  failures = CASE WHEN ? THEN 0 ELSE failures END,
                  last_error = CASE WHEN ? THEN NULL ELSE last_error END
            WHERE id = ?`,
        ).run(sub.keys.p256dh, sub.keys.auth, device.deviceId, device.functionId, at, keysChanged ? 1 : 0, keysChanged ? 1 : 0, existing.id);
        return { id: existing.id, created: false };
      }
      const id = randomUUID();
      db.prepare(
        `INSERT INTO push_subscriptions (id, endpoint, p256dh, auth, device_id, function_id, created_at, last_seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, sub.endpoint, sub.keys.p256dh, sub.keys.auth, device.deviceId, device.functionId, at, at);
      return { id, created: true };
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
  return db
    .transaction(() => {
      const at = now.toISOString();
      const existing = db
        .prepare<[string], { id: string; p256dh: string; auth: string }>('SELECT id, p256dh, auth FROM push_subscriptions WHERE endpoint = ?')
        .get(sub.endpoint);
      if (existing) {
        const keysChanged = existing.p256dh !== sub.keys.p256dh || existing.auth !== sub.keys.auth;
        db.prepare(
          `UPDATE push_subscriptions
              SET p256dh = ?, auth = ?, account_id = ?, notify_pictures = ?, last_seen_at = ?,
                  failures = CASE WHEN ? THEN 0 ELSE failures END,
                  last_error = CASE WHEN ? THEN NULL ELSE last_error END
            WHERE id = ?`,
        ).run(sub.keys.p256dh, sub.keys.auth, accountId, notifyPictures ? 1 : 0, at, keysChanged ? 1 : 0, keysChanged ? 1 : 0, existing.id);
        return { id: existing.id, created: false };
      }
      const id = randomUUID();
      db.prepare(
        `INSERT INTO push_subscriptions (id, endpoint, p256dh, auth, account_id, notify_pictures, created_at, last_seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, sub.endpoint, sub.keys.p256dh, sub.keys.auth, accountId, notifyPictures ? 1 : 0, at, at);
      return { id, created: true };
    })
    .immediate();
}

/** Unsubscribe: only the owning device may remove its endpoint. */
export function deleteDeviceSubscription(db: Db, deviceId: string, endpoint: string): boolean {
  return db.prepare('DELETE FROM push_subscriptions WHERE endpoint = ? AND device_id = ?').run(endpoint, deviceId).changes > 0;
}

/**
 * A reader opting out (DELETE /api/v1/push/reader-subscription): only the account that
 * opted in may. A subscription that is also an informant device's stays (its reminders
 * go on) with the opt-in cleared; a reader-only one is deleted. True if there was one.
 */
export function deleteReaderSubscription(db: Db, accountId: string, endpoint: string): boolean {
  return db
    .transaction(() => {
      const row = db
        .prepare<[string, string], { id: string; device_id: string | null }>('SELECT id, device_id FROM push_subscriptions WHERE endpoint = ? AND account_id = ?')
        .get(endpoint, accountId);
      if (!row) return false;
      if (row.device_id) db.prepare('UPDATE push_subscriptions SET account_id = NULL, notify_pictures = 0 WHERE id = ?').run(row.id);
      else db.prepare('DELETE FROM push_subscriptions WHERE id = ?').run(row.id);
      return true;
    })
    .immediate();
}

/** Drops subscriptions not seen for PRUNE_AFTER_DAYS, and those of revoked devices. Returns how many. */
export function pruneSubscriptions(db: Db, now: Date, days = PRUNE_AFTER_DAYS): number {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  return db.transaction(() => {
    const stale = db.prepare('DELETE FROM push_subscriptions WHERE last_seen_at < ?').run(cutoff).changes;
    // A revoked device loses its reminders; a reader's opt-in on the same browser stays.
    db.prepare(
      `UPDATE push_subscriptions SET device_id = NULL, function_id = NULL
        WHERE account_id IS NOT NULL AND device_id IN (SELECT id FROM devices WHERE revoked_at IS NOT NULL)`,
    ).run();
    const revoked = db
      .prepare(
        `DELETE FROM push_subscriptions
          WHERE device_id IN (SELECT id FROM devices WHERE revoked_at IS NOT NULL)`,
      )
      .run().changes;
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
  const rows = db
    .prepare<
      [string],
      {
        function_id: string;
        name: string;
        subscriptions: number;
        working: number;
        last_seen_at: string | null;
        last_success_at: string | null;
        last_failure_at: string | null;
      }
    >(
      `SELECT f.id AS function_id, f.name,
              count(s.id) AS subscriptions,
              coalesce(max(CASE WHEN s.id IS NOT NULL AND s.failures = 0 THEN 1 ELSE 0 END), 0) AS working,
              max(s.last_seen_at) AS last_seen_at,
              max(s.last_success_at) AS last_success_at,
              max(s.last_failure_at) AS last_failure_at
         FROM functions f
         LEFT JOIN devices d ON d.function_id = f.id AND d.revoked_at IS NULL
         LEFT JOIN push_subscriptions s ON s.device_id = d.id AND s.last_seen_at >= ?
        GROUP BY f.id, f.name
        ORDER BY f.name`,
    )
    .all(cutoff);
  return rows.map((r) => ({
    functionId: r.function_id,
    name: r.name,
    subscriptions: r.subscriptions,
    working: r.working === 1,
    lastSeenAt: r.last_seen_at,
    lastSuccessAt: r.last_success_at,
    lastFailureAt: r.last_failure_at,
  }));
}
