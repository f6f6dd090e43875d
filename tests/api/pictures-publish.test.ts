/**
 * publishPicture(): the picture, its audit entry and its follow-up jobs are written in one
 * transaction – all of them or none.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../server/db/open';
import { compileDraft } from '../../server/pictures/draft';
import { publishPicture, type PublishRequest } from '../../server/pictures/publish';
import { pictureStore } from '../../server/pictures/store';
import { upsertReaderSubscription } from '../../server/push/subscriptions';
import { compileWeek } from '../../server/weekview/compile';
import type { IsoWeek } from '../../shared/weeks';

const W = '2026-W48' as IsoWeek;
const NOW = new Date('2026-11-26T09:30:00Z');
let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-publish-'));
  db = openDatabase(join(dir, 'test.sqlite'));
  upsertReaderSubscription(db, 'reader-1', { endpoint: 'https://push.example/r1', keys: { p256dh: 'p', auth: 'a' } }, true, NOW);
  upsertReaderSubscription(db, 'reader-2', { endpoint: 'https://push.example/r2', keys: { p256dh: 'p', auth: 'a' } }, false, NOW);
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
const request = (over: Partial<PublishRequest> = {}): PublishRequest => ({
  week: W, draftVersion: 1, facts: draft.facts, prefix: 'EST', by: 'coordinator-1', now: NOW, ...over,
});
const counts = () => ({
  pictures: db.prepare('SELECT count(*) FROM pictures').pluck().get(),
  audit: db.prepare("SELECT count(*) FROM audit_log WHERE action = 'picture.publish'").pluck().get(),
  jobs: db.prepare('SELECT dedupe_key FROM jobs ORDER BY id').pluck().all(),
});

describe('publishPicture', () => {
  it('writes the version, its audit entry and one push job per opted-in reader; a correction queues its own', () => {
    pictureStore(db).ensureDraft(W, draft.content, NOW);
    const first = publishPicture(db, request());
    expect(first).toMatchObject({ kind: 'ok', picture: { week: W, registerNumber: 'EST-2026-48', version: 1 } });
    const sub = db.prepare("SELECT id FROM push_subscriptions WHERE account_id = 'reader-1'").pluck().get() as string;
    expect(counts()).toEqual({ pictures: 1, audit: 1, jobs: [`push.picture:EST-2026-48/1:${sub}`] });
    expect(publishPicture(db, request())).toMatchObject({ kind: 'ok', picture: { version: 2 } });
    expect(counts()).toEqual({ pictures: 2, audit: 2, jobs: [`push.picture:EST-2026-48/1:${sub}`, `push.picture:EST-2026-48/2:${sub}`] });
  });

  it('writes nothing when a follow-up cannot be queued: no picture without its notifications', () => {
    pictureStore(db).ensureDraft(W, draft.content, NOW);
    db.exec("CREATE TEMP TRIGGER jobs_full BEFORE INSERT ON jobs BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    expect(() => publishPicture(db, request())).toThrow(/disk full/);
    expect(counts()).toEqual({ pictures: 0, audit: 0, jobs: [] });
  });

  it('writes nothing for a missing draft, a stale draft version or a picture with personal data', () => {
    expect(publishPicture(db, request())).toEqual({ kind: 'missing' });
    pictureStore(db).ensureDraft(W, { ...draft.content, overallSituation: 'Ring 070-123 45 67' }, NOW);
    expect(publishPicture(db, request({ draftVersion: 2 }))).toEqual({ kind: 'conflict' });
    expect(publishPicture(db, request())).toMatchObject({ kind: 'blocked' });
    expect(counts()).toEqual({ pictures: 0, audit: 0, jobs: [] });
  });

  it("publishes history (the demo's past weeks) as the system, with no push to anyone", () => {
    pictureStore(db).ensureDraft(W, draft.content, NOW);
    expect(publishPicture(db, request({ by: null, history: true }))).toMatchObject({ kind: 'ok', picture: { version: 1 } });
    expect(counts()).toEqual({ pictures: 1, audit: 1, jobs: [] });
    expect(db.prepare("SELECT actor_type, detail FROM audit_log WHERE action = 'picture.publish'").get()).toEqual({
      actor_type: 'system',
      detail: JSON.stringify({ week: W, registerNumber: 'EST-2026-48', version: 1, draftVersion: 1, history: true }),
    });
  });
});
