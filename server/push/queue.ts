/**
 * The durable delivery queue (all its SQL). A reminder slot is recorded and its
 * deliveries queued in ONE transaction, so a slot is handled exactly once across
 * restarts; each delivery is marked 'sending' (committed) before the request goes
 * out, so a crash mid-send can never cause a second notification (at most once).
 */
import type { Db } from '../db/open';
import { weekEnd } from '../../shared/weeks';
import { picturePayload, reminderPayload, type PicturePayload } from '../../shared/push';
import { PRUNE_AFTER_DAYS } from './subscriptions';
import type { PlannedSlot } from './schedule';

/** Push services hold a reminder this long for a phone that is off; it is stale afterwards. */
export const REMINDER_TTL_S = 24 * 3600;
export const PICTURE_TTL_S = 3 * 24 * 3600;

export interface ClaimedDelivery {
  id: number;
  kind: 'reminder' | 'picture';
  slotKey: string | null;
  subscriptionId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  payload: string;
  topic: string | null;
  attempts: number;
  expiresAt: string;
}

function seenCutoff(now: Date): string {
  return new Date(now.getTime() - PRUNE_AFTER_DAYS * 86_400_000).toISOString();
}

/** "reminder2026W48": a Wed reminder still waiting at the push service is replaced by Thursday's. */
function reminderTopic(week: string): string {
  return `reminder${week.replace('-', '')}`;
}

/**
 * Records the slot and queues one delivery per subscription of every function that has
 * not reported in the slot's week (any report, calm included). Returns null when the
 * slot had been handled already (by an earlier run or another process).
 */
export function queueReminderSlot(db: Db, slot: PlannedSlot, now: Date): { queued: number } | null {
  return db
    .transaction(() => {
      const at = now.toISOString();
      const inserted = db
        .prepare("INSERT OR IGNORE INTO push_slots (slot_key, week, due_at, handled_at, outcome) VALUES (?, ?, ?, ?, 'queued')")
        .run(slot.key, slot.week, slot.at.toISOString(), at).changes;
      if (inserted === 0) return null;
      const expires = Math.min(slot.at.getTime() + REMINDER_TTL_S * 1000, weekEnd(slot.week).getTime());
      const queued = db
        .prepare(
          `INSERT OR IGNORE INTO push_deliveries
             (kind, slot_key, subscription_id, function_id, week, payload, topic, next_attempt_at, expires_at, created_at)
           SELECT 'reminder', ?, s.id, d.function_id, ?, ?, ?, ?, ?, ?
             FROM push_subscriptions s
             JOIN devices d ON d.id = s.device_id AND d.revoked_at IS NULL
            WHERE s.last_seen_at >= ?
              AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.function_id = d.function_id AND r.week = ?)`,
        )
        .run(
          slot.key,
          slot.week,
          JSON.stringify(reminderPayload(slot.week)),
          reminderTopic(slot.week),
          at,
          new Date(expires).toISOString(),
          at,
          seenCutoff(now),
          slot.week,
        ).changes;
      db.prepare('UPDATE push_slots SET queued = ? WHERE slot_key = ?').run(queued, slot.key);
      return { queued };
    })
    .immediate();
}

/** Records a slot missed by more than the grace period; true the first time (so it is logged once). */
export function recordSkippedSlot(db: Db, slot: PlannedSlot, now: Date): boolean {
  return (
    db
      .prepare("INSERT OR IGNORE INTO push_slots (slot_key, week, due_at, handled_at, outcome) VALUES (?, ?, ?, ?, 'skipped')")
      .run(slot.key, slot.week, slot.at.toISOString(), now.toISOString()).changes === 1
  );
}

/**
 * "New picture published": queue a push to every reader who opted in (PUT
 * /api/v1/push/reader-subscription), except accounts that have been disabled since.
 * Sent by the running scheduler at its next tick. Returns the number queued.
 */
export function notifyPicturePublished(
  db: Db,
  picture: { id: string; week?: string; title?: string },
  now: Date = new Date(),
): number {
  const payload: PicturePayload = picturePayload(picture);
  const at = now.toISOString();
  return db
    .prepare(
      `INSERT INTO push_deliveries (kind, subscription_id, payload, topic, next_attempt_at, expires_at, created_at)
       SELECT 'picture', s.id, ?, NULL, ?, ?, ?
         FROM push_subscriptions s
        WHERE s.notify_pictures = 1 AND s.account_id IS NOT NULL AND s.last_seen_at >= ?
          AND NOT EXISTS (SELECT 1 FROM staff st WHERE st.id = s.account_id AND st.disabled_at IS NOT NULL)`,
    )
    .run(JSON.stringify(payload), at, new Date(now.getTime() + PICTURE_TTL_S * 1000).toISOString(), at, seenCutoff(now)).changes;
}

/** After a crash: deliveries caught mid-send may or may not have arrived – never resend them. */
export function abandonInFlight(db: Db, now: Date): number {
  return db
    .prepare("UPDATE push_deliveries SET state = 'unknown', finished_at = ?, last_error = 'interrupted by a restart while sending' WHERE state = 'sending'")
    .run(now.toISOString()).changes;
}

/**
 * Takes up to `limit` due deliveries and marks them 'sending' (committed before any
 * request). Expired ones and reminders of functions that have reported meanwhile are
 * closed instead of sent.
 */
export function claimDueDeliveries(db: Db, now: Date, limit: number): ClaimedDelivery[] {
  return db
    .transaction(() => {
      const at = now.toISOString();
      db.prepare("UPDATE push_deliveries SET state = 'expired', finished_at = ? WHERE state = 'pending' AND expires_at <= ?").run(at, at);
      db.prepare(
        `UPDATE push_deliveries SET state = 'cancelled', finished_at = ?, last_error = 'the function has reported'
          WHERE state = 'pending' AND kind = 'reminder' AND next_attempt_at <= ?
            AND EXISTS (SELECT 1 FROM reports r WHERE r.function_id = push_deliveries.function_id AND r.week = push_deliveries.week)`,
      ).run(at, at);
      const rows = db
        .prepare<
          [string, number],
          {
            id: number;
            kind: 'reminder' | 'picture';
            slot_key: string | null;
            subscription_id: string;
            endpoint: string;
            p256dh: string;
            auth: string;
            payload: string;
            topic: string | null;
            attempts: number;
            expires_at: string;
          }
        >(
          `SELECT q.id, q.kind, q.slot_key, q.subscription_id, s.endpoint, s.p256dh, s.auth, q.payload, q.topic,
                  q.attempts, q.expires_at
             FROM push_deliveries q JOIN push_subscriptions s ON s.id = q.subscription_id
            WHERE q.state = 'pending' AND q.next_attempt_at <= ?
            ORDER BY q.next_attempt_at, q.id
            LIMIT ?`,
        )
        .all(at, limit);
      const mark = db.prepare("UPDATE push_deliveries SET state = 'sending', attempts = attempts + 1 WHERE id = ?");
      for (const r of rows) mark.run(r.id);
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        slotKey: r.slot_key,
        subscriptionId: r.subscription_id,
        endpoint: r.endpoint,
        p256dh: r.p256dh,
        auth: r.auth,
        payload: r.payload,
        topic: r.topic,
        attempts: r.attempts + 1,
        expiresAt: r.expires_at,
      }));
    })
    .immediate();
}

export function markSent(db: Db, d: ClaimedDelivery, now: Date): void {
  const at = now.toISOString();
  db.transaction(() => {
    db.prepare("UPDATE push_deliveries SET state = 'sent', finished_at = ?, last_error = NULL WHERE id = ?").run(at, d.id);
    db.prepare('UPDATE push_subscriptions SET last_success_at = ?, failures = 0, last_error = NULL WHERE id = ?').run(at, d.subscriptionId);
  })();
}

/** 404/410: the subscription is dead – delete it (its queued deliveries go with it). */
export function markGone(db: Db, d: ClaimedDelivery): void {
  db.prepare('DELETE FROM push_subscriptions WHERE id = ?').run(d.subscriptionId);
}

/** Another failure: retry at `retryAt`, or give up ('failed') when retryAt is null. */
export function markFailed(db: Db, d: ClaimedDelivery, now: Date, error: string, retryAt: Date | null): void {
  const at = now.toISOString();
  db.transaction(() => {
    if (retryAt) {
      db.prepare("UPDATE push_deliveries SET state = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?").run(
        retryAt.toISOString(),
        error,
        d.id,
      );
    } else {
      db.prepare("UPDATE push_deliveries SET state = 'failed', finished_at = ?, last_error = ? WHERE id = ?").run(at, error, d.id);
    }
    db.prepare('UPDATE push_subscriptions SET last_failure_at = ?, last_error = ?, failures = failures + 1 WHERE id = ?').run(
      at,
      error,
      d.subscriptionId,
    );
  })();
}

/** Housekeeping: finished deliveries and handled slots older than `days`. */
export function pruneQueue(db: Db, now: Date, days = 90): void {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  db.transaction(() => {
    db.prepare("DELETE FROM push_deliveries WHERE state NOT IN ('pending', 'sending') AND created_at < ?").run(cutoff);
    db.prepare('DELETE FROM push_slots WHERE handled_at < ? AND slot_key NOT IN (SELECT slot_key FROM push_deliveries WHERE slot_key IS NOT NULL)').run(cutoff);
  })();
}
