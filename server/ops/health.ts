/**
 * What `GET /api/health` answers: can the database be read (a real query, not a
 * flag), its schema version, the last backup that passed its check, and whether the
 * reminder scheduler still ticks. 503 when the database cannot be read – the one
 * condition under which the server cannot do its job – so a load balancer or
 * monitor can act on the status alone; the other fields are for a person to read.
 */
import type { Db } from '../db/open';
import type { Clock } from '../http/clock';
import { getLastRunAt } from '../push/settings';
import { readLastGoodBackup, type BackupRecord } from './snapshot';

/** The scheduler ticks every 20 s, the job runner every 5 s; a tick that sends a large batch may take a few minutes. */
export const SCHEDULER_STALE_MS = 5 * 60_000;

function liveness(last: Date | null, now: Date): { alive: boolean; lastTickAt: string | null } {
  return { alive: last !== null && now.getTime() - last.getTime() < SCHEDULER_STALE_MS, lastTickAt: last?.toISOString() ?? null };
}

export interface HealthDeps {
  db: Db;
  now: Clock;
  version: string;
  /** DATA_DIR, where the record of the last good backup is kept (omitted in API tests). */
  dataDir?: string;
  /** The job runner (push deliveries and other side effects); omitted in API tests. */
  jobs?: { lastTickAt(): Date | null };
}

export interface Health {
  ok: boolean;
  version: string;
  database: { ok: true; schemaVersion: number } | { ok: false; error: string };
  /** The file's path is not shown: the endpoint is public. */
  backup: { lastGoodAt: string; bytes: number; schemaVersion: number } | null;
  reminders: { alive: boolean; lastTickAt: string | null } | null;
  /** The job runner that sends what the reminders and publishing queued. */
  jobs: { alive: boolean; lastTickAt: string | null } | null;
}

export function healthReport(deps: HealthDeps): { status: 200 | 503; body: Health } {
  let database: Health['database'];
  let reminders: Health['reminders'] = null;
  try {
    const row = deps.db.prepare('SELECT (SELECT user_version FROM pragma_user_version) AS v, (SELECT count(*) FROM sqlite_schema) AS n').get() as { v: number; n: number };
    if (row.n === 0) throw new Error('the database has no tables');
    database = { ok: true, schemaVersion: row.v };
    reminders = liveness(getLastRunAt(deps.db), deps.now());
  } catch (err) {
    database = { ok: false, error: `the database cannot be read: ${err instanceof Error ? err.message : String(err)}` };
  }
  const record: BackupRecord | null = deps.dataDir ? readLastGoodBackup(deps.dataDir) : null;
  const body: Health = {
    ok: database.ok,
    version: deps.version,
    database,
    backup: record ? { lastGoodAt: record.at, bytes: record.bytes, schemaVersion: record.schemaVersion } : null,
    reminders,
    jobs: deps.jobs ? liveness(deps.jobs.lastTickAt(), deps.now()) : null,
  };
  return { status: database.ok ? 200 : 503, body };
}
