/**
 * Snapshots of the database: written with SQLite's online backup API while the server
 * keeps taking reports, and checked before anyone is told they are good. The same
 * inspection decides whether a file may be restored.
 */
import Database from 'better-sqlite3';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
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

/** An SQLite error as a sentence about the file. */
function unreadable(shownAs: string, err: unknown): SnapshotError {
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_NOTADB') return new SnapshotError(`${shownAs} is not an SQLite database (or it is encrypted).`);
  if (code === 'SQLITE_CORRUPT') return new SnapshotError(`${shownAs} is a damaged SQLite database (${(err as Error).message}).`);
  return new SnapshotError(`${shownAs} cannot be read as an SQLite database: ${(err as Error).message}.`);
}

/**
 * `PRAGMA integrity_check` reads every page – seconds for a large database – so it runs
 * on a worker thread: the server taking its nightly backup keeps answering phones
 * meanwhile. The worker is inline source and gets better-sqlite3's resolved path, so it
 * works the same under tsx and in the bundled production server.
 */
const INTEGRITY_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
try {
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  try {
    parentPort.postMessage({ rows: db.pragma('integrity_check').map((r) => String(r.integrity_check)) });
  } finally {
    db.close();
  }
} catch (e) {
  parentPort.postMessage({ error: String(e && e.message), code: e && e.code });
}`;

function integrityCheckOffThread(file: string): Promise<string[]> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(INTEGRITY_WORKER, { eval: true, workerData: { driver, file } });
    worker.once('message', (m: { rows?: string[]; error?: string; code?: string }) => {
      void worker.terminate();
      if (m.rows) resolve(m.rows);
      else reject(Object.assign(new Error(m.error ?? 'unknown error'), { code: m.code }));
    });
    worker.once('error', reject);
  });
}

/**
 * Checks a database file and turns it into a self-contained single file (rollback
 * journal instead of WAL), so a backup can be copied anywhere as one file. Throws a
 * SnapshotError with a sentence when the file is not a sound Lägesbild database this
 * program can open. Modifies the file: call it on a copy, never on the user's original.
 */
export async function inspectDatabaseFile(file: string, shownAs: string = file): Promise<{ schemaVersion: number; reports: number }> {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 5000 });
  } catch (err) {
    throw new SnapshotError(`${shownAs} cannot be opened: ${(err as Error).message}.`);
  }
  try {
    db.pragma('journal_mode = DELETE');
  } catch (err) {
    db.close();
    throw unreadable(shownAs, err);
  }
  db.close();

  let integrity: string[];
  try {
    integrity = await integrityCheckOffThread(file);
  } catch (err) {
    throw unreadable(shownAs, err);
  }
  if (integrity.length !== 1 || integrity[0] !== 'ok') {
    throw new SnapshotError(`${shownAs} fails SQLite's integrity check: ${integrity.slice(0, 3).join('; ')}.`);
  }

  db = new Database(file, { readonly: true, fileMustExist: true });
  try {
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
  } catch (err) {
    throw err instanceof SnapshotError ? err : unreadable(shownAs, err);
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
    const { schemaVersion, reports } = await inspectDatabaseFile(partial, `The new backup ${file}`);
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
