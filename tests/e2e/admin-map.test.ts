/**
 * The admin's drawing map, in real Chromium with no network beyond the server and no
 * MAP_TILE_URL: an admin draws an area by mouse and moves a place by mouse and keyboard.
 * - a self-intersecting outline is explained in Swedish, highlighted, and its save
 *   refused with what was drawn kept; nothing reaches the database;
 * - a clockwise-drawn square is saved counter-clockwise (RFC 7946), as the API shows;
 * - a place without a point gets one, is dragged and nudged with the arrow keys, and
 *   Enter saves it inside its area; moved out by keyboard, its save is refused;
 * - an area's corner is dragged so that its place falls outside: warned, refused naming
 *   the place, then saved on "Spara ändå" with the place's point removed;
 * - a new area's corners typed as coordinates (no mouse) are drawn, checked and saved;
 * - axe finds nothing serious (idle and while editing); no request leaves the server; no console errors.
 *
 * Self-contained: its own DATA_DIR, a server child WITHOUT --demo, its own Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AdminArea } from '../../shared/admin';
import { pointInPolygon, polygonProblems, signedArea2 } from '../../shared/geometry';
import { launchChromium } from '../support/browser';
import { startChildServer, type ChildServer } from '../support/child-server';
import { axeSeriousViolations, formatViolations } from '../support/e2e';

const ADMIN = { email: 'karta.admin@alvstad.example', password: 'rita-områden-på-kartan-7' };
let dir: string;
let server: ChildServer;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-admin-map-'));
  server = await startChildServer(dir);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

const areas = (page: Page) => page.evaluate(async () => (await fetch('/api/v1/admin/areas')).json()) as Promise<AdminArea[]>;

/** Clicks the given points (relative to the map's centre) and closes the outline on the first. */
async function drawOutline(page: Page, corners: [number, number][]) {
  const box = (await page.getByTestId('area-map-canvas').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  for (const [x, y] of [...corners, corners[0]!]) {
    await page.mouse.move(cx + x, cy + y, { steps: 4 });
    await page.mouse.click(cx + x, cy + y);
  }
}

test('admin draws an area and moves a place', async () => {
  const printed = new URL(server.setupUrl!);
  const setup = await fetch(`${server.url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: decodeURIComponent(printed.pathname.replace(/^\/setup\//, '')), email: ADMIN.email, password: ADMIN.password }),
  });
  expect(setup.status).toBe(201);

  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'sv-SE', serviceWorkers: 'block' });
  context.setDefaultTimeout(20_000);
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${server.url}/admin/areas`);
  await page.getByLabel('E-postadress').fill(ADMIN.email);
  await page.getByLabel('Lösenord').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 2, name: 'Områden och platser' }).waitFor();
  await page.locator('[data-testid=area-map-canvas].leaflet-container').waitFor();
  problems.length = 0; // the session probe before signing in answers 401, as it should

  // 1. A bow tie: explained, highlighted, refused on Spara, and kept on the map.
  await page.getByRole('button', { name: 'Rita nytt område' }).click();
  await page.getByLabel('Det nya områdets namn').fill('Fjärilen');
  await drawOutline(page, [[-80, -80], [80, 80], [80, -80], [-80, 80]]);
  await page.locator('path[data-invalid="true"]').waitFor();
  expect(await page.getByTestId('map-problems').textContent()).toContain('Gränsen korsar sig själv');
  await page.getByRole('button', { name: 'Spara', exact: true }).click();
  expect(await page.getByTestId('map-refusal').textContent()).toContain('korsar sig själv');
  expect(await page.locator('path[data-invalid="true"]').count()).toBe(1);
  expect(await areas(page)).toEqual([]);
  await page.getByRole('button', { name: 'Avbryt' }).click();
  await page.getByTestId('map-edit').waitFor({ state: 'detached' });
  expect(await page.locator('path[data-invalid]').count()).toBe(0);

  // 2. A square drawn clockwise on the screen: the note says it is turned; saved counter-clockwise.
  await page.getByRole('button', { name: 'Rita nytt område' }).click();
  await page.getByLabel('Det nya områdets namn').fill('Norrbacka');
  await drawOutline(page, [[-100, -100], [100, -100], [100, 100], [-100, 100]]);
  await page.locator('path[data-invalid="false"]').waitFor();
  expect(await page.getByTestId('map-problems').textContent()).toContain('Hörnen ritades medurs');
  await page.getByRole('button', { name: 'Spara', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Området Norrbacka är sparat.' }).waitFor();
  const [area] = await areas(page);
  expect(area!.name).toBe('Norrbacka');
  expect(area!.geometry!.type).toBe('Polygon');
  const ring = (area!.geometry as { coordinates: number[][][] }).coordinates;
  expect(ring[0]).toHaveLength(5);
  expect(polygonProblems(ring)).toEqual([]);
  expect(signedArea2(ring[0]!)).toBeGreaterThan(0);
  await page.locator('path[data-area="Norrbacka"]').waitFor();

  // 3. A place added in the list (no point yet), then placed and moved on the map.
  await page.getByLabel('Ny plats i Norrbacka').fill('Torget');
  await page.getByRole('button', { name: 'Lägg till plats' }).click();
  await page.locator('#amap-place option', { hasText: 'Torget (Norrbacka) – ingen punkt' }).waitFor({ state: 'attached' });
  await page.getByLabel('Plats att flytta').selectOption({ label: 'Torget (Norrbacka) – ingen punkt' });
  await page.getByRole('button', { name: 'Flytta platsen' }).click();
  const marker = page.locator('[data-place="Torget"]');
  await marker.waitFor();
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-place'))).toBe('Torget');
  // Drag by mouse 40 px to the right …
  const m = (await marker.boundingBox())!;
  await page.mouse.move(m.x + m.width / 2, m.y + m.height / 2);
  await page.mouse.down();
  await page.mouse.move(m.x + m.width / 2 + 20, m.y + m.height / 2, { steps: 5 });
  await page.mouse.move(m.x + m.width / 2 + 40, m.y + m.height / 2, { steps: 5 });
  await page.mouse.up();
  // … then 10 px up by keyboard, and Enter saves.
  await marker.focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Platsen Torget är sparad.' }).waitFor();
  const placed = (await areas(page))[0]!.places.find((p) => p.name === 'Torget')!;
  expect(placed.geometry!.type).toBe('Point');
  const point = placed.geometry!.coordinates as [number, number];
  expect(pointInPolygon(point, ring)).toBe(true);
  const lons = ring[0]!.map((p) => p[0]!);
  const lats = ring[0]!.map((p) => p[1]!);
  const middle = [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2];
  expect(point[0]).toBeGreaterThan(middle[0]!); // moved east by the drag
  expect(point[1]).toBeGreaterThan(middle[1]!); // and north by the key

  // 4. Out of its area by keyboard: explained, refused, nothing saved; Escape puts it back.
  await page.getByLabel('Plats att flytta').selectOption({ label: 'Torget (Norrbacka)' });
  await page.getByRole('button', { name: 'Flytta platsen' }).click();
  // The view has zoomed to the new area: enough 10 px steps to cross its right edge from the middle.
  const outline = (await page.locator('path[data-area="Norrbacka"]').boundingBox())!;
  for (let i = 0; i < Math.ceil(outline.width / 2 / 10) + 2; i++) await page.keyboard.press('ArrowRight');
  expect(await page.getByTestId('map-problems').textContent()).toContain('Platsen ligger utanför området Norrbacka');
  await page.keyboard.press('Enter');
  expect(await page.getByTestId('map-refusal').textContent()).toContain('utanför området Norrbacka');
  expect((await areas(page))[0]!.places[0]!.geometry!.coordinates).toEqual(point);
  await page.keyboard.press('Escape');
  await page.getByTestId('map-edit').waitFor({ state: 'detached' });

  // 5. The outline edited by dragging a corner so that Torget falls outside: warned live,
  //    refused on Spara naming the place; "save anyway" drops Torget's point, keeps Torget.
  await page.getByLabel('Område att ändra').selectOption({ label: 'Norrbacka' });
  await page.getByRole('button', { name: 'Ändra gränsen' }).click();
  await page.locator('.marker-icon').first().waitFor();
  const b = (await page.locator('path[data-area="Norrbacka"]').boundingBox())!;
  // The north-east corner to a quarter in from the west and three quarters down: a concave
  // quadrilateral that leaves the north-east of the square – where Torget is – outside.
  await page.mouse.move(b.x + b.width, b.y);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.move(b.x + b.width / 4, b.y + (3 * b.height) / 4, { steps: 8 });
  await page.mouse.up();
  await page.getByTestId('map-problems').getByText('Platsen Torget skulle hamna utanför den nya gränsen för Norrbacka.').waitFor();
  await page.getByRole('button', { name: 'Spara', exact: true }).click();
  expect(await page.getByTestId('map-refusal').textContent()).toContain('Platsen Torget skulle hamna utanför den nya gränsen för Norrbacka.');
  expect((await areas(page))[0]!.geometry).toEqual(area!.geometry); // nothing saved yet
  await page.getByRole('button', { name: 'Spara ändå och ta bort punkterna' }).click();
  await page.getByRole('status').filter({ hasText: 'Gränsen för Norrbacka är sparad.' }).waitFor();
  const [edited] = await areas(page);
  const editedRings = (edited!.geometry as { coordinates: number[][][] }).coordinates;
  expect(editedRings[0]).toHaveLength(5);
  expect(polygonProblems(editedRings)).toEqual([]);
  expect(editedRings).not.toEqual(ring);
  expect(pointInPolygon(point, editedRings)).toBe(false);
  expect(edited!.places.map((p) => [p.name, p.geometry])).toEqual([['Torget', null]]);

  // 6. Without a mouse: a new area's corners typed as coordinates, shown on the map, saved.
  const [w, s, e, n] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
  const typed = [[[e, s], [e + (e - w), s], [e + (e - w), n], [e, n], [e, s]]];
  await page.getByRole('button', { name: 'Rita nytt område' }).press('Enter');
  await page.getByLabel('Det nya områdets namn').fill('Söderbacka');
  await page.getByLabel('Gränsens hörn (GeoJSON-koordinater)').fill(JSON.stringify(typed));
  await page.getByRole('button', { name: 'Visa på kartan' }).press('Enter');
  await page.locator('path[data-invalid="false"]').waitFor();
  const editing = await axeSeriousViolations(page); // the edit panel open, with its fields and messages
  expect(editing, formatViolations('admin drawing map, editing', editing)).toEqual([]);
  await page.getByRole('button', { name: 'Spara', exact: true }).press('Enter');
  await page.getByRole('status').filter({ hasText: 'Området Söderbacka är sparat.' }).waitFor();
  expect((await areas(page)).find((a) => a.name === 'Söderbacka')!.geometry).toEqual({ type: 'Polygon', coordinates: typed });

  const violations = await axeSeriousViolations(page);
  expect(violations, formatViolations('admin drawing map', violations)).toEqual([]);

  // No tile layer without MAP_TILE_URL: nothing leaves the server.
  expect(await page.locator('img.leaflet-tile').count()).toBe(0);
  const origin = new URL(server.url).origin;
  expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
  // The one failed request is the refused outline of step 5 (409), which Chromium logs.
  expect(problems).toEqual(['console: Failed to load resource: the server responded with a status of 409 (Conflict)']);
  await context.close();
});
