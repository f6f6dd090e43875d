import { randomBytes } from 'node:crypto';
import type { Db } from './open';
import { prepared } from './prepared';

/**
 * The server's own random secrets (table server_secrets: the log-in throttle's HMAC key,
 * the send-out's link key), generated on first use and kept in the database, so they
 * are backed up with it and never sit in the repository or the environment.
 */
const sql = prepared((db: Db) => ({
  read: db.prepare<[string], string>('SELECT value FROM server_secrets WHERE name = ?').pluck(),
  insert: db.prepare<[string, string, string]>('INSERT OR IGNORE INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)'),
}));

/** The named 256-bit secret; INSERT OR IGNORE + read back, so a racing first start agrees on one. */
export function serverSecret(db: Db, name: string, now: Date = new Date()): Buffer {
  let value = sql(db).read.get(name);
  if (value === undefined) {
    sql(db).insert.run(name, randomBytes(32).toString('base64url'), now.toISOString());
    value = sql(db).read.get(name)!;
  }
  return Buffer.from(value, 'base64url');
}
