/**
 * The handler of 'push.delivery' jobs: sends one notification to one subscription with
 * web-push. 404/410 deletes the subscription; other failures are retried with bounded
 * exponential backoff and logged; an expired message, or a reminder whose function has
 * reported in the meantime, is closed without sending.
 *
 * AT MOST ONCE: a notification cannot be recalled, and a delivery interrupted mid-send
 * may or may not have arrived – so after a crash it is never sent again
 * (`interrupted: 'abandon'`), rather than the runner's default at-least-once.
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import type { JobHandler, JobResult, RetryPolicy } from '../jobs/runner';
import { DEFAULT_RETRY, retryDelayMs } from '../jobs/runner';
import { PUSH_DELIVERY, type PushDelivery } from './queue';
import { classifySendError, type PushSender } from './send';

const sql = prepared((db) => ({
  subscription: db.prepare<[string], { endpoint: string; p256dh: string; auth: string }>(
    'SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE id = ?',
  ),
  hasReported: db.prepare<[string, string], { x: number }>('SELECT 1 AS x FROM reports WHERE function_id = ? AND week = ? LIMIT 1'),
  success: db.prepare('UPDATE push_subscriptions SET last_success_at = ?, failures = 0, last_error = NULL WHERE id = ?'),
  failure: db.prepare('UPDATE push_subscriptions SET last_failure_at = ?, last_error = ?, failures = failures + 1 WHERE id = ?'),
  remove: db.prepare('DELETE FROM push_subscriptions WHERE id = ?'),
}));

export interface PushDeliveryOptions {
  db: Db;
  send: PushSender;
  log: (message: string) => void;
  retry?: RetryPolicy;
}

export function pushDeliveryHandler(opts: PushDeliveryOptions): JobHandler<PushDelivery> {
  const { db, send, log } = opts;
  const retry = opts.retry ?? DEFAULT_RETRY;
  return {
    kind: PUSH_DELIVERY,
    interrupted: 'abandon',
    async run(job, now): Promise<JobResult> {
      const d = job.payload;
      const s = sql(db);
      if (Date.parse(d.expiresAt) <= now.getTime()) return { result: 'done', outcome: 'expired' };
      if (d.type === 'reminder' && d.functionId && d.week && s.hasReported.get(d.functionId, d.week)) {
        return { result: 'done', outcome: 'cancelled' }; // the function has reported
      }
      const sub = s.subscription.get(d.subscriptionId);
      if (!sub) return { result: 'done', outcome: 'unsubscribed' };
      const ttl = Math.max(60, Math.floor((Date.parse(d.expiresAt) - now.getTime()) / 1000));
      const host = safeHost(sub.endpoint);
      try {
        await send({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, d.message, {
          ttl,
          urgency: 'normal',
          ...(d.topic ? { topic: d.topic } : {}),
        });
        if (db.open) s.success.run(now.toISOString(), d.subscriptionId);
        return { result: 'done', outcome: 'sent' };
      } catch (err) {
        const failure = classifySendError(err);
        if (!db.open) return { result: 'retry', delayMs: 0, error: failure.message };
        if (failure.kind === 'gone') {
          s.remove.run(d.subscriptionId);
          log(`push: subscription at ${host} is gone (${failure.message}); deleted`);
          return { result: 'done', outcome: 'gone' };
        }
        s.failure.run(now.toISOString(), failure.message, d.subscriptionId);
        if (job.attempts < retry.maxAttempts) {
          const delayMs = retryDelayMs(job.attempts, retry);
          log(
            `push: ${d.type} to ${host} failed (attempt ${job.attempts}/${retry.maxAttempts}): ${failure.message}; retry at ${new Date(now.getTime() + delayMs).toISOString()}`,
          );
          return { result: 'retry', delayMs, error: failure.message };
        }
        log(`push: ${d.type} to ${host} failed for good after ${job.attempts} attempts: ${failure.message}`);
        return { result: 'failed', error: failure.message };
      }
    },
  };
}

function safeHost(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return 'an unknown push service';
  }
}
