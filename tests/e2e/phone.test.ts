/**
 * The phone (360×740): the report's primary action in reach, tile labels that
 * break only between words, the home screen's notices in distinct calm forms (the storage
 * warning only when reports wait and storage is not persistent, and dismissible), toasts
 * that cover nothing, and "the function's reports" with this phone's own marked.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { axeSeriousViolations, enrol, formatViolations, ownRows, readOutbox, startE2E, waitForItems, waitForServiceWorker, type E2E } from '../support/e2e';

let env: E2E;

beforeAll(async () => {
  env = await startE2E('phone');
  // The browser refuses persistent storage (as Chromium does for a site that is not installed
  // or engaged with): the warning's one precondition that a test browser does not meet by itself.
  await env.context.addInitScript(() => {
    const storage = navigator.storage as StorageManager & { persist: () => Promise<boolean>; persisted: () => Promise<boolean> };
    storage.persist = () => Promise.resolve(false);
    storage.persisted = () => Promise.resolve(false);
  });
});
afterAll(async () => {
  await env?.close();
});

async function expectAccessible(page: Page, where: string) {
  const violations = await axeSeriousViolations(page);
  expect(violations, formatViolations(where, violations)).toEqual([]);
}

const rect = (page: Page, testid: string) =>
  page.getByTestId(testid).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  });

test('home: the function’s reports with this phone’s own marked; notices in distinct forms, only when they matter; toasts cover nothing', async () => {
  const { page, context } = env;
  await enrol(env);
  await waitForServiceWorker(page); // the app opens offline, for the reload below
  await page.getByTestId('persist-list').waitFor(); // the function's demo history has come from the server

  // Right after enrolment nothing waits: no storage warning, whatever the browser decided.
  expect(await page.getByTestId('storage-note').count()).toBe(0);
  // The list says what it is; the function's reports from other phones carry no "this phone" mark.
  expect(await page.locator('#queue-heading').textContent()).toBe('Rapporter denna och förra veckan');
  const restored = (await readOutbox(page)).filter((r) => r.restored);
  expect(restored.length).toBeGreaterThan(0);
  expect(await page.getByTestId('own-report').count()).toBe(0);

  // Offline, a calm week is filed: it waits on the phone.
  await context.setOffline(true);
  await page.getByTestId('offline-note').waitFor();
  await page.getByTestId('calm-button').click();
  await page.getByTestId('toast').waitFor();

  // The toast covers none of the buttons, and the page's end can be scrolled above it.
  const toast = await rect(page, 'toast');
  for (const id of ['calm-button', 'report-button']) {
    const b = await rect(page, id);
    expect(b.bottom <= toast.top || b.top >= toast.bottom, `${id} under the toast`).toBe(true);
  }
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const last = await rect(page, 'settings-link');
  expect(last.bottom).toBeLessThanOrEqual((await rect(page, 'toast')).top);

  // Waiting + refused persistence: now the warning, in plain words, as a warning (not an info box).
  const [own] = await ownRows(page);
  await waitForItems(page, [own!.id], 'waiting');
  const storageNote = page.getByTestId('storage-note');
  await storageNote.waitFor();
  const text = (await storageNote.textContent()) ?? '';
  expect(text).toContain('kan försvinna');
  expect(text).not.toMatch(/beständig|lagring|persist/i);
  // Offline explains the failed send: no second "could not send" line beside it.
  expect(await page.getByTestId('sync-error').count()).toBe(0);

  // Each visible notice has its own form: different class, icon and background.
  const forms = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main .notice')].map((n) => ({
      testid: n.dataset.testid,
      kind: [...n.classList].find((c) => c.startsWith('notice-')),
      icon: getComputedStyle(n, '::before').content,
      background: getComputedStyle(n).backgroundColor,
    })),
  );
  const byId = new Map(forms.map((f) => [f.testid, f]));
  expect(byId.get('offline-note')?.kind).toBe('notice-status');
  expect(byId.get('storage-note')?.kind).toBe('notice-warn');
  expect(byId.get('offline-note')?.icon).not.toBe(byId.get('storage-note')?.icon);
  expect(byId.get('offline-note')?.background).not.toBe(byId.get('storage-note')?.background);
  if (byId.has('push-offer')) expect(byId.get('push-offer')?.kind).toBe('notice-info');

  // This phone's own report is marked as such.
  const ownItem = page.locator(`[data-testid="outbox-item"][data-id="${own!.id}"]`);
  expect(await ownItem.getByTestId('own-report').textContent()).toBe('Från den här telefonen');
  expect(await page.getByTestId('own-report').count()).toBe(1);
  await expectAccessible(page, 'home with notices');

  // Read and dismissed: it stays away, also after a reload.
  await page.getByTestId('storage-dismiss').click();
  await storageNote.waitFor({ state: 'detached' });
  await page.reload();
  await page.getByTestId('offline-note').waitFor();
  await waitForItems(page, [own!.id], 'waiting');
  expect(await page.getByTestId('storage-note').count()).toBe(0);

  await context.setOffline(false);
  await waitForItems(page, [own!.id], 'sent');
  await page.getByTestId('offline-note').waitFor({ state: 'detached' });
});

test('report at 360×740: Save is in reach without scrolling, the last field scrolls fully above it, tile labels break only between words', async () => {
  const { page } = env;
  await env.context.setOffline(false);
  if (page.url() === 'about:blank') await enrol(env); // run on its own
  await page.goto(`${env.proxy.url}/`);
  await page.getByTestId('report-button').click();
  await page.getByTestId('tile-disorder').click();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  // The primary action is on screen at once, at the bottom.
  const save = await rect(page, 'save-button');
  expect(save.top).toBeGreaterThanOrEqual(0);
  expect(save.bottom).toBeLessThanOrEqual(740);
  expect(save.bottom).toBeGreaterThan(600);
  expect(await page.getByTestId('save-button').isEnabled()).toBe(true);

  // Scrolled to the end, the last field and the note are fully visible above the bar.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const bar = await rect(page, 'action-bar');
  expect(bar.bottom).toBeLessThanOrEqual(740.5);
  expect((await rect(page, 'add-observation')).bottom).toBeLessThanOrEqual(bar.top);
  await page.getByTestId('note').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const note = await rect(page, 'note');
  expect(note.top).toBeGreaterThanOrEqual(0);
  expect(note.bottom).toBeLessThanOrEqual((await rect(page, 'action-bar')).top);

  // Every tile label: no line ends inside a word (only after a space, a hyphen or a soft hyphen),
  // and nothing sticks out of its tile.
  const labels = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.tile-label')].map((label) => {
      const node = label.firstChild as Text;
      const text = node.data;
      const tops: number[] = [];
      for (let i = 0; i < text.length; i++) {
        const r = document.createRange();
        r.setStart(node, i);
        r.setEnd(node, i + 1);
        const boxes = [...r.getClientRects()].filter((b) => b.width > 0);
        // A range right after a line break can also report a box at the end of the line before: take the last.
        tops.push(boxes.length ? Math.round(boxes[boxes.length - 1]!.top) : NaN);
      }
      const breaks: string[] = [];
      let line = NaN;
      for (let i = 0; i < text.length; i++) {
        if (Number.isNaN(tops[i]!)) continue; // an unbroken soft hyphen or a collapsed space has no box
        if (!Number.isNaN(line) && tops[i]! > line) breaks.push(text.slice(0, i));
        line = tops[i]!;
      }
      const tile = label.closest('.tile') as HTMLElement;
      return { text: text.replace(/\u00AD/g, ''), tops, breaks, overflow: label.scrollWidth > label.clientWidth + 1 || tile.scrollWidth > tile.clientWidth + 1 };
    }),
  );
  expect(labels).toHaveLength(8);
  for (const l of labels) {
    expect(l.overflow, `${l.text} sticks out of its tile`).toBe(false);
    for (const before of l.breaks) expect(before, `"${l.text}" breaks mid-word after "${before}"`).toMatch(/[\s\u00AD-]$/);
  }
  // The long compound does not fit a 360 px tile on one line: it breaks at its seam.
  const disorder = labels.find((l) => l.text === 'Annat ordningsstörande')!;
  expect(disorder.breaks.length, JSON.stringify(disorder.tops)).toBeGreaterThan(0);
  await expectAccessible(page, 'report with the action bar');
  await page.getByTestId('back-button').click();
  await page.getByTestId('week-heading').waitFor();
});
