/**
 * First run → setup link → first admin (single use); the admin,
 * through the UI only, sets up an organisation, an area with a place and an informant
 * function, creates an invite (link + locally rendered QR code), and a phone in a second
 * browser context enrols with it and files a report that lands in SQLite under that
 * function. The admin names the device ("Telefon bil 3"; a phone number in the name is
 * refused next to the field, the text kept) and sees the name after a reload, then revokes
 * the device and the phone is refused and says why.
 * Throughout: no Content Security Policy violations in either context; axe finds no
 * serious/critical violations on the log-in and functions screens.
 *
 * Self-contained: its own DATA_DIR, a server child WITHOUT --demo, its own Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startChildServer, type ChildServer } from '../support/child-server';
import { axeSeriousViolations, formatViolations, queryDb } from '../support/e2e';
import { watchContext, cspViolations, type ContextLog } from '../support/admin-e2e';

const ADMIN = { email: 'forsta.admin@alvstad.example', name: 'Första Admin', password: 'korrekt-häst-batteri-9' };
const ORG = 'Älvstadens Bostäder';
const AREA = 'Norrbacka';
const PLACE = 'Lekplatsen vid Norrbackaskolan';
const FUNCTION = 'Bovärdskontor Norrbacka';
/** The function's "manage" button (visible text + visually hidden ": <function>"). */
const MANAGE = new RegExp(`^Inbjudningar och enheter\\s*:\\s*${FUNCTION}$`);
/** The named device's rename button (visible text + visually hidden ": <name>"). */
const RENAME = /^Byt namn\s*:\s*Telefon bil 3$/;

let dataDir: string;
let dbFile: string;
let server: ChildServer;
let browser: Browser;
let origin: string;
let setupCode: string;
let phoneCtx: BrowserContext;
let admin: Page;
let phone: Page;
let inviteUrl: string;
const logs: ContextLog[] = [];
const phoneApi: { call: string; status: number; code: string | undefined }[] = [];
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-admin-'));
  dbFile = join(dataDir, 'lagesbild.sqlite');
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  server = await startChildServer(dataDir);
  cleanups.push(() => server.kill('SIGKILL'));
  origin = server.url;
  browser = await launchChromium();
  cleanups.push(() => browser.close());
});

afterAll(async () => {
  // Reverse order: contexts/browser, server, then the directory – each step even if one fails.
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (err) {
      console.error('admin e2e cleanup:', err);
    }
  }
});

async function newContext(name: string, viewport: { width: number; height: number }): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport, locale: 'sv-SE', serviceWorkers: 'allow' });
  cleanups.push(() => ctx.close());
  ctx.setDefaultTimeout(15_000);
  logs.push(await watchContext(ctx, name));
  return { ctx, page: await ctx.newPage() };
}

async function expectAccessible(page: Page, where: string) {
  const violations = await axeSeriousViolations(page);
  expect(violations, formatViolations(where, violations)).toEqual([]);
}

/** Opens an admin tab through its navigation link and waits for its heading. */
async function openTab(page: Page, label: string) {
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 2, name: label }).waitFor();
}

describe.sequential('admin: first run, functions, invites, enrolment, revocation', () => {
  test('first run: the printed setup link creates the first admin, then stops working', async () => {
    expect(server.setupUrl, `no setup line in:\n${server.output()}`).toBeTruthy();
    expect(server.output()).not.toMatch(/^(staff|invite): /m);
    // The link names localhost; the browser talks to 127.0.0.1 (same port, same path).
    const printed = new URL(server.setupUrl!);
    setupCode = decodeURIComponent(printed.pathname.replace(/^\/setup\//, ''));
    const setupUrl = `${origin}${printed.pathname}`;

    ({ page: admin } = await newContext('admin', { width: 1280, height: 900 }));
    const doc = await admin.goto(setupUrl);
    // The strict CSP is really sent – otherwise "no CSP errors" would mean nothing.
    const csp = doc!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');

    await admin.getByRole('heading', { level: 1, name: 'Skapa första administratören' }).waitFor();
    await admin.getByLabel('E-postadress').fill(ADMIN.email);
    await admin.getByLabel('Namn (valfritt)').fill(ADMIN.name);
    await admin.getByLabel('Lösenord (minst 12 tecken)').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Skapa administratör' }).click();
    // Signed in as that admin, on the admin shell.
    await admin.getByText(`Inloggad som ${ADMIN.email} (Administratör)`).waitFor();
    await admin.getByRole('heading', { level: 2, name: 'Funktioner och inbjudningar' }).waitFor();
    expect(new URL(admin.url()).pathname).toBe('/admin');

    // The API refuses the code from now on…
    const check = await fetch(`${origin}/api/v1/setup/${encodeURIComponent(setupCode)}`);
    expect(check.status).toBe(410);
    expect(await check.json()).toMatchObject({ code: 'setup_used' });
    const again = await fetch(`${origin}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: setupCode, email: 'intruder@example.org', password: 'another-long-password' }),
    });
    expect(again.status).toBe(410);
    expect(queryDb(dbFile, (db) => db.prepare("SELECT email FROM staff WHERE role = 'admin'").all())).toEqual([{ email: ADMIN.email }]);

    // …and so does the UI: log out, open the link again.
    await admin.getByRole('button', { name: 'Logga ut' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
    await admin.goto(setupUrl);
    const used = admin.getByRole('alert').filter({ hasText: 'Den här länken är redan använd' });
    await used.waitFor();
    expect(await admin.getByRole('button', { name: 'Skapa administratör' }).count()).toBe(0);

    // The log-in screen: accessible, and the admin logs in through it.
    await used.getByRole('link', { name: 'Logga in' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
    await expectAccessible(admin, 'log-in screen');
    await admin.getByLabel('E-postadress').fill(ADMIN.email);
    await admin.getByLabel('Lösenord').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Logga in' }).click();
    await admin.getByText(`Inloggad som ${ADMIN.email} (Administratör)`).waitFor();
  });

  test('the admin sets up a function and an invite; a phone enrols with it and reports', async () => {
    expect(admin, 'the first-run test must have passed').toBeDefined();

    // Organisation.
    await openTab(admin, 'Organisationer');
    await admin.getByLabel('Organisationens namn').fill(ORG);
    await admin.getByRole('button', { name: 'Lägg till', exact: true }).click();
    await admin.getByRole('rowheader', { name: ORG }).waitFor();

    // Area, then a place in it.
    await openTab(admin, 'Områden och platser');
    await admin.getByLabel('Områdets namn').fill(AREA);
    await admin.getByRole('button', { name: 'Lägg till', exact: true }).click();
    const card = admin.locator('.admin-card').filter({ has: admin.getByRole('heading', { level: 3, name: AREA }) });
    await card.waitFor();
    await card.getByLabel(`Ny plats i ${AREA}`).fill(PLACE);
    await card.getByRole('button', { name: 'Lägg till plats' }).click();
    await card.getByRole('listitem').filter({ hasText: PLACE }).waitFor();

    // The informant function covering that area.
    await openTab(admin, 'Funktioner och inbjudningar');
    await admin.getByLabel('Funktionens namn').fill(FUNCTION);
    await admin.getByLabel('Organisation', { exact: true }).selectOption({ label: ORG });
    await admin.getByRole('group', { name: 'Områden som funktionen täcker' }).getByLabel(AREA).check();
    await admin.getByRole('button', { name: 'Lägg till', exact: true }).click();
    const row = admin.getByRole('row').filter({ has: admin.getByRole('rowheader', { name: FUNCTION }) });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([ORG, AREA, '0', expect.stringContaining('Inbjudningar och enheter')]);
    await expectAccessible(admin, 'functions screen');

    // An invite: link and a QR code (an <svg> rendered by our own server).
    await row.getByRole('button', { name: MANAGE }).click();
    await admin.getByRole('heading', { level: 3, name: `Inbjudningar för ${FUNCTION}` }).waitFor();
    await admin.getByRole('button', { name: 'Skapa inbjudan' }).click();
    const created = admin.getByTestId('created-invite');
    await created.waitFor();
    inviteUrl = await created.getByRole('textbox', { name: 'Inbjudningslänk', exact: true }).inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${origin.replace(/[.]/g, '\\.')}/enrol/[^/]+$`));
    const qr = created.getByRole('img', { name: 'QR-kod för inbjudningslänken' }).locator('svg');
    await qr.waitFor();
    expect(await qr.locator('path').count()).toBeGreaterThan(0);
    expect(await qr.evaluate((svg) => svg.getBoundingClientRect().width)).toBeGreaterThan(100);
    // Nothing loaded from anywhere but our own origin.
    expect(await qr.evaluate((svg) => svg.querySelectorAll('image, use, foreignObject').length)).toBe(0);
    await expectAccessible(admin, 'functions screen with an invite open');

    // The phone: a second context, opening the invite link.
    ({ ctx: phoneCtx, page: phone } = await newContext('phone', { width: 360, height: 740 }));
    // Every API answer the phone gets (its service worker's included), for the revocation step.
    phoneCtx.on('response', (r) => {
      const url = new URL(r.url());
      if (!url.pathname.startsWith('/api/')) return;
      const entry = { call: `${r.request().method()} ${url.pathname}`, status: r.status(), code: undefined as string | undefined };
      phoneApi.push(entry);
      if (r.status() >= 400) void r.json().then((b: { code?: string }) => (entry.code = b.code), () => undefined);
    });
    await phone.goto(inviteUrl);
    await phone.getByTestId('week-heading').waitFor({ timeout: 20_000 });
    await phone.waitForURL(`${origin}/`);
    await expect.poll(() => phone.locator('.function-name').textContent()).toBe(FUNCTION);

    // One observation, at the place the admin created.
    await phone.getByTestId('report-button').click();
    await phone.getByTestId('tile-vandalism').click();
    await expect.poll(() => phone.getByTestId('area-select').locator('option:checked').textContent()).toBe(AREA);
    await phone.getByTestId('place-select').selectOption({ label: PLACE });
    await phone.getByTestId('tod-evening').click();
    await phone.getByTestId('save-button').click();
    await phone.getByTestId('week-heading').waitFor();
    await phone.locator('[data-testid="outbox-item"][data-state="sent"]').waitFor({ timeout: 30_000 });

    const stored = queryDb(dbFile, (db) =>
      db
        .prepare(
          `SELECT f.name AS fn, r.device_id AS device, o.category, a.name AS area, p.name AS place, o.time_of_day AS tod
             FROM reports r JOIN functions f ON f.id = r.function_id
             JOIN observations o ON o.report_id = r.id
             JOIN areas a ON a.id = o.area_id LEFT JOIN places p ON p.id = o.place_id`,
        )
        .all(),
    ) as { fn: string; device: string | null }[];
    expect(stored).toEqual([{ fn: FUNCTION, device: expect.any(String), category: 'vandalism', area: AREA, place: PLACE, tod: 'evening' }]);
  });

  test('the admin names the device: a phone number is refused next to the field with the text kept, the name stays after a reload', async () => {
    expect(phone, 'the enrolment test must have passed').toBeDefined();
    await openTab(admin, 'Personalkonton');
    await openTab(admin, 'Funktioner och inbjudningar');
    const row = admin.getByRole('row').filter({ has: admin.getByRole('rowheader', { name: FUNCTION }) });
    await row.getByRole('button', { name: MANAGE }).click();
    const devices = admin.getByRole('table').filter({ has: admin.getByRole('columnheader', { name: 'Enhet', exact: true }) });
    // Unnamed, the device goes by when it was enrolled.
    await devices.getByText(/^Enhet registrerad /).waitFor();
    await devices.getByRole('button', { name: /^Namnge\s*:\s*Enhet registrerad / }).click();
    const field = devices.getByLabel('Enhetens namn');
    await field.waitFor();
    expect(await admin.evaluate(() => document.activeElement?.id)).toMatch(/^device-label-/);
    await expect.poll(() => devices.getByText('t.ex. Telefon bil 3 – inte en persons namn').count()).toBe(1);

    const typed = 'Annas telefon 070-123 45 67';
    await field.fill(typed);
    await devices.getByRole('button', { name: 'Spara', exact: true }).click();
    const alert = devices.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/telefonnummer.*Telefon bil 3.*inte efter en person/);
    expect(await field.inputValue()).toBe(typed);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(admin, 'device name with a refusal');
    expect(queryDb(dbFile, (db) => db.prepare('SELECT label FROM devices').all())).toEqual([{ label: null }]);

    await field.fill('Telefon bil 3');
    await devices.getByRole('button', { name: 'Spara', exact: true }).click();
    await admin.getByText('Enhetens namn är sparat.').waitFor();
    await devices.getByRole('button', { name: RENAME }).waitFor();
    expect(queryDb(dbFile, (db) => db.prepare('SELECT label FROM devices').all())).toEqual([{ label: 'Telefon bil 3' }]);

    await admin.reload();
    await admin.getByRole('heading', { level: 2, name: 'Funktioner och inbjudningar' }).waitFor();
    await admin.getByRole('row').filter({ has: admin.getByRole('rowheader', { name: FUNCTION }) }).getByRole('button', { name: MANAGE }).click();
    await devices.getByRole('button', { name: RENAME }).waitFor();
    expect(await devices.locator('tbody tr').first().getByRole('cell').first().textContent()).toMatch(/^Telefon bil 3/);
  });

  test('the admin sees the device and revokes it; the phone is refused and says why', async () => {
    expect(phone, 'the enrolment test must have passed').toBeDefined();
    // Leave the functions screen and come back: it loads afresh (the list counts the device now).
    await openTab(admin, 'Personalkonton');
    await openTab(admin, 'Funktioner och inbjudningar');
    const row = admin.getByRole('row').filter({ has: admin.getByRole('rowheader', { name: FUNCTION }) });
    await expect.poll(() => row.getByRole('cell').nth(2).textContent()).toBe('1');
    await row.getByRole('button', { name: MANAGE }).click();
    const devices = admin.getByRole('table').filter({ has: admin.getByRole('columnheader', { name: 'Registrerad' }) });
    const deviceRow = devices.locator('tbody tr').filter({ has: admin.getByRole('button', { name: 'Spärra' }) });
    await deviceRow.waitFor();
    expect(await deviceRow.count()).toBe(1);
    const [, enrolledAt, lastSeen, lastReport] = await deviceRow.getByRole('cell').allTextContents();
    for (const cell of [enrolledAt, lastSeen, lastReport]) expect(cell).not.toBe('–');

    admin.once('dialog', (d) => void d.accept());
    await deviceRow.getByRole('button', { name: 'Spärra' }).click();
    await devices.getByText(/^Spärrad /).waitFor();
    expect(await devices.getByRole('button', { name: 'Spärra' }).count()).toBe(0);
    expect(queryDb(dbFile, (db) => db.prepare('SELECT count(*) AS n FROM devices WHERE revoked_at IS NOT NULL').get())).toEqual({ n: 1 });
    await expect.poll(() => row.getByRole('cell').nth(2).textContent()).toBe('0');
    const revokedAt = phoneApi.length;

    // The phone files another report: the server refuses the device (401 device_revoked –
    // on the report upload, or already on the context refresh) and the app says why.
    await phone.getByTestId('report-button').click();
    await phone.getByTestId('tile-disorder').click();
    await phone.getByTestId('tod-day').click();
    await phone.getByTestId('save-button').click();
    await phone.getByTestId('week-heading').waitFor();
    const banner = phone.getByTestId('revoked-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.textContent()).toContain('inte längre registrerad');
    // The refused report stays on the phone, not sent; the server still holds only the first one.
    await expect
      .poll(() => phone.locator('[data-testid="outbox-item"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-state')).sort()))
      .toEqual(['sent', 'waiting']);
    expect(queryDb(dbFile, (db) => db.prepare('SELECT count(*) AS n FROM reports').get())).toEqual({ n: 1 });
    const afterRevoke = () => phoneApi.slice(revokedAt);
    await expect.poll(() => afterRevoke().filter((r) => r.status === 401).map((r) => r.code)).toContain('device_revoked');
    expect(afterRevoke().filter((r) => r.status < 400), JSON.stringify(afterRevoke())).toEqual([]);
  });

  test('no Content Security Policy violations in either browser context', async () => {
    expect(logs.map((l) => l.name)).toEqual(['admin', 'phone']);
    const found = cspViolations(logs);
    expect(found, found.join('\n')).toEqual([]);

    // Control: the watcher does see a violation when there is one (an inline script).
    const control = await newContext('control', { width: 800, height: 600 });
    await control.page.goto(`${origin}/admin`);
    await control.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.head.append(s);
    });
    await expect.poll(() => cspViolations([logs.at(-1)!]).length).toBeGreaterThan(0);
    expect(await control.page.evaluate(() => (window as unknown as { __inline?: number }).__inline)).toBeUndefined();
    await control.ctx.close();
  });
});
