/**
 * A coordinator logs in, opens the week, edits the draft
 * picture (autosave), is stopped live by the personal-data guard (nothing saved until
 * it is fixed), publishes, and the
 * read view prints to one or two A4 pages with the mandatory footer. The PDF draws
 * text as subset-font glyphs, so the footer is asserted on the print-media DOM
 * (visible, full text) and the PDF on its page count and A4 media box.
 *
 * Self-contained: the real server as a child process with --demo (12 weeks of
 * fictional history before the current week) on 127.0.0.1:<ephemeral>, Debian's Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { PICTURE_FOOTER_SV } from '../../shared/pictures';
import { parseWeek, previousWeek, weekOf } from '../../shared/weeks';
import { launchChromium } from '../support/browser';
import { startChildServer, type ChildServer } from '../support/child-server';

let dataDir: string;
let server: ChildServer | undefined;
let browser: Browser | undefined;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-coordinator-'));
  server = await startChildServer(dataDir, { demo: true });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', serviceWorkers: 'block' });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('dialog', (d) => void d.accept());
});
afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Page objects of a PDF (not the /Pages tree nodes). */
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

test('log in, open the week, edit and publish the picture, print it to A4', async () => {
  const coordinator = server!.staff.get('coordinator');
  expect(coordinator, server!.output()).toBeDefined();
  const week = previousWeek(weekOf(new Date())); // the demo history ends with last week
  const n = parseWeek(week)!.week;

  // Log in.
  await page.goto(`${server!.url}/coordinator`);
  await page.getByLabel('E-postadress').fill(coordinator!.email);
  await page.getByLabel('Lösenord').fill(coordinator!.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByTestId('week-table').waitFor();

  // Open last week: the table has the demo areas, and a cell opens its observations.
  await page.getByRole('link', { name: 'Föregående vecka' }).click();
  await page.getByRole('heading', { level: 1, name: `Veckans läge – vecka ${n}` }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="week-table"] button.coord-cell').length > 0);
  expect(await page.getByTestId('week-table').locator('tbody tr').count()).toBeGreaterThan(3);
  await page.locator('button.coord-cell').first().click();
  await page.getByTestId('cell-detail').waitFor();
  // The cell's observations are fetched as it opens (the week's answer carries figures only).
  await page.getByTestId('cell-detail').locator('ul.coord-obs > li').first().waitFor();
  expect(await page.getByTestId('cell-detail').locator('ul.coord-obs > li:not(.coord-empty)').count()).toBeGreaterThan(0);

  // The draft: prefilled facts, typed fields, autosave.
  await page.getByRole('link', { name: 'Lägesbild (utkast)' }).click();
  const weather = page.getByLabel('VÄDER I HELGEN');
  await weather.waitFor();
  expect(await page.getByLabel('OM TRYGGHETSLÄGET I KOMMUNEN').inputValue()).toContain(`Vecka ${n}:`);
  await weather.fill('Sol och kallt, runt noll grader.');
  await page.getByTestId('save-status').getByText(/Sparat/).waitFor();

  // The guard runs live per field: a phone number, even written with dots,
  // is highlighted where it is typed, the draft says it is not saved, and the text
  // stays in the page.
  const important = page.getByLabel('VIKTIG INFORMATION');
  await important.fill('Höstlov nästa vecka. Frågor: ring 070.123.45.67.');
  const guard = page.getByTestId('field-guard');
  await guard.waitFor();
  expect(await guard.textContent()).toContain('telefonnummer');
  expect(await guard.textContent()).toContain('070.123.45.67');
  expect(await important.getAttribute('aria-invalid')).toBe('true');
  await page.getByTestId('save-status').getByText(/sparas inte förrän personuppgifterna är borttagna/).waitFor();
  // Nothing was saved: the server still has the previous text.
  const stored = await page.evaluate(async (w) => (await (await fetch(`/api/v1/pictures/drafts/${w}`)).json()) as { content: { importantInformation: string } }, week);
  expect(stored.content.importantInformation).not.toContain('070');
  // Publishing is not possible either; the typed text is still there.
  await page.getByRole('button', { name: 'Publicera lägesbilden' }).click();
  expect(await important.inputValue()).toContain('070.123.45.67');
  expect(page.url()).toContain('/coordinator/draft');

  // Remove the number: the draft saves again, and publishes.
  await important.fill('Höstlov nästa vecka.');
  await page.getByTestId('save-status').getByText(/Sparat/).waitFor();
  expect(await page.getByTestId('field-guard').count()).toBe(0);
  await page.getByRole('button', { name: 'Lägg till rad' }).click();
  await page.getByLabel('Organisation', { exact: true }).last().fill('Nattvandrarna');
  await page.getByLabel('När', { exact: true }).last().fill('fre–lör 21–02');
  await page.getByRole('button', { name: 'Publicera lägesbilden' }).click();
  // Version 1, or 2 from Thursday on (the demo publishes last week's picture at its meeting).
  await page.waitForURL(new RegExp(`/pictures/${week}/[12]$`));
  const picture = page.getByTestId('picture');
  await picture.waitFor();
  const year = parseWeek(week)!.year;
  expect(await page.getByTestId('register-number').textContent()).toBe(`EST-${year}-${String(n).padStart(2, '0')}`);
  expect(await picture.textContent()).toContain('Sol och kallt, runt noll grader.');
  expect(await picture.textContent()).toContain('Nattvandrarna');
  expect(await picture.textContent()).not.toContain('070-123');

  // The print view: navigation hidden, footer shown; one or two A4 pages.
  await page.emulateMedia({ media: 'print' });
  expect(await page.getByRole('navigation').isVisible()).toBe(false);
  expect(await page.getByRole('button', { name: 'Skriv ut' }).isVisible()).toBe(false);
  const footer = page.getByTestId('picture-footer');
  expect(await footer.isVisible()).toBe(true);
  expect(await footer.textContent()).toContain(PICTURE_FOOTER_SV);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const pages = pageCount(pdf);
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(pages).toBeLessThanOrEqual(2);
  // A4 media box (595 × 842 pt) on the pages.
  expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0\s+0\s+595(\.\d+)?\s+841(\.\d+)?|\/MediaBox\s*\[\s*0\s+0\s+595(\.\d+)?\s+842/);
  await page.emulateMedia({ media: 'screen' });

  // The list shows it, newest first.
  await page.getByRole('link', { name: 'Tillbaka till listan' }).click();
  await page.getByTestId('picture-list').waitFor();
  expect(await page.getByTestId('picture-list').textContent()).toContain(`EST-${year}-${String(n).padStart(2, '0')}`);

  expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});
