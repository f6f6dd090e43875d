/**
 * Installs a snapshot as DATA_DIR's database. Only with the server stopped (the
 * instance lock says so), only a file that passes inspection, and never by
 * destroying what is there: the current database is kept aside as
 * `lagesbild.sqlite.before-restore-<timestamp>`.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { databasePath } from '../db/open';
import { acquireInstanceLock, InstanceBusyError } from './instance-lock';
import { inspectDatabaseFile, SnapshotError, syncFile } from './snapshot';

export interface RestoreResult {
  installed: string;
  schemaVersion: number;
  reports: number;
  /** Where the database that was there before now is (null: there was none). */
  keptAside: string | null;
}

/** "2026-12-02T14-05-09Z": sorts by time and is safe in a file name. */
export function fileTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

export async function restoreSnapshot(dataDir: string, snapshot: string, now: Date = new Date()): Promise<RestoreResult> {
  if (!existsSync(snapshot) || !statSync(snapshot).isFile()) throw new SnapshotError(`${snapshot} does not exist or is not a file.`);
  let lock;
  try {
    lock = acquireInstanceLock(dataDir, 'restore', now);
  } catch (err) {
    if (err instanceof InstanceBusyError) {
      throw new SnapshotError(
        `The Lägesbild server is running on ${dataDir}: stop it first (e.g. systemctl stop lagesbild) – a restore replaces the database under it. Nothing was changed.`,
      );
    }
    throw err;
  }
  const target = databasePath(dataDir);
  const stamp = fileTimestamp(now);
  // The candidate is a copy inside DATA_DIR: checking it converts its journal, and the
  // final rename must not cross file systems (a rename is atomic, a copy is not).
  const candidate = `${target}.restoring-${stamp}`;
  try {
    copyFileSync(snapshot, candidate);
    const { schemaVersion, reports } = await inspectDatabaseFile(candidate, snapshot);
    syncFile(candidate);
    const keptAside = existsSync(target) ? keepAside(target, `${target}.before-restore-${stamp}`) : null;
    renameSync(candidate, target);
    syncFile(dataDir);
    return { installed: target, schemaVersion, reports, keptAside };
  } catch (err) {
    rmSync(candidate, { force: true });
    rmSync(`${candidate}-journal`, { force: true });
    throw err;
  } finally {
    lock.release();
  }
}

/**
 * Moves the current database aside with its WAL. First a checkpoint folds the WAL into
 * the main file (SQLite then deletes -wal and -shm when the last connection closes);
 * if the database is too damaged for that, all three files move together under the
 * new name, where SQLite will find the WAL again.
 */
function keepAside(target: string, aside: string): string {
  try {
    const db = new Database(target, { fileMustExist: true, timeout: 5000 });
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
  } catch {
    // Damaged beyond a checkpoint: move the files as they are.
  }
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(target + suffix)) renameSync(target + suffix, aside + suffix);
  }
  renameSync(target, aside);
  return aside;
}

export function describeRestore(r: RestoreResult, snapshot: string): string {
  const aside = r.keptAside ? `; the previous database is kept as ${basename(r.keptAside)}` : '';
  return `restored ${snapshot} into ${r.installed} (schema version ${r.schemaVersion}, ${r.reports} reports)${aside}. Start the server; it brings the schema up to date.`;
}
