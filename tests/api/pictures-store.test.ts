import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../server/db/open';
import { compileDraft } from '../../server/pictures/draft';
import { pictureStore } from '../../server/pictures/store';
import { compileWeek } from '../../server/weekview/compile';
import { PICTURE_FOOTER_SV } from '../../shared/pictures';

const W = '2026-W48';
const NOW = new Date('2026-11-26T09:30:00Z');
let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-pictures-'));
  db = openDatabase(join(dir, 'test.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const draft = compileDraft({
  view: compileWeek({
    week: W, areas: [{ id: 'a1', name: 'Norrby' }], places: [], organisations: [], prioritisedAreaIds: ['a1'],
    observations: [], history: [], placeWeeks: [], weekReports: [],
  }),
});

describe('picture drafts: optimistic concurrency', () => {
  it('creates one draft per week at version 1 and keeps the first on a second ensure', () => {
    const s = pictureStore(db);
    const d1 = s.ensureDraft(W, draft.content, NOW);
    expect(d1).toMatchObject({ week: W, version: 1, content: draft.content, updatedAt: NOW.toISOString() });
    const d2 = s.ensureDraft(W, { ...draft.content, weekendWeather: 'annat' }, NOW);
    expect(d2.content.weekendWeather).toBe('');
  });

  it('saves over the version it was based on, and refuses a stale one without overwriting', () => {
    const s = pictureStore(db);
    s.ensureDraft(W, draft.content, NOW);
    // Two coordinators both opened version 1.
    const a = s.saveDraft(W, 1, { ...draft.content, weekendWeather: 'Sol, kallt' }, new Date('2026-11-26T09:31:00Z'));
    expect(a).toEqual({ ok: true, version: 2, updatedAt: '2026-11-26T09:31:00.000Z' });
    const b = s.saveDraft(W, 1, { ...draft.content, weekendWeather: 'Regn' }, new Date('2026-11-26T09:32:00Z'));
    expect(b).toEqual({ ok: false, reason: 'conflict', currentVersion: 2, updatedAt: '2026-11-26T09:31:00.000Z' });
    expect(s.draft(W)!.content.weekendWeather).toBe('Sol, kallt');
    expect(s.saveDraft('2026-W47', 1, draft.content, NOW)).toEqual({ ok: false, reason: 'missing' });
  });
});

describe('published pictures: register number, versions, immutability, guard', () => {
  it('publishes version 1 with the register number, a correction as version 2, and keeps version 1 readable', () => {
    const s = pictureStore(db);
    const v1 = s.publish(W, draft.content, draft.facts, { prefix: 'EST', now: NOW });
    expect(v1).toMatchObject({ ok: true, picture: { week: W, registerNumber: 'EST-2026-48', version: 1, footer: PICTURE_FOOTER_SV } });
    const corrected = { ...draft.content, overallSituation: 'Rättad text.' };
    const v2 = s.publish(W, corrected, draft.facts, { prefix: 'EST', now: new Date('2026-11-27T08:00:00Z') });
    expect(v2).toMatchObject({ ok: true, picture: { registerNumber: 'EST-2026-48', version: 2 } });
    expect(s.published(W)!.content.overallSituation).toBe('Rättad text.');
    expect(s.published(W, 1)!.content.overallSituation).toBe(draft.content.overallSituation);
    expect(s.published(W, 3)).toBeUndefined();
    expect(s.published('2026-W47')).toBeUndefined();
    expect(s.list()).toEqual([
      { week: W, registerNumber: 'EST-2026-48', version: 2, publishedAt: '2026-11-27T08:00:00.000Z', withdrawn: null },
      { week: W, registerNumber: 'EST-2026-48', version: 1, publishedAt: NOW.toISOString(), withdrawn: null },
    ]);
  });

  it('refuses to change or delete a published picture at the database level', () => {
    const s = pictureStore(db);
    s.publish(W, draft.content, draft.facts, { prefix: 'EST', now: NOW });
    expect(() => db.prepare(`UPDATE pictures SET content = '{}'`).run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM pictures').run()).toThrow(/immutable/);
    expect(() =>
      db.prepare(`INSERT INTO pictures (id, week, register_number, version, content, facts, published_at) VALUES ('x', ?, 'EST-2026-48', 1, '{}', '{}', 'now')`).run(W),
    ).toThrow(/UNIQUE/);
  });

  it('blocks publication when any text field holds personal data, naming the field', () => {
    const s = pictureStore(db);
    const content = {
      ...draft.content,
      importantInformation: 'Ring 070-123 45 67 vid frågor.',
      prioritisedAreas: [{ ...draft.content.prioritisedAreas[0]!, interventions: 'Kontakt: anna.berg@example.se' }],
    };
    const out = s.publish(W, content, draft.facts, { prefix: 'EST', now: NOW });
    expect(out).toEqual({
      ok: false,
      reason: 'personal_data',
      findings: [
        { path: 'importantInformation', kind: 'phone', start: 5, end: 18 },
        { path: 'prioritisedAreas[0].interventions', kind: 'email', start: 9, end: 29 },
      ],
    });
    expect(s.list()).toEqual([]);
  });
});
