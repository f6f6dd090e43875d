/**
 * Issue 10: the deployment as a municipality runs it – the real Caddy (Debian's
 * package) with deploy/Caddyfile and `tls internal` in front of the server
 * (TRUST_PROXY=1, PUBLIC_URL=https://lagesbild.test:<port>), Chromium reaching it by
 * a host name that is not localhost. Chromium resolves that name to ::1, while Caddy
 * talks to the server over 127.0.0.1: so the address the server records for a
 * log-in shows whether it really is the phone's address as seen through the proxy.
 *
 * Chain: Chromium → Caddy (https, ::1) → fault proxy (counts requests) → server.
 * "Offline" is Caddy stopped: the phone's connections are refused.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SESSION_COOKIE_HTTPS } from '../../server/auth/context';
import { throttleKeys } from '../../server/auth/throttle';
import { launchChromium } from '../support/browser';
import { startChildServer, type ChildServer } from '../support/child-server';
import { FUNCTION_NAME, deviceReports, fileTwoObservations, outboxItems, ownRows, queryDb, waitForItems, waitForServiceWorker } from '../support/e2e';
import { TEST_HOST, freePort, hostFlags, httpsRequest, startCaddy, type Caddy } from '../support/https';
import { startFaultProxy, type FaultProxy } from '../support/proxy';

const root = join(import.meta.dirname, '..', '..');
let dir: string;
let server: ChildServer | undefined;
let proxy: FaultProxy | undefined;
let caddy: Caddy | undefined;
let browser: Browser | undefined;
let port: number;
let origin: string;

async function startProxy(): Promise<Caddy> {
  return startCaddy({ root, dir: join(dir, 'caddy'), port, upstream: new URL(proxy!.url).host });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-caddy-'));
  port = await freePort();
  origin = `https://${TEST_HOST}:${port}`;
  server = await startChildServer(join(dir, 'data'), { demo: true, env: { TRUST_PROXY: '1', PUBLIC_URL: origin } });
  proxy = await startFaultProxy(server.url);
  caddy = await startProxy();
  browser = await launchChromium(hostFlags('[::1]'));
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await caddy?.stop().catch(() => {});
  await proxy?.close().catch(() => {});
  await server?.kill('SIGKILL').catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

test('through Caddy over https: enrol, offline report, offline reload, sent exactly once', async () => {
  const invite = server!.invites.get(FUNCTION_NAME);
  expect(invite, server!.output()).toMatch(new RegExp(`^${origin.replace(/[.]/g, '\\.')}/enrol/`));
  const context = await browser!.newContext({ viewport: { width: 360, height: 740 }, locale: 'sv-SE', serviceWorkers: 'allow' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(invite!);
  await page.getByTestId('week-heading').waitFor();
  await page.waitForURL(`${origin}/`);
  expect(await page.evaluate(() => [window.isSecureContext, location.origin])).toEqual([true, origin]);
  await waitForServiceWorker(page);
  expect(await page.getByTestId('insecure-context').count()).toBe(0);

  // Offline: the proxy is gone (connections refused) and the browser says so.
  await caddy!.stop();
  await context.setOffline(true);
  const seenBefore = proxy!.seen.length;
  await fileTwoObservations(page);
  const [queued] = await ownRows(page);
  expect(queued).toBeDefined();
  await waitForItems(page, [queued!.id], 'waiting');

  // Reload with no network: the shell comes from the precache.
  await page.reload();
  await page.getByTestId('week-heading').waitFor();
  await waitForItems(page, [queued!.id], 'waiting');
  expect(deviceReports(join(dir, 'data', 'lagesbild.sqlite')).reports).toEqual([]);
  expect(proxy!.seen.slice(seenBefore)).toEqual([]);

  // Online again, through a restarted Caddy (same certificate storage).
  caddy = await startProxy();
  await context.setOffline(false);
  await waitForItems(page, [queued!.id], 'sent');
  const { reports, observations } = deviceReports(join(dir, 'data', 'lagesbild.sqlite'));
  expect(reports.map((r) => r.id)).toEqual([queued!.id]);
  expect(observations).toHaveLength(2);
  expect(proxy!.seen.filter((s) => s === 'POST /api/v1/reports')).toHaveLength(1);
  expect((await outboxItems(page)).filter(([, s]) => s !== 'sent')).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('staff log-in through Caddy: Secure cookie, HSTS, CSRF, and the client address seen through the proxy', async () => {
  const coordinator = server!.staff.get('coordinator')!;
  const context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, locale: 'sv-SE' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const dbFile = join(dir, 'data', 'lagesbild.sqlite');

  await page.goto(`${origin}/coordinator`);
  // A failed try first, with a forged X-Forwarded-For: the throttle must count the real address.
  const failed = await page.evaluate(async (email) => {
    const res = await fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
      body: JSON.stringify({ email, password: 'not-the-password' }),
    });
    return res.status;
  }, coordinator.email);
  expect(failed).toBe(401);
  const failureKeys = queryDb(dbFile, (db) => (db.prepare("SELECT key FROM login_failures WHERE key LIKE 'address:%'").all() as { key: string }[]).map((r) => r.key));
  // ::1 is Chromium's address as Caddy saw it; the server's own peer is 127.0.0.1 (the proxy).
  // Throttle keys are stored keyed-hashed (an e-mail field may hold a typed password), so
  // compare with the key the server derives for ::1 under its own secret.
  // (Opened writable: deriving a key ensures the secret row, a no-op once the server made it.)
  const keyDb = new Database(dbFile, { fileMustExist: true });
  const expectedKey = throttleKeys(keyDb, coordinator.email, '::1').address;
  keyDb.close();
  expect(failureKeys).toEqual([expectedKey]);

  await page.getByLabel('E-postadress').fill(coordinator.email);
  await page.getByLabel('Lösenord').fill(coordinator.password);
  const [login] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Logga in' }).click(),
  ]);
  expect(login.status()).toBe(200);
  expect(login.headers()['strict-transport-security']).toMatch(/max-age=\d+/);
  await page.getByTestId('week-table').waitFor();

  const session = (await context.cookies(origin)).find((c) => c.name === SESSION_COOKIE_HTTPS);
  expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', domain: TEST_HOST });
  const loginAudit = queryDb(dbFile, (db) => db.prepare("SELECT detail FROM audit_log WHERE action = 'auth.login' ORDER BY id DESC LIMIT 1").get() as { detail: string });
  expect(JSON.parse(loginAudit.detail)).toMatchObject({ address: '::1' });

  // A write with the session cookie from another site is refused; from the app's origin it passes.
  const cookie = `${SESSION_COOKIE_HTTPS}=${session!.value}`;
  const forged = await httpsRequest(port, 'POST', '/api/v1/auth/logout', { cookie, origin: 'https://evil.example', 'content-type': 'application/json' }, '{}');
  expect(forged.status).toBe(403);
  expect(JSON.parse(forged.body)).toMatchObject({ code: 'csrf' });
  const me = await page.evaluate(async () => (await (await fetch('/api/v1/auth/me')).json()) as { signedIn: boolean });
  expect(me.signedIn).toBe(true); // still logged in: the forged write did nothing
  const own = await httpsRequest(port, 'POST', '/api/v1/auth/logout', { cookie, origin, 'content-type': 'application/json' }, '{}');
  expect(own.status).toBe(200);
  expect(own.headers['strict-transport-security']).toBeDefined();
  await context.close();
});
