/**
 * The job runner over a real SQLite file: jobs exist exactly when their action
 * committed, a dedupe key queues a side effect once, retries follow the handler's (or
 * the default) backoff on the injected clock, and a job left running by a process that
 * was SIGKILLed runs again after the restart (or, for at-most-once kinds, never again).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../server/db/open';
import { enqueueJob, jobByKey } from '../../server/jobs/queue';
import { createJobRunner, retryDelayMs, type JobHandler, type JobResult } from '../../server/jobs/runner';

const T0 = Date.parse('2026-11-25T13:00:00Z');
let dir: string;
let file: string;
let db: Db;
let clock: { now: Date };
let logs: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-jobs-'));
  file = join(dir, 'jobs.sqlite');
  db = openDatabase(file);
  clock = { now: new Date(T0) };
  logs = [];
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const runner = () => createJobRunner({ db, now: () => clock.now, log: (m) => logs.push(m), intervalMs: 0 });
const enqueue = (key: string, payload: unknown = { n: 1 }, runAt?: Date) =>
  db.transaction(() => enqueueJob(db, { kind: 'test.echo', key, payload, ...(runAt ? { runAt } : {}) }, clock.now))();
const later = (ms: number) => {
  clock.now = new Date(clock.now.getTime() + ms);
};

/** A handler that records what it ran and answers from a script. */
function scripted(answers: (JobResult | Error)[], kind = 'test.echo') {
  const ran: { key: string; payload: unknown; attempts: number }[] = [];
  const handler: JobHandler<unknown> = {
    kind,
    run(job) {
      ran.push({ key: job.key, payload: job.payload, attempts: job.attempts });
      const a = answers.shift() ?? { result: 'done' };
      if (a instanceof Error) throw a;
      return a;
    },
  };
  return { handler, ran };
}

describe('enqueueJob', () => {
  it('writes nothing when the action’s transaction rolls back, and refuses to run outside a transaction', () => {
    expect(() =>
      db.transaction(() => {
        enqueueJob(db, { kind: 'test.echo', key: 'k1', payload: {} }, clock.now);
        throw new Error('the action failed');
      })(),
    ).toThrow('the action failed');
    expect(jobByKey(db, 'k1')).toBeUndefined();
    expect(() => enqueueJob(db, { kind: 'test.echo', key: 'k2', payload: {} }, clock.now)).toThrow(/inside the transaction/);
    expect(db.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(0);
  });

  it('queues a side effect once per dedupe key', async () => {
    expect(enqueue('same', { n: 1 })).toBe(true);
    expect(enqueue('same', { n: 2 })).toBe(false);
    const { handler, ran } = scripted([]);
    const r = runner();
    r.register(handler);
    await r.tick();
    expect(ran).toEqual([{ key: 'same', payload: { n: 1 }, attempts: 1 }]);
    expect(enqueue('same', { n: 3 })).toBe(false); // also after it ran
    await r.tick();
    expect(ran).toHaveLength(1);
  });
});

describe('the runner', () => {
  it('runs a job not before its time, then marks it done with the handler’s outcome', async () => {
    enqueue('later', {}, new Date(T0 + 60_000));
    const { handler, ran } = scripted([{ result: 'done', outcome: 'sent' }]);
    const r = runner();
    r.register(handler);
    expect((await r.tick()).results).toEqual([]);
    later(60_000);
    expect((await r.tick()).results).toEqual([expect.objectContaining({ key: 'later', result: 'done', outcome: 'sent' })]);
    expect(ran).toHaveLength(1);
    expect(jobByKey(db, 'later')).toMatchObject({ state: 'done', attempts: 1, outcome: 'sent', lastError: null });
  });

  it('retries after the delay the handler asks for, on the injected clock', async () => {
    enqueue('flaky');
    const { handler, ran } = scripted([{ result: 'retry', delayMs: 30_000, error: 'HTTP 503' }, { result: 'done' }]);
    const r = runner();
    r.register(handler);
    await r.tick();
    expect(jobByKey(db, 'flaky')).toMatchObject({ state: 'pending', attempts: 1, lastError: 'HTTP 503', nextAttemptAt: new Date(T0 + 30_000).toISOString() });
    later(29_999);
    await r.tick();
    expect(ran).toHaveLength(1);
    later(1);
    await r.tick();
    expect(ran.map((x) => x.attempts)).toEqual([1, 2]);
    expect(jobByKey(db, 'flaky')).toMatchObject({ state: 'done', attempts: 2, lastError: null });
  });

  it('retries a handler that throws with the default backoff (30 s, 2 min, 8 min, 32 min) and gives up after five attempts', async () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n))).toEqual([30_000, 120_000, 480_000, 1_920_000]);
    enqueue('broken');
    const { handler, ran } = scripted(Array.from({ length: 6 }, () => new Error('boom')));
    const r = runner();
    r.register(handler);
    await r.tick();
    for (const delay of [30_000, 120_000, 480_000, 1_920_000]) {
      later(delay - 1);
      await r.tick();
      later(1);
      await r.tick();
    }
    expect(ran.map((x) => x.attempts)).toEqual([1, 2, 3, 4, 5]);
    expect(jobByKey(db, 'broken')).toMatchObject({ state: 'failed', attempts: 5, lastError: 'boom' });
    later(86_400_000);
    await r.tick();
    expect(ran).toHaveLength(5);
    expect(logs.some((l) => l.includes('test.echo') && l.includes('threw (attempt 5/5): boom'))).toBe(true);
  });

  it('records a permanent failure with its reason and never runs the job again', async () => {
    enqueue('hopeless');
    const { handler, ran } = scripted([{ result: 'failed', error: 'the address does not exist', outcome: 'rejected' }]);
    const r = runner();
    r.register(handler);
    await r.tick();
    later(86_400_000);
    await r.tick();
    expect(ran).toHaveLength(1);
    expect(jobByKey(db, 'hopeless')).toMatchObject({ state: 'failed', outcome: 'rejected', lastError: 'the address does not exist' });
  });

  it('leaves jobs of a kind nobody registered waiting, and refuses a kind registered twice', async () => {
    db.transaction(() => enqueueJob(db, { kind: 'mail.picture', key: 'm1', payload: {} }, clock.now))();
    const { handler } = scripted([]);
    const r = runner();
    r.register(handler);
    expect(() => r.register(handler)).toThrow(/registered already/);
    await r.tick();
    expect(jobByKey(db, 'm1')).toMatchObject({ state: 'pending', attempts: 0 });
  });
});

describe('after a crash', () => {
  /** Starts a process that claims the job and SIGKILLs it while the handler runs. */
  async function killWhileRunning(kind: string): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../support/jobs-child.ts'), file, kind], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        if (b.toString().includes('running')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the child exited (${code}) before running the job`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  it('runs a job again that a SIGKILLed process left running (at least once)', async () => {
    enqueue('in-flight', { to: 'x' });
    await killWhileRunning('test.echo');
    expect(jobByKey(db, 'in-flight')).toMatchObject({ state: 'running', attempts: 1 });

    const { handler, ran } = scripted([]);
    const r = runner();
    r.register(handler);
    const summary = await r.tick();
    expect(summary.recovered).toEqual({ retried: 1, abandoned: 0 });
    expect(ran).toEqual([{ key: 'in-flight', payload: { to: 'x' }, attempts: 2 }]);
    expect(jobByKey(db, 'in-flight')).toMatchObject({ state: 'done', attempts: 2 });
    expect(logs.some((l) => l.includes('1 test.echo job(s) were running when the server stopped; running them again'))).toBe(true);
  }, 30_000);

  it('never runs again a job of an at-most-once kind that was interrupted', async () => {
    db.transaction(() => enqueueJob(db, { kind: 'test.once', key: 'once', payload: {} }, clock.now))();
    await killWhileRunning('test.once');
    const { handler, ran } = scripted([], 'test.once');
    const r = runner();
    r.register({ ...handler, interrupted: 'abandon' });
    expect((await r.tick()).recovered).toEqual({ retried: 0, abandoned: 1 });
    await r.tick();
    expect(ran).toEqual([]);
    expect(jobByKey(db, 'once')).toMatchObject({ state: 'failed', outcome: 'interrupted' });
  }, 30_000);
});
