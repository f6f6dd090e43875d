/**
 * The handler of 'mail.picture' jobs: one published version to one recipient.
 *
 * Never the same version twice to the same address: before sending, the send record
 * (mail_sends) is checked, and the moment the SMTP server accepts the message the record
 * is marked 'sent' – before anything else happens. The job runner is at least once (a
 * job a killed process left running is run again), and the record makes that safe.
 *
 * THE REMAINING WINDOW, honestly: if the process dies after the SMTP server has answered
 * 250 to the message but before the 'sent' mark is committed (one synchronous SQLite
 * write right after the answer arrives: microseconds, plus the fsync), the restarted
 * server sends that message again. No SMTP client can close this window – the server
 * may even have accepted a message whose answer never reached us. The resend carries
 * the same Message-ID, so mail clients that collapse duplicates show it once. A crash
 * any earlier (while connecting, or mid-DATA) leaves no accepted message and the resend
 * is the only copy.
 *
 * Checked again at send time, so a change after publishing still counts: an
 * unsubscribed or deleted recipient and a withdrawn version are never sent.
 */
import type { Db } from '../db/open';
import { DEFAULT_RETRY, retryDelayMs, type JobHandler, type JobResult, type RetryPolicy } from '../jobs/runner';
import { pictureStore } from '../pictures/store';
import { pictureMail } from './message';
import { MAIL_PICTURE, type MailPictureJob } from './queue';
import { sendoutStore } from './store';
import { linkSecret, unsubscribeToken, webVersionToken } from './tokens';
import { classifySendError, type MailSender } from './transport';
import { isWithdrawn } from './withdrawals';

export interface MailHandlerOptions {
  db: Db;
  send: MailSender;
  /** PUBLIC_URL: the links in the message point here (a function: without PUBLIC_URL it is known only once listening). */
  publicUrl: string | (() => string);
  log: (message: string) => void;
  retry?: RetryPolicy;
  /** Default: the withdrawal feature's record (withdrawals.ts). */
  withdrawn?: (week: string, version: number) => boolean;
}

/** Links of one message, also used by the preview. */
export function mailLinks(db: Db, publicUrl: string, week: string, version: number, recipientId: number) {
  const secret = linkSecret(db);
  return {
    web: `${publicUrl}/api/v1/sendout/web/${webVersionToken(secret, week, version)}`,
    unsubscribe: `${publicUrl}/api/v1/sendout/unsubscribe/${unsubscribeToken(secret, recipientId)}`,
  };
}

export function mailDomain(publicUrl: string): string {
  try {
    return new URL(publicUrl).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

/** An SMTP answer can quote the address; the reason is shown to coordinators, so it never holds one. */
export function scrubAddresses(reason: string): string {
  return reason.replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, 'adressen').slice(0, 500);
}

export function mailPictureHandler(opts: MailHandlerOptions): JobHandler<MailPictureJob> {
  const { db, send, log } = opts;
  const retry = opts.retry ?? DEFAULT_RETRY;
  const withdrawn = opts.withdrawn ?? ((week: string, version: number) => isWithdrawn(db, week, version));
  return {
    kind: MAIL_PICTURE,
    interrupted: 'retry',
    async run(job, now): Promise<JobResult> {
      const { week, version, recipientId } = job.payload;
      const store = sendoutStore(db);
      const record = store.sendState(week, version, recipientId);
      if (!record) return { result: 'done', outcome: 'removed' }; // the recipient was deleted (records go with them)
      if (record.state === 'sent') return { result: 'done', outcome: 'already-sent' };
      const recipient = store.recipient(recipientId);
      if (!recipient) return { result: 'done', outcome: 'removed' };
      if (recipient.unsubscribedAt) {
        store.markSkipped(week, version, recipientId, 'Avregistrerad', now);
        return { result: 'done', outcome: 'unsubscribed' };
      }
      if (withdrawn(week, version)) {
        store.markSkipped(week, version, recipientId, 'Versionen är tillbakadragen', now);
        return { result: 'done', outcome: 'withdrawn' };
      }
      const picture = pictureStore(db).published(week, version);
      if (!picture) return { result: 'failed', error: `no published picture ${week} version ${version}` };
      const origin = typeof opts.publicUrl === 'function' ? opts.publicUrl() : opts.publicUrl;
      const mail = pictureMail(picture, mailLinks(db, origin, week, version, recipientId), { recipientId, domain: mailDomain(origin) });
      try {
        await send({ ...mail, to: { name: recipient.name, address: recipient.email } });
      } catch (err) {
        const failure = classifySendError(err);
        const reason = scrubAddresses(failure.reason);
        if (!db.open) return { result: 'retry', delayMs: 0, error: reason };
        if (failure.temporary && job.attempts < retry.maxAttempts) {
          const delayMs = retryDelayMs(job.attempts, retry);
          store.markAttempt(week, version, recipientId, 'waiting', reason, now);
          log(`mail: ${picture.registerNumber} v${version} to recipient #${recipientId} failed (attempt ${job.attempts}/${retry.maxAttempts}): ${reason}; retry at ${new Date(now.getTime() + delayMs).toISOString()}`);
          return { result: 'retry', delayMs, error: reason };
        }
        store.markAttempt(week, version, recipientId, 'failed', reason, now);
        log(`mail: ${picture.registerNumber} v${version} to recipient #${recipientId} failed for good: ${reason}`);
        return { result: 'failed', error: reason, outcome: failure.temporary ? 'gave-up' : 'refused' };
      }
      // Accepted by the SMTP server: record it before anything else (see the top of this file).
      if (db.open) store.markSent(week, version, recipientId, now);
      return { result: 'done', outcome: 'sent' };
    },
  };
}
