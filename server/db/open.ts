import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrate } from './migrations';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date.
 * WAL + synchronous=FULL: a commit is on disk before we acknowledge it, so a
 * crash at any instant loses no acknowledged report (the crash test).
 */
export function openDatabase(file: string, opts: { migrationsDir?: string } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  applyPragmas(db);
  migrate(db, opts.migrationsDir);
  return db;
}

/**
 * The connection settings every handle on the production file gets. Exported so
 * the ingest benchmark's raw-SQLite ceiling runs with exactly the same durability.
 */
export function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Checkpoint less often than SQLite's default 1,000 pages: a batch of 500 reports
  // touches hundreds of index pages, and each checkpoint copies them again with an
  // fsync. The WAL stays bounded by journal_size_limit; durability is unchanged.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('journal_size_limit = 67108864');
  // Statement journals (a multi-row write such as an INSERT firing the week-aggregate
  // triggers keeps one, to undo just that statement) and temp b-trees stay in memory
  // instead of a temp file: without this a batch of 100 reports made some 6,000 small
  // writes to a temp file besides its WAL frames (strace). Crash safety is the WAL's
  // and is unchanged; nothing acknowledged lives in a statement journal.
  db.pragma('temp_store = MEMORY');
}

/** The database file inside DATA_DIR. */
export const DATABASE_FILE = 'lagesbild.sqlite';

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}
