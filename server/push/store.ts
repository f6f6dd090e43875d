/**
 * All SQL of the push feature: its settings, the browsers' subscriptions and the
 * reminder slots handled (migration 0004-push.sql). Plain functions of the database
 * handle; statements are prepared once per database. Which devices are active, which
 * functions have reported and which staff accounts are disabled come from the
 * informant, reports and auth stores: the callers filter these rows with them.
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import type { PushSubscriptionJson } from '../../shared/push';

/** Who a subscription serves: an informant device (reminders) or a staff account (new pictures). */
export type SubscriptionOwner = { deviceId: string; functionId: string } | { accountId: string; notifyPictures: boolean };

export interface SeenSubscription {
  id: string;
  device_id: string | null;
  account_id: string | null;
  notify_pictures: number;
  failures: number;
  last_seen_at: string;
  last_success_at: string | null;
  last_failure_at: string | null;
}

const sql = prepared((db: Db) => ({
  // ---- settings
  setting: db.prepare<[string], string>('SELECT value FROM push_settings WHERE key = ?').pluck(),
  writeSetting: db.prepare<[string, string, string]>(
    `INSERT INTO push_settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ),
  insertSetting: db.prepare<[string, string, string]>('INSERT OR IGNORE INTO push_settings (key, value, updated_at) VALUES (?, ?, ?)'),
  // ---- subscriptions
  byEndpoint: db.prepare<[string], { id: string; p256dh: string; auth: string }>('SELECT id, p256dh, auth FROM push_subscriptions WHERE endpoint = ?'),
  byId: db.prepare<[string], { endpoint: string; p256dh: string; auth: string }>('SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE id = ?'),
  /** Keys taken over; a failure history is kept unless the keys changed (?4). */
  refresh: db.prepare<[string, string, string, number, number, string]>(
    `UPDATE push_subscriptions
        SET p256dh = ?, auth = ?, last_seen_at = ?,
            failures = CASE WHEN ? THEN 0 ELSE failures END,
            last_error = CASE WHEN ? THEN NULL ELSE last_error END
      WHERE id = ?`,
  ),
  setDevice: db.prepare<[string, string, string]>('UPDATE push_subscriptions SET device_id = ?, function_id = ? WHERE id = ?'),
  setReader: db.prepare<[string, number, string]>('UPDATE push_subscriptions SET account_id = ?, notify_pictures = ? WHERE id = ?'),
  insert: db.prepare<[string, string, string, string, string | null, string | null, string | null, number, string, string]>(
    `INSERT INTO push_subscriptions (id, endpoint, p256dh, auth, device_id, function_id, account_id, notify_pictures, created_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  dropOtherEndpoints: db.prepare<[string, string]>('DELETE FROM push_subscriptions WHERE device_id = ? AND endpoint <> ?'),
  deleteOfDevice: db.prepare<[string, string]>('DELETE FROM push_subscriptions WHERE endpoint = ? AND device_id = ?'),
  readerOf: db.prepare<[string, string], { id: string; device_id: string | null }>(
    'SELECT id, device_id FROM push_subscriptions WHERE endpoint = ? AND account_id = ?',
  ),
  clearReader: db.prepare<[string]>('UPDATE push_subscriptions SET account_id = NULL, notify_pictures = 0 WHERE id = ?'),
  delete: db.prepare<[string]>('DELETE FROM push_subscriptions WHERE id = ?'),
  deleteSeenBefore: db.prepare<[string]>('DELETE FROM push_subscriptions WHERE last_seen_at < ?'),
  detachDevices: db.prepare<[string]>(
    `UPDATE push_subscriptions SET device_id = NULL, function_id = NULL
      WHERE account_id IS NOT NULL AND device_id IN (SELECT value FROM json_each(?))`,
  ),
  deleteOfDevices: db.prepare<[string]>('DELETE FROM push_subscriptions WHERE device_id IN (SELECT value FROM json_each(?))'),
  seenSince: db.prepare<[string], SeenSubscription>(
    `SELECT id, device_id, account_id, notify_pictures, failures, last_seen_at, last_success_at, last_failure_at
       FROM push_subscriptions WHERE last_seen_at >= ? ORDER BY id`,
  ),
  success: db.prepare<[string, string]>('UPDATE push_subscriptions SET last_success_at = ?, failures = 0, last_error = NULL WHERE id = ?'),
  failure: db.prepare<[string, string, string]>(
    'UPDATE push_subscriptions SET last_failure_at = ?, last_error = ?, failures = failures + 1 WHERE id = ?',
  ),
  // ---- reminder slots
  insertSlot: db.prepare<[string, string, string, string, string]>(
    'INSERT OR IGNORE INTO push_slots (slot_key, week, due_at, handled_at, outcome) VALUES (?, ?, ?, ?, ?)',
  ),
  setQueued: db.prepare<[number, string]>('UPDATE push_slots SET queued = ? WHERE slot_key = ?'),
  pruneSlots: db.prepare<[string]>('DELETE FROM push_slots WHERE handled_at < ?'),
}));

// ---- settings ---------------------------------------------------------------
export function readSettingValue(db: Db, key: string): string | undefined {
  return sql(db).setting.get(key);
}
export function writeSettingValue(db: Db, key: string, value: string, at: string): void {
  sql(db).writeSetting.run(key, value, at);
}
/** Writes the value unless the key is set already (a racing first start keeps one). */
export function insertSettingIfAbsent(db: Db, key: string, value: string, at: string): void {
  sql(db).insertSetting.run(key, value, at);
}

// ---- subscriptions ----------------------------------------------------------
export function subscriptionByEndpoint(db: Db, endpoint: string): { id: string; p256dh: string; auth: string } | undefined {
  return sql(db).byEndpoint.get(endpoint);
}
export function subscriptionById(db: Db, id: string): { endpoint: string; p256dh: string; auth: string } | undefined {
  return sql(db).byId.get(id);
}
export function refreshSubscription(db: Db, id: string, keys: PushSubscriptionJson['keys'], at: string, keysChanged: boolean): void {
  sql(db).refresh.run(keys.p256dh, keys.auth, at, keysChanged ? 1 : 0, keysChanged ? 1 : 0, id);
}
/** Links the subscription to the owner; the other kind of owner's link is left as it is. */
export function setSubscriptionOwner(db: Db, id: string, owner: SubscriptionOwner): void {
  if ('deviceId' in owner) sql(db).setDevice.run(owner.deviceId, owner.functionId, id);
  else sql(db).setReader.run(owner.accountId, owner.notifyPictures ? 1 : 0, id);
}
export function insertSubscription(db: Db, id: string, sub: PushSubscriptionJson, owner: SubscriptionOwner, at: string): void {
  const device = 'deviceId' in owner ? owner : null;
  const reader = 'accountId' in owner ? owner : null;
  sql(db).insert.run(
    id,
    sub.endpoint,
    sub.keys.p256dh,
    sub.keys.auth,
    device?.deviceId ?? null,
    device?.functionId ?? null,
    reader?.accountId ?? null,
    reader?.notifyPictures ? 1 : 0,
    at,
    at,
  );
}
/** Drops the device's subscriptions at any other endpoint. */
export function dropOtherEndpoints(db: Db, deviceId: string, endpoint: string): void {
  sql(db).dropOtherEndpoints.run(deviceId, endpoint);
}
/** True if the device had a subscription at the endpoint. */
export function deleteSubscriptionOfDevice(db: Db, deviceId: string, endpoint: string): boolean {
  return sql(db).deleteOfDevice.run(endpoint, deviceId).changes > 0;
}
export function readerSubscription(db: Db, accountId: string, endpoint: string): { id: string; device_id: string | null } | undefined {
  return sql(db).readerOf.get(endpoint, accountId);
}
export function clearReaderOptIn(db: Db, id: string): void {
  sql(db).clearReader.run(id);
}
export function deleteSubscription(db: Db, id: string): void {
  sql(db).delete.run(id);
}
/** Returns how many were deleted. */
export function deleteSubscriptionsSeenBefore(db: Db, cutoff: string): number {
  return sql(db).deleteSeenBefore.run(cutoff).changes;
}
/** Unlinks these devices from subscriptions that a reader also opted in with. */
export function detachDevicesFromReaderSubscriptions(db: Db, deviceIds: readonly string[]): void {
  sql(db).detachDevices.run(JSON.stringify(deviceIds));
}
/** Returns how many were deleted. */
export function deleteSubscriptionsOfDevices(db: Db, deviceIds: readonly string[]): number {
  return sql(db).deleteOfDevices.run(JSON.stringify(deviceIds)).changes;
}
/** Every subscription seen at or after the cutoff, by id. */
export function subscriptionsSeenSince(db: Db, cutoff: string): SeenSubscription[] {
  return sql(db).seenSince.all(cutoff);
}
export function markDeliverySuccess(db: Db, id: string, at: string): void {
  sql(db).success.run(at, id);
}
export function markDeliveryFailure(db: Db, id: string, at: string, error: string): void {
  sql(db).failure.run(at, error, id);
}

// ---- reminder slots ---------------------------------------------------------
/** False when the slot had been recorded already. */
export function insertSlot(db: Db, slot: { key: string; week: string; dueAt: string; handledAt: string; outcome: 'queued' | 'skipped' }): boolean {
  return sql(db).insertSlot.run(slot.key, slot.week, slot.dueAt, slot.handledAt, slot.outcome).changes === 1;
}
export function setSlotQueued(db: Db, key: string, queued: number): void {
  sql(db).setQueued.run(queued, key);
}
export function pruneSlotsBefore(db: Db, cutoff: string): void {
  sql(db).pruneSlots.run(cutoff);
}
