/**
 * "Kvarstår" – last week's observation of this function is
 * listed on the home screen, and one tap copies it into this week's report with
 * `persists: true` (the handbook's rule that persisting problems are reported again).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { uuidv7 } from '../../shared/ids';
import { previousWeek } from '../../shared/weeks';
import { deviceReports, enrol, ownRows, queryDb, readDevice, readStore, startE2E, waitForItems, type E2E } from '../support/e2e';

let env: E2E;

beforeAll(async () => {
  env = await startE2E('persists');
});
afterAll(async () => {
  await env?.close();
});

test('Kvarstår re-reports last week’s observation with persists: true', async () => {
  const { page } = env;
  await enrol(env);
  const device = await readDevice(page);
  const [ctxRow] = await readStore<{ ctx: { week: string } }>(page, 'context');
  const thisWeek = ctxRow!.ctx.week;
  const lastWeek = previousWeek(thisWeek);

  // Seed last week's report of this function with the device's own token, through the API.
  const { areaId, placeId } = queryDb(env.dbFile, (db) =>
    db
      .prepare(
        `SELECT a.id AS areaId, p.id AS placeId FROM areas a JOIN places p ON p.area_id = a.id
          WHERE a.name = 'Ekbacken' AND p.name = 'Lekplatsen vid Ekstigen'`,
      )
      .get() as { areaId: string; placeId: string },
  );
  const observationId = randomUUID();
  const createdAt = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const seeded = {
    id: uuidv7(Date.parse(createdAt)),
    week: lastWeek,
    createdAt,
    calm: false,
    observations: [{ id: observationId, category: 'unsafe_place', areaId, placeId, timeOfDay: 'night', persists: false }],
  };
  const res = await fetch(`${env.server.url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
    body: JSON.stringify({ reports: [seeded] }),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['created']);

  // The app picks last week's reports up from the server when it starts.
  await page.reload();
  const persist = page.getByTestId(`persist-${observationId}`);
  await persist.waitFor();
  expect(await page.getByTestId('persist-list').locator(persist).count()).toBe(1);
  expect(await page.getByTestId('persist-list').textContent()).toContain('Lekplatsen vid Ekstigen');
  expect(await page.getByTestId('week-status').getAttribute('data-reported')).toBe('no');

  // One tap: into this week's draft.
  await persist.click();
  await page.getByTestId(`persist-added-${observationId}`).waitFor();
  expect((await page.getByTestId('draft-badge').textContent())?.trim()).toBe('(1)');

  await page.getByTestId('report-button').click();
  const summary = page.getByTestId('observation-summary');
  await summary.waitFor();
  expect(await summary.count()).toBe(1);
  expect(await summary.textContent()).toContain('Lekplatsen vid Ekstigen');
  await page.getByTestId('save-button').click();
  await page.getByTestId('week-heading').waitFor();

  const rows = await ownRows(page);
  expect(rows).toHaveLength(1);
  await waitForItems(page, [rows[0]!.id], 'sent');
  await expect.poll(() => page.getByTestId('week-status').getAttribute('data-reported')).toBe('yes');

  // Re-reported: done for this week – a mark, not a button to press again for the same observation.
  const reported = page.getByTestId(`persist-reported-${observationId}`);
  await reported.waitFor();
  expect(await reported.textContent()).toContain('Rapporterad igen denna vecka');
  expect(await page.getByTestId(`persist-${observationId}`).count()).toBe(0);
  await page.reload();
  await page.getByTestId(`persist-reported-${observationId}`).waitFor();
  expect(await page.getByTestId(`persist-${observationId}`).count()).toBe(0);

  const { reports, observations } = deviceReports(env.dbFile);
  const mine = reports.filter((r) => r.week === thisWeek);
  expect(mine).toMatchObject([{ id: rows[0]!.id, function_id: device.functionId, calm: 0 }]);
  const copied = observations.filter((o) => o.report_id === rows[0]!.id);
  expect(copied).toHaveLength(1);
  expect(copied[0]).toMatchObject({ week: thisWeek, category: 'unsafe_place', area_id: areaId, place_id: placeId, time_of_day: 'night', persists: 1 });
  expect(copied[0]!.id).not.toBe(observationId);
  // Last week's report is untouched and there once.
  expect(reports.filter((r) => r.week === lastWeek).map((r) => r.id)).toEqual([seeded.id]);
});
