/**
 * Reports queued while the server answers 503, then the
 * server dies in the middle of a sync – after committing the batch, before the phone
 * got the answer – and a new server process starts on the same data directory. The
 * phone's retries (its own timers, no help from the test) deliver everything, and the
 * server holds each report exactly once.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { deviceReports, enrol, outboxItems, ownRows, readStore, startE2E, waitForItems, waitForServiceWorker, fileOneObservation, fileTwoObservations, type E2E } from '../support/e2e';
import { startLossyHop, type LossyHop } from '../support/lossy-hop';

let env: E2E;
let hop: LossyHop | undefined;

beforeAll(async () => {
  env = await startE2E('resilience', { fakeClock: true });
});
afterAll(async () => {
  await hop?.close().catch(() => undefined);
  await env?.close();
});

/**
 * Lets the page's clock run ahead in 5 s steps (Playwright's clock: the app's own
 * timers fire, nothing else is triggered) until `done()` or `maxMs` of phone time.
 * Returns the phone time that passed.
 */
async function runPhoneClockUntil(done: () => Promise<boolean>, maxMs: number): Promise<number> {
  let phoneMs = 0;
  while (!(await done())) {
    if (phoneMs > maxMs) throw new Error(`not done after ${phoneMs} ms of phone time`);
    await env.page.clock.fastForward(5_000);
    phoneMs += 5_000;
    await env.page.waitForTimeout(100); // the fired timer's fetch and IndexedDB work
  }
  return phoneMs;
}

type SyncMeta = { failures: number; lastError?: string };
async function syncMeta(env: E2E): Promise<SyncMeta> {
  const rows = await readStore<{ key: string; value: SyncMeta }>(env.page, 'meta');
  return rows.find((r) => r.key === 'sync')?.value ?? { failures: 0 };
}

test('503s, then a server killed mid-sync and restarted: everything arrives, no duplicates', async () => {
  const { page, proxy } = env;
  await enrol(env);
  await waitForServiceWorker(page);
  hop = await startLossyHop(env.server.url);
  proxy.setUpstream(hop.url);

  // The server is "overloaded": every API call gets 503 (Retry-After: 1).
  proxy.setMode('unavailable');
  const calmAt = Date.now();
  await page.getByTestId('calm-button').click();
  await page.getByTestId('undo-button').waitFor();
  await fileTwoObservations(page);
  await fileOneObservation(page, 'fire', { tod: 'night' });

  const rows = await ownRows(page);
  expect(rows).toHaveLength(3);
  const ids = rows.map((r) => r.id).sort();
  expect(rows.filter((r) => r.report.calm)).toHaveLength(1);

  // At least two failed attempts, shown to the user, and the calm week's undo window over.
  await expect.poll(async () => (await syncMeta(env)).failures, { timeout: 20_000, interval: 250 }).toBeGreaterThanOrEqual(2);
  expect((await syncMeta(env)).lastError).toMatch(/503/);
  await page.getByTestId('sync-error').waitFor();
  await expect.poll(() => Date.now() - calmAt, { timeout: 10_000, interval: 250 }).toBeGreaterThan(5_500);
  expect((await outboxItems(page)).filter(([id]) => ids.includes(id)).map(([, s]) => s)).toEqual(['waiting', 'waiting', 'waiting']);
  expect(deviceReports(env.dbFile).reports).toEqual([]);

  // The server is back – until the next batch: it commits it, then the process is
  // killed (SIGKILL) before the answer leaves; the phone sees a dropped connection.
  const swallowed = hop.swallowNext(/^POST \/api\/v1\/reports$/, () => env.server.kill('SIGKILL'));
  let swallowedDone = false;
  void swallowed.then(() => (swallowedDone = true), () => (swallowedDone = true));
  proxy.setMode('pass');
  // The next attempt comes from the phone's backoff timer (the clock runs ahead).
  await runPhoneClockUntil(async () => swallowedDone, 5 * 60_000 + 5_000);
  const lost = await swallowed;
  expect(lost.status).toBe(200);
  const answered = (JSON.parse(lost.body) as { results: { id: string; status: string }[] }).results;
  expect(answered.map((r) => r.id).sort()).toEqual(ids);
  expect(answered.every((r) => r.status === 'created')).toBe(true);
  // The phone never heard of it: all three are still waiting.
  await expect.poll(async () => (await syncMeta(env)).lastError ?? '', { timeout: 10_000 }).toMatch(/network/);
  expect((await ownRows(page)).map((r) => r.state)).toEqual(['waiting', 'waiting', 'waiting']);

  // A new server process on the same data directory, behind the same origin.
  await env.restartServer();
  expect(deviceReports(env.dbFile).reports.map((r) => r.id).sort()).toEqual(ids);

  // The phone retries on its own backoff timer, whatever the failures so far made it
  // (capped at BACKOFF_CAP_MS = 5 min; after these failures typically 16–64 s): let the page’s clock run
  // ahead in 5 s steps – no event, reload or tap from the test – and the retry gets
  // "duplicate" answers for what the killed server had already committed.
  const before = await syncMeta(env);
  expect(before.failures).toBeGreaterThanOrEqual(3);
  const allSent = async () => {
    const states = (await outboxItems(page)).filter(([id]) => ids.includes(id)).map(([, s]) => s);
    return states.length === 3 && states.every((s) => s === 'sent');
  };
  await runPhoneClockUntil(allSent, 12 * 60_000);
  await waitForItems(page, ids, 'sent', 10_000);
  const { reports, observations } = deviceReports(env.dbFile);
  expect(reports.map((r) => r.id).sort()).toEqual(ids);
  expect(new Set(reports.map((r) => r.id)).size).toBe(3);
  const local = await ownRows(page);
  expect(local.map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
  const localObservations = local.flatMap((r) => r.report.observations.map((o) => o.id)).sort();
  expect(observations.map((o) => o.id).sort()).toEqual(localObservations);
  expect(observations).toHaveLength(3);
  expect(reports.filter((r) => r.calm === 1)).toHaveLength(1);
  expect((await syncMeta(env)).failures).toBe(0);
  await page.getByTestId('sync-error').waitFor({ state: 'detached' });
  // The retry after the restart reached the new server (through the proxy, not the hop).
  expect(proxy.seen.filter((s) => s === 'POST /api/v1/reports').length).toBeGreaterThanOrEqual(2);
});
