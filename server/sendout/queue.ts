/**
 * What publishing queues for the send-out: one 'mail.picture' job and one send record
 * per recipient, in the publishing transaction (server/pictures/publish.ts). The job's
 * key names (register number/version, recipient), so a version is never queued twice
 * for the same recipient; the send record is what the sender checks before sending.
 */
import type { Db } from '../db/open';
import { enqueueJob, requeueJob, type NewJob } from '../jobs/queue';
import type { PublishedPicture } from '../../shared/pictures';
import { sendoutStore } from './store';

export const MAIL_PICTURE = 'mail.picture';

/** The payload of a 'mail.picture' job: ids only (the address is read at send time, never copied into a job). */
export interface MailPictureJob {
  week: string;
  version: number;
  registerNumber: string;
  recipientId: number;
}

function job(p: Pick<PublishedPicture, 'week' | 'version' | 'registerNumber'>, recipientId: number): NewJob {
  const payload: MailPictureJob = { week: p.week, version: p.version, registerNumber: p.registerNumber, recipientId };
  return { kind: MAIL_PICTURE, key: `${MAIL_PICTURE}:${p.registerNumber}/${p.version}:${recipientId}`, payload };
}

/** Inside the publishing transaction: one message per recipient on a list who has not unsubscribed. Returns how many. */
export function queuePictureMail(db: Db, p: Pick<PublishedPicture, 'week' | 'version' | 'registerNumber'>, now: Date): number {
  const store = sendoutStore(db);
  let queued = 0;
  for (const id of store.pictureRecipients()) {
    if (store.recordQueued(p.week, p.version, id, now) && enqueueJob(db, job(p, id), now)) queued++;
  }
  return queued;
}

/** A coordinator's "send the failed ones again": their records back to waiting, their jobs due now. */
export function resendFailed(db: Db, p: Pick<PublishedPicture, 'week' | 'version' | 'registerNumber'>, now: Date): number {
  return db
    .transaction(() => {
      const ids = sendoutStore(db).resetFailed(p.week, p.version, now);
      for (const id of ids) requeueJob(db, job(p, id), now);
      return ids.length;
    })
    .immediate();
}
