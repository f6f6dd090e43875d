/**
 * The nightly backup inside the server: at BACKUP_TIME (Europe/Stockholm wall clock,
 * 02:30 by default) a snapshot `lagesbild-<YYYY-MM-DD>.sqlite` goes into BACKUP_DIR,
 * then the rotation keeps the newest BACKUP_KEEP_DAILY days and the newest backup of
 * each of the last BACKUP_KEEP_WEEKLY ISO weeks. Whether a backup is due is derived
 * from the files themselves (is there one for today, and is it past the time?), so a
 * server that was down at 02:30 takes the day's backup when it is back, and a restart
 * never takes a second one.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupConfig } from '../config';
import type { Db } from '../db/open';
import type { Clock } from '../http/clock';
import { localDate, stockholmInstant, weekOfDate } from '../../shared/weeks';
import { formatBytes, recordGoodBackup, writeSnapshot, type SnapshotInfo } from './snapshot';

const NIGHTLY = /^lagesbild-(\d{4}-\d{2}-\d{2})\.sqlite$/;

export function nightlyFileName(date: string): string {
  return `lagesbild-${date}.sqlite`;
}

/** The Stockholm dates of the nightly backups among `names` (other files are never touched). */
export function nightlyDates(names: readonly string[]): string[] {
  return names.flatMap((n) => NIGHTLY.exec(n)?.slice(1, 2) ?? []);
}

/** Due when today's time has come (DST-safe, via Stockholm wall clock) and today has no backup yet. */
export function isNightlyDue(time: string, dates: readonly string[], now: Date): boolean {
  const today = localDate(now);
  return now.getTime() >= stockholmInstant(today, time).getTime() && !dates.includes(today);
}

/**
 * The backups to delete: everything but the newest `keepDaily` dates and the newest
 * backup of each of the newest `keepWeekly` ISO weeks (the current week counts as one).
 */
export function backupsToDelete(dates: readonly string[], keepDaily: number, keepWeekly: number): string[] {
  const newestFirst = [...new Set(dates)].sort().reverse();
  const keep = new Set(newestFirst.slice(0, keepDaily));
  const weeksSeen = new Set<string>();
  for (const date of newestFirst) {
    const week = weekOfDate(date);
    if (weeksSeen.has(week)) continue;
    if (weeksSeen.size >= keepWeekly) break;
    weeksSeen.add(week);
    keep.add(date);
  }
  return newestFirst.filter((d) => !keep.has(d));
}

export interface NightlyOptions {
  db: Db;
  dataDir: string;
  config: BackupConfig;
  now: Clock;
  log: { info(msg: string): void; error(msg: string): void };
  /** How often to look whether a backup is due (default a minute). */
  checkEveryMs?: number;
}

export interface NightlyBackups {
  /** Takes today's backup and rotates if due; resolves to what was written, or null. */
  runIfDue(): Promise<SnapshotInfo | null>;
  stop(): Promise<void>;
}

export function startNightlyBackups(opts: NightlyOptions): NightlyBackups {
  const { db, config } = opts;
  let running: Promise<SnapshotInfo | null> | null = null;
  let stopped = false;

  async function run(): Promise<SnapshotInfo | null> {
    if (!config.time) return null;
    mkdirSync(config.dir, { recursive: true });
    const names = readdirSync(config.dir);
    const now = opts.now();
    if (!isNightlyDue(config.time, nightlyDates(names), now)) return null;
    // A server killed mid-backup leaves its partial copy; it is never a backup.
    for (const n of names) if (n.endsWith('.partial') || n.endsWith('.partial-journal')) rmSync(join(config.dir, n), { force: true });
    // Small steps on the server's own connection: its writes update the copy as they happen.
    const info = await writeSnapshot(db, join(config.dir, nightlyFileName(localDate(now))), { pagesPerStep: 1000 });
    recordGoodBackup(opts.dataDir, info, opts.now());
    const deleted = backupsToDelete(nightlyDates(readdirSync(config.dir)), config.keepDaily, config.keepWeekly);
    for (const date of deleted) rmSync(join(config.dir, nightlyFileName(date)), { force: true });
    opts.log.info(
      `backup: ${info.file} (${formatBytes(info.bytes)}, schema version ${info.schemaVersion}, ${info.reports} reports, integrity ok)` +
        (deleted.length > 0 ? `; rotated out ${deleted.join(', ')}` : ''),
    );
    return info;
  }

  function runIfDue(): Promise<SnapshotInfo | null> {
    if (running) return running;
    running = run().finally(() => {
      running = null;
    });
    return running;
  }

  const check = () => {
    if (stopped) return;
    runIfDue().catch((err: unknown) => opts.log.error(`backup: the nightly backup failed: ${err instanceof Error ? err.message : String(err)}`));
  };
  // The first look comes a check interval after start, so a server in a restart loop
  // does not copy the database at every start.
  const timer = config.time ? setInterval(check, opts.checkEveryMs ?? 60_000) : undefined;
  timer?.unref();

  return {
    runIfDue,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (running) await running.catch(() => undefined);
    },
  };
}
