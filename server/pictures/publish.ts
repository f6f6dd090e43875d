/**
 * Publishing a week's picture, the domain action: in ONE transaction it checks the
 * draft (exists, is the version the coordinator reviewed), writes the next immutable
 * version, its audit entry and its follow-up jobs. Either all of it is committed or
 * none: a picture is never published without its notifications queued, and no reader
 * is notified of a picture that was not published.
 *
 * Follow-ups are jobs (server/jobs/): adding a channel (e-mail, …) = register a handler
 * for a new job kind in the feature that owns the channel + queue it in `queueFollowUps`.
 */
import type { PictureFacts, PublishedPicture } from '../../shared/pictures';
import type { IsoWeek } from '../../shared/weeks';
import { audit } from '../audit/log';
import type { Db } from '../db/open';
import { queueInformantPicturePushes, queuePicturePushes } from '../push/queue';
import { queuePictureMail } from '../sendout/queue';
import type { PictureFinding } from './guard';
import { tidyContent } from './draft';
import { pictureStore } from './store';

export interface PublishRequest {
  week: IsoWeek;
  /** The draft version the coordinator reviewed: anything newer is a conflict. */
  draftVersion: number;
  /** The figures the text was written against, compiled just before. */
  facts: PictureFacts;
  /** Register-number prefix, e.g. "EST". */
  prefix: string;
  /** Staff account id. */
  by: string | null;
  now: Date;
  /** Channels beyond the readers' push: the e-mail send-out (SMTP configured), informant devices (INFORMANTS_SEE_PICTURES). */
  channels?: { mail?: boolean; informants?: boolean };
  /**
   * A week published after the fact by the system – the demo's past weeks: audited as
   * the system, and nobody is notified (a push or e-mail about a week long gone would
   * tell readers nothing new, and at seeding nobody has subscribed yet anyway).
   */
  history?: true;
}

export type PublishResult =
  | { kind: 'ok'; picture: PublishedPicture }
  | { kind: 'missing' }
  | { kind: 'conflict' }
  | { kind: 'blocked'; findings: PictureFinding[] };

export function publishPicture(db: Db, req: PublishRequest): PublishResult {
  const store = pictureStore(db);
  return db.transaction((): PublishResult => {
    const draft = store.draft(req.week);
    if (!draft) return { kind: 'missing' };
    if (draft.version !== req.draftVersion) return { kind: 'conflict' };
    // Drafts saved before empty rows were dropped on save may still hold some: none is published.
    const outcome = store.publish(req.week, tidyContent(draft.content), req.facts, { prefix: req.prefix, now: req.now, by: req.by });
    if (!outcome.ok) return { kind: 'blocked', findings: outcome.findings };
    const p = outcome.picture;
    audit(db, {
      actor: req.history ? { type: 'system' } : { type: 'staff', id: req.by },
      action: 'picture.publish',
      target: `picture:${p.registerNumber}/${p.version}`,
      detail: { week: req.week, registerNumber: p.registerNumber, version: p.version, draftVersion: draft.version, ...(req.history ? { history: true } : {}) },
      at: req.now,
    });
    if (!req.history) queueFollowUps(db, p, req.now, req.channels ?? {});
    return { kind: 'ok', picture: p };
  }).immediate();
}

/** The side effects of a publication, as jobs in the publishing transaction. */
function queueFollowUps(db: Db, p: PublishedPicture, now: Date, channels: NonNullable<PublishRequest['channels']>): void {
  // Readers who opted in get a push ("Ny lägesbild för vecka 48").
  queuePicturePushes(db, { id: p.week, week: p.week, title: `${p.registerNumber}, version ${p.version}`, publication: `${p.registerNumber}/${p.version}` }, now);
  // The weekly send-out: one e-mail per recipient (server/sendout/).
  if (channels.mail) queuePictureMail(db, p, now);
  // Informants whose phones take pushes: "Veckans lägesbild är publicerad", opening the picture in the app.
  if (channels.informants) queueInformantPicturePushes(db, { week: p.week, publication: `${p.registerNumber}/${p.version}` }, now);
}
