/**
 * Snapshots of the database: written with SQLite's online backup API while the server
 * keeps taking reports, and checked before anyone is told they are good. The same
 * inspection decides whether a file may be restored.
 */
import Database from 'better-sqlite3';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from '../db/open';
import { latestSchemaVersion } from '../db/migrations';

/** A refusal whose message is a sentence for the person running the command. */
export class SnapshotError extends Error {}

export interface SnapshotInfo {
  file: string;
  bytes: number;
  schemaVersion: number;
  reports: number;
}

/** Tables every Lägesbild database has had since schema version 1. */
const LAGESBILD_TABLES = ['reports', 'observations', 'functions', 'areas', 'devices'];

/**
 * Checks a database file and turns it into a self-contained single file (rollback
 * journal instead of WAL), so a backup can be copied anywhere as one file. Throws a
 * SnapshotError with a sentence when the file is not a sound Lägesbild database this
 * program can open. Modifies the file: call it on a copy, never on the user's original.
 */
export function inspectDatabaseFile(file: string, shownAs: string = file): { schemaVersion: number; reports: number } {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 5000 });
  } catch (err) {
    throw new SnapshotError(`${shownAs} cannot be opened: ${(err as Error).message}.`);
  }
  try {
    let integrity: string[];
    try {
      db.pragma('journal_mode = DELETE');
      integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => String(r.integrity_check));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'SQLITE_NOTADB') throw new SnapshotError(`${shownAs} is not an SQLite database (or it is encrypted).`);
      if (code === 'SQLITE_CORRUPT') throw new SnapshotError(`${shownAs} is a damaged SQLite database (${(err as Error).message}).`);
      throw new SnapshotError(`${shownAs} cannot be read as an SQLite database: ${(err as Error).message}.`);
    }
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      throw new SnapshotError(`${shownAs} fails SQLite's integrity check: ${integrity.slice(0, 3).join('; ')}.`);
    }
    const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
    const missing = LAGESBILD_TABLES.filter((t) => !tables.has(t));
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (missing.length > 0 || schemaVersion < 1) {
      throw new SnapshotError(`${shownAs} is an SQLite database but not a Lägesbild database (it has no ${missing.join(', ') || 'schema version'}).`);
    }
    if (schemaVersion > latestSchemaVersion()) {
      throw new SnapshotError(
        `${shownAs} has schema version ${schemaVersion}, newer than this program (${latestSchemaVersion()}); install the Lägesbild version that wrote it, or a newer one.`,
      );
    }
    const reports = (db.prepare('SELECT count(*) FROM reports').pluck().get() as number) ?? 0;
    return { schemaVersion, reports };
  } finally {
    db.close();
  }
}

export interface WriteSnapshotOptions {
  /**
   * Pages copied per step. The server copies its own connection in small steps (its
   * writes update the copy as they happen, and the event loop keeps serving); another
   * process must copy everything in one step, because a write by a different
   * connection between steps makes SQLite start the copy over – under a steady stream
   * of reports it might never finish. One step is one read transaction: in WAL mode
   * the server keeps writing meanwhile.
   */
  pagesPerStep?: number;
}

/**
 * Writes a consistent snapshot of `source` to `file` and verifies it. The copy is
 * written as `<file>.partial` and renamed only once it has passed the integrity check
 * and is on disk, so `file` is never a half-written backup; on any failure the partial
 * file is removed and a SnapshotError says why.
 */
export async function writeSnapshot(source: Db, file: string, opts: WriteSnapshotOptions = {}): Promise<SnapshotInfo> {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    const pages = opts.pagesPerStep ?? 0x7fffffff;
    try {
      await source.backup(partial, { progress: () => pages });
    } catch (err) {
      throw new SnapshotError(`The backup could not be written to ${file}: ${(err as Error).message}.`);
    }
    const { schemaVersion, reports } = inspectDatabaseFile(partial, `The new backup ${file}`);
    const sourceVersion = source.pragma('user_version', { simple: true }) as number;
    if (schemaVersion !== sourceVersion) {
      throw new SnapshotError(`The new backup ${file} has schema version ${schemaVersion}, the database ${sourceVersion}; it was not kept.`);
    }
    syncFile(partial);
    renameSync(partial, file);
    syncFile(dirname(file));
    return { file, bytes: statSync(file).size, schemaVersion, reports };
  } catch (err) {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
    throw err;
  }
}

export function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** What /api/health says about backups: the last snapshot that passed its check. */
export interface BackupRecord {
  at: string;
  file: string;
  bytes: number;
  schemaVersion: number;
}

/** Kept next to the database (not in it) so a backup taken by `npm run backup` in another process records itself without writing to the live database. */
export const BACKUP_RECORD_FILE = 'last-backup.json';

export function recordGoodBackup(dataDir: string, info: SnapshotInfo, at: Date): void {
  const record: BackupRecord = { at: at.toISOString(), file: info.file, bytes: info.bytes, schemaVersion: info.schemaVersion };
  const path = join(dataDir, BACKUP_RECORD_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(record)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function readLastGoodBackup(dataDir: string): BackupRecord | null {
  try {
    const record = JSON.parse(readFileSync(join(dataDir, BACKUP_RECORD_FILE), 'utf8')) as BackupRecord;
    return typeof record.at === 'string' ? record : null;
  } catch {
    return null;
  }
}

/** "12.3 MB" for the one-line reports. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
