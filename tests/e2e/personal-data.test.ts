/**
 * Personal data typed into a note is highlighted and blocks
 * saving; once it is removed the report can be saved, and the note reaches the server.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { deviceReports, enrol, ownRows, startE2E, waitForItems, type E2E } from '../support/e2e';

let env: E2E;

beforeAll(async () => {
  env = await startE2E('pd');
});
afterAll(async () => {
  await env?.close();
});

async function expectBlocked(page: Page, found: string) {
  const warning = page.getByTestId('pd-warning');
  await warning.waitFor();
  expect(await warning.getAttribute('role')).toBe('alert');
  expect(await page.getByTestId('pd-highlight').locator('mark').allTextContents()).toEqual([found]);
  expect(await page.getByTestId('save-button').isDisabled()).toBe(true);
  expect(await page.getByTestId('add-observation').isDisabled()).toBe(true);
  expect(await page.getByTestId('note').getAttribute('aria-invalid')).toBe('true');
}

async function expectAllowed(page: Page) {
  await page.getByTestId('pd-warning').waitFor({ state: 'detached' });
  await expect.poll(() => page.getByTestId('save-button').isEnabled()).toBe(true);
  expect(await page.getByTestId('note').getAttribute('aria-invalid')).toBe('false');
}

test('a phone number or personnummer in a note blocks saving until removed; the clean note is sent', async () => {
  const { page } = env;
  await enrol(env);
  await page.getByTestId('report-button').click();
  await page.getByTestId('tile-unsafe_place').click();
  await page.getByTestId('tod-day').click();
  const note = page.getByTestId('note');
  await note.click();
  await expect.poll(() => page.getByTestId('save-button').isEnabled()).toBe(true);

  // A phone number, typed key by key as a user would.
  await note.pressSequentially('Trasig lampa, ring 070-123 45 67');
  await expectBlocked(page, '070-123 45 67');
  // Removing it (backspace over the number) allows saving again.
  for (let i = 0; i < ', ring 070-123 45 67'.length; i++) await note.press('Backspace');
  expect(await note.inputValue()).toBe('Trasig lampa');
  await expectAllowed(page);

  // A personnummer (the Tax Agency's test number, valid check digit).
  await note.pressSequentially(' hos 19121212-1212');
  await expectBlocked(page, '19121212-1212');
  // Clicking the disabled save does nothing.
  await page.getByTestId('save-button').click({ force: true });
  expect(await ownRows(page)).toEqual([]);

  const clean = 'Trasig lampa vid porten 12, anmält 2026-11-03';
  await note.fill(clean);
  await expectAllowed(page);
  await page.getByTestId('save-button').click();
  await page.getByTestId('week-heading').waitFor();

  const rows = await ownRows(page);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.report.observations.map((o) => o.note)).toEqual([clean]);
  await waitForItems(page, [rows[0]!.id], 'sent');

  const { reports, observations } = deviceReports(env.dbFile);
  expect(reports.map((r) => r.id)).toEqual([rows[0]!.id]);
  expect(observations).toMatchObject([{ report_id: rows[0]!.id, category: 'unsafe_place', time_of_day: 'day', persists: 0, note: clean }]);
  // No personal data anywhere on the server.
  expect(observations.some((o) => /070-123|19121212/.test(o.note ?? ''))).toBe(false);
});
