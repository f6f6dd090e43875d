/**
 * Has a published version been withdrawn? A withdrawn version is never sent: the mail
 * handler asks at send time, so a withdrawal stops messages already queued.
 * TODO(h11 merge): point at the withdrawal feature's store once it has landed.
 */
import type { Db } from '../db/open';

export function isWithdrawn(db: Db, week: string, version: number): boolean {
  const table = db.prepare<[], { x: number }>("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'picture_withdrawals'").get();
  if (!table) return false;
  return db.prepare<[string, number], { x: number }>('SELECT 1 AS x FROM picture_withdrawals WHERE week = ? AND version = ?').get(week, version) !== undefined;
}
