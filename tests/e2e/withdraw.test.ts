/**
 * Browser test: an admin withdraws a published picture from the
 * pictures list – a reason, a confirmation – and the list marks it; readers' `latest`
 * no longer shows it.
 *
 * Self-contained: the real server as a child process with --demo on
 * 127.0.0.1:<ephemeral>, Debian's Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { previousWeek, weekOf } from '../../shared/weeks';
import { launchChromium } from '../support/browser';
import { startChildServer, type ChildServer } from '../support/child-server';

let dataDir: string;
let server: ChildServer | undefined;
let browser: Browser | undefined;
let page: Page;
const dialogs: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-withdraw-'));
  server = await startChildServer(dataDir, { demo: true });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', serviceWorkers: 'block' });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.accept();
  });
});
afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

test('an admin withdraws a published version with a reason; the list marks it and latest skips it', async () => {
  const admin = server!.staff.get('admin');
  expect(admin, server!.output()).toBeDefined();
  const week = previousWeek(weekOf(new Date()));

  await page.goto(`${server!.url}/coordinator`);
  await page.getByLabel('E-postadress').fill(admin!.email);
  await page.getByLabel('Lösenord').fill(admin!.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('navigation').waitFor();

  // Two versions of last week's picture, published through the API as the editor does.
  const published = await page.evaluate(async (w) => {
    const versions: number[] = [];
    for (let i = 0; i < 2; i++) {
      const d = (await (await fetch(`/api/v1/pictures/drafts/${w}`)).json()) as { version: number };
      const res = await fetch(`/api/v1/pictures/drafts/${w}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: d.version }) });
      versions.push(((await res.json()) as { version: number }).version);
    }
    return versions;
  }, week);
  // The demo publishes each past week on its Thursday, so last week may already have a version.
  const [first, second] = published as [number, number];
  expect(second).toBe(first + 1);
  const reg = `EST-${week.slice(0, 4)}-${week.slice(6)}`;
  const withdrawOf = (version: number) => new RegExp(`Återkalla ${reg} version ${version}$`);

  await page.goto(`${server!.url}/pictures`);
  await page.getByTestId('picture-list').waitFor();
  const button = page.getByRole('button', { name: withdrawOf(second) });
  await button.click();
  const reason = page.getByLabel(/Varför återkallas versionen/);
  await reason.fill('Fel område angavs i texten.');
  await page.getByTestId('withdraw-form').getByRole('button', { name: withdrawOf(second) }).click();
  await page.getByTestId('withdrawn-note').waitFor();
  expect(dialogs.some((m) => m.includes(`version ${second}`) && m.includes('inte längre'))).toBe(true);
  expect(await page.getByTestId('withdrawn-note').textContent()).toContain('Fel område angavs i texten.');
  // The earlier version can still be withdrawn; the withdrawn one no longer offers it.
  expect(await page.getByRole('button', { name: withdrawOf(second) }).count()).toBe(0);
  expect(await page.getByRole('button', { name: withdrawOf(first) }).count()).toBe(1);

  const latest = await page.evaluate(async (w) => ((await (await fetch(`/api/v1/pictures/${w}/latest`)).json()) as { version: number }).version, week);
  expect(latest).toBe(first);
  expect(errors).toEqual([]);
}, 180_000);
