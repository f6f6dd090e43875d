/**
 * The job queue's SQL (table `jobs`, migration 0007). A domain action calls
 * `enqueueJob` inside its own transaction, so its side effects exist exactly when the
 * action committed: a rolled-back action leaves no job, a committed one always has its
 * jobs, whatever happens to the process afterwards.
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';

export type JobState = 'pending' | 'running' | 'done' | 'failed';

export interface NewJob {
  /** The handler that will run it, e.g. 'push.delivery'. */
  kind: string;
  /**
   * Names the side effect, e.g. 'push.reminder:2026-W48/wed-14:00:<subscription>'. UNIQUE:
   * a second enqueue with the same key is ignored, so the same side effect is never
   * queued twice (a retried request, a restarted scheduler).
   */
  key: string;
  /** Plain JSON; never notes, tokens, codes or passwords. */
  payload: unknown;
  /** Not before this instant; defaults to now. */
  runAt?: Date;
}

/** What the runner hands a handler. */
export interface Job<P = unknown> {
  id: number;
  kind: string;
  key: string;
  payload: P;
  /** Claims so far, this one included (1 on the first run). */
  attempts: number;
  createdAt: string;
}

interface JobRow {
  id: number;
  kind: string;
  dedupe_key: string;
  payload: string;
  attempts: number;
  created_at: string;
}

const statements = prepared((db) => ({
  insert: db.prepare(
    `INSERT OR IGNORE INTO jobs (kind, dedupe_key, payload, state, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)`,
  ),
  due: db.prepare<[string, string, number], JobRow>(
    `SELECT id, kind, dedupe_key, payload, attempts, created_at FROM jobs
      WHERE state = 'pending' AND next_attempt_at <= ? AND kind IN (SELECT value FROM json_each(?))
      ORDER BY next_attempt_at, id
      LIMIT ?`,
  ),
  markRunning: db.prepare("UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'pending'"),
  done: db.prepare("UPDATE jobs SET state = 'done', outcome = ?, last_error = NULL, updated_at = ? WHERE id = ? AND state = 'running'"),
  retry: db.prepare("UPDATE jobs SET state = 'pending', next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ? AND state = 'running'"),
  failed: db.prepare("UPDATE jobs SET state = 'failed', outcome = ?, last_error = ?, updated_at = ? WHERE id = ? AND state = 'running'"),
  interrupted: db.prepare<[], { id: number; kind: string }>("SELECT id, kind FROM jobs WHERE state = 'running'"),
  requeue: db.prepare(
    "UPDATE jobs SET state = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL, outcome = NULL, updated_at = ? WHERE dedupe_key = ? AND state IN ('done', 'failed')",
  ),
  prune: db.prepare("DELETE FROM jobs WHERE state IN ('done', 'failed') AND updated_at < ?"),
}));

/**
 * Queues a job; true when queued, false when a job with the same key exists already.
 * Must run inside the caller's transaction (the action the job belongs to): outside one
 * it throws, because a job written apart from its action could outlive a rolled-back
 * action or be lost after a committed one.
 */
export function enqueueJob(db: Db, job: NewJob, now: Date = new Date()): boolean {
  if (!db.inTransaction) throw new Error(`enqueueJob(${job.kind}) must run inside the transaction of the action it belongs to`);
  const at = now.toISOString();
  const payload = JSON.stringify(job.payload);
  if (payload === undefined) throw new Error(`enqueueJob(${job.kind}): the payload must be JSON`);
  return statements(db).insert.run(job.kind, job.key, payload, (job.runAt ?? now).toISOString(), at, at).changes === 1;
}

/**
 * Runs a finished job of the same key again (a coordinator resends a failed e-mail):
 * back to pending with a fresh attempt count, or queued anew if housekeeping removed
 * it. A job still pending or running is left as it is. Inside the caller's transaction.
 */
export function requeueJob(db: Db, job: NewJob, now: Date = new Date()): void {
  if (!db.inTransaction) throw new Error(`requeueJob(${job.kind}) must run inside the transaction of the action it belongs to`);
  const at = now.toISOString();
  const changed = statements(db).requeue.run((job.runAt ?? now).toISOString(), at, job.key).changes;
  if (changed === 0) enqueueJob(db, job, now);
}

/** Takes up to `limit` due jobs of the given kinds and marks them running (committed before any handler runs). */
export function claimDueJobs(db: Db, kinds: readonly string[], now: Date, limit: number): Job[] {
  const s = statements(db);
  return db
    .transaction(() => {
      const at = now.toISOString();
      const rows = s.due.all(at, JSON.stringify(kinds), limit);
      for (const r of rows) s.markRunning.run(at, r.id);
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        key: r.dedupe_key,
        payload: JSON.parse(r.payload) as unknown,
        attempts: r.attempts + 1,
        createdAt: r.created_at,
      }));
    })
    .immediate();
}

export function markJobDone(db: Db, id: number, outcome: string | null, now: Date): void {
  statements(db).done.run(outcome, now.toISOString(), id);
}

export function markJobRetry(db: Db, id: number, error: string, retryAt: Date, now: Date): void {
  statements(db).retry.run(retryAt.toISOString(), error.slice(0, 500), now.toISOString(), id);
}

export function markJobFailed(db: Db, id: number, outcome: string, error: string, now: Date): void {
  statements(db).failed.run(outcome, error.slice(0, 500), now.toISOString(), id);
}

/**
 * Jobs a dead process left 'running' (one server process owns the database, so at start
 * every running job is an interrupted one). `abandon(kind)` says which kinds must not run
 * twice: those are failed; every other job is made due again (at least once).
 */
export function recoverInterruptedJobs(db: Db, abandon: (kind: string) => boolean, now: Date): { retried: Job['kind'][]; abandoned: Job['kind'][] } {
  const s = statements(db);
  return db
    .transaction(() => {
      const at = now.toISOString();
      const retried: string[] = [];
      const abandoned: string[] = [];
      for (const r of s.interrupted.all()) {
        if (abandon(r.kind)) {
          s.failed.run('interrupted', 'interrupted by a restart while running; not run again (at most once)', at, r.id);
          abandoned.push(r.kind);
        } else {
          s.retry.run(at, 'interrupted by a restart while running; run again', at, r.id);
          retried.push(r.kind);
        }
      }
      return { retried, abandoned };
    })
    .immediate();
}

/** Housekeeping: finished jobs older than `days`. */
export function pruneJobs(db: Db, now: Date, days = 90): number {
  return statements(db).prune.run(new Date(now.getTime() - days * 86_400_000).toISOString()).changes;
}

/** State of one job by key (tests, diagnostics). */
export function jobByKey(db: Db, key: string): { state: JobState; attempts: number; outcome: string | null; lastError: string | null; nextAttemptAt: string } | undefined {
  const r = db
    .prepare<[string], { state: JobState; attempts: number; outcome: string | null; last_error: string | null; next_attempt_at: string }>(
      'SELECT state, attempts, outcome, last_error, next_attempt_at FROM jobs WHERE dedupe_key = ?',
    )
    .get(key);
  return r ? { state: r.state, attempts: r.attempts, outcome: r.outcome, lastError: r.last_error, nextAttemptAt: r.next_attempt_at } : undefined;
}
