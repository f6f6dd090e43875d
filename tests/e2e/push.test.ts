/**
 * The weekly reminder reaches the real service worker and its
 * "Lugn vecka" action files the calm report through the app's outbox – exactly once,
 * also when the phone is offline at the time of the tap.
 *
 * - The push is delivered with the DevTools protocol (ServiceWorker.deliverPushMessage):
 *   a real pushManager.subscribe cannot reach a push service here. The payload is the
 *   server's own reminderPayload().
 * - CDP cannot click a notification. The service worker runs the same function for a
 *   real 'notificationclick' and for a page's postMessage({type: 'test:notificationclick',
 *   tag, action}) on the notification with that tag that is shown (client/sw/sw.ts), so
 *   the test "clicks" through that message and gets the click's outcome back on a port.
 * - Offline = the fault proxy drops every connection (the service worker's requests too)
 *   and the browser context is offline.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { reminderPayload } from '../../shared/push';
import { weekNumber } from '../../shared/weeks';
import { deviceReports, enrol, ownRows, readDevice, readStore, startE2E, waitForServiceWorker, type E2E } from '../support/e2e';

let env: E2E;

beforeAll(async () => {
  env = await startE2E('push');
});
afterAll(async () => {
  await env?.close();
});

interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  actions: { action: string; title: string }[];
  data: unknown;
}

/** The notifications the service worker shows (registration.getNotifications()), seen from the page. */
function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return (await reg.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      actions: [...((n as unknown as { actions?: { action: string; title: string }[] }).actions ?? [])].map((a) => ({ action: a.action, title: a.title })),
      data: n.data as unknown,
    }));
  });
}

/** "Clicks" the shown notification with `tag` (see the header) and returns the click's outcome. */
function clickNotification(page: Page, tag: string, action: string): Promise<{ kind: string; week?: string; sent?: boolean; url?: string }> {
  return page.evaluate(
    ([t, a]) =>
      new Promise((resolve, reject) => {
        const channel = new MessageChannel();
        const timer = setTimeout(() => reject(new Error('no answer from the service worker')), 30_000);
        channel.port1.onmessage = (e) => {
          clearTimeout(timer);
          resolve(e.data);
        };
        navigator.serviceWorker.controller!.postMessage({ type: 'test:notificationclick', tag: t, action: a }, [channel.port2]);
      }),
    [tag, action] as const,
  ) as Promise<{ kind: string; week?: string; sent?: boolean; url?: string }>;
}

/** "Clicks" an action that navigates the page (the page's answer port goes with it): posts and returns. */
async function clickNotificationNavigating(page: Page, tag: string, action: string): Promise<void> {
  await page.evaluate(([t, a]) => navigator.serviceWorker.controller!.postMessage({ type: 'test:notificationclick', tag: t, action: a }), [tag, action] as const);
}

/** Delivers a push message to the app's service worker through CDP. */
async function deliverPush(cdp: CDPSession, origin: string, registrationId: string, payload: unknown): Promise<void> {
  await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: JSON.stringify(payload) });
}

/** The calm reports of the function for the week on the server (filed by devices). */
function serverCalmReports(functionId: string, week: string) {
  return deviceReports(env.dbFile).reports.filter((r) => r.function_id === functionId && r.week === week);
}

test('reminder push → notification; "Lugn vecka" offline is queued and reaches the server once; a second tap files nothing', async () => {
  const { page, context, proxy } = env;
  await enrol(env);
  await waitForServiceWorker(page);
  const device = await readDevice(page);
  const [ctxRow] = await readStore<{ ctx: { week: string } }>(page, 'context');
  const week = ctxRow!.ctx.week;
  const tag = `reminder-${week}`;

  // Never on load: no reminder offer before the first report.
  await page.getByTestId('week-status').waitFor();
  expect(await page.getByTestId('push-offer').count()).toBe(0);

  // The registration the push goes to, from the DevTools protocol's ServiceWorker domain.
  const cdp = await context.newCDPSession(page);
  const registrations = new Map<string, string>(); // registrationId → scopeURL
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => {
    for (const r of e.registrations) if (!r.isDeleted) registrations.set(r.registrationId, r.scopeURL);
  });
  const activated = new Set<string>();
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) if (v.status === 'activated') activated.add(v.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => [...registrations].filter(([id, scope]) => scope === `${proxy.url}/` && activated.has(id)).length).toBe(1);
  const [registrationId] = [...registrations].find(([, scope]) => scope === `${proxy.url}/`)!;
  const origin = proxy.url;
  await context.grantPermissions(['notifications'], { origin });

  // 1. The push shows the reminder: the week, and both actions where the platform shows actions.
  await deliverPush(cdp, origin, registrationId, reminderPayload(week));
  await expect.poll(async () => (await shownNotifications(page)).map((n) => n.title)).toEqual([`Vecka ${weekNumber(week)} – dags att rapportera`]);
  const [reminder] = await shownNotifications(page);
  expect(reminder!.tag).toBe(tag);
  expect(reminder!.data).toEqual({ type: 'reminder', week, url: '/?focus=calm' });
  const maxActions = await page.evaluate(() => (Notification as unknown as { maxActions?: number }).maxActions ?? 0);
  if (maxActions > 0) {
    expect(reminder!.actions).toEqual([
      { action: 'calm', title: 'Lugn vecka' },
      { action: 'report', title: 'Rapportera' },
    ]);
  } else {
    expect(reminder!.actions).toEqual([]);
  }

  // 2. Offline at the time of the tap: "Lugn vecka" queues the calm report and confirms.
  proxy.setMode('down');
  await context.setOffline(true);
  const seenBefore = proxy.seen.length;
  expect(await clickNotification(page, tag, 'calm')).toEqual({ kind: 'filed-calm', week, sent: false });
  const confirmation = await shownNotifications(page);
  expect(confirmation.map((n) => [n.title, n.tag])).toEqual([['Lugn vecka rapporterad', tag]]); // replaced the reminder
  expect(confirmation[0]!.body).toMatch(/skickas så fort telefonen har nät/);
  // In the app's outbox (the home screen sees it at once), not on the server.
  const queued = await ownRows(page);
  expect(queued.map((r) => ({ state: r.state, week: r.report.week, calm: r.report.calm, functionId: r.functionId }))).toEqual([
    { state: 'waiting', week, calm: true, functionId: device.functionId },
  ]);
  await expect.poll(() => page.getByTestId('week-status').getAttribute('data-reported')).toBe('yes');
  expect(proxy.seen.slice(seenBefore)).toEqual([]);
  expect(serverCalmReports(device.functionId, week)).toEqual([]);

  // 3. Back online: the app sends it (or Background Sync does) – once.
  proxy.setMode('pass');
  await context.setOffline(false);
  await expect.poll(() => serverCalmReports(device.functionId, week).length, { timeout: 30_000 }).toBe(1);
  expect(serverCalmReports(device.functionId, week)).toEqual([
    { id: queued[0]!.id, function_id: device.functionId, device_id: expect.any(String), week, calm: 1 },
  ]);
  await expect.poll(async () => (await ownRows(page)).map((r) => r.state), { timeout: 15_000 }).toEqual(['sent']);

  // 4. The week is reported: another reminder's "Lugn vecka" files nothing and says so.
  await deliverPush(cdp, origin, registrationId, reminderPayload(week));
  await expect.poll(async () => (await shownNotifications(page)).map((n) => n.title)).toEqual([`Vecka ${weekNumber(week)} – dags att rapportera`]);
  expect(await clickNotification(page, tag, 'calm')).toEqual({ kind: 'already-reported', week });
  expect((await shownNotifications(page)).map((n) => [n.title, n.body])).toEqual([
    ['Redan rapporterat', `Vecka ${weekNumber(week)} är redan rapporterad – inget nytt har skickats.`],
  ]);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // anything filed would be sent at once
  expect(await ownRows(page)).toHaveLength(1);
  expect(serverCalmReports(device.functionId, week)).toHaveLength(1);
  expect(proxy.seen.filter((s) => s === 'POST /api/v1/reports')).toHaveLength(1);

  // 5. "Rapportera" opens the report screen; a plain tap the home screen with the calm button focused.
  const reminderShown = () =>
    expect.poll(async () => (await shownNotifications(page)).map((n) => n.title)).toEqual([`Vecka ${weekNumber(week)} – dags att rapportera`]);
  await deliverPush(cdp, origin, registrationId, reminderPayload(week));
  await reminderShown(); // (it replaces the confirmation: same tag)
  await clickNotificationNavigating(page, tag, 'report');
  await page.waitForURL(`${proxy.url}/report`);
  await page.getByTestId('save-button').waitFor();
  await waitForServiceWorker(page);
  await deliverPush(cdp, origin, registrationId, reminderPayload(week));
  await reminderShown();
  await clickNotificationNavigating(page, tag, '');
  await page.waitForURL(`${proxy.url}/?focus=calm`);
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('calm-button');
  expect(await shownNotifications(page)).toEqual([]); // the click closed it

  // 6. The offer comes after the first report, while the browser can still ask – and "Senare" keeps it away.
  await context.clearPermissions();
  await page.reload();
  await page.getByTestId('push-offer').waitFor();
  expect(await page.getByTestId('push-offer').textContent()).toContain('Påminn mig varje vecka');
  await page.getByTestId('push-offer-later').click();
  await page.getByTestId('push-offer').waitFor({ state: 'detached' });
  await page.reload();
  await page.getByTestId('week-status').waitFor();
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await page.getByTestId('push-offer').count()).toBe(0);

  // 7. Settings: the state, from the link on home.
  await context.grantPermissions(['notifications'], { origin });
  await page.getByTestId('settings-link').click();
  await page.waitForURL(`${proxy.url}/settings`);
  await expect.poll(() => page.getByTestId('push-state').textContent()).toBe('Av.');
  expect(await page.getByTestId('push-toggle').getAttribute('aria-checked')).toBe('false');
  await page.getByTestId('back-button').click();
  await page.getByTestId('week-status').waitFor();

  expect(env.errors).toEqual([]);
});
