import type { Db } from '../db/open';
import { hashSecret, newSecret } from './tokens';
import { findStaff } from './staff';
import { deleteSessionByHash, deleteSessionsOfStaff, insertSession, pruneSessions, sessionByHash, touchSession, type StaffRow } from './store';

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
  insertSession(db, hashSecret(id), staffId, now.toISOString());
  // Housekeeping: forget sessions that can no longer be used.
  pruneSessions(
    db,
    new Date(now.getTime() - ABSOLUTE_MS).toISOString(),
    new Date(now.getTime() - IDLE_MS).toISOString(),
  );
  return { id, expiresAt: new Date(now.getTime() + ABSOLUTE_MS) };
}

export function sessionFor(db: Db, id: string, now: Date): SessionLookup {
  const idHash = hashSecret(id);
  const row = sessionByHash(db, idHash);
  if (!row) return { ok: false, reason: 'unknown' };
  const t = now.getTime();
  if (t - Date.parse(row.created_at) >= ABSOLUTE_MS || t - Date.parse(row.last_seen_at) >= IDLE_MS) {
    deleteSessionByHash(db, idHash);
    return { ok: false, reason: 'expired' };
  }
  const staff = findStaff(db, row.staff_id);
  if (!staff || staff.disabled_at) {
    deleteSessionByHash(db, idHash);
    return { ok: false, reason: 'unknown' };
  }
  if (t - Date.parse(row.last_seen_at) > TOUCH_THROTTLE_MS) {
    touchSession(db, idHash, now.toISOString());
  }
  return { ok: true, staff, idHash };
}

export function deleteSession(db: Db, id: string): void {
  deleteSessionByHash(db, hashSecret(id));
}

export function deleteSessionsOf(db: Db, staffId: string): void {
  deleteSessionsOfStaff(db, staffId);
}
