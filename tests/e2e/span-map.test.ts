/**
 * The year's and the period's map, in real Chromium against the demo municipality with
 * no MAP_TILE_URL: the areas shade by the year's counts for an indicator exactly as
 * shared/map.ts classes them, a place's circle shows its count, the keyboard reaches an
 * area and opens its figures, axe finds nothing serious, "Skriv ut karta" gives one A4
 * page with the map's title and legend, and no request leaves the server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { classOf, countClasses, countFor, type SpanMapCounts } from '../../shared/map';
import type { IndicatorKey } from '../../shared/indicators';
import { parseWeek, previousWeek, weekOf } from '../../shared/weeks';
import { launchChromium } from '../support/browser';
import { startChildServer, type ChildServer } from '../support/child-server';
import { axeSeriousViolations, formatViolations } from '../support/e2e';

let browser: Browser;
let server: ChildServer;
let dir: string;

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-span-map-'));
  server = await startChildServer(dir, { demo: true, env: { MUNICIPALITY: 'Älvstads kommun' } });
});
afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

/** data-count and data-class of every drawn area, by name. */
const drawnAreas = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('[data-testid="smap-canvas"] path[data-area]')].map((p) => [p.getAttribute('data-area'), `${p.getAttribute('data-count')}/${p.getAttribute('data-class')}`])),
  );
const expectedAreas = (counts: SpanMapCounts, category: IndicatorKey | 'all') => {
  const classes = countClasses(Math.max(0, ...counts.areas.map((a) => countFor(a, category))));
  return Object.fromEntries(
    counts.areas.map((a) => {
      const n = countFor(a, category);
      const i = classOf(n, classes);
      return [a.name, `${n}/${!a.covered && i < 0 ? 'none' : i}`];
    }),
  );
};

test('the year map: shading for an indicator, a place circle with its count, keyboard, axe, one A4 page in print, no tiles', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', serviceWorkers: 'block' });
  context.setDefaultTimeout(20_000);
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const coordinator = server.staff.get('coordinator')!;
  await page.goto(`${server.url}/coordinator`);
  await page.getByLabel('E-postadress').fill(coordinator.email);
  await page.getByLabel('Lösenord').fill(coordinator.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByTestId('week-table').waitFor();

  // The demo history ends with last week: its year holds observations.
  const year = parseWeek(previousWeek(weekOf(new Date())))!.year;
  await page.goto(`${server.url}/coordinator/year/${year}`);
  await page.getByTestId('year-review').waitFor();
  const toggle = page.getByTestId('span-map-toggle');
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  await toggle.click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="smap-canvas"] path[data-area][data-count]').length === 12);

  const counts = (await page.evaluate(async (y) => (await fetch(`/api/v1/map/years/${y}`)).json(), year)) as SpanMapCounts;
  expect(await drawnAreas(page)).toEqual(expectedAreas(counts, 'all'));
  expect(await page.getByTestId('smap-title').textContent()).toBe(`Älvstads kommun – ${year} – Alla indikatorer`);

  // One indicator: the indicator the demo observed most, so the scale has several classes.
  const category = counts.categories.reduce((best, c) => (counts.areas.reduce((n, a) => n + a.byCategory[c], 0) > counts.areas.reduce((n, a) => n + a.byCategory[best], 0) ? c : best));
  await page.getByTestId('smap-category').selectOption(category);
  const expected = expectedAreas(counts, category);
  await page.waitForFunction((e) => [...document.querySelectorAll('[data-testid="smap-canvas"] path[data-area]')].every((p) => `${p.getAttribute('data-count')}/${p.getAttribute('data-class')}` === e[p.getAttribute('data-area')!]), expected);
  expect(await drawnAreas(page)).toEqual(expected);
  expect(new Set(Object.values(expected).map((v) => v.split('/')[1])).size).toBeGreaterThan(1);
  expect(await page.getByTestId('smap-title').textContent()).toContain(await page.locator('#smap-category option:checked').textContent());
  // The table beside the map has the same figures.
  for (const a of counts.areas) {
    expect(await page.locator(`[data-testid="smap-area-table"] tr[data-area="${a.name}"] td`).first().textContent()).toBe(String(a.byCategory[category]));
  }
  // The legend names the numbers: each class's range and how many areas fall in it.
  const legend = page.getByTestId('smap-legend');
  const classes = countClasses(Math.max(...counts.areas.map((a) => a.byCategory[category])));
  const top = classes[classes.length - 1]!;
  expect(await legend.textContent()).toContain(top.from === top.to ? `${top.from} iakttagelse` : `${top.from}–${top.to} iakttagelser`);
  expect(await legend.textContent()).toContain('Antal, inte antal per vecka');

  // The busiest place (for the indicator) is a circle showing its count, as the place table does.
  const busiest = counts.places.filter((p) => p.byCategory[category] > 0).sort((a, b) => b.byCategory[category] - a.byCategory[category])[0]!;
  const circle = page.locator(`.smap-place[data-place="${busiest.name}"]`);
  expect(await circle.textContent()).toBe(String(busiest.byCategory[category]));
  expect(await page.locator(`[data-testid="smap-place-table"] tr[data-place="${busiest.name}"] td`).last().textContent()).toBe(String(busiest.byCategory[category]));
  // Its size follows the count: no circle of a place with fewer is larger.
  const sizes = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.smap-place[data-place]')].map((e) => [Number(e.dataset.count), e.getBoundingClientRect().width] as const));
  expect(sizes.length).toBeGreaterThan(1);
  for (const [n, w] of sizes) for (const [m, v] of sizes) if (n < m) expect(w).toBeLessThanOrEqual(v);

  // Keyboard: from the map, Tab reaches the first area; Enter opens its figures.
  await page.getByTestId('smap-canvas').focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-area'));
  expect(focused).toBe(counts.areas.find((a) => a.name)!.name);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(new RegExp(`^${focused}: (\\d+ iakttagelser?|ingen rapportering)$`));
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('smap-detail');
  await detail.waitFor();
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('smap-detail');
  expect(await detail.textContent()).toContain(focused!);

  const violations = await axeSeriousViolations(page);
  expect(violations, formatViolations('year map', violations)).toEqual([]);

  // "Skriv ut karta": the map, its title and legend alone, on one A4 page.
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void ((window as unknown as { printed: number }).printed += 1);
  });
  await page.getByRole('button', { name: 'Skriv ut karta' }).click();
  await page.waitForFunction(() => (window as unknown as { printed: number }).printed === 1);
  await page.emulateMedia({ media: 'print' });
  expect(await legend.isVisible()).toBe(true);
  expect(await page.getByTestId('smap-title').isVisible()).toBe(true);
  expect(await page.getByTestId('smap-canvas').isVisible()).toBe(true);
  expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(false);
  expect(await page.getByTestId('smap-area-table').isVisible()).toBe(false);
  const box = (await page.getByTestId('smap-canvas').boundingBox())!;
  expect(box.width).toBeGreaterThan(600); // 176 mm at 96 dpi ≈ 665 px
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pageCount(pdf)).toBe(1);
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  expect(await page.evaluate(() => document.documentElement.dataset.print)).toBeUndefined();

  // The period page has the same map (the choice to show it is remembered).
  await page.goto(`${server.url}/coordinator/period/current`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="smap-canvas"] path[data-area][data-count]').length === 12);
  expect(await page.getByTestId('smap-title').textContent()).toMatch(/^Älvstads kommun – (Kvartal|Tertial) \d \d{4} – Alla indikatorer$/);

  // No basemap configured: nothing but the server's own origin was asked for.
  const origin = new URL(server.url).origin;
  expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});
