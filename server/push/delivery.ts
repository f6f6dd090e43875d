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
import type { JobHandler, JobResult, RetryPolicy } from '../jobs/runner';
import { DEFAULT_RETRY, retryDelayMs } from '../jobs/runner';
import { PUSH_DELIVERY, type PushDelivery } from './queue';
import { reportStore } from '../reports/store';
import { classifySendError, type PushSender } from './send';
import { deleteSubscription, markDeliveryFailure, markDeliverySuccess, subscriptionById } from './store';

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
      if (Date.parse(d.expiresAt) <= now.getTime()) return { result: 'done', outcome: 'expired' };
      if (d.type === 'reminder' && d.functionId && d.week && reportStore(db).hasReported(d.functionId, d.week)) {
        return { result: 'done', outcome: 'cancelled' }; // the function has reported
      }
      const sub = subscriptionById(db, d.subscriptionId);
      if (!sub) return { result: 'done', outcome: 'unsubscribed' };
      const ttl = Math.max(60, Math.floor((Date.parse(d.expiresAt) - now.getTime()) / 1000));
      const host = safeHost(sub.endpoint);
      try {
        await send({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, d.message, {
          ttl,
          urgency: 'normal',
          ...(d.topic ? { topic: d.topic } : {}),
        });
        if (db.open) markDeliverySuccess(db, d.subscriptionId, now.toISOString());
        return { result: 'done', outcome: 'sent' };
      } catch (err) {
        const failure = classifySendError(err);
        if (!db.open) return { result: 'retry', delayMs: 0, error: failure.message };
        if (failure.kind === 'gone') {
          deleteSubscription(db, d.subscriptionId);
          log(`push: subscription at ${host} is gone (${failure.message}); deleted`);
          return { result: 'done', outcome: 'gone' };
        }
        markDeliveryFailure(db, d.subscriptionId, now.toISOString(), failure.message);
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
