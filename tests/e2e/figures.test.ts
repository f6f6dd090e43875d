/**
 * Issue 14, browser test: an admin imports the police's CSV through the UI –
 * preview (a bad row listed with its row and column, nothing written), a fixed
 * file whose unmatched area name is mapped to an area, confirm – and the
 * figures then appear in the week view in their own group, beside (not in) the
 * indicators; the lägesbild page offers the .docx.
 *
 * Self-contained: the real server as a child process with --demo, Debian's Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseWeek, weekOf } from '../../shared/weeks';
import { launchChromium } from '../support/browser';
import { startChildServer, type ChildServer } from '../support/child-server';
import { queryDb } from '../support/e2e';

let dataDir: string;
let server: ChildServer | undefined;
let browser: Browser | undefined;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-figures-'));
  server = await startChildServer(dataDir, { demo: true });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', serviceWorkers: 'block' });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 422/.test(m.text())) errors.push(m.text());
  });
});
afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

test('import police figures (preview, map a name, confirm) and see them beside the week view', async () => {
  const admin = server!.staff.get('admin');
  expect(admin, server!.output()).toBeDefined();
  const week = weekOf(new Date()); // the demo's police figures end last week: this week is ours
  const { year, week: n } = parseWeek(week)!;
  const dbFile = join(dataDir, 'lagesbild.sqlite');
  const figuresOfWeek = () => queryDb(dbFile, (db) => (db.prepare('SELECT count(*) AS n FROM figures WHERE week = ?').get(week) as { n: number }).n);

  await page.goto(`${server!.url}/admin/sources`);
  await page.getByLabel('E-postadress').fill(admin!.email);
  await page.getByLabel('Lösenord').fill(admin!.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { name: 'Andra källor', level: 1 }).waitFor();
  errors.length = 0; // the "who am I?" before logging in answers 401 by design
  await expect.poll(() => page.getByTestId('figure-source-admin').first().textContent()).toContain('Polisen – anmälda brott');

  // A file with a bad count: the preview lists it, with its row and column, and writes nothing.
  const header = '\uFEFFVecka ;Område/stadsdel;Brottstyp;Antal\r\n';
  const bad = `${header}v${n} ${year};Björkhagen Ö;Misshandel;7\r\n${week};CENTRUM;skadegörelse;-3\r\n`;
  const fileInput = page.getByTestId('figures-import').locator('input[type=file]');
  await fileInput.setInputFiles({ name: 'polisen.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
  const errorsList = page.getByTestId('import-errors');
  await errorsList.waitFor();
  expect(await errorsList.textContent()).toContain('Rad 3 (antal)');
  expect(await page.getByTestId('import-confirm').isDisabled()).toBe(true);
  expect(figuresOfWeek()).toBe(0);

  // The fixed file: one name matches no area; map it (the suggestion is offered first), then confirm.
  const fixed = bad.replace(';-3', ';9');
  await fileInput.setInputFiles({ name: 'polisen.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed, 'utf8') });
  const unmatched = page.getByTestId('import-unmatched');
  await unmatched.waitFor();
  await page.getByLabel('Björkhagen Ö (1 rader)').selectOption({ label: 'Björkhagen ✓' });
  await page.getByText('Allt stämmer. Bekräfta för att importera.').waitFor();
  expect(await page.getByTestId('import-mapped').textContent()).toContain('Björkhagen Ö → Björkhagen');
  await page.getByTestId('import-confirm').click();
  await page.getByText(`Importerat: 2 siffror (vecka ${week}–${week}).`).waitFor();
  expect(figuresOfWeek()).toBe(2);
  // The mapping is remembered for the source.
  await expect.poll(() => page.getByTestId('figure-source-admin').first().textContent()).toContain('Björkhagen Ö → Björkhagen');

  // The week view: the police's figures in their own group, with the same deltas.
  await page.goto(`${server!.url}/coordinator/weeks/${week}`);
  const group = page.getByTestId('figures-group');
  await group.waitFor();
  expect(await group.getByRole('heading', { level: 2 }).textContent()).toBe('Andra källor – inte informantrapporter');
  const police = group.getByTestId('figure-source').filter({ hasText: 'Polisen – anmälda brott' });
  const bjorkhagen = police.getByRole('row', { name: /^Björkhagen/ });
  expect(await bjorkhagen.getByRole('cell').first().getAttribute('aria-label')).toMatch(/^Björkhagen, Misshandel: 7, föregående vecka \d+, snitt [\d,]+$/);
  const centrum = police.getByRole('row', { name: /^Centrum/ });
  expect(await centrum.getByRole('cell').nth(1).getAttribute('aria-label')).toMatch(/^Centrum, Skadegörelse: 9,/);
  // The indicator table is untouched by them: its rows are the informants' only.
  expect(await page.getByTestId('week-table').textContent()).not.toContain('Misshandel');

  // The statutory lägesbild page offers the Word file.
  await page.goto(`${server!.url}/coordinator/lagesbild/${year}`);
  await page.getByTestId('lagesbild').waitFor();
  expect(await page.getByTestId('lagesbild-docx').getAttribute('href')).toBe(`/api/v1/lagesbild/${year}/document.docx`);
  expect(await page.getByTestId('lagesbild').textContent()).toContain('Polisen – anmälda brott');

  expect(errors).toEqual([]);
});
