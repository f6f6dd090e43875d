/**
 * "Update prompt": with the app installed and a report queued offline, a new
 * version is deployed (a second production build that differs by a marker in
 * index.html, served by a restarted server on the same DATA_DIR behind the same proxy,
 * so the origin stays). The app offers the update; "Uppdatera" reloads into the new
 * version, the queued report is still there, and it then reaches the server exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startChildServer } from '../support/child-server';
import { buildClient } from '../support/client-build';
import { deviceReports, enrol, fileOneObservation, ownRows, startE2E, waitForItems, waitForServiceWorker, type E2E } from '../support/e2e';

const MARKER = 'lagesbild-build';
const NEW_VERSION = `update-test-${Date.now()}`;
let env: E2E;
let newBuild: string;

/** The "new version": index.html carries a marker, so the precache (and sw.js) differ. */
function versionMarker(version: string): Plugin {
  return { name: 'test-version-marker', transformIndexHtml: () => [{ tag: 'meta', attrs: { name: MARKER, content: version }, injectTo: 'head' }] };
}

beforeAll(async () => {
  newBuild = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-dist-v2-'));
  await buildClient(newBuild, { test: true, plugins: [versionMarker(NEW_VERSION)] });
  env = await startE2E('update');
});
afterAll(async () => {
  await env?.close();
  if (newBuild) rmSync(newBuild, { recursive: true, force: true });
});

const marker = () => env.page.evaluate((name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? null, MARKER);
const postsOfReports = () => env.proxy.seen.filter((s) => s === 'POST /api/v1/reports').length;

test('update prompt: new version deployed → prompt → reload into it; the report queued offline survives and arrives once', async () => {
  const { page, context, proxy } = env;
  await enrol(env);
  await waitForServiceWorker(page);
  // The app opened again (installed: the service worker controls it from the start). Note:
  // workbox-window only reloads on "Uppdatera" in a page that was controlled when it
  // registered; the very page that first installed the worker is not (see the report).
  await page.reload();
  await page.getByTestId('week-heading').waitFor();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
  expect(await marker()).toBeNull();

  // Offline (page and service worker): a report is queued.
  proxy.setMode('down');
  await context.setOffline(true);
  await page.getByTestId('offline-note').waitFor();
  await fileOneObservation(page, 'vandalism', { tod: 'night' });
  const [row] = await ownRows(page);
  expect(row).toBeDefined();
  await waitForItems(page, [row!.id], 'waiting');

  // Deploy: the server restarts on the same data with the new build, same origin.
  await env.server.kill('SIGTERM');
  env.server = await startChildServer(env.dataDir, { env: { CLIENT_DIR: newBuild } });
  proxy.setUpstream(env.server.url);
  // The network is back for the app's files, but the API still answers 503, so the
  // report stays queued through the update (it must survive the reload, not race it).
  proxy.setMode('unavailable');
  await context.setOffline(false);
  expect(await page.getByTestId('update-prompt').count()).toBe(0);

  // The browser checks for a new service worker (on navigation, or as here when asked).
  await page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())!.update();
  });
  await page.getByTestId('update-prompt').waitFor({ timeout: 30_000 });
  expect(await marker()).toBeNull(); // still the old version until the user says so
  await waitForItems(page, [row!.id], 'waiting');
  expect(deviceReports(env.dbFile).reports).toEqual([]);

  // "Uppdatera": the new worker takes over and the page reloads into the new version.
  await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), page.getByTestId('update-reload').click()]);
  await page.getByTestId('week-heading').waitFor();
  await expect.poll(marker, { timeout: 15_000 }).toBe(NEW_VERSION);
  expect(await page.getByTestId('update-prompt').count()).toBe(0);
  const reg = await page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    return { active: r?.active?.state, waiting: r?.waiting?.state ?? null, controlled: navigator.serviceWorker.controller !== null };
  });
  expect(reg).toEqual({ active: 'activated', waiting: null, controlled: true });

  // The queued report is still there after the update…
  const after = await ownRows(page);
  expect(after.map((r) => [r.id, r.state])).toEqual([[row!.id, 'waiting']]);
  expect(after[0]!.report).toEqual(row!.report);

  // …and arrives once when the API answers again.
  const postsBefore = postsOfReports();
  proxy.setMode('pass');
  await page.evaluate(() => window.dispatchEvent(new Event('online'))); // wake the flusher instead of waiting out its backoff
  await waitForItems(page, [row!.id], 'sent', 30_000);
  const { reports, observations } = deviceReports(env.dbFile);
  expect(reports.map((r) => r.id)).toEqual([row!.id]);
  expect(observations.map((o) => [o.report_id, o.category, o.time_of_day])).toEqual([[row!.id, 'vandalism', 'night']]);
  expect(postsOfReports() - postsBefore).toBeGreaterThanOrEqual(1);
  expect(env.errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
});
