/**
 * Drafts run the personal-data guard on save (row 2), and an admin can
 * withdraw a published version (row 3).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { authorize } from '../../server/auth/middleware';
import { picturesRoutes } from '../../server/pictures/routes';
import type { PictureDraft, PublishBlocked, PublishedPicture, PublishedSummary } from '../../shared/pictures';
import { observation, report, startTestServer, type TestServer } from '../support/fixture';
import { addStaff, request, sessionCookie } from '../support/staff';

const NOW = new Date('2026-11-25T12:00:00Z'); // 2026-W48
const W = '2026-W48';
const DRAFT = `/api/v1/pictures/drafts/${W}`;

let t: TestServer;
let coord: string;
let reader: string;
let admin: string;
let adminId: string;
let token: string;

beforeEach(async () => {
  t = await startTestServer({ now: NOW });
  coord = sessionCookie(t, (await addStaff(t, 'coordinator')).id);
  reader = sessionCookie(t, (await addStaff(t, 'reader')).id);
  adminId = (await addStaff(t, 'admin')).id;
  admin = sessionCookie(t, adminId);
  token = await t.enrol();
  const res = await t.post('/api/v1/reports', { reports: [report({ observations: [observation(t.fixture.areaA)] }, NOW)] }, token);
  expect(res.status).toBe(200);
});
afterEach(async () => t.close());

const call = (method: string, path: string, body?: unknown, cookie = coord) => request(t, method, path, { cookie, ...(body === undefined ? {} : { body }) });
async function json<T>(res: Response, status: number): Promise<T> {
  const body = (await res.json()) as T;
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

describe('draft saves run the guard', () => {
  it('refuses a field with personal data (422 with field paths, nothing stored, never echoing the data)', async () => {
    const d = await json<PictureDraft>(await call('GET', DRAFT), 200);
    const pnr = '811218\u200b9876'; // evasion with a zero-width space
    const content = { ...d.content, weekendWeather: 'Sol', events: `Ring Kalle på 070.123.45.67 eller ${pnr}` };
    const refused = await json<PublishBlocked>(await call('PUT', DRAFT, { version: d.version, content }), 422);
    expect(refused.code).toBe('personal_data');
    expect(refused.findings.map((f) => [f.path, f.kind])).toEqual([
      ['events', 'phone'],
      ['events', 'personnummer'],
    ]);
    expect(refused.error).toMatch(/Not saved/);
    expect(JSON.stringify(refused)).not.toContain('070.123');
    expect(JSON.stringify(refused)).not.toContain('9876');
    // Nothing of the save reached the database: same version, old text.
    const row = t.db.prepare('SELECT version, content FROM picture_drafts WHERE week = ?').get(W) as { version: number; content: string };
    expect(row.version).toBe(d.version);
    expect(row.content).not.toContain('070');
    expect(row.content).not.toContain('Sol');
    // Fixed, it saves.
    await json(await call('PUT', DRAFT, { version: d.version, content: { ...content, events: 'Ring bovärden' } }), 200);
  });

  it('checks every text field, also rows of the field-activities table', async () => {
    const d = await json<PictureDraft>(await call('GET', DRAFT), 200);
    const content = { ...d.content, fieldActivities: [{ organisation: 'Fältgruppen', area: 'Norr', when: 'fre', priority: 'anna (at) example.se' }] };
    const refused = await json<PublishBlocked>(await call('PUT', DRAFT, { version: d.version, content }), 422);
    expect(refused.findings.map((f) => [f.path, f.kind])).toEqual([['fieldActivities[0].priority', 'email']]);
  });
});

describe('withdrawal', () => {
  async function publish(text: string): Promise<PublishedPicture> {
    const d = await json<PictureDraft>(await call('GET', DRAFT), 200);
    const saved = await json<{ version: number }>(await call('PUT', DRAFT, { version: d.version, content: { ...d.content, importantInformation: text } }), 200);
    return json<PublishedPicture>(await call('POST', `${DRAFT}/publish`, { version: saved.version }), 201);
  }

  it('hides a withdrawn version from readers, informants and `latest`; the row and the audit stay; a correction publishes as usual', async () => {
    await publish('Första versionen');
    const v2 = await publish('Andra versionen, med ett misstag');
    expect(v2.version).toBe(2);
    expect(v2.withdrawn).toBeNull();

    // Only an admin may withdraw; a reason is required.
    expect((await call('POST', `/api/v1/pictures/${W}/2/withdraw`, { reason: 'Fel uppgift' }, coord)).status).toBe(403);
    expect((await call('POST', `/api/v1/pictures/${W}/2/withdraw`, { reason: '' }, admin)).status).toBe(400);
    expect((await call('POST', `/api/v1/pictures/${W}/2/withdraw`, { reason: 'ring 0701234567' }, admin)).status).toBe(422);
    expect((await call('POST', `/api/v1/pictures/${W}/9/withdraw`, { reason: 'Fel uppgift' }, admin)).status).toBe(404);
    const done = await json<PublishedSummary>(await call('POST', `/api/v1/pictures/${W}/2/withdraw`, { reason: 'Fel uppgift om området' }, admin), 200);
    expect(done.withdrawn).toEqual({ at: NOW.toISOString(), reason: 'Fel uppgift om området' });
    expect((await call('POST', `/api/v1/pictures/${W}/2/withdraw`, { reason: 'igen' }, admin)).status).toBe(409);

    // Readers: latest is version 1 again; version 2 answers 410 and says why; the list marks it.
    expect((await json<PublishedPicture>(await call('GET', `/api/v1/pictures/${W}/latest`, undefined, reader), 200)).version).toBe(1);
    const gone = await json<{ code: string; error: string }>(await call('GET', `/api/v1/pictures/${W}/2`, undefined, reader), 410);
    expect(gone.code).toBe('picture_withdrawn');
    expect(gone.error).toMatch(/Fel uppgift om området.*version 1/);
    const list = await json<{ pictures: PublishedSummary[] }>(await call('GET', '/api/v1/pictures', undefined, reader), 200);
    expect(list.pictures.map((p) => [p.version, p.withdrawn?.reason ?? null])).toEqual([[2, 'Fel uppgift om området'], [1, null]]);

    // The row stays (immutable), with its withdrawal record; the audit log holds who, when, why.
    expect((t.db.prepare('SELECT count(*) AS n FROM pictures').get() as { n: number }).n).toBe(2);
    expect(() => t.db.prepare('DELETE FROM picture_withdrawals').run()).toThrow(/permanent/);
    const audit = t.db.prepare("SELECT actor_id, at, detail FROM audit_log WHERE action = 'picture.withdraw'").all() as { actor_id: string; at: string; detail: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(adminId);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ week: W, version: 2, reason: 'Fel uppgift om området' });

    // A correction is published as usual, as version 3.
    const v3 = await publish('Rättad version');
    expect(v3.version).toBe(3);
    expect((await json<PublishedPicture>(await call('GET', `/api/v1/pictures/${W}/latest`, undefined, reader), 200)).version).toBe(3);
  });

  it('informants see the latest version that is not withdrawn, and nothing once all are', async () => {
    const app = new Hono();
    const deps = { db: t.db, now: () => NOW, version: 'test' };
    app.use('/api/*', authorize(deps));
    app.route('/api/v1', picturesRoutes({ ...deps, informantsSeePictures: true }));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const latest = () => fetch(`${url}/api/v1/informant/pictures/latest`, { headers: { authorization: `Bearer ${token}` } });
    try {
      await publish('Version ett');
      await publish('Version två');
      expect((await json<PublishedPicture>(await latest(), 200)).version).toBe(2);
      await json(await call('POST', `/api/v1/pictures/${W}/2/withdraw`, { reason: 'Fel område' }, admin), 200);
      expect((await json<PublishedPicture>(await latest(), 200)).version).toBe(1);
      await json(await call('POST', `/api/v1/pictures/${W}/1/withdraw`, { reason: 'Fel vecka' }, admin), 200);
      expect((await latest()).status).toBe(404);
      expect((await call('GET', `/api/v1/pictures/${W}/latest`, undefined, reader)).status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
