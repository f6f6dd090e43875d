import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import { hashSecret, newSecret } from './tokens';
import { findStaff, type StaffRow } from './staff';

/**
 * Staff sessions: a random 256-bit id in an HttpOnly cookie, stored only as its
 * SHA-256. A session ends after IDLE_MS without a request or ABSOLUTE_MS after
 * log-in, whichever comes first, and at once when the account is disabled or
 * its password is reset.
 */
export const IDLE_MS = 8 * 3600_000;
export const ABSOLUTE_MS = 7 * 86_400_000;
const TOUCH_THROTTLE_MS = 60_000;

export type SessionLookup =
  | { ok: true; staff: StaffRow; idHash: string }
  | { ok: false; reason: 'unknown' | 'expired' };

/** Every staff request looks its session up: statements prepared once per database. */
const sql = prepared((db) => ({
  insert: db.prepare<[string, string, string, string]>('INSERT INTO sessions (id_hash, staff_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)'),
  prune: db.prepare<[string, string]>('DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?'),
  find: db.prepare<[string], { created_at: string; last_seen_at: string; staff_id: string }>('SELECT created_at, last_seen_at, staff_id FROM sessions WHERE id_hash = ?'),
  delete: db.prepare<[string]>('DELETE FROM sessions WHERE id_hash = ?'),
  deleteOf: db.prepare<[string]>('DELETE FROM sessions WHERE staff_id = ?'),
  touch: db.prepare<[string, string]>('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?'),
}));

export function createSession(db: Db, staffId: string, now: Date): { id: string; expiresAt: Date } {
  const id = newSecret(32);
  sql(db).insert.run(hashSecret(id), staffId, now.toISOString(), now.toISOString());
  // Housekeeping: forget sessions that can no longer be used.
  sql(db).prune.run(
    new Date(now.getTime() - ABSOLUTE_MS).toISOString(),
    new Date(now.getTime() - IDLE_MS).toISOString(),
  );
  return { id, expiresAt: new Date(now.getTime() + ABSOLUTE_MS) };
}

export function sessionFor(db: Db, id: string, now: Date): SessionLookup {
  const idHash = hashSecret(id);
  const row = sql(db).find.get(idHash);
  if (!row) return { ok: false, reason: 'unknown' };
  const t = now.getTime();
  if (t - Date.parse(row.created_at) >= ABSOLUTE_MS || t - Date.parse(row.last_seen_at) >= IDLE_MS) {
    sql(db).delete.run(idHash);
    return { ok: false, reason: 'expired' };
  }
  const staff = findStaff(db, row.staff_id);
  if (!staff || staff.disabled_at) {
    sql(db).delete.run(idHash);
    return { ok: false, reason: 'unknown' };
  }
  if (t - Date.parse(row.last_seen_at) > TOUCH_THROTTLE_MS) {
    sql(db).touch.run(now.toISOString(), idHash);
  }
  return { ok: true, staff, idHash };
}

export function deleteSession(db: Db, id: string): void {
  sql(db).delete.run(hashSecret(id));
}

export function deleteSessionsOf(db: Db, staffId: string): void {
  sql(db).deleteOf.run(staffId);
}
