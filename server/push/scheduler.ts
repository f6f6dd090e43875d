/**
 * The reminder scheduler, run inside the server process. Every tick it
 *  1. plans the slots that fell since the last tick (planSlots: DST-safe, grace 1 h),
 *  2. records each due slot and queues its deliveries in one transaction
 *     (queueReminderSlot), so no slot is ever handled twice, restarts included,
 *  3. sends what the queue holds (reminders, "new picture" pushes) with web-push:
 *     404/410 deletes the subscription, other failures are retried with bounded
 *     exponential backoff and logged; a reminder whose function has reported in
 *     the meantime is not sent.
 */
import type { Db } from '../db/open';
import type { Clock } from '../http/clock';
import { planSlots } from './schedule';
import {
  abandonInFlight,
  claimDueDeliveries,
  markFailed,
  markGone,
  markSent,
  pruneQueue,
  queueReminderSlot,
  recordSkippedSlot,
  type ClaimedDelivery,
} from './queue';
import { classifySendError, webPushSender, type PushSender } from './send';
import { checkVapidSubject, ensureVapidKeys, getLastRunAt, getReminderConfig, setLastRunAt, vapidSubjectFromEnv } from './settings';
import { pruneSubscriptions } from './subscriptions';
import { createLogger } from '../log';

const defaultLogger = createLogger();

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

/** 30 s, 2 min, 8 min, 32 min: five attempts within the hour, well inside the reminder's TTL. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseMs: 30_000, capMs: 60 * 60_000 };

export function retryDelayMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  return Math.min(policy.capMs, policy.baseMs * 4 ** Math.max(0, attempts - 1));
}

export interface SchedulerOptions {
  db: Db;
  now: Clock;
  log?: (message: string) => void;
  /** Defaults to web-push with the stored VAPID keys and VAPID_SUBJECT. */
  send?: PushSender;
  /** VAPID subject; defaults to env VAPID_SUBJECT, else mailto:est@localhost.example. */
  subject?: string;
  /** Tick interval; 0 = no timer (tests call tick()). Default 20 s. */
  intervalMs?: number;
  retry?: RetryPolicy;
  /** Parallel requests to push services. */
  concurrency?: number;
}

export interface TickSummary {
  queuedSlots: { key: string; queued: number; lateByMs: number }[];
  skippedSlots: string[];
  sent: number;
  gone: number;
  retried: number;
  failed: number;
}

export interface ReminderScheduler {
  /** Stops the timer and waits for a running tick; call before closing the database. */
  stop(): Promise<void>;
  /** One scheduler pass now (also what the timer runs). Ticks never overlap. */
  tick(): Promise<TickSummary>;
}

const BATCH = 100;
const HOUSEKEEPING_EVERY_MS = 6 * 3600_000;

export function startReminderScheduler(opts: SchedulerOptions): ReminderScheduler {
  const { db } = opts;
  const log = opts.log ?? ((m: string) => defaultLogger.info({ component: 'reminders' }, m));
  const retry = opts.retry ?? DEFAULT_RETRY;
  const concurrency = opts.concurrency ?? 8;
  const subject = opts.subject !== undefined ? checkVapidSubject(opts.subject) : vapidSubjectFromEnv();
  // Generated on first start, stored in the database: the public key the app subscribes with.
  const keys = ensureVapidKeys(db, opts.now());
  const send = opts.send ?? webPushSender({ ...keys, subject });

  const abandoned = abandonInFlight(db, opts.now());
  if (abandoned > 0) log(`push: ${abandoned} notification(s) were being sent when the server stopped; not resent`);

  let stopped = false;
  let running: Promise<TickSummary> | null = null;
  let lastHousekeeping = 0;

  async function deliver(d: ClaimedDelivery, summary: TickSummary): Promise<void> {
    const nowAtSend = opts.now();
    const ttl = Math.max(60, Math.floor((Date.parse(d.expiresAt) - nowAtSend.getTime()) / 1000));
    try {
      await send({ endpoint: d.endpoint, keys: { p256dh: d.p256dh, auth: d.auth } }, d.payload, {
        ttl,
        urgency: 'normal',
        ...(d.topic ? { topic: d.topic } : {}),
      });
      if (stopped && !db.open) return;
      markSent(db, d, opts.now());
      summary.sent++;
    } catch (err) {
      if (stopped && !db.open) return;
      const failure = classifySendError(err);
      const host = safeHost(d.endpoint);
      if (failure.kind === 'gone') {
        markGone(db, d);
        summary.gone++;
        log(`push: subscription at ${host} is gone (${failure.message}); deleted`);
        return;
      }
      const now = opts.now();
      const retryAt = d.attempts < retry.maxAttempts ? new Date(now.getTime() + retryDelayMs(d.attempts, retry)) : null;
      markFailed(db, d, now, failure.message, retryAt);
      if (retryAt) {
        summary.retried++;
        log(`push: ${d.kind} to ${host} failed (attempt ${d.attempts}/${retry.maxAttempts}): ${failure.message}; retry at ${retryAt.toISOString()}`);
      } else {
        summary.failed++;
        log(`push: ${d.kind} to ${host} failed for good after ${d.attempts} attempts: ${failure.message}`);
      }
    }
  }

  async function runTick(): Promise<TickSummary> {
    const summary: TickSummary = { queuedSlots: [], skippedSlots: [], sent: 0, gone: 0, retried: 0, failed: 0 };
    const now = opts.now();
    const plan = planSlots(getReminderConfig(db), getLastRunAt(db), now);
    for (const slot of plan.skipped) {
      if (recordSkippedSlot(db, slot, now)) {
        summary.skippedSlots.push(slot.key);
        log(`push: reminder ${slot.key} was missed by ${Math.round(slot.lateByMs / 60_000)} min (server down); skipped`);
      }
    }
    for (const slot of plan.due) {
      const queued = queueReminderSlot(db, slot, now);
      if (!queued) continue; // handled before (an earlier run): never twice
      summary.queuedSlots.push({ key: slot.key, queued: queued.queued, lateByMs: slot.lateByMs });
      const late = slot.lateByMs > 5 * 60_000 ? ` (${Math.round(slot.lateByMs / 60_000)} min late)` : '';
      log(`push: reminder ${slot.key}: ${queued.queued} device(s) of functions that have not reported${late}`);
    }
    setLastRunAt(db, now);

    if (now.getTime() - lastHousekeeping > HOUSEKEEPING_EVERY_MS) {
      lastHousekeeping = now.getTime();
      const pruned = pruneSubscriptions(db, now);
      if (pruned > 0) log(`push: pruned ${pruned} subscription(s) unseen for long or of revoked devices`);
      pruneQueue(db, now);
    }

    for (;;) {
      if (stopped) break;
      const batch = claimDueDeliveries(db, opts.now(), BATCH);
      if (batch.length === 0) break;
      await pool(batch, concurrency, (d) => deliver(d, summary));
      if (batch.length < BATCH) break;
    }
    return summary;
  }

  function tick(): Promise<TickSummary> {
    if (running) return running;
    running = runTick().finally(() => {
      running = null;
    });
    return running;
  }

  const safeTick = () => {
    if (stopped) return;
    tick().catch((err: unknown) => log(`push: scheduler tick failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  };

  const interval = opts.intervalMs ?? 20_000;
  let timer: NodeJS.Timeout | undefined;
  if (interval > 0) {
    timer = setInterval(safeTick, interval);
    timer.unref();
    setImmediate(safeTick);
  }

  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (running) await running.catch(() => undefined);
    },
  };
}

async function pool<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}

function safeHost(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return 'an unknown push service';
  }
}
