/**
 * Section "browser" (budgets, measured in a real browser): the production build
 * served by the real server, Debian's headless Chromium as the phone.
 *
 * 1. Set-up: `vite build` into a temp dir; the server as a child (`--demo`, temp
 *    DATA_DIR, 127.0.0.1, CLIENT_DIR = that build) behind the tests' fault proxy (so the
 *    network of the page AND its service worker can be cut); Chromium (360×740) enrols
 *    from a printed invite and waits until the service worker controls the page.
 *
 * 2. Tap on "Lugn vecka" → committed IndexedDB write (budget: median ≤ 50 ms).
 *    Method: in the page, a capture-phase 'click' listener on the calm button records
 *    the click event's `timeStamp`; `IDBObjectStore.prototype.add/put` are wrapped so
 *    that when the app writes a calm report (`report.calm === true`) into the `outbox`
 *    store, a 'complete' listener goes on THAT request's transaction and records
 *    `performance.now()` when it fires – i.e. when IndexedDB reports the transaction
 *    committed. Both are on the page's clock (performance.timeOrigin), so the sample is
 *    commit − click, measured entirely inside the page (no CDP round trip in it). The
 *    click is a real input event (Playwright → CDP). Between taps the calm report is
 *    undone with the app's own undo button (within its 5 s window, so nothing is sent)
 *    and we wait until the row is gone and the button is enabled again.
 *
 * 3. 1,000 queued reports flush to the server (budget ≤ 10 s on loopback).
 *    The network is cut at the proxy (page and service worker) and the browser put
 *    offline; 1,000 reports are written into the outbox **directly with IndexedDB from
 *    the page, in the exact row shape the app's calmWeek/saveReport actions write**
 *    (`{id, report, functionId, state: 'waiting', attempts: 0, queuedAt}`; the bundled
 *    action module is not reachable from outside the app). Each report has one
 *    observation in one of the function's areas, this week, uuidv7 ids. Then the network
 *    comes back (proxy 'pass', browser online → the app's 'online' handler refreshes the
 *    context and flushes) and we time until the server's SQLite holds all 1,000 (polled
 *    read-only) and until the outbox shows all 1,000 `sent`.
 *
 * Options: --taps=30 (≥ 20 is meaningful), --reports=1000.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import type { InformantContext } from '../../shared/api';
import { uuidv7 } from '../../shared/ids';
import { INDICATOR_KEYS } from '../../shared/indicators';
import { launchChromium } from '../support/browser';
import { startFaultProxy } from '../support/proxy';
import { REPO_ROOT, fmt, percentile, sleep, type BenchContext, type BenchSection } from './harness';
import { startServerProcess } from './server-process';

const FUNCTION_NAME = 'Bovärdskontor Norr';
const TAP_BUDGET_MS = 50;
const FLUSH_BUDGET_S = 10;

export const browserSection: BenchSection = {
  name: 'browser',
  description: 'headless Chromium: calm tap → committed IndexedDB write; 1,000 queued reports flushed',
  run: async (ctx) => {
    const taps = Math.max(1, Math.round(ctx.numberOption('taps', 30)));
    const reportCount = Math.max(1, Math.round(ctx.numberOption('reports', 1000)));

    // --- set-up -------------------------------------------------------------
    const clientDir = ctx.tempDir('browser-client');
    await build({ root: REPO_ROOT, configFile: join(REPO_ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir: clientDir, emptyOutDir: true } });
    ctx.throwIfAborted();
    const dataDir = ctx.tempDir('browser-data');
    // server-process.ts hands the child a copy of process.env: set CLIENT_DIR just for the spawn.
    const savedClientDir = process.env.CLIENT_DIR;
    process.env.CLIENT_DIR = clientDir;
    let server;
    try {
      server = await startServerProcess({ dataDir, signal: ctx.signal });
    } finally {
      if (savedClientDir === undefined) delete process.env.CLIENT_DIR;
      else process.env.CLIENT_DIR = savedClientDir;
    }
    ctx.defer(() => server.stop());
    const invite = server.invites.find((i) => i.functionName === FUNCTION_NAME) ?? server.invites[0];
    if (!invite) throw new Error('the demo server printed no invite');
    const proxy = await startFaultProxy(server.url);
    ctx.defer(() => proxy.close());
    const browser = await launchChromium();
    ctx.defer(() => browser.close());
    ctx.onExit(() => void browser.close());
    const version = browser.version();
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'sv-SE', serviceWorkers: 'allow' });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${proxy.url}/enrol/${invite.code}`);
    await page.getByTestId('week-heading').waitFor();
    await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', undefined, { timeout: 60_000 });
    // The app as a user reopens it: controlled by the service worker from the start.
    await page.reload();
    await page.getByTestId('week-heading').waitFor();
    ctx.log(`Chromium ${version} headless, 360×740; server ${server.url} behind proxy ${proxy.url}; enrolled as ${invite.functionName}`);

    // --- 1. calm tap → committed IndexedDB write -----------------------------
    const samples = await measureCalmTaps(ctx, page, taps);
    const median = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    ctx.log(
      `calm tap → committed IDB write over ${samples.length} taps: median ${fmt(median, 1)} ms, p95 ${fmt(p95, 1)} ms, ` +
        `min ${fmt(Math.min(...samples), 1)}, max ${fmt(Math.max(...samples), 1)} ms (budget: median ≤ ${TAP_BUDGET_MS} ms)`,
    );
    ctx.figure({ name: 'calm tap → IDB commit, median', value: Number(median.toFixed(1)), unit: 'ms', target: `≤ ${TAP_BUDGET_MS}`, met: median <= TAP_BUDGET_MS });
    ctx.figure({ name: 'calm tap → IDB commit, p95', value: Number(p95.toFixed(1)), unit: 'ms' });

    // --- 2. N queued reports flush -------------------------------------------
    ctx.throwIfAborted();
    const dbFile = join(dataDir, 'lagesbild.sqlite');
    const flush = await measureFlush(ctx, page, proxy, context, dbFile, reportCount);
    ctx.log(
      `${reportCount} queued reports: in the server's SQLite after ${fmt(flush.serverMs / 1000, 2)} s, ` +
        `all 'sent' in the outbox after ${fmt(flush.outboxMs / 1000, 2)} s, in ${flush.posts} POST(s) (budget ≤ ${FLUSH_BUDGET_S} s)`,
    );
    ctx.figure({
      name: `${reportCount} queued reports flushed (server + outbox)`,
      value: Number((flush.outboxMs / 1000).toFixed(2)),
      unit: 's',
      target: `≤ ${FLUSH_BUDGET_S}`,
      met: flush.outboxMs / 1000 <= FLUSH_BUDGET_S,
    });
    if (errors.length) ctx.log(`page errors: ${errors.join(' | ')}`);
  },
};

async function measureCalmTaps(ctx: BenchContext, page: Page, taps: number): Promise<number[]> {
  await page.evaluate(() => {
    interface Probe {
      clicks: number[];
      commits: number[];
    }
    const w = window as unknown as { __calmProbe?: Probe };
    if (w.__calmProbe) return;
    const probe: Probe = { clicks: [], commits: [] };
    w.__calmProbe = probe;
    document.addEventListener(
      'click',
      (e) => {
        if ((e.target as Element | null)?.closest?.('[data-testid="calm-button"]')) probe.clicks.push(e.timeStamp);
      },
      true,
    );
    for (const method of ['add', 'put'] as const) {
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        const request = original.call(this, value, key);
        const v = value as { report?: { calm?: boolean } } | null;
        if (this.name === 'outbox' && v?.report?.calm === true) {
          this.transaction.addEventListener('complete', () => probe.commits.push(performance.now()), { once: true });
        }
        return request;
      };
    }
  });

  const samples: number[] = [];
  for (let i = 0; i < taps; i++) {
    ctx.throwIfAborted();
    await page.getByTestId('calm-button').click();
    await page.waitForFunction((n) => (window as unknown as { __calmProbe: { commits: number[] } }).__calmProbe.commits.length > n, i);
    const { click, commit } = await page.evaluate((n) => {
      const p = (window as unknown as { __calmProbe: { clicks: number[]; commits: number[] } }).__calmProbe;
      return { click: p.clicks[n]!, commit: p.commits[n]! };
    }, i);
    samples.push(commit - click);
    // Undo (within the 5 s window: nothing is sent) and wait for a clean state.
    await page.getByTestId('undo-button').click();
    await page.waitForFunction(async () => {
      const rows = await new Promise<{ state: string; report: { calm: boolean } }[]>((resolve, reject) => {
        const open = indexedDB.open('lagesbild');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('outbox', 'readonly').objectStore('outbox').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result);
          };
        };
      });
      const button = document.querySelector<HTMLButtonElement>('[data-testid="calm-button"]');
      return !rows.some((r) => r.state === 'waiting' && r.report.calm) && button !== null && !button.disabled;
    });
    await sleep(50, ctx.signal); // let the toast and the live queries settle
  }
  return samples;
}

async function measureFlush(
  ctx: BenchContext,
  page: Page,
  proxy: { setMode(m: 'pass' | 'down'): void; seen: string[] },
  context: { setOffline(o: boolean): Promise<void> },
  dbFile: string,
  n: number,
): Promise<{ serverMs: number; outboxMs: number; posts: number }> {
  const serverCount = () => {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM reports WHERE device_id IS NOT NULL').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const before = serverCount();

  // What the app knows: device, the week and areas of the cached context.
  const known = await page.evaluate(
    () =>
      new Promise<{ device: { functionId: string }; ctx: InformantContext }>((resolve, reject) => {
        const open = indexedDB.open('lagesbild');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['meta', 'context'], 'readonly');
          const dev = tx.objectStore('meta').get('device');
          const c = tx.objectStore('context').get('current');
          tx.oncomplete = () => {
            open.result.close();
            resolve({ device: (dev.result as { value: { functionId: string } }).value, ctx: (c.result as { ctx: InformantContext }).ctx });
          };
        };
      }),
  );
  const areas = known.ctx.areas.filter((a) => a.own).length ? known.ctx.areas.filter((a) => a.own) : known.ctx.areas;
  const categories = INDICATOR_KEYS;
  const times = ['day', 'evening', 'night', 'unknown'];
  const base = Date.now();
  const rows = Array.from({ length: n }, (_, i) => {
    const now = base + i;
    const createdAt = new Date(now).toISOString();
    const report = {
      id: uuidv7(now),
      week: known.ctx.week,
      createdAt,
      calm: false,
      observations: [{ id: uuidv7(now), category: categories[i % categories.length], areaId: areas[i % areas.length]!.id, timeOfDay: times[i % times.length], persists: false }],
    };
    return { id: report.id, report, functionId: known.device.functionId, state: 'waiting', attempts: 0, queuedAt: createdAt };
  });

  // Cut the network (page and service worker), then queue.
  proxy.setMode('down');
  await context.setOffline(true);
  await page.evaluate(
    (all) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('lagesbild');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('outbox', 'readwrite');
          for (const row of all) tx.objectStore('outbox').add(row);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    rows,
  );
  ctx.log(`queued ${n} reports offline (raw IndexedDB, the app's row shape); server holds ${before} device reports`);
  const postsBefore = proxy.seen.filter((s) => s === 'POST /api/v1/reports').length;

  // Network back: time until the server has them all, then until the outbox says so.
  const started = performance.now();
  proxy.setMode('pass');
  await context.setOffline(false);
  let serverMs = NaN;
  const deadline = started + 120_000;
  while (performance.now() < deadline) {
    ctx.throwIfAborted();
    if (serverCount() - before >= n) {
      serverMs = performance.now() - started;
      break;
    }
    await sleep(10, ctx.signal);
  }
  if (Number.isNaN(serverMs)) throw new Error(`the server did not receive all ${n} reports within 120 s (has ${serverCount() - before})`);
  const ids = rows.map((r) => r.id);
  await page.waitForFunction(
    (want) =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open('lagesbild');
        open.onsuccess = () => {
          const req = open.result.transaction('outbox', 'readonly').objectStore('outbox').getAll();
          req.onsuccess = () => {
            open.result.close();
            const sent = new Set((req.result as { id: string; state: string }[]).filter((r) => r.state === 'sent').map((r) => r.id));
            resolve(want.every((id) => sent.has(id)));
          };
        };
        open.onerror = () => resolve(false);
      }),
    ids,
    { timeout: 120_000, polling: 10 },
  );
  const outboxMs = performance.now() - started;
  const posts = proxy.seen.filter((s) => s === 'POST /api/v1/reports').length - postsBefore;
  return { serverMs, outboxMs, posts };
}
