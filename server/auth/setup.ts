import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import { hashSecret, newSecret } from './tokens';
import { countActiveAdmins } from './staff';

/**
 * First run: while no active admin exists, every start prints a fresh one-time
 * setup code (earlier ones stop working). `POST /api/v1/setup` with it creates
 * the first admin and deletes the code.
 */
const sql = prepared((db) => ({
  deleteAll: db.prepare('DELETE FROM setup_codes'),
  insert: db.prepare<[string, string]>('INSERT INTO setup_codes (code_hash, created_at) VALUES (?, ?)'),
  find: db.prepare<[string]>('SELECT 1 FROM setup_codes WHERE code_hash = ?'),
  delete: db.prepare<[string]>('DELETE FROM setup_codes WHERE code_hash = ?'),
}));

export function issueSetupCode(db: Db, now: Date): string | undefined {
  return db.transaction(() => {
    sql(db).deleteAll.run();
    if (countActiveAdmins(db) > 0) return undefined;
    const code = newSecret(18);
    sql(db).insert.run(hashSecret(code), now.toISOString());
    return code;
  })();
}

/** True (and the code is gone) when the code was valid and no admin exists yet. Call inside a transaction. */
export function consumeSetupCode(db: Db, code: string): boolean {
  if (countActiveAdmins(db) > 0) return false;
  return sql(db).delete.run(hashSecret(code)).changes === 1;
}

/** Whether a setup code is the current one (it may still be refused once an admin exists). */
export function isSetupCode(db: Db, code: string): boolean {
  return sql(db).find.get(hashSecret(code)) !== undefined;
}
