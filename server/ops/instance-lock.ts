/**
 * One server (or one restore) per DATA_DIR. The server holds an exclusive SQLite lock
 * on `DATA_DIR/lagesbild.lock` for as long as it runs; `npm run restore` takes the same
 * lock, so it refuses while a server runs and a server refuses to start mid-restore.
 *
 * Why an SQLite file and not a pid file: Node has no flock(), but SQLite's file locks
 * are fcntl locks, which the kernel drops when the process dies – also on SIGKILL or
 * a power cut – so a crashed server never leaves a stale lock behind, and a reused pid
 * can never be mistaken for a running server.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'lagesbild.lock';

export type LockHolder = 'server' | 'restore';

export interface InstanceLock {
  release(): void;
}

export class InstanceBusyError extends Error {}

export function acquireInstanceLock(dataDir: string, holder: LockHolder, now: Date = new Date()): InstanceLock {
  mkdirSync(dataDir, { recursive: true });
  // timeout 0: a held lock is an answer, not something to wait for.
  const db = new Database(join(dataDir, LOCK_FILE), { timeout: 0 });
  try {
    db.pragma('journal_mode = DELETE');
    // In EXCLUSIVE locking mode the lock taken by the first write is kept until close.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (kind TEXT NOT NULL, pid INTEGER NOT NULL, since TEXT NOT NULL)');
    db.transaction(() => {
      db.exec('DELETE FROM holder');
      db.prepare('INSERT INTO holder (kind, pid, since) VALUES (?, ?, ?)').run(holder, process.pid, now.toISOString());
    }).exclusive();
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY' || (err as { code?: string }).code === 'SQLITE_LOCKED') {
      throw new InstanceBusyError(
        `${dataDir} is in use by a running Lägesbild server or a restore in progress (${LOCK_FILE} is locked)`,
      );
    }
    throw err;
  }
  return {
    release() {
      if (db.open) db.close();
    },
  };
}
