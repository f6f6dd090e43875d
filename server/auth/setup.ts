import type { Db } from '../db/open';
import { hashSecret, newSecret } from './tokens';
import { countActiveAdmins } from './staff';

/**
 * First run: while no active admin exists, every start prints a fresh one-time
 * setup code (earlier ones stop working). `POST /api/v1/setup` with it creates
 * the first admin and deletes the code.
 */
export function issueSetupCode(db: Db, now: Date): string | undefined {
  return db.transaction(() => {
    db.prepare('DELETE FROM setup_codes').run();
    if (countActiveAdmins(db) > 0) return undefined;
    const code = newSecret(18);
    db.prepare('INSERT INTO setup_codes (code_hash, created_at) VALUES (?, ?)').run(hashSecret(code), now.toISOString());
    return code;
  })();
}

/** True (and the code is gone) when the code was valid and no admin exists yet. Call inside a transaction. */
export function consumeSetupCode(db: Db, code: string): boolean {
  if (countActiveAdmins(db) > 0) return false;
  return db.prepare('DELETE FROM setup_codes WHERE code_hash = ?').run(hashSecret(code)).changes === 1;
}
