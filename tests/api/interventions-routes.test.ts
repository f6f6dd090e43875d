import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { openDatabase, type Db } from '../../server/db/open';
import { interventionsRoutes } from '../../server/interventions/routes';
import { pictureInterventions } from '../../server/interventions/store';
import { contentHash } from '../../server/reports/ingest';
import { reportStore } from '../../server/reports/store';
import type { ApiError } from '../../shared/api';
import type { FollowUp, Intervention, InterventionDetail } from '../../shared/interventions';
import type { Report } from '../../shared/schemas';
import { mondayOf } from '../../shared/weeks';
import { observation, seedFixture } from '../support/fixture';

const clock = { now: new Date('2026-11-25T12:00:00Z') }; // 2026-W48

interface Ctx {
  url: string;
  db: Db;
  fx: ReturnType<typeof seedFixture>;
  close(): Promise<void>;
}
let t: Ctx;

beforeEach(async () => {
  clock.now = new Date('2026-11-25T12:00:00Z');
  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-interventions-'));
  const db = openDatabase(join(dir, 'test.sqlite'));
  const fx = seedFixture(db, clock.now);
  const app = new Hono();
  app.route('/api/v1', interventionsRoutes({ db, now: () => clock.now, version: 'test' }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  t = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    db,
    fx,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
afterEach(async () => t.close());

function file(functionId: string, week: string, observations: ReturnType<typeof observation>[]): Report {
  const r: Report = { id: randomUUID(), week, createdAt: `${mondayOf(week)}T10:00:00.000Z`, calm: observations.length === 0, observations };
  reportStore(t.db).insert(r, { functionId, deviceId: null, receivedAt: r.createdAt, contentHash: contentHash(r) });
  return r;
}
const call = (method: string, path: string, body?: unknown) =>
  fetch(`${t.url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
const valid = () => ({
  areaId: t.fx.areaA,
  placeId: t.fx.placeA,
  problem: 'Klotter och krossade rutor kring torget, kvällstid.',
  categories: ['vandalism'],
  action: 'Väktare kvällstid fredag–lördag',
  organisation: 'Kommunens säkerhetsavdelning',
  term: 'short',
  plannedStart: '2026-11-23',
  plannedEnd: '2026-12-20',
});

describe('interventions API', () => {
  it('creates, reads, lists and puts an intervention into the picture of the week it was decided in', async () => {
    const res = await call('POST', '/interventions', valid());
    expect(res.status).toBe(201);
    const created = (await res.json()) as Intervention;
    expect(created).toMatchObject({
      area: { id: t.fx.areaA, name: 'Norrby' },
      place: { id: t.fx.placeA, name: 'Torget' },
      status: 'planned',
      decidedWeek: '2026-W48',
      version: 1,
      followUps: [],
    });
    const got = (await (await call('GET', `/interventions/${created.id}`)).json()) as InterventionDetail;
    expect(got.id).toBe(created.id);
    expect(got.beforeAfter).toMatchObject({ startWeek: '2026-W48', asOf: '2026-W48', categories: ['vandalism'] });

    const list = (await (await call('GET', '/interventions?decidedWeek=2026-W48')).json()) as { interventions: Intervention[] };
    expect(list.interventions.map((i) => i.id)).toEqual([created.id]);
    expect(((await (await call('GET', '/interventions?decidedWeek=2026-W47')).json()) as { interventions: unknown[] }).interventions).toEqual([]);
    expect(((await (await call('GET', '/interventions?activeIn=2026-W50')).json()) as { interventions: unknown[] }).interventions).toHaveLength(1);
    expect(((await (await call('GET', '/interventions?activeIn=2027-W02')).json()) as { interventions: unknown[] }).interventions).toHaveLength(0);

    expect(pictureInterventions(t.db, '2026-W48')).toEqual([
      { areaId: t.fx.areaA, text: 'Väktare kvällstid fredag–lördag vid Torget (Kommunens säkerhetsavdelning, kortsiktig, 23/11–20/12; Skadegörelse)' },
    ]);
  });

  it('links observations and counts their indicators too', async () => {
    const r = file(t.fx.fnA, '2026-W47', [observation(t.fx.areaA, { category: 'fire' })]);
    const res = await call('POST', '/interventions', { ...valid(), categories: undefined, observationIds: [r.observations[0]!.id] });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Intervention;
    expect(created.observationIds).toEqual([r.observations[0]!.id]);
    const got = (await (await call('GET', `/interventions/${created.id}`)).json()) as InterventionDetail;
    expect(got.beforeAfter.categories).toEqual(['fire']);
    expect(got.beforeAfter.before.count).toBe(1);
  });

  it('answers 400 with a sentence naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...valid(), categories: [] }, /categories: name the problem/],
      [{ ...valid(), plannedEnd: '2026-11-01' }, /plannedEnd: must not be before plannedStart/],
      [{ ...valid(), term: 'forever' }, /term: must be "short" or "long"/],
      [{ ...valid(), areaId: 'nowhere' }, /areaId: there is no area "nowhere"/],
      [{ ...valid(), placeId: t.fx.placeB }, /placeId: the place "Parken" is not in the intervention's area/],
      [{ ...valid(), observationIds: ['missing-id'] }, /observationIds\[0\]: there is no observation/],
      ['{not json', /must be JSON/],
    ];
    for (const [body, message] of cases) {
      const res = await call('POST', '/interventions', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as ApiError).error).toMatch(message);
    }
    expect((await call('GET', '/interventions?decidedWeek=v48')).status).toBe(400);
    expect((await call('GET', '/interventions/nope')).status).toBe(404);
  });

  it('refuses personal data in text, naming the field', async () => {
    const res = await call('POST', '/interventions', { ...valid(), problem: 'Kontakta 19121212-1212 om nycklar' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ApiError;
    expect(body.code).toBe('personal_data');
    expect(body.error).toMatch(/^problem: contains what looks like a personal identity number/);
    expect(body.error).not.toContain('1212-1212');
    const ok = (await (await call('POST', '/interventions', valid())).json()) as Intervention;
    const f = await call('POST', `/interventions/${ok.id}/followups`, { carriedOut: 'yes', outcome: 'better', decision: 'continue', outcomeNote: 'Ring 070-123 45 67' });
    expect(f.status).toBe(400);
    expect(((await f.json()) as ApiError).error).toMatch(/^outcomeNote: contains what looks like a phone number/);
  });

  it('edits with optimistic concurrency: a stale version is a 409', async () => {
    const created = (await (await call('POST', '/interventions', valid())).json()) as Intervention;
    const res = await call('PATCH', `/interventions/${created.id}`, { version: 1, status: 'active', plannedEnd: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'active', plannedEnd: null, version: 2, action: valid().action });
    const stale = await call('PATCH', `/interventions/${created.id}`, { version: 1, status: 'ended' });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 'conflict', currentVersion: 2 });
    const bad = await call('PATCH', `/interventions/${created.id}`, { version: 2, plannedStart: '2027-01-10', plannedEnd: '2027-01-01' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiError).error).toMatch(/plannedEnd/);
    expect((await call('PATCH', `/interventions/${created.id}`, { status: 'ended' })).status).toBe(400); // no version
    expect((await call('PATCH', '/interventions/nope', { version: 1 })).status).toBe(404);
  });

  it('records follow-ups with the before/after counts as of their week; "end" ends the intervention', async () => {
    const { areaA, placeA, fnA } = t.fx;
    // Before (W44–W47): 3 vandalism/week at the place; after (W48–W51): 1/week.
    for (const w of ['2026-W44', '2026-W45', '2026-W46', '2026-W47']) {
      file(fnA, w, [observation(areaA, { placeId: placeA }), observation(areaA, { placeId: placeA }), observation(areaA), observation(areaA, { category: 'fire' })]);
    }
    for (const w of ['2026-W48', '2026-W49', '2026-W50', '2026-W51']) file(fnA, w, [observation(areaA, { placeId: placeA })]);
    const created = (await (await call('POST', '/interventions', valid())).json()) as Intervention;

    clock.now = new Date('2026-12-17T12:00:00Z'); // 2026-W51
    const counts = await (await call('GET', `/interventions/${created.id}/counts?asOf=2026-W51`)).json();
    expect(counts).toMatchObject({
      before: { from: '2026-W44', to: '2026-W47', weeks: 4, count: 12, all: 16, place: 8 },
      after: { from: '2026-W48', to: '2026-W51', weeks: 4, count: 4, place: 4 },
      direction: 'fewer',
      change: -0.67,
    });

    const first = await call('POST', `/interventions/${created.id}/followups`, {
      carriedOut: 'partly',
      carriedOutNote: 'Väktarna kom bara på fredagar.',
      outcome: 'better',
      outcomeNote: 'Mindre klotter vid torget.',
      decision: 'continue',
    });
    expect(first.status).toBe(201);
    const fu = (await first.json()) as FollowUp;
    expect(fu).toMatchObject({ week: '2026-W51', carriedOut: 'partly', outcome: 'better', decision: 'continue', counts: { before: { count: 12 }, after: { count: 4 } } });

    const end = await call('POST', `/interventions/${created.id}/followups`, { week: '2026-W52', carriedOut: 'yes', outcome: 'better', decision: 'end' });
    expect(end.status).toBe(201);
    const got = (await (await call('GET', `/interventions/${created.id}`)).json()) as InterventionDetail;
    expect(got.status).toBe('ended');
    expect(got.followUps.map((f) => f.decision)).toEqual(['continue', 'end']);

    const bad = await call('POST', `/interventions/${created.id}/followups`, { carriedOut: 'yes', outcome: 'great', decision: 'end' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiError).error).toMatch(/outcome: must be "better", "unchanged" or "worse"/);
    expect((await call('POST', '/interventions/nope/followups', { carriedOut: 'yes', outcome: 'better', decision: 'end' })).status).toBe(404);
    // Follow-ups are kept as recorded.
    expect(() => t.db.prepare('DELETE FROM intervention_followups').run()).toThrow(/kept as it was/);
  });
});
