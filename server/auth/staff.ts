import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import type { AdminStaff, Me, StaffRole } from '../../shared/admin';
import { DEFAULT_PARAMS, hashPassword, type ScryptParams } from './password';
import {
  activeAdminCount,
  allStaff,
  insertStaffRow,
  setStaffDisabledAt,
  setStaffName,
  setStaffPasswordHash,
  setStaffRole,
  staffByEmail,
  staffById,
  type StaffRow,
} from './store';

/** Staff accounts (admin, coordinator, reader); their SQL is in store.ts. */
export function findStaffByEmail(db: Db, email: string): StaffRow | undefined {
  return staffByEmail(db, email.trim().toLowerCase());
}

export function findStaff(db: Db, id: string): StaffRow | undefined {
  return staffById(db, id);
}

export function toMe(row: StaffRow): Me {
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export function toAdminStaff(row: StaffRow): AdminStaff {
  return { id: row.id, email: row.email, name: row.name, role: row.role, disabled: row.disabled_at !== null, createdAt: row.created_at };
}

export function listStaff(db: Db): AdminStaff[] {
  return allStaff(db).map(toAdminStaff);
}

export function countActiveAdmins(db: Db): number {
  return activeAdminCount(db);
}

/** Inserts with an already computed hash (hash outside any transaction: it takes ~0.3 s). */
export function insertStaff(
  db: Db,
  account: { email: string; name?: string; role: StaffRole; passwordHash: string; demo?: boolean },
  now: Date,
): StaffRow {
  const id = randomUUID();
  insertStaffRow(db, {
    id,
    email: account.email.trim().toLowerCase(),
    name: account.name ?? '',
    role: account.role,
    passwordHash: account.passwordHash,
    demo: account.demo ?? false,
    createdAt: now.toISOString(),
  });
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
  return setStaffPasswordHash(db, id, passwordHash, now.toISOString());
}

export function updateStaff(db: Db, id: string, change: { name?: string; role?: StaffRole; disabled?: boolean }, now: Date): void {
  if (change.name !== undefined) setStaffName(db, id, change.name);
  if (change.role !== undefined) setStaffRole(db, id, change.role);
  if (change.disabled !== undefined) setStaffDisabledAt(db, id, change.disabled ? now.toISOString() : null);
}
