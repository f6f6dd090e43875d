import type { Db } from '../db/open';

/**
 * Log-in throttling, kept in SQLite so a restart does not reset it. Failures
 * are counted per account (the e-mail as typed, whether or not the account
 * exists – so the answer never tells which accounts exist) and per client
 * address (higher: many staff may share one office NAT).
 */
export const WINDOW_MS = 15 * 60_000;
export const MAX_PER_ACCOUNT = 5;
export const MAX_PER_ADDRESS = 20;

export function throttleKeys(email: string, address: string): { key: string; max: number }[] {
  return [
    { key: `account:${email.trim().toLowerCase()}`, max: MAX_PER_ACCOUNT },
    { key: `address:${address}`, max: MAX_PER_ADDRESS },
  ];
}

/** Seconds until a locked key frees up, or 0 when a log-in may be tried. */
export function lockedFor(db: Db, keys: { key: string; max: number }[], now: Date): number {
  const since = new Date(now.getTime() - WINDOW_MS).toISOString();
  let wait = 0;
  for (const { key, max } of keys) {
    const rows = db
      .prepare<[string, string], { at: string }>('SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at DESC')
      .all(key, since);
    if (rows.length >= max) {
      // The max-th most recent failure has to leave the window before another try.
      const frees = Date.parse(rows[max - 1]!.at) + WINDOW_MS;
      wait = Math.max(wait, Math.ceil((frees - now.getTime()) / 1000));
    }
  }
  return wait;
}

export function recordFailure(db: Db, keys: { key: string }[], now: Date): void {
  db.transaction(() => {
    db.prepare('DELETE FROM login_failures WHERE at <= ?').run(new Date(now.getTime() - WINDOW_MS).toISOString());
    for (const { key } of keys) db.prepare('INSERT INTO login_failures (key, at) VALUES (?, ?)').run(key, now.toISOString());
  })();
}

/** A successful log-in clears its account's count (not the address's). */
export function clearAccount(db: Db, email: string): void {
  db.prepare('DELETE FROM login_failures WHERE key = ?').run(`account:${email.trim().toLowerCase()}`);
}
