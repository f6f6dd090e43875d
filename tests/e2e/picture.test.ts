/**
 * "Informants see the latest published picture if allowed". A coordinator
 * publishes a picture through the API; the phone's home shows no link while the server
 * does not share pictures (INFORMANTS_SEE_PICTURES unset: 403 pictures_not_shared), and
 * after a restart with INFORMANTS_SEE_PICTURES=1 it links to /picture, which shows the
 * week, the register number, the text sections and the mandatory footer – also offline
 * (cached in IndexedDB).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { PICTURE_FOOTER_SV, type PictureDraft, type PublishedPicture } from '../../shared/pictures';
import { weekNumber, weekOf } from '../../shared/weeks';
import { startChildServer, type ChildServer } from '../support/child-server';
import { axeSeriousViolations, enrol, formatViolations, readDevice, readStore, startE2E, waitForServiceWorker, type E2E } from '../support/e2e';

let env: E2E;

beforeAll(async () => {
  env = await startE2E('picture');
});
afterAll(async () => {
  await env?.close();
});

/** Logs in as the demo coordinator (same-origin cookie request) and returns an API caller. */
async function asCoordinator(server: ChildServer): Promise<(method: string, path: string, body?: unknown) => Promise<Response>> {
  const who = server.staff.get('coordinator');
  if (!who) throw new Error(`no demo coordinator in:\n${server.output()}`);
  const headers = { origin: server.url, 'content-type': 'application/json' };
  const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers, body: JSON.stringify(who) });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return (method, path, body) =>
    fetch(`${server.url}${path}`, { method, headers: { ...headers, cookie }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

const pictureRequests = () => env.proxy.seen.filter((s) => s === 'GET /api/v1/informant/pictures/latest').length;

test('the latest published picture: no link unless shared; shared → home links to it, it shows online and offline', async () => {
  const { page, proxy, context } = env;
  const week = weekOf(new Date());

  // A coordinator publishes this week's picture (draft opened, text edited, published).
  const call = await asCoordinator(env.server);
  const draftRes = await call('GET', `/api/v1/pictures/drafts/${week}`);
  expect(draftRes.status).toBe(200);
  const draft = (await draftRes.json()) as PictureDraft;
  const overall = 'Lugnt i stort.\nFler rapporter om klotter vid centrum än förra veckan.';
  const saved = await call('PUT', `/api/v1/pictures/drafts/${week}`, {
    version: draft.version,
    content: { ...draft.content, overallSituation: overall, weekendWeather: 'Uppehåll, 12 grader', events: 'Marknad på torget lördag' },
  });
  expect(saved.status).toBe(200);
  const { version } = (await saved.json()) as { version: number };
  const published = await call('POST', `/api/v1/pictures/drafts/${week}/publish`, { version });
  expect(published.status).toBe(201);
  const picture = (await published.json()) as PublishedPicture;
  expect(picture.version).toBe(1);

  // Not shared (the default): the phone asks once and gets 403 – or, if the context says
  // `picturesShared: false`, does not even ask – and shows no link.
  await enrol(env);
  await waitForServiceWorker(page);
  const contextSaysShared = async () =>
    (await readStore<{ ctx: { picturesShared?: boolean } }>(page, 'context'))[0]?.ctx.picturesShared;
  await expect.poll(async () => pictureRequests() > 0 || (await contextSaysShared()) === false).toBe(true);
  const device = await readDevice(page);
  const denied = await page.evaluate(async (token) => {
    const r = await fetch('/api/v1/informant/pictures/latest', { headers: { authorization: `Bearer ${token}` } });
    return { status: r.status, code: ((await r.json()) as { code?: string }).code };
  }, device.token);
  expect(denied).toEqual({ status: 403, code: 'pictures_not_shared' });
  await page.getByTestId('settings-link').waitFor();
  expect(await page.getByTestId('picture-link').count()).toBe(0);
  expect((await readStore<{ key: string }>(page, 'meta')).map((r) => r.key)).not.toContain('picture');

  // The same server data, now run with INFORMANTS_SEE_PICTURES=1 behind the same origin.
  await env.server.kill('SIGTERM');
  env.server = await startChildServer(env.dataDir, { demo: true, env: { INFORMANTS_SEE_PICTURES: '1' } });
  proxy.setUpstream(env.server.url);
  const before = pictureRequests();
  await page.reload();
  await page.getByTestId('picture-link').waitFor();
  expect(pictureRequests()).toBe(before + 1); // fetched once per page
  await page.getByTestId('picture-link').click();
  await page.waitForURL(`${proxy.url}/picture`);
  const article = page.getByTestId('picture');
  await article.waitFor();
  expect(await article.getAttribute('data-week')).toBe(week);
  expect(await article.locator('h1').textContent()).toBe(`Lägesbild vecka ${weekNumber(week)}`);
  expect(await page.getByTestId('picture-register').textContent()).toContain(`${picture.registerNumber} v. 1`);
  expect(picture.registerNumber).toMatch(new RegExp(`^EST-\\d{4}-${String(weekNumber(week)).padStart(2, '0')}$`));
  const headings = await article.locator('h2').allTextContents();
  expect(headings).toEqual(expect.arrayContaining(['Väder i helgen', 'Om trygghetsläget i kommunen', 'Arrangemang']));
  const text = (await article.textContent())!;
  for (const line of [...overall.split('\n'), 'Uppehåll, 12 grader', 'Marknad på torget lördag']) expect(text).toContain(line);
  expect(await page.getByTestId('picture-footer').textContent()).toBe(PICTURE_FOOTER_SV);
  const violations = await axeSeriousViolations(page);
  expect(violations, formatViolations('/picture', violations)).toEqual([]);

  // Offline (page and service worker cut at the proxy): the cached picture still opens.
  proxy.setMode('down');
  await context.setOffline(true);
  await page.reload();
  await page.getByTestId('picture').waitFor();
  expect(await page.getByTestId('picture-footer').textContent()).toBe(PICTURE_FOOTER_SV);
  await page.getByTestId('back-button').click();
  await page.getByTestId('picture-link').waitFor();
  await context.setOffline(false);
  proxy.setMode('pass');
  expect(env.errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
});
