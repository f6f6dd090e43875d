/**
 * The job runner, run inside the server process. Each tick it claims due jobs (marked
 * 'running' and committed before any handler runs), calls the handler registered for
 * the job's kind, and records the result: done, retry at a later time, or failed.
 *
 * Delivery is AT LEAST ONCE: a job claimed by a process that died (SIGKILL, power cut)
 * is run again after the restart. Handlers must therefore be idempotent, or check their
 * own record of what was done, or register with `interrupted: 'abandon'` when a second
 * run is worse than none (a push notification cannot be recalled: at most once).
 *
 * The runner knows no feature: each feature registers the kinds it owns (push registers
 * 'push.delivery'). Adding a side effect = register a handler + enqueueJob in the action.
 */
import type { Db } from '../db/open';
import type { Clock } from '../http/clock';
import { claimDueJobs, markJobDone, markJobFailed, markJobRetry, pruneJobs, recoverInterruptedJobs, type Job } from './queue';
import { createLogger } from '../log';

const defaultLogger = createLogger();

export type JobResult =
  /** Finished; `outcome` is a one-word note kept on the row ('sent', 'gone', 'expired'). */
  | { result: 'done'; outcome?: string }
  /** Try again after `delayMs` (the handler knows its own backoff). */
  | { result: 'retry'; delayMs: number; error: string }
  /** Give up for good. */
  | { result: 'failed'; error: string; outcome?: string };

export interface JobHandler<P = never> {
  kind: string;
  /**
   * What a restart does with a job of this kind left running by a dead process:
   * 'retry' (default, at least once) or 'abandon' (failed, never run twice).
   */
  interrupted?: 'retry' | 'abandon';
  /** A thrown error counts as a retry with the runner's default backoff, failed after `maxAttempts`. */
  run(job: Job<P>, now: Date): Promise<JobResult> | JobResult;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

/** 30 s, 2 min, 8 min, 32 min: five attempts within the hour. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseMs: 30_000, capMs: 60 * 60_000 };

/** Delay before the next attempt after `attempts` failed ones: base × 4^(attempts−1), capped. */
export function retryDelayMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  return Math.min(policy.capMs, policy.baseMs * 4 ** Math.max(0, attempts - 1));
}

export interface JobRunnerOptions {
  db: Db;
  now: Clock;
  log?: (message: string) => void;
  /** Poll interval once started; default 5 s. */
  intervalMs?: number;
  /** Jobs run at the same time (they mostly wait on the network). Default 8. */
  concurrency?: number;
  /** For handlers that throw instead of returning a result. */
  retry?: RetryPolicy;
}

export interface RunResult {
  id: number;
  kind: string;
  key: string;
  result: JobResult['result'];
  outcome?: string;
}

export interface RunSummary {
  results: RunResult[];
  /** Jobs found running at the first tick (left by a dead process). */
  recovered: { retried: number; abandoned: number };
}

export interface JobRunner {
  /** Registers the handler of one kind; before start()/tick(), once per kind. */
  register<P>(handler: JobHandler<P>): void;
  /** Runs every due job now (also what the timer does). Ticks never overlap. */
  tick(): Promise<RunSummary>;
  /** Starts the timer (no-op when already started). */
  start(): void;
  /** Stops the timer and waits for a running tick; call before closing the database. */
  stop(): Promise<void>;
  /** When the last tick finished (null before the first): /api/health's liveness. */
  lastTickAt(): Date | null;
}

const BATCH = 50;
const HOUSEKEEPING_EVERY_MS = 6 * 3600_000;

export function createJobRunner(opts: JobRunnerOptions): JobRunner {
  const { db } = opts;
  const log = opts.log ?? ((m: string) => defaultLogger.info({ component: 'jobs' }, m));
  const concurrency = opts.concurrency ?? 8;
  const retry = opts.retry ?? DEFAULT_RETRY;
  const handlers = new Map<string, JobHandler<unknown>>();
  let recovered = false;
  let stopped = false;
  let running: Promise<RunSummary> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let lastHousekeeping = 0;
  let lastTickAt: Date | null = null;

  async function runOne(job: Job, summary: RunSummary): Promise<void> {
    const handler = handlers.get(job.kind)!;
    let result: JobResult;
    try {
      result = await handler.run(job as Job<never>, opts.now());
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      result =
        job.attempts < retry.maxAttempts
          ? { result: 'retry', delayMs: retryDelayMs(job.attempts, retry), error }
          : { result: 'failed', error };
      log(`jobs: ${job.kind} ${job.id} threw (attempt ${job.attempts}/${retry.maxAttempts}): ${error}`);
    }
    if (!db.open) return; // stopped mid-run: the job stays 'running' and is recovered at the next start
    const now = opts.now();
    switch (result.result) {
      case 'done':
        markJobDone(db, job.id, result.outcome ?? null, now);
        break;
      case 'retry':
        markJobRetry(db, job.id, result.error, new Date(now.getTime() + Math.max(0, result.delayMs)), now);
        break;
      case 'failed':
        markJobFailed(db, job.id, result.outcome ?? 'failed', result.error, now);
        break;
    }
    summary.results.push({ id: job.id, kind: job.kind, key: job.key, result: result.result, ...('outcome' in result && result.outcome ? { outcome: result.outcome } : {}) });
  }

  async function runTick(): Promise<RunSummary> {
    const summary: RunSummary = { results: [], recovered: { retried: 0, abandoned: 0 } };
    if (!recovered) {
      recovered = true;
      const r = recoverInterruptedJobs(db, (kind) => handlers.get(kind)?.interrupted === 'abandon', opts.now());
      summary.recovered = { retried: r.retried.length, abandoned: r.abandoned.length };
      for (const [kind, n] of count(r.abandoned)) log(`jobs: ${n} ${kind} job(s) were running when the server stopped; not run again (at most once)`);
      for (const [kind, n] of count(r.retried)) log(`jobs: ${n} ${kind} job(s) were running when the server stopped; running them again`);
    }
    const now = opts.now();
    if (now.getTime() - lastHousekeeping > HOUSEKEEPING_EVERY_MS) {
      lastHousekeeping = now.getTime();
      pruneJobs(db, now);
    }
    const kinds = [...handlers.keys()];
    for (;;) {
      if (stopped || kinds.length === 0) break;
      const batch = claimDueJobs(db, kinds, opts.now(), BATCH);
      if (batch.length === 0) break;
      await pool(batch, concurrency, (job) => runOne(job, summary));
      if (batch.length < BATCH) break;
    }
    return summary;
  }

  function tick(): Promise<RunSummary> {
    if (running) return running;
    running = runTick()
      .then((summary) => {
        lastTickAt = opts.now();
        return summary;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  const safeTick = () => {
    if (stopped) return;
    tick().catch((err: unknown) => log(`jobs: tick failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  };

  return {
    register(handler) {
      if (handlers.has(handler.kind)) throw new Error(`a handler for job kind ${handler.kind} is registered already`);
      handlers.set(handler.kind, handler as JobHandler<unknown>);
    },
    tick,
    start() {
      if (timer || stopped) return;
      timer = setInterval(safeTick, opts.intervalMs ?? 5_000);
      timer.unref();
      setImmediate(safeTick);
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (running) await running.catch(() => undefined);
    },
    lastTickAt: () => lastTickAt,
  };
}

function count(kinds: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of kinds) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

async function pool<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}
