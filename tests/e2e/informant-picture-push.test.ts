/**
 * Informants see the result: when a coordinator publishes (INFORMANTS_SEE_PICTURES=1), the
 * server queues "Veckans lägesbild är publicerad" for the informant's phone; the message
 * the server queued is delivered to the real service worker (CDP
 * ServiceWorker.deliverPushMessage – no push service is reachable here), shows as a
 * notification, and a tap opens the picture in the app – and it opens offline afterwards.
 * See tests/e2e/push.test.ts for how the tap is made.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { PictureDraft } from '../../shared/pictures';
import { weekNumber, weekOf } from '../../shared/weeks';
import { startChildServer, type ChildServer } from '../support/child-server';
import { enrol, readDevice, startE2E, waitForServiceWorker, type E2E } from '../support/e2e';

let env: E2E;
beforeAll(async () => {
  env = await startE2E('informant-picture-push');
});
afterAll(async () => {
  await env?.close();
});

async function asCoordinator(server: ChildServer): Promise<(method: string, path: string, body?: unknown) => Promise<Response>> {
  const who = server.staff.get('coordinator')!;
  const headers = { origin: server.url, 'content-type': 'application/json' };
  const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers, body: JSON.stringify(who) });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return (method, path, body) => fetch(`${server.url}${path}`, { method, headers: { ...headers, cookie }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

function shownNotifications(page: Page): Promise<{ title: string; tag: string; data: unknown }[]> {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return (await reg.getNotifications()).map((n) => ({ title: n.title, tag: n.tag, data: n.data as unknown }));
  });
}

test('publishing pushes "Veckans lägesbild är publicerad" to the informant; the tap opens the picture, also offline later', async () => {
  const { page, context, proxy } = env;
  await enrol(env);
  await waitForServiceWorker(page);
  const device = await readDevice(page);

  // The same data, served with INFORMANTS_SEE_PICTURES=1 (the device stays enrolled).
  await env.server.kill('SIGTERM');
  env.server = await startChildServer(env.dataDir, { demo: true, env: { INFORMANTS_SEE_PICTURES: '1' } });
  proxy.setUpstream(env.server.url);

  // The phone's push subscription as the server stores it (the browser cannot reach a push service here).
  const db = new Database(env.dbFile);
  // The phone's device: its token is stored only as a SHA-256 hash.
  const tokenHash = createHash('sha256').update(device.token).digest('hex');
  const deviceRow = db.prepare('SELECT id, function_id FROM devices WHERE token_hash = ?').get(tokenHash) as { id: string; function_id: string };
  expect(deviceRow).toBeDefined();
  const now = new Date().toISOString();
  db.prepare(
    'INSERT INTO push_subscriptions (id, endpoint, p256dh, auth, device_id, function_id, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run('sub-e2e', 'https://push.invalid/e2e', 'p', 'a', deviceRow.id, deviceRow.function_id, now, now);

  // A coordinator publishes this week's picture.
  const week = weekOf(new Date());
  const call = await asCoordinator(env.server);
  const draft = (await (await call('GET', `/api/v1/pictures/drafts/${week}`)).json()) as PictureDraft;
  const saved = (await (await call('PUT', `/api/v1/pictures/drafts/${week}`, { version: draft.version, content: { ...draft.content, events: 'Julmarknad på torget lördag' } })).json()) as { version: number };
  expect((await call('POST', `/api/v1/pictures/drafts/${week}/publish`, { version: saved.version })).status).toBe(201);

  // What the server queued for the phone, in the publishing transaction.
  const job = db.prepare("SELECT payload FROM jobs WHERE dedupe_key LIKE 'push.informant-picture:%'").get() as { payload: string } | undefined;
  db.close();
  expect(job).toBeDefined();
  const message = (JSON.parse(job!.payload) as { message: string }).message;
  expect(JSON.parse(message)).toMatchObject({ type: 'picture', title: 'Veckans lägesbild är publicerad', url: '/picture' });

  // Delivered to the real service worker.
  await page.reload();
  await waitForServiceWorker(page);
  const cdp = await context.newCDPSession(page);
  const registrations = new Map<string, string>();
  const activated = new Set<string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => {
    for (const r of e.registrations) if (!r.isDeleted) registrations.set(r.registrationId, r.scopeURL);
  });
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) if (v.status === 'activated') activated.add(v.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => [...registrations].filter(([id, scope]) => scope === `${proxy.url}/` && activated.has(id)).length).toBe(1);
  const [registrationId] = [...registrations].find(([, scope]) => scope === `${proxy.url}/`)!;
  await context.grantPermissions(['notifications'], { origin: proxy.url });
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: proxy.url, registrationId, data: message });
  await expect.poll(async () => (await shownNotifications(page)).map((n) => n.title)).toEqual(['Veckans lägesbild är publicerad']);
  const [shown] = await shownNotifications(page);
  expect(shown!.data).toMatchObject({ type: 'picture', url: '/picture' });

  // The tap opens the picture in the app.
  await page.evaluate((tag) => navigator.serviceWorker.controller!.postMessage({ type: 'test:notificationclick', tag, action: '' }), shown!.tag);
  await page.waitForURL(`${proxy.url}/picture`);
  const article = page.getByTestId('picture');
  await article.getByText('Julmarknad på torget lördag').waitFor();
  expect(await article.locator('h1').textContent()).toBe(`Lägesbild vecka ${weekNumber(week)}`);

  // Offline once opened: the cached picture still opens.
  proxy.setMode('down');
  await context.setOffline(true);
  await page.reload();
  await page.getByTestId('picture').getByText('Julmarknad på torget lördag').waitFor();
  await context.setOffline(false);
  proxy.setMode('pass');
});
