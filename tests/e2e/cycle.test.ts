/**
 * The EST cycle from the period decision to the published
 * picture. A coordinator decides the prioritised areas for the current period on
 * the period screen; an intervention decided last week is set up through the API;
 * then the weekly meeting of this week runs from step 1 (record the follow-up of
 * last week's intervention, with the before/after counts beside) through the
 * situation and the analysis to step 4 (decide a new intervention inline) and
 * step 5 (open the draft, which carries the new intervention, and publish it).
 * Asserted: the intervention is in the published picture, the follow-up is stored
 * (SQLite, read-only, and the API), an edit based on a stale version shows the
 * conflict, and the year review shows its charts with table fallbacks and prints
 * them as static images.
 *
 * Self-contained: the real server as a child process with --demo (12 weeks of
 * fictional history before the current week), Debian's Chromium; all stopped in afterAll.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addWeeks, mondayOf, parseWeek, previousWeek, sundayOf, weekOf } from '../../shared/weeks';
import { launchChromium } from '../support/browser';
import { startChildServer, type ChildServer } from '../support/child-server';
import { axeSeriousViolations, formatViolations, queryDb } from '../support/e2e';

let dataDir: string;
let server: ChildServer | undefined;
let browser: Browser | undefined;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-cycle-'));
  server = await startChildServer(dataDir, { demo: true });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', serviceWorkers: 'block' });
  context.setDefaultTimeout(15_000);
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
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A same-origin API call from the page (the session cookie and the CSRF check as the app has them). */
async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
  return page.evaluate(
    async ([m, p, b]) => {
      const res = await fetch(p, {
        method: m,
        credentials: 'same-origin',
        headers: b === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        ...(b === undefined ? {} : { body: JSON.stringify(b) }),
      });
      return { status: res.status, data: await res.json() };
    },
    [method, path, body] as const,
  ) as Promise<{ status: number; data: T }>;
}

test('decide the priorities, run the weekly meeting from follow-up to published picture', async () => {
  const coordinator = server!.staff.get('coordinator');
  expect(coordinator, server!.output()).toBeDefined();
  const week = weekOf(new Date());
  const lastWeek = previousWeek(week);
  const n = parseWeek(week)!.week;

  // Log in.
  await page.goto(`${server!.url}/coordinator/period/previous`);
  await page.getByLabel('E-postadress').fill(coordinator!.email);
  await page.getByLabel('Lösenord').fill(coordinator!.password);
  await page.getByRole('button', { name: 'Logga in' }).click();

  // The period screen: the ranking, then the decision for the next (= the current) period.
  await page.getByTestId('period-ranking').waitFor();
  expect(await page.getByTestId('period-ranking').locator('tbody tr').count()).toBeGreaterThan(3);
  const form = page.getByTestId('priorities-form');
  const current = await call<{ period: string }>('GET', '/api/v1/periods/current');
  await expect.poll(() => form.getByRole('heading').textContent()).toContain(current.data.period);
  // The suggestion is the top of the ranking; keep it and give the rationale.
  await expect.poll(() => form.getByLabel('Prioriterat område 3').inputValue()).not.toBe('');
  const areaId = await form.getByLabel('Prioriterat område 1').inputValue();
  await form.getByLabel('Motivering').fill('Flest rapporter förra perioden, återkommande platser kvällstid.');
  await form.getByRole('button', { name: 'Spara beslutet' }).click();
  await form.getByText(`Beslutet för ${current.data.period} är sparat`).waitFor();
  const stored = await call<{ priorities: { areaIds: string[] } | null }>('GET', `/api/v1/periods/${current.data.period}/priorities`);
  expect(stored.status).toBe(200);
  expect(stored.data.priorities?.areaIds[0]).toBe(areaId);
  const a11yPeriod = await axeSeriousViolations(page);
  expect(a11yPeriod, formatViolations('period', a11yPeriod)).toEqual([]);

  // What the meeting follows up: an intervention decided last week, running since its Monday.
  const followAction = 'Väktare går extra kvällsrunda vid torget';
  const created = await call<{ id: string; version: number }>('POST', '/api/v1/interventions', {
    areaId,
    categories: ['youth_gathering', 'vandalism'],
    action: followAction,
    organisation: 'Trygghetsbolaget Väktare AB',
    term: 'short',
    plannedStart: mondayOf(lastWeek),
    status: 'active',
    decidedWeek: lastWeek,
  });
  expect(created.status, JSON.stringify(created.data)).toBe(201);
  const followId = created.data.id;

  // The meeting, step 1: follow up last week's intervention.
  await page.goto(`${server!.url}/coordinator/meeting/${week}`);
  await page.getByRole('heading', { level: 1, name: `Veckomöte – vecka ${n}` }).waitFor();
  await expect.poll(() => page.getByTestId('meeting-step').textContent()).toContain('Punkt 1 av 5');
  const item = page.locator(`[data-testid="meeting-followup"][data-id="${followId}"]`);
  await item.waitFor();
  await item.getByRole('button', { name: 'Följ upp' }).click();
  const fu = item.getByTestId('followup-form');
  await fu.waitFor();
  // The counts are beside the form.
  await item.getByTestId('before-after').waitFor();
  expect(await item.getByTestId('before-after').textContent()).toContain('Före');
  // All three questions are required.
  await fu.getByRole('button', { name: 'Spara uppföljningen' }).click();
  await fu.getByText('Svara på alla tre frågorna').waitFor();
  await fu.getByRole('group', { name: 'Genomfördes insatsen som beslutat?' }).getByLabel('Delvis').check();
  await fu.getByLabel('Anteckning om genomförandet').fill('Två av tre kvällar.');
  await fu.getByRole('group', { name: 'Hur ser problemet ut nu?' }).getByLabel('Bättre').check();
  await fu.getByRole('group', { name: 'Beslut', exact: true }).getByLabel('Fortsätt').check();
  await fu.getByLabel('Anteckning om beslutet').fill('Fortsätter två veckor till.');
  await fu.getByRole('button', { name: 'Spara uppföljningen' }).click();
  await item.getByTestId('followed-up').waitFor();
  const a11yMeeting = await axeSeriousViolations(page);
  expect(a11yMeeting, formatViolations('meeting step 1', a11yMeeting)).toEqual([]);

  // Step 2: the situation in all areas.
  await page.getByRole('button', { name: /^Nästa: Läget i alla områden/ }).click();
  await expect.poll(() => page.getByTestId('meeting-step').textContent()).toContain('Punkt 2 av 5');
  await page.getByTestId('meeting-situation').waitFor();
  expect(await page.getByTestId('meeting-situation').locator('tbody tr').count()).toBeGreaterThan(3);
  expect(await page.getByTestId('meeting-situation').locator('tbody tr.prioritised').count()).toBe(3);
  // The focus lands on the step's heading.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('step-h');

  // Step 3: the three prioritised areas.
  await page.getByRole('button', { name: /^Nästa: Analys/ }).click();
  await page.getByTestId('meeting-analysis').waitFor();
  expect(await page.getByTestId('meeting-analysis').locator('section').count()).toBe(3);
  for (const h of ['Vad (indikatorer)', 'Var (platser)', 'När (tid på dygnet)', 'Återkommande platser']) {
    expect(await page.getByTestId('meeting-analysis').getByRole('heading', { name: h }).count()).toBe(3);
  }

  // Step 4: decide a new intervention inline (the first prioritised area is preselected).
  await page.getByRole('button', { name: /^Nästa: Nya insatser/ }).click();
  const ivForm = page.getByTestId('intervention-form');
  await ivForm.waitFor();
  await expect.poll(() => ivForm.getByLabel('Område *').inputValue()).toBe(areaId);
  const newAction = 'Belysningen vid gångvägen lagas och buskar röjs';
  // The client checks before sending: the problem is required.
  await ivForm.getByLabel('Vad görs *').fill(newAction);
  await ivForm.getByLabel('Organisation *').fill('Älvstadshem AB');
  await ivForm.getByRole('button', { name: 'Spara insatsen' }).click();
  await ivForm.getByText('Ange problemet').first().waitFor();
  await ivForm.getByRole('group', { name: 'Indikatorer' }).getByLabel('Otrygg plats').check();
  // The week's (and last week's) observations of the area are offered to link.
  const offered = ivForm.getByRole('group', { name: /^Koppla iakttagelser i området/ }).getByRole('checkbox');
  await expect.poll(() => page.evaluate(() => document.querySelectorAll('[data-testid="intervention-form"] .coord-checks-col input').length + (document.querySelector('[data-testid="intervention-form"] .coord-checks-col p') ? 1 : 0))).toBeGreaterThan(0);
  const linked = await offered.count();
  if (linked > 0) await offered.first().check();
  await ivForm.getByLabel('Lång sikt').check();
  await ivForm.getByRole('button', { name: 'Spara insatsen' }).click();
  await page.getByText(`Insatsen ”${newAction}” är sparad.`).waitFor();
  await page.getByTestId('intervention-list').getByText(newAction).waitFor();

  // Step 5: the picture – the decided intervention is in the draft (via the server's prefill).
  await page.getByRole('button', { name: /^Nästa: Lägesbilden/ }).click();
  const inPicture = page.getByTestId('picture-interventions');
  await inPicture.getByText(newAction).waitFor();
  await inPicture.getByText('I utkastet').waitFor();
  await page.getByTestId('open-draft').click();
  await page.getByLabel('VÄDER I HELGEN').waitFor();
  const insatser = page.getByLabel('Insatser').first();
  expect(await insatser.inputValue()).toContain(newAction);
  await page.getByLabel('VÄDER I HELGEN').fill('Mulet, uppehåll.');
  await page.getByTestId('save-status').getByText(/Sparat/).waitFor();
  await page.getByRole('button', { name: 'Publicera lägesbilden' }).click();
  await page.waitForURL(new RegExp(`/pictures/${week}/1$`));
  const picture = page.getByTestId('picture');
  await picture.waitFor();
  expect(await picture.textContent()).toContain(newAction);
  expect(await picture.textContent()).toContain('Mulet, uppehåll.');

  // The follow-up is stored: in the database (read-only) and through the API.
  const rows = queryDb(join(dataDir, 'lagesbild.sqlite'), (db) =>
    db.prepare('SELECT week, carried_out, carried_out_note, outcome, decision, decision_note, counts FROM intervention_followups WHERE intervention_id = ?').all(followId),
  ) as { week: string; carried_out: string; carried_out_note: string; outcome: string; decision: string; decision_note: string; counts: string }[];
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ week, carried_out: 'partly', carried_out_note: 'Två av tre kvällar.', outcome: 'better', decision: 'continue', decision_note: 'Fortsätter två veckor till.' });
  expect(JSON.parse(rows[0]!.counts)).toMatchObject({ asOf: week, before: { weeks: 4 } });
  const detail = await call<{ status: string; followUps: { week: string; outcome: string }[] }>('GET', `/api/v1/interventions/${followId}`);
  expect(detail.data.status).toBe('active');
  expect(detail.data.followUps.map((f) => [f.week, f.outcome])).toEqual([[week, 'better']]);
  const decided = await call<{ interventions: { action: string; decidedWeek: string; observationIds: string[]; categories: string[] }[] }>('GET', `/api/v1/interventions?decidedWeek=${week}`);
  expect(decided.data.interventions.map((i) => i.action)).toEqual([newAction]);
  expect(decided.data.interventions[0]!.observationIds).toHaveLength(linked > 0 ? 1 : 0);
  expect(decided.data.interventions[0]!.categories).toEqual(['unsafe_place']);

  // Optimistic concurrency: an edit over a version someone else replaced is refused and shown.
  await page.goto(`${server!.url}/coordinator/interventions/${followId}`);
  await page.getByRole('button', { name: 'Ändra insatsen' }).click();
  const edit = page.getByTestId('intervention-form');
  const plannedEnd = sundayOf(addWeeks(week, 2));
  await edit.getByLabel('Planerat slut (valfritt)').fill(plannedEnd);
  const other = await call<{ version: number }>('PATCH', `/api/v1/interventions/${followId}`, { version: created.data.version, organisation: 'Trygghetsbolaget Väktare AB, nattpatrull' });
  expect(other.status).toBe(200);
  await edit.getByRole('button', { name: 'Spara ändringarna' }).click();
  await page.getByTestId('iv-conflict').waitFor();
  expect(await page.getByTestId('iv-conflict').textContent()).toContain('version 2');
  await page.getByRole('button', { name: 'Spara mina ändringar över deras' }).click();
  await page.getByTestId('iv-status').waitFor();
  const after = await call<{ version: number; organisation: string; plannedEnd: string }>('GET', `/api/v1/interventions/${followId}`);
  expect(after.data.version).toBe(3);
  expect(after.data.organisation).toBe('Trygghetsbolaget Väktare AB, nattpatrull');
  expect(after.data.plannedEnd).toBe(plannedEnd);

  // The year review: charts with table fallbacks, the interventions, static images in print.
  await page.goto(`${server!.url}/coordinator/year/${parseWeek(week)!.year}`);
  const review = page.getByTestId('year-review');
  await review.waitFor();
  await page.locator('[data-testid="chart-all"] canvas').first().waitFor();
  await page.locator('[data-testid="chart-all"] img.coord-chart-print').waitFor({ state: 'attached' });
  // The table (and the lines) stop at the last week that is over: the running week and the
  // weeks to come are no rows of zeros; the idle live legend shows no "--" placeholders.
  const yr = await call<{ weeksOver: number; inProgress: string | null; weeks: string[] }>('GET', `/api/v1/years/${parseWeek(week)!.year}/review`);
  expect(yr.data.inProgress).toBe(week);
  expect(await page.locator('[data-testid="chart-all"] details table tbody tr').count()).toBe(yr.data.weeksOver);
  expect(yr.data.weeksOver).toBe(yr.data.weeks.indexOf(week));
  expect(await page.getByTestId('year-running').textContent()).toContain(`(v. ${parseWeek(week)!.week} `);
  const legend = (await page.locator('[data-testid="chart-all"] .u-legend').innerText()).replace(/\s+/g, ' ');
  expect(legend).not.toContain('--');
  expect(legend).not.toMatch(/Vecka:/);
  expect(await review.textContent()).toContain(followAction);
  const a11yYear = await axeSeriousViolations(page);
  expect(a11yYear, formatViolations('year', a11yYear)).toEqual([]);
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('[data-testid="chart-all"] img.coord-chart-print').isVisible()).toBe(true);
  expect(await page.locator('[data-testid="chart-all"] .coord-chart-live').isVisible()).toBe(false);
  expect(await page.getByRole('button', { name: 'Skriv ut / spara som PDF' }).isVisible()).toBe(false);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  await page.emulateMedia({ media: 'screen' });

  expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});
