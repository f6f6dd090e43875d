/**
 * What the push feature queues, as jobs of kind 'push.delivery' (server/jobs/): one job
 * per (message, subscription). A reminder slot is recorded and its jobs queued in ONE
 * transaction, so a slot is handled exactly once across restarts; the dedupe key names
 * the (slot or publication, subscription) pair, so nothing is ever queued twice.
 * Sending is push/delivery.ts.
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import { enqueueJob } from '../jobs/queue';
import { weekEnd, type IsoWeek } from '../../shared/weeks';
import { informantPicturePayload, picturePayload, reminderPayload } from '../../shared/push';
import { PRUNE_AFTER_DAYS } from './subscriptions';
import type { PlannedSlot } from './schedule';

export const PUSH_DELIVERY = 'push.delivery';

/** Push services hold a reminder this long for a phone that is off; it is stale afterwards. */
export const REMINDER_TTL_S = 24 * 3600;
export const PICTURE_TTL_S = 3 * 24 * 3600;

/** The payload of a 'push.delivery' job. */
export interface PushDelivery {
  type: 'reminder' | 'picture';
  subscriptionId: string;
  /** Reminders: re-checked before each attempt (no reminder once the function has reported). */
  functionId: string | null;
  week: string | null;
  /** The notification as sent (JSON text, encrypted per subscription at send time). */
  message: string;
  topic: string | null;
  expiresAt: string;
}

const sql = prepared((db) => ({
  insertSlot: db.prepare("INSERT OR IGNORE INTO push_slots (slot_key, week, due_at, handled_at, outcome) VALUES (?, ?, ?, ?, ?)"),
  setQueued: db.prepare('UPDATE push_slots SET queued = ? WHERE slot_key = ?'),
  reminderTargets: db.prepare<[string, string], { id: string; function_id: string }>(
    `SELECT s.id, d.function_id
       FROM push_subscriptions s
       JOIN devices d ON d.id = s.device_id AND d.revoked_at IS NULL
      WHERE s.last_seen_at >= ?
        AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.function_id = d.function_id AND r.week = ?)
      ORDER BY s.id`,
  ),
  pictureTargets: db.prepare<[string], { id: string }>(
    `SELECT s.id
       FROM push_subscriptions s
      WHERE s.notify_pictures = 1 AND s.account_id IS NOT NULL AND s.last_seen_at >= ?
        AND NOT EXISTS (SELECT 1 FROM staff st WHERE st.id = s.account_id AND st.disabled_at IS NOT NULL)
      ORDER BY s.id`,
  ),
  informantTargets: db.prepare<[string], { id: string; function_id: string }>(
    `SELECT s.id, d.function_id
       FROM push_subscriptions s
       JOIN devices d ON d.id = s.device_id AND d.revoked_at IS NULL
      WHERE s.last_seen_at >= ?
      ORDER BY s.id`,
  ),
  pruneSlots: db.prepare('DELETE FROM push_slots WHERE handled_at < ?'),
}));

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
  const s = sql(db);
  return db
    .transaction(() => {
      if (s.insertSlot.run(slot.key, slot.week, slot.at.toISOString(), now.toISOString(), 'queued').changes === 0) return null;
      const expiresAt = new Date(Math.min(slot.at.getTime() + REMINDER_TTL_S * 1000, weekEnd(slot.week).getTime())).toISOString();
      const message = JSON.stringify(reminderPayload(slot.week));
      let queued = 0;
      for (const target of s.reminderTargets.all(seenCutoff(now), slot.week)) {
        const payload: PushDelivery = {
          type: 'reminder',
          subscriptionId: target.id,
          functionId: target.function_id,
          week: slot.week,
          message,
          topic: reminderTopic(slot.week),
          expiresAt,
        };
        if (enqueueJob(db, { kind: PUSH_DELIVERY, key: `push.reminder:${slot.key}:${target.id}`, payload }, now)) queued++;
      }
      s.setQueued.run(queued, slot.key);
      return { queued };
    })
    .immediate();
}

/** Records a slot missed by more than the grace period; true the first time (so it is logged once). */
export function recordSkippedSlot(db: Db, slot: PlannedSlot, now: Date): boolean {
  return sql(db).insertSlot.run(slot.key, slot.week, slot.at.toISOString(), now.toISOString(), 'skipped').changes === 1;
}

/**
 * "New picture published": queues a push to every reader who opted in (PUT
 * /api/v1/push/reader-subscription), except accounts that have been disabled since.
 * Called inside the publishing transaction (pictures/publish.ts). `publication` names
 * this publication (e.g. "EST-2026-48/2"), so it is never queued twice for a reader.
 * Returns the number queued.
 */
export function queuePicturePushes(
  db: Db,
  picture: { id: string; week?: IsoWeek; title?: string; publication: string },
  now: Date,
): number {
  const message = JSON.stringify(picturePayload(picture));
  const expiresAt = new Date(now.getTime() + PICTURE_TTL_S * 1000).toISOString();
  return db.transaction(() => {
    let queued = 0;
    for (const target of sql(db).pictureTargets.all(seenCutoff(now))) {
      const payload: PushDelivery = { type: 'picture', subscriptionId: target.id, functionId: null, week: null, message, topic: null, expiresAt };
      if (enqueueJob(db, { kind: PUSH_DELIVERY, key: `push.picture:${picture.publication}:${target.id}`, payload }, now)) queued++;
    }
    return queued;
  })();
}

/**
 * "Veckans lägesbild är publicerad" to every enrolled informant device with a push
 * subscription, opening the latest picture in the app (/picture) – the feedback that keeps
 * informants reporting. Called inside the publishing transaction only where informants
 * may read pictures (INFORMANTS_SEE_PICTURES). A correction is a new publication and
 * notifies again; the same publication never twice. Returns the number queued.
 */
export function queueInformantPicturePushes(db: Db, picture: { week: IsoWeek; publication: string }, now: Date): number {
  const message = JSON.stringify(informantPicturePayload(picture.week));
  const expiresAt = new Date(now.getTime() + PICTURE_TTL_S * 1000).toISOString();
  return db.transaction(() => {
    let queued = 0;
    for (const target of sql(db).informantTargets.all(seenCutoff(now))) {
      const payload: PushDelivery = { type: 'picture', subscriptionId: target.id, functionId: target.function_id, week: null, message, topic: 'picture', expiresAt };
      if (enqueueJob(db, { kind: PUSH_DELIVERY, key: `push.informant-picture:${picture.publication}:${target.id}`, payload }, now)) queued++;
    }
    return queued;
  })();
}

/** Housekeeping: handled slots older than `days` (their reminders expired within a day). */
export function pruneSlots(db: Db, now: Date, days = 90): void {
  sql(db).pruneSlots.run(new Date(now.getTime() - days * 86_400_000).toISOString());
}
