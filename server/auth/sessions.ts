import type { Db } from '../db/open';
import { hashSecret, newSecret } from './tokens';
import type { StaffRow } from './staff';

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

export function createSession(db: Db, staffId: string, now: Date): { id: string; expiresAt: Date } {
  const id = newSecret(32);
  db.prepare('INSERT INTO sessions (id_hash, staff_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)').run(
    hashSecret(id),
    staffId,
    now.toISOString(),
    now.toISOString(),
  );
  // Housekeeping: forget sessions that can no longer be used.
  db.prepare('DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?').run(
    new Date(now.getTime() - ABSOLUTE_MS).toISOString(),
    new Date(now.getTime() - IDLE_MS).toISOString(),
  );
  return { id, expiresAt: new Date(now.getTime() + ABSOLUTE_MS) };
}

export function sessionFor(db: Db, id: string, now: Date): SessionLookup {
  const idHash = hashSecret(id);
  const row = db
    .prepare<[string], { created_at: string; last_seen_at: string; staff_id: string }>(
      'SELECT created_at, last_seen_at, staff_id FROM sessions WHERE id_hash = ?',
    )
    .get(idHash);
  if (!row) return { ok: false, reason: 'unknown' };
  const t = now.getTime();
  if (t - Date.parse(row.created_at) >= ABSOLUTE_MS || t - Date.parse(row.last_seen_at) >= IDLE_MS) {
    db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
    return { ok: false, reason: 'expired' };
  }
  const staff = db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE id = ?').get(row.staff_id);
  if (!staff || staff.disabled_at) {
    db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
    return { ok: false, reason: 'unknown' };
  }
  if (t - Date.parse(row.last_seen_at) > TOUCH_THROTTLE_MS) {
    db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(now.toISOString(), idHash);
  }
  return { ok: true, staff, idHash };
}

export function deleteSession(db: Db, id: string): void {
  db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hashSecret(id));
}

export function deleteSessionsOf(db: Db, staffId: string): void {
  db.prepare('DELETE FROM sessions WHERE staff_id = ?').run(staffId);
}
