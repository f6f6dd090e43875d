/**
 * The pictures API: drafts with optimistic concurrency, the guard
 * blocking publication, immutable versions, roles, informant access.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { authorize } from '../../server/auth/middleware';
import { picturesRoutes } from '../../server/pictures/routes';
import type { DraftConflict, PictureDraft, PublishBlocked, PublishedPicture, PublishedSummary } from '../../shared/pictures';
import { PICTURE_FOOTER_SV } from '../../shared/pictures';
import { observation, report, startTestServer, type TestServer } from '../support/fixture';
import { addStaff, request, sessionCookie } from '../support/staff';

const NOW = new Date('2026-11-25T12:00:00Z'); // 2026-W48
const W = '2026-W48';
const DRAFT = `/api/v1/pictures/drafts/${W}`;

let t: TestServer;
let coord: string;
let reader: string;
let token: string;

beforeEach(async () => {
  t = await startTestServer({ now: NOW });
  coord = sessionCookie(t, (await addStaff(t, 'coordinator')).id);
  reader = sessionCookie(t, (await addStaff(t, 'reader')).id);
  token = await t.enrol();
  const res = await t.post('/api/v1/reports', { reports: [report({ observations: [observation(t.fixture.areaA, { placeId: t.fixture.placeA })] }, NOW)] }, token);
  expect(res.status).toBe(200);
});
afterEach(async () => t.close());

const call = (method: string, path: string, body?: unknown, cookie = coord) => request(t, method, path, { cookie, ...(body === undefined ? {} : { body }) });
async function json<T>(res: Response, status: number): Promise<T> {
  const body = (await res.json()) as T;
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

describe('drafts', () => {
  it('creates the draft on first open, prefilled with facts from the data, and keeps typed text when the data changes', async () => {
    const d1 = await json<PictureDraft>(await call('GET', DRAFT), 200);
    expect(d1).toMatchObject({ week: W, version: 1, content: { date: '261126', weekendWeather: '' } });
    expect(d1.facts.total.count).toBe(1);
    expect(d1.content.overallSituation).toContain('Vecka 48: 1 rapporter');
    expect(d1.content.otherAreas).toContain('Norrby');

    const saved = await json<{ version: number }>(await call('PUT', DRAFT, { version: 1, content: { ...d1.content, weekendWeather: 'Sol, kallt' } }), 200);
    expect(saved.version).toBe(2);

    // A new observation arrives: facts are refreshed, the stored text is not regenerated.
    await t.post('/api/v1/reports', { reports: [report({ observations: [observation(t.fixture.areaA), observation(t.fixture.areaA)] }, NOW)] }, token);
    const d2 = await json<PictureDraft>(await call('GET', DRAFT), 200);
    expect(d2.version).toBe(2);
    expect(d2.facts.total.count).toBe(3);
    expect(d2.content.weekendWeather).toBe('Sol, kallt');
    expect(d2.content.overallSituation).toBe(d1.content.overallSituation);
  });

  it('answers a stale save with 409, a clear message and the current draft; nothing is overwritten', async () => {
    const d = await json<PictureDraft>(await call('GET', DRAFT), 200);
    // Two coordinators opened version 1; A saves first.
    await json(await call('PUT', DRAFT, { version: 1, content: { ...d.content, importantInformation: 'Höstlov v. 44.' } }), 200);
    const res = await call('PUT', DRAFT, { version: 1, content: { ...d.content, importantInformation: 'B:s text' } });
    const c = await json<DraftConflict>(res, 409);
    expect(c.code).toBe('draft_conflict');
    expect(c.error).toMatch(/someone else saved/i);
    expect(c.current.version).toBe(2);
    expect(c.current.content.importantInformation).toBe('Höstlov v. 44.');
    expect(c.current.facts.total.count).toBe(1);
    // B re-bases on version 2 and saves.
    expect((await json<{ version: number }>(await call('PUT', DRAFT, { version: 2, content: { ...c.current.content, importantInformation: 'Höstlov v. 44. B:s tillägg' } }), 200)).version).toBe(3);
    expect((await json<PictureDraft>(await call('GET', DRAFT), 200)).content.importantInformation).toBe('Höstlov v. 44. B:s tillägg');
  });

  it('refuses malformed bodies with a sentence naming the field, and unknown weeks with 400', async () => {
    const d = await json<PictureDraft>(await call('GET', DRAFT), 200);
    const bad = await json<{ error: string; code: string }>(await call('PUT', DRAFT, { version: 1, content: { ...d.content, date: '26-11-26' } }), 400);
    expect(bad.error).toMatch(/content\.date: must be a date written yymmdd/);
    const noVersion = await json<{ error: string }>(await call('PUT', DRAFT, { content: d.content }), 400);
    expect(noVersion.error).toMatch(/version/);
    const long = await json<{ error: string }>(await call('PUT', DRAFT, { version: 1, content: { ...d.content, events: 'x'.repeat(20_001) } }), 400);
    expect(long.error).toMatch(/content\.events: must be at most 20000 characters/);
    expect((await json<{ error: string }>(await call('PUT', DRAFT, 'not json'), 400)).error).toMatch(/JSON/);
    expect((await call('GET', '/api/v1/pictures/drafts/2026-48')).status).toBe(400);
    expect((await call('PUT', '/api/v1/pictures/drafts/2026-W47', { version: 1, content: d.content })).status).toBe(404);
  });

  it('drops field-activity rows left empty on save, so they are neither reloaded nor published', async () => {
    const d = await json<PictureDraft>(await call('GET', DRAFT), 200);
    const row = { organisation: 'Fältgruppen', area: 'Granbo', when: 'fre 19–23', priority: 'Fritidsgården' };
    const blank = { organisation: '', area: '', when: ' ', priority: '' };
    await json(await call('PUT', DRAFT, { version: 1, content: { ...d.content, fieldActivities: [row, blank] } }), 200);
    expect((await json<PictureDraft>(await call('GET', DRAFT), 200)).content.fieldActivities).toEqual([row]);
    // A draft stored with a blank row before this rule is published without it.
    t.db.prepare('UPDATE picture_drafts SET content = ? WHERE week = ?').run(JSON.stringify({ ...d.content, fieldActivities: [blank, row] }), W);
    const p = await json<PublishedPicture>(await call('POST', `${DRAFT}/publish`, { version: 2 }), 201);
    expect(p.content.fieldActivities).toEqual([row]);
  });

  it('accepts "current" for the clock\'s week', async () => {
    expect((await json<PictureDraft>(await call('GET', '/api/v1/pictures/drafts/current'), 200)).week).toBe(W);
  });
});

describe('publishing', () => {
  it('blocks publication when a text field holds personal data, listing field paths and kinds', async () => {
    const d = await json<PictureDraft>(await call('GET', DRAFT), 200);
    const content = {
      ...d.content,
      importantInformation: 'Ring 070-123 45 67 vid frågor.',
      fieldActivities: [{ organisation: 'Väktare', area: 'Norrby', when: 'fre–lör 21–03', priority: 'anna.berg@example.se' }],
    };
    // Saving such a draft is refused too (tests/api/pictures-hardening.test.ts); a draft
    // stored before that guard existed still cannot be published.
    t.db.prepare('UPDATE picture_drafts SET content = ?, version = 2 WHERE week = ?').run(JSON.stringify(content), W);
    const blocked = await json<PublishBlocked>(await call('POST', `${DRAFT}/publish`, { version: 2 }), 422);
    expect(blocked.code).toBe('personal_data');
    expect(blocked.findings.map((f) => [f.path, f.kind])).toEqual([
      ['importantInformation', 'phone'],
      ['fieldActivities[0].priority', 'email'],
    ]);
    expect(blocked.error).toContain('importantInformation');
    expect(JSON.stringify(blocked)).not.toContain('anna.berg');
    expect((await json<{ pictures: unknown[] }>(await call('GET', '/api/v1/pictures'), 200)).pictures).toEqual([]);
  });

  it('publishes version 1 with the register number, a correction as version 2, keeps version 1 readable, and audits', async () => {
    const d = await json<PictureDraft>(await call('GET', DRAFT), 200);
    const v1 = await json<PublishedPicture>(await call('POST', `${DRAFT}/publish`, { version: 1 }), 201);
    expect(v1).toMatchObject({ week: W, registerNumber: 'EST-2026-48', version: 1, footer: PICTURE_FOOTER_SV, content: d.content });

    await json(await call('PUT', DRAFT, { version: 1, content: { ...d.content, overallSituation: 'Rättad text.' } }), 200);
    // Publishing from a stale editor is a conflict, not a silent publication of someone else's text.
    expect((await json<DraftConflict>(await call('POST', `${DRAFT}/publish`, { version: 1 }), 409)).current.version).toBe(2);
    const v2 = await json<PublishedPicture>(await call('POST', `${DRAFT}/publish`, { version: 2 }), 201);
    expect(v2).toMatchObject({ registerNumber: 'EST-2026-48', version: 2 });

    // Readers read both versions; "latest" is version 2.
    const r1 = await json<PublishedPicture>(await call('GET', `/api/v1/pictures/${W}/1`, undefined, reader), 200);
    expect(r1.content.overallSituation).toBe(d.content.overallSituation);
    const latest = await json<PublishedPicture>(await call('GET', `/api/v1/pictures/${W}/latest`, undefined, reader), 200);
    expect(latest.content.overallSituation).toBe('Rättad text.');
    const list = await json<{ pictures: PublishedSummary[] }>(await call('GET', '/api/v1/pictures', undefined, reader), 200);
    expect(list.pictures.map((p) => [p.week, p.version])).toEqual([[W, 2], [W, 1]]);
    expect((await call('GET', `/api/v1/pictures/${W}/3`, undefined, reader)).status).toBe(404);
    expect((await call('GET', `/api/v1/pictures/${W}/zero`, undefined, reader)).status).toBe(400);

    // The database itself refuses to change or delete an official document.
    expect(() => t.db.prepare(`UPDATE pictures SET content = '{}' WHERE version = 1`).run()).toThrow(/immutable/);
    expect(() => t.db.prepare('DELETE FROM pictures').run()).toThrow(/immutable/);
    expect((await json<PublishedPicture>(await call('GET', `/api/v1/pictures/${W}/1`), 200)).content.overallSituation).toBe(d.content.overallSituation);

    const audits = t.db.prepare(`SELECT target, detail FROM audit_log WHERE action = 'picture.publish' ORDER BY id`).all() as { target: string; detail: string }[];
    expect(audits.map((a) => a.target)).toEqual(['picture:EST-2026-48/1', 'picture:EST-2026-48/2']);
    expect(JSON.parse(audits[1]!.detail)).toMatchObject({ week: W, version: 2, draftVersion: 2 });
  });

  it('queues a "new picture" push for opted-in subscriptions', async () => {
    await json(await call('GET', DRAFT), 200);
    const queued = () => (t.db.prepare(`SELECT count(*) AS n FROM jobs WHERE kind = 'push.delivery'`).get() as { n: number }).n;
    // No subscriptions in the fixture: the call runs and queues nothing, but publishing succeeds.
    await json(await call('POST', `${DRAFT}/publish`, { version: 1 }), 201);
    expect(queued()).toBe(0);
  });

  it('lets readers read but not edit or publish; devices are refused unless sharing is switched on', async () => {
    await json(await call('GET', DRAFT), 200);
    expect((await call('GET', DRAFT, undefined, reader)).status).toBe(403);
    expect((await call('POST', `${DRAFT}/publish`, { version: 1 }, reader)).status).toBe(403);
    expect((await call('GET', '/api/v1/export/observations.csv?from=2026-W40&to=2026-W48', undefined, reader)).status).toBe(403);
    await json(await call('POST', `${DRAFT}/publish`, { version: 1 }), 201);
    const dev = await t.get('/api/v1/informant/pictures/latest', token);
    expect(dev.status).toBe(403);
    expect(((await dev.json()) as { code: string }).code).toBe('pictures_not_shared');
    expect((await t.get('/api/v1/pictures', token)).status).toBe(403);
  });
});

describe('informant access and the register prefix (configuration)', () => {
  it('gives informant devices the latest picture without the facts when INFORMANTS_SEE_PICTURES is on, and uses the configured prefix', async () => {
    const app = new Hono();
    const deps = { db: t.db, now: () => NOW, version: 'test' };
    app.use('/api/*', authorize(deps));
    app.route('/api/v1', picturesRoutes({ ...deps, informantsSeePictures: true, registerPrefix: 'KS-EST' }));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${url}/api/v1/informant/pictures/latest`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
      await json(await fetch(`${url}${DRAFT}`, { headers: { cookie: coord } }), 200);
      const pub = await json<PublishedPicture>(
        await fetch(`${url}${DRAFT}/publish`, { method: 'POST', headers: { cookie: coord, origin: url, 'content-type': 'application/json' }, body: '{"version":1}' }),
        201,
      );
      expect(pub.registerNumber).toBe('KS-EST-2026-48');
      const res = await fetch(`${url}/api/v1/informant/pictures/latest`, { headers: { authorization: `Bearer ${token}` } });
      const body = await json<Record<string, unknown>>(res, 200);
      expect(body).toMatchObject({ week: W, registerNumber: 'KS-EST-2026-48', version: 1, footer: PICTURE_FOOTER_SV });
      expect(body.facts).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('reads REGISTER_PREFIX from the environment and refuses a malformed one', async () => {
    const { readConfig } = await import('../../server/config');
    expect(readConfig({}, []).registerPrefix).toBe('EST');
    expect(readConfig({ REGISTER_PREFIX: ' KS ' }, []).registerPrefix).toBe('KS');
    expect(() => readConfig({ REGISTER_PREFIX: 'a b/c' }, [])).toThrow(/REGISTER_PREFIX/);
  });
});
