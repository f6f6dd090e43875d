/**
 * The week on the map, in real Chromium with no network beyond the server (and, in
 * the second part, a tiny tile server the test starts):
 * - without MAP_TILE_URL the demo's areas render and shade from the week's data,
 *   exactly as shared/map.ts classes it; an area opens its observations by keyboard;
 *   the filters reshade; axe finds nothing serious; no request leaves the server and
 *   the CSP names no foreign origin;
 * - with MAP_TILE_URL tiles load from that origin and the CSP's img-src names exactly it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { shadeAreas, type MapFilter } from '../../shared/map';
import { unpackWeek, type PackedWeekSummary, type WeekSummary as WeekView } from '../../shared/weekview';
import { parseWeek, previousWeek, weekOf } from '../../shared/weeks';
import { launchChromium } from '../support/browser';
import { startChildServer, type ChildServer } from '../support/child-server';
import { axeSeriousViolations, formatViolations } from '../support/e2e';

const dirs: string[] = [];
const servers: ChildServer[] = [];
let browser: Browser;
let tileServer: Server | undefined;
const tileRequests: string[] = [];
// A 1×1 grey PNG: Leaflet stretches it to 256 px; what matters is that it came from the tile origin.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mO8f+f+fwAJJAPQqV1E5AAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close().catch(() => {});
  for (const s of servers) await s.kill();
  await new Promise<void>((r) => (tileServer ? tileServer.close(() => r()) : r()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function demoServer(env: Record<string, string> = {}): Promise<ChildServer> {
  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-map-'));
  dirs.push(dir);
  const s = await startChildServer(dir, { demo: true, env });
  servers.push(s);
  return s;
}

interface Session {
  context: BrowserContext;
  page: Page;
  requests: string[];
  problems: string[];
}

async function signedInCoordinator(server: ChildServer): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', serviceWorkers: 'block' });
  context.setDefaultTimeout(20_000);
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.exposeFunction('__reportCsp', (s: string) => void problems.push(`csp: ${s}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __reportCsp: (s: string) => void }).__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI}`),
    );
  });
  const coordinator = server.staff.get('coordinator')!;
  await page.goto(`${server.url}/coordinator`);
  await page.getByLabel('E-postadress').fill(coordinator.email);
  await page.getByLabel('Lösenord').fill(coordinator.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByTestId('week-table').waitFor();
  problems.length = 0; // the session probe before signing in answers 401, as it should
  return { context, page, requests, problems };
}

/** data-shade of every drawn area, by name. */
const drawnShades = (page: Page) =>
  page.evaluate(() => Object.fromEntries([...document.querySelectorAll('path[data-area]')].map((p) => [p.getAttribute('data-area'), p.getAttribute('data-shade')])));
const expectedShades = (view: WeekView, filter: MapFilter) => Object.fromEntries(shadeAreas(view, filter).map((s) => [s.name, s.shade]));

test('without MAP_TILE_URL: areas shade from the week, open by keyboard, and nothing leaves the server', async () => {
  const server = await demoServer();
  const { page, context, requests, problems } = await signedInCoordinator(server);
  const week = previousWeek(weekOf(new Date())); // the demo history ends with last week
  const n = parseWeek(week)!.week;

  await page.goto(`${server.url}/coordinator/weeks/${week}`);
  await page.getByTestId('week-table').waitFor();
  await page.getByTestId('view-map').click();
  await page.waitForFunction(() => document.querySelectorAll('path[data-area][data-shade]').length === 12).catch(async (e: Error) => {
    throw new Error(`${e.message}\n${problems.join('\n')}\n${(await page.locator('main').innerHTML()).slice(0, 3000)}`);
  });
  expect(await page.getByTestId('week-table').count()).toBe(0); // one view at a time; the switch brings the table back

  const view = unpackWeek(await page.evaluate(async (w) => (await fetch(`/api/v1/weeks/${w}`)).json(), week) as PackedWeekSummary);
  const all = expectedShades(view, { category: 'all', timeOfDay: 'all' });
  expect(await drawnShades(page)).toEqual(all);
  // The demo week is not uniform: the scale says something.
  expect(new Set(Object.values(all)).size).toBeGreaterThan(1);
  // The three prioritised areas (if the period has them) carry the thick edge; the legend is text.
  expect(await page.getByTestId('map-legend').textContent()).toContain('Ingen rapportering');
  expect(await page.getByTestId('map-legend').textContent()).toContain('Högre än snittet');

  // Keyboard: Tab reaches an area (after the map itself); Enter opens its cells and observations.
  const busiest = [...view.areas].sort((a, b) => b.total.count - a.total.count)[0]!;
  const path = page.locator(`path[data-area="${busiest.name}"]`);
  expect(await path.getAttribute('tabindex')).toBe('0');
  expect(await path.getAttribute('aria-label')).toContain(`${busiest.name}: ${busiest.total.count} iakttagelse${busiest.total.count === 1 ? "" : "r"}`);
  await path.focus();
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('area-detail');
  await detail.waitFor();
  expect(await detail.getByRole('heading', { level: 2 }).textContent()).toBe(`${busiest.name} – vecka ${n}`);
  // The figures come with the week; the area's observations are fetched as it opens.
  await expect.poll(() => detail.locator('ul.coord-obs > li:not(.coord-empty)').count()).toBe(busiest.total.count);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('area-detail');
  expect(await path.getAttribute('aria-expanded')).toBe('true');

  // Leaflet's own keyboard: arrow keys pan the focused map.
  const canvas = page.getByTestId('map-canvas');
  const before = await page.evaluate(() => document.querySelector('.leaflet-map-pane')!.getAttribute('style'));
  await canvas.focus();
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((b) => document.querySelector('.leaflet-map-pane')!.getAttribute('style') !== b, before);

  // Filters reshade, as the pure function says.
  await page.getByTestId('map-category').selectOption('vandalism');
  await page.waitForFunction(() => true);
  expect(await drawnShades(page)).toEqual(expectedShades(view, { category: 'vandalism', timeOfDay: 'all' }));
  await page.getByTestId('map-time').selectOption('night');
  expect(await drawnShades(page)).toEqual(expectedShades(view, { category: 'vandalism', timeOfDay: 'night' }));
  expect(await detail.locator('ul.coord-obs > li:not(.coord-empty)').count()).toBe(busiest.cells.vandalism.timeOfDay.night);

  const violations = await axeSeriousViolations(page);
  expect(violations, formatViolations('week map', violations)).toEqual([]);

  // This week: nothing reported yet – every area is "no reporting", never calm.
  await page.goto(`${server.url}/coordinator/weeks/${weekOf(new Date())}`);
  await page.waitForFunction(() => document.querySelectorAll('path[data-area][data-shade]').length === 12); // the choice of map is remembered
  expect(new Set(Object.values(await drawnShades(page)))).toEqual(new Set(['none']));

  // The switch brings back the table, the full alternative.
  await page.getByTestId('view-table').click();
  await page.getByTestId('week-table').waitFor();

  const origin = new URL(server.url).origin;
  expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
  expect(problems).toEqual([]);
  const csp = (await (await fetch(`${server.url}/coordinator`)).headers.get('content-security-policy'))!;
  expect(csp).toContain("img-src 'self' data: blob:;");
  await context.close();
});

test('with MAP_TILE_URL: tiles load from exactly that origin, which the CSP names', async () => {
  tileServer = createServer((req, res) => {
    tileRequests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
    res.end(PNG);
  });
  await new Promise<void>((r) => tileServer!.listen(0, '127.0.0.1', () => r()));
  const tileOrigin = `http://127.0.0.1:${(tileServer.address() as AddressInfo).port}`;
  const server = await demoServer({ MAP_TILE_URL: `${tileOrigin}/tiles/{z}/{x}/{y}.png`, MAP_ATTRIBUTION: '© Älvstads kommun, Testkarta' });

  const csp = (await (await fetch(`${server.url}/coordinator`)).headers.get('content-security-policy'))!;
  const imgSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('img-src'));
  expect(imgSrc).toBe(`img-src 'self' data: blob: ${tileOrigin}`);
  expect(csp).toContain("script-src 'self';");
  expect(csp).toContain("connect-src 'self';");

  const { page, context, requests, problems } = await signedInCoordinator(server);
  await page.getByTestId('view-map').click();
  await page.waitForFunction(() => document.querySelectorAll('img.leaflet-tile-loaded').length > 0);
  expect(tileRequests.length).toBeGreaterThan(0);
  expect(tileRequests.every((u) => /^\/tiles\/\d+\/\d+\/\d+\.png$/.test(u))).toBe(true);
  expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('© Älvstads kommun, Testkarta');
  const origin = new URL(server.url).origin;
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  expect(foreign.length).toBeGreaterThan(0);
  expect(foreign.every((u) => u.startsWith(`${tileOrigin}/tiles/`))).toBe(true);
  expect(problems).toEqual([]);
  await context.close();
});
