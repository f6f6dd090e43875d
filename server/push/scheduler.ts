/**
 * The reminder scheduler, run inside the server process. Every tick it
 *  1. plans the slots that fell since the last tick (planSlots: DST-safe, grace 1 h),
 *  2. records each due slot and queues its deliveries as jobs in one transaction
 *     (queueReminderSlot), so no slot is ever handled twice, restarts included,
 *  3. runs the job runner, which sends what is due (reminders, "new picture" pushes)
 *     through the 'push.delivery' handler this scheduler registers (push/delivery.ts).
 */
import type { Db } from '../db/open';
import type { Clock } from '../http/clock';
import type { JobRunner, RetryPolicy } from '../jobs/runner';
import { pushDeliveryHandler } from './delivery';
import { planSlots } from './schedule';
import { PUSH_DELIVERY, pruneSlots, queueReminderSlot, recordSkippedSlot } from './queue';
import { webPushSender, type PushSender } from './send';
import { DEFAULT_VAPID_SUBJECT, checkVapidSubject, ensureVapidKeys, getLastRunAt, getReminderConfig, setLastRunAt } from './settings';
import { pruneSubscriptions } from './subscriptions';
import { createLogger } from '../log';

const defaultLogger = createLogger();

export { DEFAULT_RETRY, retryDelayMs, type RetryPolicy } from '../jobs/runner';

export interface SchedulerOptions {
  db: Db;
  now: Clock;
  /** The process's job runner: the scheduler registers 'push.delivery' on it. */
  jobs: JobRunner;
  log?: (message: string) => void;
  /** Defaults to web-push with the stored VAPID keys and VAPID_SUBJECT. */
  send?: PushSender;
  /** VAPID subject; defaults to env VAPID_SUBJECT, else mailto:est@localhost.example. */
  subject?: string;
  /** Tick interval; 0 = no timer (tests call tick()). Default 20 s. */
  intervalMs?: number;
  /** Of push deliveries: 30 s, 2 min, 8 min, 32 min by default. */
  retry?: RetryPolicy;
}

export interface TickSummary {
  queuedSlots: { key: string; queued: number; lateByMs: number }[];
  skippedSlots: string[];
  /** Push deliveries the job runner finished in this tick. */
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

const HOUSEKEEPING_EVERY_MS = 6 * 3600_000;

export function startReminderScheduler(opts: SchedulerOptions): ReminderScheduler {
  const { db, jobs } = opts;
  const log = opts.log ?? ((m: string) => defaultLogger.info({ component: 'reminders' }, m));
  const subject = checkVapidSubject(opts.subject ?? DEFAULT_VAPID_SUBJECT);
  // Generated on first start, stored in the database: the public key the app subscribes with.
  const keys = ensureVapidKeys(db, opts.now());
  const send = opts.send ?? webPushSender({ ...keys, subject });
  jobs.register(pushDeliveryHandler({ db, send, log, ...(opts.retry ? { retry: opts.retry } : {}) }));

  let stopped = false;
  let running: Promise<TickSummary> | null = null;
  let lastHousekeeping = 0;

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
      pruneSlots(db, now);
    }

    // Send what was just queued now rather than at the runner's next poll.
    if (!stopped) {
      for (const r of (await jobs.tick()).results) {
        if (r.kind !== PUSH_DELIVERY) continue;
        if (r.result === 'retry') summary.retried++;
        else if (r.result === 'failed') summary.failed++;
        else if (r.outcome === 'sent') summary.sent++;
        else if (r.outcome === 'gone') summary.gone++;
      }
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
