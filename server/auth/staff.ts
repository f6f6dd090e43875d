import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import type { AdminStaff, Me, StaffRole } from '../../shared/admin';
import { DEFAULT_PARAMS, hashPassword, type ScryptParams } from './password';

/** All SQL about staff accounts (admin, coordinator, reader). */
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

export function findStaffByEmail(db: Db, email: string): StaffRow | undefined {
  return db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE email = ?').get(email.trim().toLowerCase());
}

export function findStaff(db: Db, id: string): StaffRow | undefined {
  return db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE id = ?').get(id);
}

export function toMe(row: StaffRow): Me {
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export function toAdminStaff(row: StaffRow): AdminStaff {
  return { id: row.id, email: row.email, name: row.name, role: row.role, disabled: row.disabled_at !== null, createdAt: row.created_at };
}

export function listStaff(db: Db): AdminStaff[] {
  return db.prepare<[], StaffRow>('SELECT * FROM staff ORDER BY email').all().map(toAdminStaff);
}

export function countActiveAdmins(db: Db): number {
  return db.prepare<[], { n: number }>("SELECT count(*) AS n FROM staff WHERE role = 'admin' AND disabled_at IS NULL").get()!.n;
}

/** Inserts with an already computed hash (hash outside any transaction: it takes ~0.3 s). */
export function insertStaff(
  db: Db,
  account: { email: string; name?: string; role: StaffRole; passwordHash: string; demo?: boolean },
  now: Date,
): StaffRow {
  const id = randomUUID();
  db.prepare(
    'INSERT INTO staff (id, email, name, role, password_hash, demo, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(id, account.email.trim().toLowerCase(), account.name ?? '', account.role, account.passwordHash, account.demo ? 1 : 0, now.toISOString(), now.toISOString());
  return findStaff(db, id)!;
}

/** Convenience for seeding and tests. */
export async function createStaff(
  db: Db,
  account: { email: string; name?: string; role: StaffRole; password: string; demo?: boolean },
  now: Date,
  params: ScryptParams = DEFAULT_PARAMS,
): Promise<StaffRow> {
  const passwordHash = await hashPassword(account.password, params);
  return insertStaff(db, { ...account, passwordHash }, now);
}

export function setPasswordHash(db: Db, id: string, passwordHash: string, now: Date): boolean {
  return db.prepare('UPDATE staff SET password_hash = ?, password_changed_at = ? WHERE id = ?').run(passwordHash, now.toISOString(), id).changes === 1;
}

export function updateStaff(db: Db, id: string, change: { name?: string; role?: StaffRole; disabled?: boolean }, now: Date): void {
  if (change.name !== undefined) db.prepare('UPDATE staff SET name = ? WHERE id = ?').run(change.name, id);
  if (change.role !== undefined) db.prepare('UPDATE staff SET role = ? WHERE id = ?').run(change.role, id);
  if (change.disabled !== undefined) {
    db.prepare('UPDATE staff SET disabled_at = ? WHERE id = ?').run(change.disabled ? now.toISOString() : null, id);
  }
}
