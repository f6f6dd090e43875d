/**
 * Which reminder slots are due – pure functions of (config, lastRunAt, now), no clock
 * and no I/O, so every DST edge and restart case is a plain unit test.
 *
 * A slot is a Stockholm wall-clock time in a week ("Wednesday 14:00"). Its instant
 * is found via Intl (CET +01 / CEST +02):
 * - a time that does not exist (spring forward, 02:00–02:59 on the last Sunday of
 *   March) is moved forward by the gap (02:30 → 03:30 CEST), as Temporal's
 *   'compatible' disambiguation does;
 * - a time that exists twice (fall back, 02:00–02:59 on the last Sunday of October) is
 *   its first occurrence – and the slot key names the week and the wall time, so the
 *   second occurrence is the same slot and is never sent again.
 */
import { addWeeks, mondayOf, stockholmInstant, weekOf, weekStart, type IsoWeek } from '../../shared/weeks';
import { slotKey, type ReminderConfig, type ReminderSlot } from '../../shared/push';

/** A slot missed by less than this (server down, or a slow tick) is still sent, late, once. */
export const LATE_GRACE_MS = 60 * 60_000;

const MS_PER_DAY = 86_400_000;

/** The instant of a slot in a given ISO week. */
export function slotInstant(week: IsoWeek, slot: ReminderSlot): Date {
  const monday = mondayOf(week);
  const [y, m, d] = monday.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d + slot.weekday - 1)).toISOString().slice(0, 10);
  return stockholmInstant(day, slot.time);
}

export interface PlannedSlot {
  key: string;
  week: IsoWeek;
  slot: ReminderSlot;
  at: Date;
  /** How long after its time the slot is handled (0 on time). */
  lateByMs: number;
}

export interface SlotPlan {
  /** Due now: in (lastRunAt, now] and less than LATE_GRACE_MS old. Oldest first. */
  due: PlannedSlot[];
  /** Missed by more than the grace period (the server was down): never sent. */
  skipped: PlannedSlot[];
}

/** Looking back further than this for skipped slots is pointless (they are only logged). */
const MAX_LOOKBACK_MS = 14 * MS_PER_DAY;

/**
 * The slots that fell in (lastRunAt, now]. lastRunAt null (first start ever) looks
 * back over the grace period only. Slots within the grace period are due; older ones
 * are skipped. The caller records each slot's key before sending, so calling this
 * again with an overlapping window never sends a slot twice.
 */
export function planSlots(config: ReminderConfig, lastRunAt: Date | null, now: Date): SlotPlan {
  const nowMs = now.getTime();
  const graceStart = nowMs - LATE_GRACE_MS;
  const from = Math.max(lastRunAt ? lastRunAt.getTime() : graceStart, nowMs - MAX_LOOKBACK_MS);
  const plan: SlotPlan = { due: [], skipped: [] };
  if (from >= nowMs || config.slots.length === 0) return plan;
  // Weeks overlapping the window (one extra week either side of the Stockholm week is cheap and safe).
  const firstWeek = addWeeks(weekOf(new Date(from)), -1);
  const lastWeek = addWeeks(weekOf(now), 1);
  const all: PlannedSlot[] = [];
  for (let week = firstWeek; week <= lastWeek; week = addWeeks(week, 1)) {
    if (weekStart(week).getTime() > nowMs) break;
    for (const slot of config.slots) {
      const at = slotInstant(week, slot);
      const t = at.getTime();
      if (t > from && t <= nowMs) all.push({ key: slotKey(week, slot), week, slot, at, lateByMs: nowMs - t });
    }
  }
  all.sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));
  for (const s of all) (s.at.getTime() > graceStart ? plan.due : plan.skipped).push(s);
  return plan;
}

/** The slots due now (see planSlots). */
export function dueSlots(config: ReminderConfig, lastRunAt: Date | null, now: Date): PlannedSlot[] {
  return planSlots(config, lastRunAt, now).due;
}

/** The next slot strictly after `now` (for logs and the admin screen). */
export function nextSlot(config: ReminderConfig, now: Date): PlannedSlot | null {
  let best: PlannedSlot | null = null;
  const week = weekOf(now);
  for (const w of [week, addWeeks(week, 1)]) {
    for (const slot of config.slots) {
      const at = slotInstant(w, slot);
      if (at.getTime() > now.getTime() && (!best || at < best.at)) {
        best = { key: slotKey(w, slot), week: w, slot, at, lateByMs: 0 };
      }
    }
  }
  return best;
}
