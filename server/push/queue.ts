/**
 * What the push feature queues, as jobs of kind 'push.delivery' (server/jobs/): one job
 * per (message, subscription). A reminder slot is recorded and its jobs queued in ONE
 * transaction, so a slot is handled exactly once across restarts; the dedupe key names
 * the (slot or publication, subscription) pair, so nothing is ever queued twice.
 * Sending is push/delivery.ts.
 */
import type { Db } from '../db/open';
import { enqueueJob } from '../jobs/queue';
import { disabledStaffIds } from '../auth/store';
import { activeDeviceFunctions } from '../informant/store';
import { reportStore } from '../reports/store';
import { weekEnd, type IsoWeek } from '../../shared/weeks';
import { informantPicturePayload, picturePayload, reminderPayload } from '../../shared/push';
import { PRUNE_AFTER_DAYS } from './subscriptions';
import type { PlannedSlot } from './schedule';
import { insertSlot, pruneSlotsBefore, setSlotQueued, subscriptionsSeenSince } from './store';

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

/** Subscriptions of active devices seen since the cutoff, with the device's function. */
function deviceTargets(db: Db, cutoff: string): { id: string; function_id: string }[] {
  const deviceFunction = activeDeviceFunctions(db);
  const targets: { id: string; function_id: string }[] = [];
  for (const s of subscriptionsSeenSince(db, cutoff)) {
    const functionId = s.device_id === null ? undefined : deviceFunction.get(s.device_id);
    if (functionId !== undefined) targets.push({ id: s.id, function_id: functionId });
  }
  return targets;
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
      if (!insertSlot(db, { key: slot.key, week: slot.week, dueAt: slot.at.toISOString(), handledAt: now.toISOString(), outcome: 'queued' })) return null;
      const expiresAt = new Date(Math.min(slot.at.getTime() + REMINDER_TTL_S * 1000, weekEnd(slot.week).getTime())).toISOString();
      const message = JSON.stringify(reminderPayload(slot.week));
      let queued = 0;
      const reported = reportStore(db).functionsReportedIn(slot.week);
      for (const target of deviceTargets(db, seenCutoff(now)).filter((t) => !reported.has(t.function_id))) {
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
      setSlotQueued(db, slot.key, queued);
      return { queued };
    })
    .immediate();
}

/** Records a slot missed by more than the grace period; true the first time (so it is logged once). */
export function recordSkippedSlot(db: Db, slot: PlannedSlot, now: Date): boolean {
  return insertSlot(db, { key: slot.key, week: slot.week, dueAt: slot.at.toISOString(), handledAt: now.toISOString(), outcome: 'skipped' });
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
    const disabled = disabledStaffIds(db);
    const targets = subscriptionsSeenSince(db, seenCutoff(now)).filter(
      (s) => s.notify_pictures === 1 && s.account_id !== null && !disabled.has(s.account_id),
    );
    for (const target of targets) {
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
    for (const target of deviceTargets(db, seenCutoff(now))) {
      const payload: PushDelivery = { type: 'picture', subscriptionId: target.id, functionId: target.function_id, week: null, message, topic: 'picture', expiresAt };
      if (enqueueJob(db, { kind: PUSH_DELIVERY, key: `push.informant-picture:${picture.publication}:${target.id}`, payload }, now)) queued++;
    }
    return queued;
  })();
}

/** Housekeeping: handled slots older than `days` (their reminders expired within a day). */
export function pruneSlots(db: Db, now: Date, days = 90): void {
  pruneSlotsBefore(db, new Date(now.getTime() - days * 86_400_000).toISOString());
}
