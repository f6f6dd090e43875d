/**
 * The staff screens as people met them at 1366×900 (coordinator, reader, admin), on the
 * real server with demo data and Debian's Chromium:
 * - no console errors on a first visit nor on the period page (expected states are answers);
 * - week and meeting tables fit their box; each cell's visible text is in its name (axe);
 *   the change against last week only where there is one, full figures on hover;
 * - a mouse click in the menu draws no focus ring on the heading, the keyboard does;
 * - draft text boxes show their whole text;
 * - readers: their own title, published pictures on the first log-in, a coordinator
 *   address leads to the pictures with a notice;
 * - admin: the tab row on one line, the audit log in words, withdrawing an invite asks first;
 * - axe: no serious or critical violation on any of these screens.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { previousWeek, weekOf } from '../../shared/weeks';
import { launchChromium } from '../support/browser';
import { startChildServer, type ChildServer } from '../support/child-server';
import { axeSeriousViolations, formatViolations } from '../support/e2e';

let dataDir: string;
let server: ChildServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-staff-walk-'));
  server = await startChildServer(dataDir, { demo: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser!.newContext({ viewport: { width: 1366, height: 900 }, locale: 'sv-SE', serviceWorkers: 'block' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`);
  });
  return { context, page, errors };
}

async function logIn(page: Page, role: 'coordinator' | 'reader' | 'admin', path: string) {
  const who = server!.staff.get(role)!;
  await page.goto(`${server!.url}${path}`);
  await page.getByLabel('E-postadress').fill(who.email);
  await page.getByLabel('Lösenord').fill(who.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.locator('nav.staff-nav').waitFor();
}

async function expectAxeClean(page: Page, where: string) {
  const v = await axeSeriousViolations(page);
  expect(v, formatViolations(where, v)).toEqual([]);
}

/** How far a table sticks out of its scroll box (0 = it fits). */
const overhang = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((t) => {
    const box = t.closest('.coord-scroll')!;
    return Math.max(0, Math.round(t.getBoundingClientRect().right - box.getBoundingClientRect().right), box.scrollWidth - box.clientWidth);
  });

test('coordinator: first visit, week view, meeting, focus, draft, period', async () => {
  const { context, page, errors } = await open();
  const last = previousWeek(weekOf(new Date()));
  await logIn(page, 'coordinator', `/coordinator/weeks/${last}`);
  await page.getByTestId('week-table').waitFor();
  expect(errors, 'first visit and log-in').toEqual([]);

  // Week view: fits 1366 px; deltas only where there is a change; names hold the visible text.
  expect(await overhang(page, 'week-table')).toBe(0);
  const texts = await page.locator('[data-testid="week-table"] tbody td').evaluateAll((tds) => tds.map((td) => (td as HTMLElement).innerText.trim()));
  expect(texts.length).toBeGreaterThan(50);
  expect(texts.filter((x) => x.includes('±0'))).toEqual([]);
  expect(texts.filter((x) => x.includes('⌀'))).toEqual([]);
  const cell = page.locator('button.coord-cell').first();
  const name = await cell.evaluate((b) => b.textContent ?? '');
  expect(name).toMatch(/förra veckan \d+, snitt/);
  await cell.hover();
  expect(await cell.locator('.coord-full').isVisible()).toBe(true);
  expect(await cell.locator('.coord-full').evaluate((e) => e.getBoundingClientRect().width)).toBeGreaterThan(40);
  await expectAxeClean(page, 'week view');

  // A mouse click in the menu: the heading gets focus but draws no ring.
  await page.getByRole('link', { name: 'Veckomöte' }).click();
  await page.getByTestId('meeting-step').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'screen-h');
  expect(await page.locator('#screen-h').evaluate((h) => getComputedStyle(h).outlineStyle)).toBe('none');
  // The keyboard: the ring is there.
  await page.getByRole('link', { name: 'Veckan' }).focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('week-table').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'screen-h');
  expect(await page.locator('#screen-h').evaluate((h) => getComputedStyle(h).outlineStyle)).not.toBe('none');

  // Meeting step 2: the whole table, total column included, inside its box.
  await page.goto(`${server!.url}/coordinator/meeting/${last}`);
  await page.getByRole('button', { name: /Läget i alla områden/ }).first().click();
  await page.getByTestId('meeting-situation').waitFor();
  expect(await overhang(page, 'meeting-situation')).toBe(0);
  expect(await page.getByTestId('meeting-situation').getByRole('columnheader', { name: 'Totalt' }).isVisible()).toBe(true);
  await expectAxeClean(page, 'meeting step 2');

  // The draft: every text box shows its whole text.
  await page.goto(`${server!.url}/coordinator/draft/${last}`);
  await page.locator('textarea').first().waitFor();
  const clipped = await page.locator('textarea').evaluateAll((els) =>
    (els as HTMLTextAreaElement[]).filter((t) => t.value.length > 0 && t.scrollHeight > t.clientHeight + 1).map((t) => t.id),
  );
  expect(clipped).toEqual([]);
  await expectAxeClean(page, 'draft');

  // The period page asks for next period's priorities: none decided is not an error.
  await page.goto(`${server!.url}/coordinator/period/current`);
  await page.locator('#screen-h').waitFor();
  await page.waitForLoadState('networkidle');
  await expectAxeClean(page, 'period');
  expect(errors).toEqual([]);
  await context.close();
});

test('reader: own title, pictures on the first log-in, a coordinator address leads to them', async () => {
  const { context, page, errors } = await open();
  await logIn(page, 'reader', '/pictures');
  await page.getByTestId('picture-list').waitFor();
  expect(await page.locator('.brand-name').textContent()).toBe('Lägesbild – publicerade lägesbilder');
  expect(await page.title()).toBe('Lägesbild – publicerade lägesbilder');
  expect(await page.getByTestId('picture-list').locator('tbody tr').count()).toBeGreaterThanOrEqual(10);
  await expectAxeClean(page, 'reader list');

  await page.goto(`${server!.url}/coordinator/weeks/${weekOf(new Date())}`);
  await page.waitForURL(/\/pictures$/);
  expect(await page.getByText('Sidan du öppnade är för samordnare').isVisible()).toBe(true);
  await page.getByTestId('picture-list').waitFor();
  await expectAxeClean(page, 'reader sent to the pictures');
  expect(errors).toEqual([]);
  await context.close();
});

test('admin: one tab row, the audit log in words, withdrawing an invite asks first', async () => {
  const { context, page, errors } = await open();
  await logIn(page, 'admin', '/admin/functions');
  const tops = await page.locator('nav.staff-nav li').evaluateAll((lis) => lis.map((li) => Math.round(li.getBoundingClientRect().top)));
  expect(new Set(tops).size, `tab rows: ${tops.join(',')}`).toBe(1);
  await expectAxeClean(page, 'functions');

  // Withdrawing an invite: a dismissed confirmation changes nothing.
  await page.getByRole('button', { name: /^Inbjudningar och enheter/ }).first().click();
  await page.getByRole('button', { name: 'Skapa inbjudan' }).click();
  const withdraw = page.getByRole('button', { name: /^Återkalla/ }).first();
  await withdraw.waitFor();
  const before = await page.getByRole('button', { name: /^Återkalla/ }).count();
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await withdraw.click();
  expect(asked).toMatch(/Återkalla inbjudan\?/);
  expect(await page.getByRole('button', { name: /^Återkalla/ }).count()).toBe(before);
  expect(await withdraw.evaluate((b) => getComputedStyle(b).color)).toBe('rgb(138, 28, 28)');

  await page.getByRole('link', { name: 'Händelselogg' }).click();
  const table = page.getByTestId('audit-table');
  await table.locator('tbody tr').nth(1).waitFor();
  const text = await table.innerText();
  expect(text).toContain('Lägesbild publicerad');
  expect(text).toContain('Inloggning');
  expect(text).not.toMatch(/auth\.login|picture\.publish|\{"/);
  await page.locator('#audit-what').selectOption('picture.publish');
  await page.getByRole('button', { name: 'Visa', exact: true }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="audit-table"] tbody tr')].every((tr) => tr.textContent?.includes('Lägesbild publicerad')));
  expect(await page.getByRole('link', { name: 'Ladda ned CSV' }).getAttribute('href')).toBe('/api/v1/admin/audit.csv?what=picture.publish');
  await expectAxeClean(page, 'audit log');

  await page.getByRole('link', { name: 'Områden och platser' }).click();
  const remove = page.locator('.admin-remove-area').first();
  await remove.waitFor();
  const addPlace = page.getByRole('button', { name: 'Lägg till plats' }).first();
  const [removeStyle, addStyle] = await Promise.all([remove, addPlace].map((b) => b.evaluate((e) => `${getComputedStyle(e).color}|${getComputedStyle(e).backgroundColor}`)));
  expect(removeStyle).not.toBe(addStyle);
  await expectAxeClean(page, 'areas');
  expect(errors).toEqual([]);
  await context.close();
});
