/**
 * Shared set-up for the browser tests: a temporary DATA_DIR, the real server as a
 * child process (demo data), the fault proxy in front of it, Debian's Chromium with a
 * phone-sized context (360×740, sv-SE) – and the page helpers the tests share.
 *
 * Every test file calls `startE2E()` in beforeAll and `env.close()` in afterAll;
 * `close()` stops everything it started, step by step, even when a step fails.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { startChildServer, type ChildServer } from './child-server';
import { startFaultProxy, type FaultProxy } from './proxy';

/** The demo function the tests enrol as; its own areas are Björkhagen, Ekbacken, Tallmon. */
export const FUNCTION_NAME = 'Bovärdskontor Norr';

export interface E2E {
  dataDir: string;
  dbFile: string;
  server: ChildServer;
  proxy: FaultProxy;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
  /** The invite code of FUNCTION_NAME (from the printed invite URL). */
  inviteCode: string;
  /** Kill the current server and start a new one on the same DATA_DIR behind the proxy. */
  restartServer(signal?: NodeJS.Signals): Promise<ChildServer>;
  close(): Promise<void>;
}

export async function startE2E(name: string, opts: { fakeClock?: boolean } = {}): Promise<E2E> {
  const dataDir = mkdtempSync(join(tmpdir(), `lagesbild-e2e-${name}-`));
  const cleanups: (() => Promise<unknown> | unknown)[] = [() => rmSync(dataDir, { recursive: true, force: true })];
  const close = async () => {
    // Reverse order: page/context/browser, proxy, server(s), then the directory.
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error(`e2e cleanup (${name}):`, err);
      }
    }
    cleanups.length = 0;
  };
  try {
    const env = { dataDir, dbFile: join(dataDir, 'lagesbild.sqlite'), errors: [] as string[], close } as E2E;
    env.server = await startChildServer(dataDir, { demo: true });
    cleanups.push(() => env.server.kill('SIGKILL'));
    const invite = env.server.invites.get(FUNCTION_NAME);
    if (!invite) throw new Error(`no invite for ${FUNCTION_NAME} in:\n${env.server.output()}`);
    env.inviteCode = decodeURIComponent(new URL(invite).pathname.replace(/^\/enrol\//, ''));
    env.proxy = await startFaultProxy(env.server.url);
    cleanups.push(() => env.proxy.close());
    env.browser = await launchChromium();
    cleanups.push(() => env.browser.close());
    env.context = await env.browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'sv-SE', serviceWorkers: 'allow' });
    env.context.setDefaultTimeout(15_000);
    // Playwright's clock: time flows normally, but a test may jump the page's timers ahead.
    if (opts.fakeClock) await env.context.clock.install();
    env.page = await env.context.newPage();
    env.page.on('console', (m) => {
      if (m.type() === 'error') env.errors.push(`console: ${m.text()}`);
    });
    env.page.on('pageerror', (e) => env.errors.push(`pageerror: ${e.message}`));
    env.restartServer = async (signal = 'SIGKILL') => {
      await env.server.kill(signal);
      env.server = await startChildServer(dataDir);
      env.proxy.setUpstream(env.server.url);
      return env.server;
    };
    return env;
  } catch (err) {
    await close();
    throw err;
  }
}

/** Opens the invite link through the proxy and waits for the week screen. */
export async function enrol(env: E2E): Promise<void> {
  const { page } = env;
  await page.goto(`${env.proxy.url}/enrol/${encodeURIComponent(env.inviteCode)}`);
  await page.getByTestId('week-heading').waitFor({ timeout: 20_000 });
  await page.waitForURL(`${env.proxy.url}/`);
}

/** Waits until the service worker controls the page (precache done, clients claimed). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  try {
    await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', undefined, { timeout: 30_000 });
  } catch (err) {
    // Say why: a failed install looks the same as a slow one.
    const reg = await page
      .evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        return r ? { installing: r.installing?.state, waiting: r.waiting?.state, active: r.active?.state } : 'no registration';
      })
      .catch((e: unknown) => String(e));
    throw new Error(`the service worker never controlled the page: registration ${JSON.stringify(reg)}`, { cause: err });
  }
}

export interface OutboxRowView {
  id: string;
  state: 'waiting' | 'sent' | 'refused';
  functionId: string;
  restored?: boolean;
  report: {
    id: string;
    week: string;
    calm: boolean;
    observations: { id: string; category: string; areaId: string; placeId?: string; timeOfDay: string; persists: boolean; note?: string }[];
  };
}

/** Reads one object store of the app's IndexedDB ("lagesbild") inside the page. */
export function readStore<T>(page: Page, store: 'outbox' | 'meta' | 'draft' | 'context'): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('lagesbild');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction(name, 'readonly').objectStore(name).getAll();
          req.onsuccess = () => {
            db.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error);
        };
      }),
    store,
  ) as Promise<T[]>;
}

export const readOutbox = (page: Page) => readStore<OutboxRowView>(page, 'outbox');

/** The device token and function stored at enrolment. */
export async function readDevice(page: Page): Promise<{ token: string; functionId: string; name: string }> {
  const rows = await readStore<{ key: string; value: { token: string; functionId: string; name: string } }>(page, 'meta');
  const device = rows.find((r) => r.key === 'device')?.value;
  if (!device) throw new Error('the device is not enrolled');
  return device;
}

/** Runs a query on the server's SQLite file, opened read-only (the server keeps running). */
export function queryDb<T>(dbFile: string, fn: (db: Database.Database) => T): T {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export interface ServerReport {
  id: string;
  function_id: string;
  device_id: string | null;
  week: string;
  calm: number;
}
export interface ServerObservation {
  id: string;
  report_id: string;
  position: number;
  week: string;
  category: string;
  area_id: string;
  place_id: string | null;
  time_of_day: string;
  persists: number;
  note: string | null;
}

/** Reports filed by enrolled devices (the demo history has device_id NULL). */
export function deviceReports(dbFile: string): { reports: ServerReport[]; observations: ServerObservation[] } {
  return queryDb(dbFile, (db) => ({
    reports: db
      .prepare('SELECT id, function_id, device_id, week, calm FROM reports WHERE device_id IS NOT NULL ORDER BY created_at, id')
      .all() as ServerReport[],
    observations: db
      .prepare(
        `SELECT o.id, o.report_id, o.position, o.week, o.category, o.area_id, o.place_id, o.time_of_day, o.persists, o.note
           FROM observations o JOIN reports r ON r.id = o.report_id
          WHERE r.device_id IS NOT NULL ORDER BY o.report_id, o.position`,
      )
      .all() as ServerObservation[],
  }));
}

/** The outbox items on the home screen as [data-id, data-state] (restored history included). */
export function outboxItems(page: Page): Promise<[string, string][]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="outbox-item"]')].map((i) => [i.getAttribute('data-id') ?? '', i.getAttribute('data-state') ?? ''] as [string, string]),
  );
}

/** Waits until the home screen shows each of `ids` as an outbox item in `state`. */
export async function waitForItems(page: Page, ids: readonly string[], state: 'waiting' | 'sent', timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    ([want, s]) => {
      const items = new Map(
        [...document.querySelectorAll('[data-testid="outbox-item"]')].map((i) => [i.getAttribute('data-id'), i.getAttribute('data-state')]),
      );
      return want.every((id) => items.get(id) === s);
    },
    [ids, state] as const,
    { timeout },
  );
}

/** Ids of the outbox rows filed on this device (not restored from the server's copy). */
export async function ownRows(page: Page): Promise<OutboxRowView[]> {
  return (await readOutbox(page)).filter((r) => !r.restored);
}

/** The flow for a report of two observations (7 taps from home). */
export async function fileTwoObservations(page: Page): Promise<void> {
  await page.getByTestId('report-button').click();
  await page.getByTestId('tile-vandalism').click();
  await page.getByTestId('tod-evening').click();
  await page.getByTestId('add-observation').click();
  await page.getByTestId('tile-youth_gathering').click();
  await page.getByTestId('tod-night').click();
  await page.getByTestId('save-button').click();
  await page.getByTestId('week-heading').waitFor();
}

/** One observation with the given indicator (and optional time of day, note). */
export async function fileOneObservation(page: Page, category: string, opts: { tod?: 'day' | 'evening' | 'night'; note?: string } = {}): Promise<void> {
  await page.getByTestId('report-button').click();
  await page.getByTestId(`tile-${category}`).click();
  if (opts.tod) await page.getByTestId(`tod-${opts.tod}`).click();
  if (opts.note) await page.getByTestId('note').fill(opts.note);
  await page.getByTestId('save-button').click();
  await page.getByTestId('week-heading').waitFor();
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary?: string; html: string }[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA) on the page and returns the serious and
 * critical violations. axe is evaluated through the DevTools protocol, not added as a
 * <script> tag: the app's CSP (script-src 'self') rightly refuses inline scripts, and
 * the test must not weaken it (bypassCSP) since it also checks for CSP errors.
 */
export async function axeSeriousViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!present) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations;
  });
  return (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Readable list of axe violations for an assertion message. */
export function formatViolations(where: string, violations: AxeViolation[]): string {
  if (violations.length === 0) return `${where}: none`;
  return [
    `${where}: ${violations.length} serious/critical accessibility violation(s)`,
    ...violations.map(
      (v) =>
        `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    at ${n.target.join(' ')}: ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n'),
    ),
  ].join('\n');
}
