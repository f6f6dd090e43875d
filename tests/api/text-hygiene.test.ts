/**
 * Free text refuses control characters (except line break and tab),
 * lone surrogates and text-direction overrides, and is stored NFC-normalised; a
 * report's createdAt and occurredOn are bounded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { observation, report, startTestServer, type TestServer } from '../support/fixture';
import { addStaff, request, sessionCookie } from '../support/staff';
import type { IngestResult } from '../../shared/api';
import type { PictureDraft } from '../../shared/pictures';

const NOW = new Date('2026-11-25T12:00:00Z'); // 2026-W48, Wednesday
let t: TestServer;
let token: string;
beforeEach(async () => {
  t = await startTestServer({ now: NOW });
  token = await t.enrol();
});
afterEach(async () => t.close());

async function send(reports: unknown[]): Promise<IngestResult[]> {
  const res = await t.post('/api/v1/reports', { reports }, token);
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: IngestResult[] }).results;
}
const withNote = (note: string) => report({ observations: [observation(t.fixture.areaA, { note })] }, NOW);

describe('notes', () => {
  it.each([
    ['NUL', 'klotter\u0000'],
    ['bell', 'klotter\u0007 på väggen'],
    ['escape', '\u001b[31mröd'],
    ['DEL', 'a\u007fb'],
    ['C1 control', 'a\u0085b'],
    ['right-to-left override', 'fil\u202Egpj.exe'],
    ['left-to-right embedding', '\u202Atext'],
    ['right-to-left isolate', 'a\u2067b\u2069'],
    ['first-strong isolate', '\u2068x'],
    ['lone high surrogate', 'a\uD83Db'],
    ['lone low surrogate', 'a\uDE00b'],
  ])('refuses %s with rule schema and a sentence naming the character', async (_label, note) => {
    const [r] = await send([withNote(note)]);
    expect(r).toMatchObject({ status: 'invalid', rule: 'schema' });
    expect(r!.error).toMatch(/^schema: observations\[0\]\.note: contains .*U\+[0-9A-F]{4}/);
  });

  it('accepts line breaks, tabs and emoji; stores NFC and LF', async () => {
    const decomposed = 'Ka\u0308llare\r\nrad 2\ttab 🙂';
    const r = withNote(decomposed);
    expect((await send([r]))[0]).toMatchObject({ status: 'created' });
    const stored = t.db.prepare('SELECT note FROM observations').get() as { note: string };
    expect(stored.note).toBe('Källare\nrad 2\ttab 🙂');
    expect(stored.note.normalize('NFC')).toBe(stored.note);
  });
});

describe('dates of a report', () => {
  it('refuses a createdAt far in the future or long before the week', async () => {
    const future = report({ createdAt: '9999-12-31T23:59:59.000Z' }, NOW);
    const tomorrowPlus = report({ createdAt: new Date(NOW.getTime() + 25 * 3_600_000).toISOString() }, NOW);
    const ancient = report({ createdAt: '2000-01-01T00:00:00.000Z' }, NOW);
    const results = await send([future, tomorrowPlus, ancient]);
    expect(results.map((r) => [r.status, r.rule])).toEqual([
      ['invalid', 'schema'],
      ['invalid', 'schema'],
      ['invalid', 'schema'],
    ]);
    expect(results[0]!.error).toMatch(/createdAt.*future/);
    expect(results[2]!.error).toMatch(/createdAt.*long before week 2026-W48/);
    // A phone clock a few hours off (wrong time zone) is fine.
    expect((await send([report({ createdAt: new Date(NOW.getTime() + 3 * 3_600_000).toISOString() }, NOW)]))[0]!.status).toBe('created');
  });

  it('accepts occurredOn within the week or the week before, nothing else', async () => {
    const on = (occurredOn: string) => report({ observations: [observation(t.fixture.areaA, { occurredOn })] }, NOW);
    const results = await send([on('0000-01-01'), on('2026-11-15'), on('2026-11-16'), on('2026-11-29'), on('2026-11-30'), on('2026-11-23')]);
    expect(results.map((r) => r.status)).toEqual(['invalid', 'invalid', 'created', 'created', 'invalid', 'created']);
    expect(results[0]!.error).toMatch(/occurredOn: must be within week 2026-W48 or the week before \(2026-11-16 to 2026-11-29\)/);
  });
});

describe('staff free text', () => {
  it('refuses unsafe characters in draft fields, intervention texts and admin names with a 400 naming the field', async () => {
    const coord = sessionCookie(t, (await addStaff(t, 'coordinator')).id);
    const admin = sessionCookie(t, (await addStaff(t, 'admin')).id);
    const d = (await (await request(t, 'GET', '/api/v1/pictures/drafts/2026-W48', { cookie: coord })).json()) as PictureDraft;
    const draft = await request(t, 'PUT', '/api/v1/pictures/drafts/2026-W48', { cookie: coord, body: { version: d.version, content: { ...d.content, events: 'Konsert\u202E' } } });
    expect(draft.status).toBe(400);
    expect(((await draft.json()) as { error: string }).error).toMatch(/content\.events: contains a text-direction control character \(U\+202E\)/);

    const org = await request(t, 'POST', '/api/v1/admin/organisations', { cookie: admin, body: { name: 'Polisen\u0000' } });
    expect(org.status).toBe(400);
    expect(((await org.json()) as { error: string }).error).toMatch(/name: contains an invisible control character \(U\+0000\)/);
    const nfc = await request(t, 'POST', '/api/v1/admin/organisations', { cookie: admin, body: { name: 'Fa\u0308ltgruppen' } });
    expect(nfc.status).toBe(201);
    expect(((await nfc.json()) as { name: string }).name).toBe('Fältgruppen');

    const iv = await request(t, 'POST', '/api/v1/interventions', {
      cookie: coord,
      body: { areaId: t.fixture.areaA, categories: ['vandalism'], action: 'Mer\u2066 belysning', organisation: 'Kommunen', term: 'short', plannedStart: '2026-11-30' },
    });
    expect(iv.status).toBe(400);
    expect(((await iv.json()) as { error: string }).error).toMatch(/U\+2066/);
  });
});
