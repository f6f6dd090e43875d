/**
 * Has a published version been withdrawn? A withdrawn version is never sent: the mail
 * handler asks at send time, so a withdrawal also stops messages already queued.
 */
import type { Db } from '../db/open';
import { pictureStore } from '../pictures/store';

export function isWithdrawn(db: Db, week: string, version: number): boolean {
  return Boolean(pictureStore(db).published(week, version)?.withdrawn);
}
