/**
 * The outbox flusher: sends waiting reports to POST /api/v1/reports in batches and
 * records each item's answer. Runs in the page and in the service worker (Background
 * Sync), one at a time across all of them (Web Locks), so a report is never in two
 * requests at once. Safe to call any time, as often as you like.
 *
 * Nothing is lost: a row leaves `waiting` only on a per-item answer from the server
 * (`created`/`duplicate` → sent, `conflict`/`invalid` → refused, shown to the user).
 * Network errors, 429 and 5xx leave rows waiting and schedule a retry with exponential
 * backoff and jitter; a 401 stops syncing (device revoked) and keeps every row.
 */
import type { IngestResponse, IngestResult } from '../../shared/api';
import { MAX_BATCH } from '../../shared/limits';
import { getDb, metaRow, patched, readMeta, type LagesbildDb, type OutboxRow, type SyncMeta } from './db';

export const LOCK_NAME = 'lagesbild-outbox';
/** Background Sync tag (the page registers it, the service worker answers it). */
export const SYNC_TAG = 'lagesbild-outbox';
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
/** A request that hangs must not hold the outbox lock for ever (it is then a network error). */
export const REQUEST_TIMEOUT_MS = 30_000;

export type FlushOutcome =
  | { kind: 'idle'; sent: number; refused: number; /** earliest held-back row (undo window) */ laterAt?: number }
  | { kind: 'retry'; sent: number; refused: number; delayMs: number; reason: string }
  | { kind: 'revoked'; code: 'unauthorized' | 'device_revoked' }
  | { kind: 'not_enrolled' };

export interface FlushDeps {
  db?: LagesbildDb;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  /** Origin for the API; empty = same origin (relative URL). */
  baseUrl?: string;
}

/**
 * Delay before retry number `failures` (1 = first failure): exponential from 2 s up to
 * 5 min, with "equal jitter" (half fixed, half random) so many phones coming back
 * online together do not hit the server in step. A Retry-After (seconds) is respected.
 */
export function backoffDelay(failures: number, random: () => number = Math.random, retryAfterMs?: number): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  const jittered = Math.round(exp / 2 + random() * (exp / 2));
  return retryAfterMs && retryAfterMs > jittered ? Math.min(retryAfterMs, 2 * BACKOFF_CAP_MS) : jittered;
}

export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Rows to send now: waiting, of the enrolled function, past any undo hold, oldest first. */
export function pickBatch(rows: readonly OutboxRow[], functionId: string, now: number, max = MAX_BATCH): OutboxRow[] {
  return rows
    .filter((r) => r.state === 'waiting' && r.functionId === functionId && (r.notBefore ?? 0) <= now)
    .sort((a, b) => (a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : a.id < b.id ? -1 : 1))
    .slice(0, max);
}

export interface RowUpdate {
  id: string;
  changes: Partial<OutboxRow>;
}

/**
 * Pure: what the server's per-item answers mean for the batch's rows. Rows without an
 * answer stay waiting (only their attempt count grows) and are retried.
 */
export function applyResults(
  batch: readonly OutboxRow[],
  results: readonly IngestResult[],
  nowIso: string,
): { updates: RowUpdate[]; sent: number; refused: number; unanswered: number } {
  const byId = new Map<string, IngestResult>();
  for (const r of results) if (r.id) byId.set(r.id, r);
  const updates: RowUpdate[] = [];
  let sent = 0;
  let refused = 0;
  let unanswered = 0;
  for (const row of batch) {
    const result = byId.get(row.id);
    const attempts = row.attempts + 1;
    if (!result) {
      unanswered++;
      updates.push({ id: row.id, changes: { attempts } });
    } else if (result.status === 'created' || result.status === 'duplicate') {
      sent++;
      updates.push({
        id: row.id,
        changes: { state: 'sent', sentAt: nowIso, attempts, error: undefined, rule: undefined, notBefore: undefined },
      });
    } else {
      refused++;
      updates.push({
        id: row.id,
        changes: {
          state: 'refused',
          attempts,
          error: result.error ?? result.status,
          rule: result.rule ?? (result.status === 'conflict' ? 'id_conflict' : 'schema'),
        },
      });
    }
  }
  return { updates, sent, refused, unanswered };
}

let memoryChain: Promise<unknown> = Promise.resolve();

/** Run `fn` holding the outbox lock: Web Locks across tabs and the SW, else an in-memory mutex. */
export function withOutboxLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks && typeof locks.request === 'function') return locks.request(LOCK_NAME, fn) as Promise<T>;
  const run = memoryChain.then(fn, fn);
  memoryChain = run.catch(() => undefined);
  return run;
}

async function updateSync(db: LagesbildDb, change: (s: SyncMeta) => SyncMeta): Promise<SyncMeta> {
  return db.run(['meta'], 'readwrite', async (tx) => {
    const next = change((await readMeta(tx, 'sync')) ?? { failures: 0 });
    await tx.store.put(metaRow('sync', next));
    return next;
  });
}

/** Send everything that is due, batch by batch, holding the outbox lock. */
export function flushOutbox(deps: FlushDeps = {}): Promise<FlushOutcome> {
  return withOutboxLock(() => flushUnlocked(deps));
}

async function flushUnlocked(deps: FlushDeps): Promise<FlushOutcome> {
  const db = deps.db ?? getDb();
  const doFetch = deps.fetch ?? globalThis.fetch.bind(globalThis);
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const base = deps.baseUrl ?? '';
  let sent = 0;
  let refused = 0;

  const fail = async (reason: string, retryAfterMs?: number): Promise<FlushOutcome> => {
    const sync = await updateSync(db, (s) => {
      // A try before the planned retry (after a save, on becoming visible) that fails
      // again keeps the plan: only planned retries lengthen the backoff.
      if (s.failures > 0 && s.nextAttemptAt !== undefined && now() < s.nextAttemptAt && retryAfterMs === undefined) {
        return { ...s, lastError: reason, lastAttemptAt: new Date(now()).toISOString() };
      }
      const failures = s.failures + 1;
      const delay = backoffDelay(failures, random, retryAfterMs);
      return { ...s, failures, nextAttemptAt: now() + delay, lastError: reason, lastAttemptAt: new Date(now()).toISOString() };
    });
    return { kind: 'retry', sent, refused, delayMs: Math.max(0, (sync.nextAttemptAt ?? now()) - now()), reason };
  };

  for (;;) {
    const device = await readMeta(db, 'device');
    if (!device) return { kind: 'not_enrolled' };
    const sync = await readMeta(db, 'sync');
    if (sync?.revoked) return { kind: 'revoked', code: sync.revoked };

    const waiting = await (await db.open()).getAllFromIndex('outbox', 'state', 'waiting');
    const t = now();
    const batch = pickBatch(waiting, device.functionId, t);
    if (batch.length === 0) {
      const held = waiting.filter((r) => r.functionId === device.functionId && (r.notBefore ?? 0) > t);
      const laterAt = held.length ? Math.min(...held.map((r) => r.notBefore!)) : undefined;
      return laterAt === undefined ? { kind: 'idle', sent, refused } : { kind: 'idle', sent, refused, laterAt };
    }

    let res: Response;
    let text: string;
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
    try {
      res = await doFetch(`${base}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
        body: JSON.stringify({ reports: batch.map((r) => r.report) }),
        signal: abort.signal,
      });
      // The body too, under the same timeout: a stalled body must not hold the outbox lock.
      text = await res.text();
    } catch (err) {
      await bumpAttempts(db, batch);
      return fail(`network: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(timeout);
    }
    const json = (): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    };

    if (res.status === 401) {
      const body = (json() ?? {}) as { code?: string };
      const code = body.code === 'device_revoked' ? 'device_revoked' : 'unauthorized';
      await updateSync(db, (s) => ({ ...s, revoked: code, lastError: `401 ${code}` }));
      return { kind: 'revoked', code };
    }
    if (!res.ok) {
      await bumpAttempts(db, batch);
      // 400 is a client bug (malformed envelope): keep the rows, surface it, retry slowly.
      return fail(`http ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`, parseRetryAfter(res.headers.get('retry-after'), now()));
    }

    const body = json() as IngestResponse | undefined;
    if (!body || !Array.isArray(body.results)) {
      await bumpAttempts(db, batch);
      return fail('bad response body');
    }

    const applied = applyResults(batch, body.results, new Date(now()).toISOString());
    await db.run(['outbox', 'meta'], 'readwrite', async (tx) => {
      const outbox = tx.objectStore('outbox');
      for (const u of applied.updates) {
        const row = await outbox.get(u.id);
        if (row && row.state === 'waiting') await outbox.put(patched(row, u.changes));
      }
      const s = (await readMeta(tx, 'sync')) ?? { failures: 0 };
      const ok: SyncMeta = { ...s, failures: 0, lastSuccessAt: new Date(now()).toISOString() };
      delete ok.nextAttemptAt;
      delete ok.lastError;
      await tx.objectStore('meta').put(metaRow('sync', ok));
    });
    sent += applied.sent;
    refused += applied.refused;
    if (applied.unanswered > 0) return fail('server did not answer every report');
  }
}

async function bumpAttempts(db: LagesbildDb, batch: readonly OutboxRow[]): Promise<void> {
  await db.run(['outbox'], 'readwrite', async (tx) => {
    for (const row of batch) {
      const cur = await tx.store.get(row.id);
      if (cur && cur.state === 'waiting') await tx.store.put({ ...cur, attempts: cur.attempts + 1 });
    }
  });
}
