import type { Db } from '../db/open';
import { hashSecret, newSecret } from './tokens';
import { countActiveAdmins } from './staff';
import { deleteSetupCode, deleteSetupCodes, insertSetupCode, setupCodeExists } from './store';

/**
 * First run: while no active admin exists, every start prints a fresh one-time
 * setup code (earlier ones stop working). `POST /api/v1/setup` with it creates
 * the first admin and deletes the code.
 */
export function issueSetupCode(db: Db, now: Date): string | undefined {
  return db.transaction(() => {
    deleteSetupCodes(db);
    if (countActiveAdmins(db) > 0) return undefined;
    const code = newSecret(18);
    insertSetupCode(db, hashSecret(code), now.toISOString());
    return code;
  })();
}

/** True (and the code is gone) when the code was valid and no admin exists yet. Call inside a transaction. */
export function consumeSetupCode(db: Db, code: string): boolean {
  if (countActiveAdmins(db) > 0) return false;
  return deleteSetupCode(db, hashSecret(code));
}

/** Whether a setup code is the current one (it may still be refused once an admin exists). */
export function isSetupCode(db: Db, code: string): boolean {
  return setupCodeExists(db, hashSecret(code));
}
