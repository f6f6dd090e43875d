/**
 * Issue 10: the server's own HTTPS (TLS_CERT/TLS_KEY with a self-signed certificate
 * made by openssl for lagesbild.test) and its plain-HTTP redirect port, in Chromium
 * by that host name: enrol from an http:// link, service worker active, a report
 * filed and the app reloaded with the server gone, sent exactly once when it is back.
 * The same run checks what the service worker precached: the informant app, and
 * none of the chunks the staff screens load. Last, a plain-http origin on the same
 * host name: the app says it is not secure, and the server warned at start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium } from '../support/browser';
import { startChildServer, type ChildServer } from '../support/child-server';
import { FUNCTION_NAME, deviceReports, fileOneObservation, ownRows, waitForItems, waitForServiceWorker } from '../support/e2e';
import { TEST_HOST, freePort, hostFlags, selfSignedCert } from '../support/https';

let dir: string;
let browser: Browser | undefined;
const servers: ChildServer[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-tls-'));
  browser = await launchChromium(hostFlags('127.0.0.1'));
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  for (const s of servers) await s.kill('SIGKILL').catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

/** URLs (path only) in the service worker's caches. */
function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) paths.push(new URL(req.url).pathname);
    }
    return paths.sort();
  });
}

test('built-in TLS: http link redirects, enrol, offline reload, exactly once; the precache holds no staff chunk', async () => {
  const { cert, key } = selfSignedCert(dir);
  const port = await freePort();
  const redirectPort = await freePort();
  const origin = `https://${TEST_HOST}:${port}`;
  const dataDir = join(dir, 'tls-data');
  const env = { PORT: String(port), TLS_CERT: cert, TLS_KEY: key, HTTP_REDIRECT_PORT: String(redirectPort), PUBLIC_URL: origin };
  let server = await startChildServer(dataDir, { demo: true, env });
  servers.push(server);
  expect(server.url).toBe(`https://127.0.0.1:${port}`);
  expect(server.output()).not.toMatch(/^warning:/m);
  const invite = server.invites.get(FUNCTION_NAME)!;
  expect(invite.startsWith(`${origin}/enrol/`)).toBe(true);

  const context = await browser!.newContext({ viewport: { width: 360, height: 740 }, locale: 'sv-SE', serviceWorkers: 'allow' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const informantAssets = new Set<string>();
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/assets/')) informantAssets.add(u.pathname);
  });

  // The invite typed with http:// and the redirect port lands on the https origin.
  const plain = invite.replace(origin, `http://${TEST_HOST}:${redirectPort}`);
  const first = await page.goto(plain);
  expect(first!.request().redirectedFrom()?.url()).toBe(plain);
  await page.getByTestId('week-heading').waitFor();
  await page.waitForURL(`${origin}/`);
  expect(first!.headers()['strict-transport-security']).toMatch(/max-age=/);
  await waitForServiceWorker(page);

  // What the service worker precached: the informant entry (script and style) …
  const precached = await cachedPaths(page);
  const entry = await page.evaluate(() => [
    ...[...document.querySelectorAll('script[type="module"][src]')].map((s) => new URL((s as HTMLScriptElement).src).pathname),
    ...[...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => new URL((l as HTMLLinkElement).href).pathname),
  ]);
  expect(entry.length).toBeGreaterThanOrEqual(2);
  for (const p of entry) expect(precached).toContain(p);

  // Offline: the server is gone (connections refused), the browser offline too.
  await server.kill('SIGKILL');
  await context.setOffline(true);
  await fileOneObservation(page, 'fire', { tod: 'night' });
  const [queued] = await ownRows(page);
  await page.reload();
  await page.getByTestId('week-heading').waitFor();
  await waitForItems(page, [queued!.id], 'waiting');

  // Back: the same DATA_DIR, port and certificate.
  server = await startChildServer(dataDir, { env });
  servers.push(server);
  await context.setOffline(false);
  await waitForItems(page, [queued!.id], 'sent');
  expect(deviceReports(join(dataDir, 'lagesbild.sqlite')).reports.map((r) => r.id)).toEqual([queued!.id]);

  // … and none of what the staff screens load: open them and collect their chunks.
  const staffPage = await context.newPage();
  const loaded: string[] = [];
  staffPage.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/assets/')) loaded.push(u.pathname);
  });
  await staffPage.goto(`${origin}/coordinator`);
  await staffPage.getByLabel('E-postadress').waitFor();
  // Staff-only: loaded by the staff screens, never by the informant app (workbox-window, say, is both).
  const staffChunks = loaded.filter((p) => !informantAssets.has(p) && /\.(js|css)$/.test(p));
  expect(staffChunks.some((p) => /\.js$/.test(p))).toBe(true);
  expect(staffChunks.length).toBeGreaterThan(0);
  expect(staffChunks.filter((p) => precached.includes(p))).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('plain http on a host name: the informant app says it is not secure; the server warned at start', async () => {
  const port = await freePort();
  const origin = `http://${TEST_HOST}:${port}`;
  const server = await startChildServer(join(dir, 'http-data'), { demo: true, env: { PORT: String(port), PUBLIC_URL: origin } });
  servers.push(server);
  expect(server.output()).toMatch(new RegExp(`^warning: PUBLIC_URL ${origin.replace(/[.]/g, '\\.')} is plain http.*https`, 'm'));

  const context = await browser!.newContext({ viewport: { width: 360, height: 740 }, locale: 'sv-SE' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.invites.get(FUNCTION_NAME)!);
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  const notice = page.getByTestId('insecure-context');
  await notice.waitFor();
  const text = (await notice.textContent())!;
  expect(text).toContain('https');
  expect(text).toMatch(/utan uppkoppling/);
  expect(text).toMatch(/påminna/);
  expect(text).toMatch(/IT-avdelning/);
  // Enrolment itself still works online, with the notice on the week screen too.
  await page.getByTestId('week-heading').waitFor();
  await page.getByTestId('insecure-context').waitFor();
  expect(errors).toEqual([]);
  await context.close();
});
