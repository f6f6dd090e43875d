/**
 * All SQL of the auth feature: staff accounts, sessions, first-run setup codes and
 * log-in failures (migration 0002-staff-and-audit.sql). Plain functions of the
 * database handle; statements are prepared once per database (every staff request
 * looks its session up).
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import type { StaffRole } from '../../shared/admin';

export interface StaffRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  demo: number;
  disabled_at: string | null;
  created_at: string;
}

export interface SessionRow {
  created_at: string;
  last_seen_at: string;
  staff_id: string;
}

const sql = prepared((db: Db) => ({
  // ---- staff
  staffByEmail: db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE email = ?'),
  staff: db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE id = ?'),
  allStaff: db.prepare<[], StaffRow>('SELECT * FROM staff ORDER BY email'),
  activeAdmins: db.prepare<[], number>("SELECT count(*) FROM staff WHERE role = 'admin' AND disabled_at IS NULL").pluck(),
  insertStaff: db.prepare<[string, string, string, StaffRole, string, number, string, string]>(
    'INSERT INTO staff (id, email, name, role, password_hash, demo, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  setPassword: db.prepare<[string, string, string]>('UPDATE staff SET password_hash = ?, password_changed_at = ? WHERE id = ?'),
  setName: db.prepare<[string, string]>('UPDATE staff SET name = ? WHERE id = ?'),
  setRole: db.prepare<[StaffRole, string]>('UPDATE staff SET role = ? WHERE id = ?'),
  setDisabled: db.prepare<[string | null, string]>('UPDATE staff SET disabled_at = ? WHERE id = ?'),
  emails: db.prepare<[string], { id: string; email: string }>('SELECT id, email FROM staff WHERE id IN (SELECT value FROM json_each(?))'),
  disabledIds: db.prepare<[], string>('SELECT id FROM staff WHERE disabled_at IS NOT NULL').pluck(),
  // ---- sessions
  insertSession: db.prepare<[string, string, string, string]>('INSERT INTO sessions (id_hash, staff_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)'),
  pruneSessions: db.prepare<[string, string]>('DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?'),
  session: db.prepare<[string], SessionRow>('SELECT created_at, last_seen_at, staff_id FROM sessions WHERE id_hash = ?'),
  deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE id_hash = ?'),
  deleteSessionsOf: db.prepare<[string]>('DELETE FROM sessions WHERE staff_id = ?'),
  touchSession: db.prepare<[string, string]>('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?'),
  // ---- setup codes
  deleteSetupCodes: db.prepare('DELETE FROM setup_codes'),
  insertSetupCode: db.prepare<[string, string]>('INSERT INTO setup_codes (code_hash, created_at) VALUES (?, ?)'),
  setupCode: db.prepare<[string]>('SELECT 1 FROM setup_codes WHERE code_hash = ?'),
  deleteSetupCode: db.prepare<[string]>('DELETE FROM setup_codes WHERE code_hash = ?'),
  // ---- log-in failures
  pruneFailures: db.prepare<[string]>('DELETE FROM login_failures WHERE at <= ?'),
  failuresSince: db.prepare<[string, string], string>('SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at DESC').pluck(),
  insertFailure: db.prepare<[string, string]>('INSERT INTO login_failures (key, at) VALUES (?, ?)'),
  deleteFailure: db.prepare<[number]>('DELETE FROM login_failures WHERE rowid = ?'),
  deleteFailuresOf: db.prepare<[string, string]>('DELETE FROM login_failures WHERE key IN (?, ?)'),
}));

// ---- staff ------------------------------------------------------------------
export function staffByEmail(db: Db, email: string): StaffRow | undefined {
  return sql(db).staffByEmail.get(email);
}
export function staffById(db: Db, id: string): StaffRow | undefined {
  return sql(db).staff.get(id);
}
export function allStaff(db: Db): StaffRow[] {
  return sql(db).allStaff.all();
}
export function activeAdminCount(db: Db): number {
  return sql(db).activeAdmins.get()!;
}
export function insertStaffRow(
  db: Db,
  row: { id: string; email: string; name: string; role: StaffRole; passwordHash: string; demo: boolean; createdAt: string },
): void {
  sql(db).insertStaff.run(row.id, row.email, row.name, row.role, row.passwordHash, row.demo ? 1 : 0, row.createdAt, row.createdAt);
}
/** False when there is no such account. */
export function setStaffPasswordHash(db: Db, id: string, passwordHash: string, at: string): boolean {
  return sql(db).setPassword.run(passwordHash, at, id).changes === 1;
}
export function setStaffName(db: Db, id: string, name: string): void {
  sql(db).setName.run(name, id);
}
export function setStaffRole(db: Db, id: string, role: StaffRole): void {
  sql(db).setRole.run(role, id);
}
export function setStaffDisabledAt(db: Db, id: string, at: string | null): void {
  sql(db).setDisabled.run(at, id);
}
/** staff id → e-mail, for the ids that exist (the audit log's names). */
export function staffEmails(db: Db, ids: readonly string[]): Map<string, string> {
  return new Map(sql(db).emails.all(JSON.stringify(ids)).map((r) => [r.id, r.email]));
}
export function disabledStaffIds(db: Db): Set<string> {
  return new Set(sql(db).disabledIds.all());
}

// ---- sessions ---------------------------------------------------------------
export function insertSession(db: Db, idHash: string, staffId: string, at: string): void {
  sql(db).insertSession.run(idHash, staffId, at, at);
}
/** Forgets sessions created before `createdBefore` or idle since before `seenBefore`. */
export function pruneSessions(db: Db, createdBefore: string, seenBefore: string): void {
  sql(db).pruneSessions.run(createdBefore, seenBefore);
}
export function sessionByHash(db: Db, idHash: string): SessionRow | undefined {
  return sql(db).session.get(idHash);
}
export function deleteSessionByHash(db: Db, idHash: string): void {
  sql(db).deleteSession.run(idHash);
}
export function deleteSessionsOfStaff(db: Db, staffId: string): void {
  sql(db).deleteSessionsOf.run(staffId);
}
export function touchSession(db: Db, idHash: string, at: string): void {
  sql(db).touchSession.run(at, idHash);
}

// ---- setup codes ------------------------------------------------------------
export function deleteSetupCodes(db: Db): void {
  sql(db).deleteSetupCodes.run();
}
export function insertSetupCode(db: Db, codeHash: string, at: string): void {
  sql(db).insertSetupCode.run(codeHash, at);
}
export function setupCodeExists(db: Db, codeHash: string): boolean {
  return sql(db).setupCode.get(codeHash) !== undefined;
}
/** True when the code existed (and is gone now). */
export function deleteSetupCode(db: Db, codeHash: string): boolean {
  return sql(db).deleteSetupCode.run(codeHash).changes === 1;
}

// ---- log-in failures --------------------------------------------------------
export function pruneLoginFailures(db: Db, upTo: string): void {
  sql(db).pruneFailures.run(upTo);
}
/** When the key failed after `since`, newest first. */
export function loginFailuresSince(db: Db, key: string, since: string): string[] {
  return sql(db).failuresSince.all(key, since);
}
/** Returns the failure's rowid (to take it back). */
export function insertLoginFailure(db: Db, key: string, at: string): number {
  return Number(sql(db).insertFailure.run(key, at).lastInsertRowid);
}
export function deleteLoginFailure(db: Db, rowid: number): void {
  sql(db).deleteFailure.run(rowid);
}
export function deleteLoginFailuresOf(db: Db, keys: [string, string]): void {
  sql(db).deleteFailuresOf.run(...keys);
}
