/**
 * After enrolment the app works with no network at all –
 * the page's AND the service worker's requests are cut at the proxy (setOffline alone
 * does not reach the service worker, Playwright issue 2311) – and what was filed
 * offline reaches the server exactly once when the network returns.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { deviceReports, enrol, fileTwoObservations, outboxItems, ownRows, queryDb, readDevice, startE2E, waitForItems, waitForServiceWorker, type E2E } from '../support/e2e';

let env: E2E;

beforeAll(async () => {
  env = await startE2E('offline');
});
afterAll(async () => {
  await env?.close();
});

test('offline: calm week undone, report of two observations queued, app reloads offline, sent once online', async () => {
  const { page, context, proxy } = env;
  await enrol(env);
  await waitForServiceWorker(page);
  const device = await readDevice(page);
  const week = (await page.getByTestId('week-heading').textContent())!;
  expect(week).toMatch(/^Vecka \d+$/);
  await expect.poll(() => page.getByTestId('week-status').getAttribute('data-reported')).toBe('no');

  // Honestly offline: the proxy drops every connection (page and service worker),
  // and the browser says it is offline (navigator.onLine, 'offline' event).
  proxy.setMode('down');
  await context.setOffline(true);
  const seenBefore = proxy.seen.length;
  await page.getByTestId('offline-note').waitFor();

  // Calm week, then undo within the 5 s window.
  await page.getByTestId('calm-button').click();
  await page.getByTestId('undo-button').click();
  await page.getByTestId('toast').getByText('Ångrat', { exact: false }).waitFor();
  expect(await ownRows(page)).toEqual([]);
  expect((await outboxItems(page)).filter(([, state]) => state !== 'sent')).toEqual([]);
  await expect.poll(() => page.getByTestId('week-status').getAttribute('data-reported')).toBe('no');

  // A report of two observations.
  await fileTwoObservations(page);
  const queued = await ownRows(page);
  expect(queued).toHaveLength(1);
  await waitForItems(page, [queued[0]!.id], 'waiting');
  const report = queued[0]!.report;
  expect(report.calm).toBe(false);
  expect(report.observations.map((o) => o.category)).toEqual(['vandalism', 'youth_gathering']);
  await expect.poll(() => page.getByTestId('week-status').getAttribute('data-reported')).toBe('yes');

  // Reload with no network: the shell comes from the service worker's precache.
  await page.reload();
  await page.getByTestId('week-heading').waitFor();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  expect(await page.getByTestId('week-heading').textContent()).toBe(week);
  await page.getByTestId('offline-note').waitFor();
  await waitForItems(page, [report.id], 'waiting');
  // The queued report is listed (the function's restored history of last week is 'sent').
  expect((await outboxItems(page)).filter(([, state]) => state !== 'sent')).toEqual([[report.id, 'waiting']]);
  expect(await page.locator(`[data-testid="outbox-item"][data-id="${report.id}"]`).textContent()).toContain('2 iakttagelse');
  expect(await page.getByTestId('week-status').getAttribute('data-reported')).toBe('yes');
  // Nothing reached the server while offline, and nothing is there yet.
  expect(proxy.seen.slice(seenBefore)).toEqual([]);
  expect(deviceReports(env.dbFile).reports).toEqual([]);

  // Online again: the 'online' event flushes the outbox.
  proxy.setMode('pass');
  await context.setOffline(false);
  await waitForItems(page, [report.id], 'sent');

  const { reports, observations } = deviceReports(env.dbFile);
  expect(reports).toHaveLength(1);
  expect(reports[0]).toMatchObject({ id: report.id, function_id: device.functionId, week: report.week, calm: 0 });
  expect(observations.map((o) => ({ report: o.report_id, category: o.category, tod: o.time_of_day, persists: o.persists, note: o.note }))).toEqual([
    { report: report.id, category: 'vandalism', tod: 'evening', persists: 0, note: null },
    { report: report.id, category: 'youth_gathering', tod: 'night', persists: 0, note: null },
  ]);
  expect(observations.map((o) => o.id)).toEqual(report.observations.map((o) => o.id));
  // Both observations in one of the function's own areas (the first own area is preselected).
  const ownAreas = queryDb(env.dbFile, (db) =>
    (db.prepare('SELECT area_id FROM function_areas WHERE function_id = ?').all(device.functionId) as { area_id: string }[]).map((r) => r.area_id),
  );
  for (const o of observations) expect(ownAreas).toContain(o.area_id);
  // The undone calm week never left the phone: this week holds exactly the one report.
  const thisWeek = queryDb(env.dbFile, (db) => db.prepare('SELECT id, calm FROM reports WHERE function_id = ? AND week = ?').all(device.functionId, report.week));
  expect(thisWeek).toEqual([{ id: report.id, calm: 0 }]);
  // Sent once: one POST of reports reached the server after the network came back.
  expect(proxy.seen.filter((s) => s === 'POST /api/v1/reports')).toHaveLength(1);
  expect(env.errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
});
