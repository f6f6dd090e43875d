/**
 * The weekly send-out in the browser: an admin adds recipients (form and CSV), a
 * coordinator previews the e-mail and publishes; a real SMTP server in this process
 * receives the messages, which say exactly what the printed page in the browser says;
 * the coordinator sees them sent; a recipient unsubscribes from the link in the e-mail
 * and the admin sees it.
 *
 * The real server as a child process with --demo and SMTP_URL pointing at the sink.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { documentWords } from '../../shared/picture-document';
import { parseWeek, weekOf } from '../../shared/weeks';
import { launchChromium } from '../support/browser';
import { axeSeriousViolations, formatViolations } from '../support/e2e';
import { startChildServer, type ChildServer } from '../support/child-server';
import { htmlWords } from '../support/sendout';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

let dataDir: string;
let server: ChildServer | undefined;
let sink: SmtpSink | undefined;
let browser: Browser | undefined;
const errors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-sendout-'));
  sink = await startSmtpSink();
  server = await startChildServer(dataDir, { demo: true, env: { SMTP_URL: sink.url, MAIL_FROM: 'Lägesbild Älvstad <lagesbild@alvstad.example>' } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.kill();
  await sink?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function signedIn(role: 'admin' | 'coordinator', path: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const who = server!.staff.get(role)!;
  const ctx = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', serviceWorkers: 'block' });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${server!.url}${path}`);
  await page.getByLabel('E-postadress').fill(who.email);
  await page.getByLabel('Lösenord').fill(who.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  return { ctx, page };
}

test('recipients, preview, publish: the e-mail says what the printed page says; one-click unsubscribe shows for the admin', async () => {
  // The admin adds a recipient by hand and two from a CSV file.
  const { page: admin } = await signedIn('admin', '/admin/recipients');
  await admin.getByTestId('sendout-state').getByText('E-postutskicket är på').waitFor();
  await admin.getByLabel('Namn eller funktion').fill('TiB');
  await admin.getByLabel('E-postadress', { exact: true }).fill('tib@alvstad.example');
  await admin.getByLabel('Organisation', { exact: true }).fill('Älvstads kommun');
  await admin.getByRole('button', { name: 'Lägg till', exact: true }).click();
  await admin.getByTestId('recipients').getByText('tib@alvstad.example').waitFor();
  await admin.getByLabel('CSV-fil').setInputFiles({ name: 'mottagare.csv', mimeType: 'text/csv', buffer: Buffer.from('Namn;E-post;Organisation\nPolisen Norrby;polis@polisen.example;Polisen\nFältgruppen;falt@alvstad.example;Socialtjänsten\n') });
  await admin.getByRole('button', { name: 'Importera' }).click();
  await admin.getByText('2 nya mottagare, 0 fanns redan').waitFor();
  await admin.getByTestId('recipients').getByText('falt@alvstad.example').waitFor();
  expect(await admin.getByTestId('recipients').locator('tbody tr').count()).toBe(3);
  const adminViolations = await axeSeriousViolations(admin);
  expect(adminViolations, formatViolations('/admin/recipients', adminViolations)).toEqual([]);

  // The coordinator writes the draft, previews the e-mail, publishes.
  const { page } = await signedIn('coordinator', '/coordinator');
  await page.getByTestId('week-table').waitFor();
  // This week: the demo publishes each past week on its Thursday, so from Thursday morning on
  // last week's picture would be a correction (version 2) and this test date-dependent.
  const week = weekOf(new Date());
  const n = parseWeek(week)!.week;
  await page.goto(`${server!.url}/coordinator/draft/${week}`);
  const weather = page.getByLabel('VÄDER I HELGEN');
  await weather.waitFor();
  await weather.fill('Sol och kallt, runt noll grader.');
  await page.getByLabel('ARRANGEMANG').fill('Luciatåg i centrum lördag.');
  await page.getByTestId('save-status').getByText(/Sparat/).waitFor();
  await page.getByRole('button', { name: 'Förhandsgranska e-postutskicket' }).click();
  await page.getByTestId('preview-text').getByText(/Luciatåg i centrum lördag\./).waitFor();
  expect(await page.getByTestId('preview-subject').textContent()).toMatch(new RegExp(`^Samlad lägesbild v\\. ${n} – EST-\\d{4}-${String(n).padStart(2, '0')}$`));
  expect(sink!.received).toHaveLength(0);
  await page.getByRole('button', { name: 'Publicera' }).click();
  await page.getByTestId('picture').waitFor();

  const mails = await sink!.waitFor(3, 30_000);
  expect(mails.map((m) => m.to).sort()).toEqual(['falt@alvstad.example', 'polis@polisen.example', 'tib@alvstad.example']);

  // The printed page (print media) and the e-mail say the same thing.
  await page.emulateMedia({ media: 'print' });
  const printed = documentWords(await page.getByTestId('picture').innerText());
  expect(printed).toContain('Luciatåg i centrum lördag.');
  for (const m of mails) {
    expect(documentWords(m.text)).toContain(printed);
    expect(htmlWords(m.html)).toContain(printed);
  }
  await page.emulateMedia({ media: 'screen' });

  // The coordinator sees the send-out of the version.
  await page.goto(`${server!.url}/pictures`);
  const row = page.getByTestId(`sendout-${week}-1`);
  await row.waitFor();
  expect((await row.locator('td').allTextContents()).slice(0, 4)).toEqual(['1', '3', '0', '0']);
  const listViolations = await axeSeriousViolations(page);
  expect(listViolations, formatViolations('/pictures', listViolations)).toEqual([]);

  // TiB opens the unsubscribe link from the e-mail and confirms with the button.
  const tibMail = mails.find((m) => m.to === 'tib@alvstad.example')!;
  const link = /Avregistrera dig: (\S+)/.exec(tibMail.text)![1]!;
  const visitor = await (await browser!.newContext({ locale: 'sv-SE' })).newPage();
  await visitor.goto(link);
  await visitor.getByRole('button', { name: 'Avregistrera mig' }).click();
  await visitor.getByRole('heading', { name: 'Du är avregistrerad' }).waitFor();
  const pageViolations = await axeSeriousViolations(visitor);
  expect(pageViolations, formatViolations('unsubscribe page', pageViolations)).toEqual([]);

  await admin.reload();
  const tibRow = admin.getByTestId('recipients').locator('tr', { hasText: 'tib@alvstad.example' });
  await tibRow.getByText(/Avregistrerad/).waitFor();
  expect(errors).toEqual([]);
}, 120_000);
