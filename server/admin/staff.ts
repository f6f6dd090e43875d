import type { Db } from '../db/open';
import type { AdminStaff, StaffRole } from '../../shared/admin';
import { hashPassword } from '../auth/password';
import { deleteSessionsOf } from '../auth/sessions';
import { countActiveAdmins, findStaff, findStaffByEmail, insertStaff, setPasswordHash, toAdminStaff, updateStaff } from '../auth/staff';
import { Refusal, notFound } from './refusal';

/** Staff account administration (the admin's side of server/auth/staff.ts). */

export async function addStaff(
  db: Db,
  account: { email: string; name: string; role: StaffRole; password: string },
  now: Date,
): Promise<AdminStaff | Refusal> {
  if (findStaffByEmail(db, account.email)) return new Refusal(409, 'exists', 'email: an account with this e-mail address already exists.');
  const passwordHash = await hashPassword(account.password);
  try {
    return toAdminStaff(insertStaff(db, { email: account.email, name: account.name, role: account.role, passwordHash }, now));
  } catch {
    return new Refusal(409, 'exists', 'email: an account with this e-mail address already exists.');
  }
}

/** Changes role, name or disabled state; never leaves the system without an active admin. */
export function changeStaff(
  db: Db,
  id: string,
  change: { name?: string; role?: StaffRole; disabled?: boolean },
  actorId: string,
  now: Date,
): AdminStaff | Refusal {
  return db.transaction((): AdminStaff | Refusal => {
    const row = findStaff(db, id);
    if (!row) return notFound('staff account');
    if (id === actorId && change.disabled === true) return new Refusal(409, 'self', 'disabled: you cannot disable your own account.');
    const losesAdmin = row.role === 'admin' && !row.disabled_at && ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
    if (losesAdmin && countActiveAdmins(db) <= 1) {
      return new Refusal(409, 'last_admin', 'role: this is the only active admin; make someone else admin first.');
    }
    updateStaff(db, id, change, now);
    // The role is read at every request; a disabled account loses its sessions at once.
    if (change.disabled === true) deleteSessionsOf(db, id);
    return toAdminStaff(findStaff(db, id)!);
  })();
}

/** Sets a new password and ends every session of the account. */
export async function resetPassword(db: Db, id: string, password: string, now: Date): Promise<true | Refusal> {
  if (!findStaff(db, id)) return notFound('staff account');
  const hash = await hashPassword(password);
  db.transaction(() => {
    setPasswordHash(db, id, hash, now);
    deleteSessionsOf(db, id);
  })();
  return true;
}
