import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/open';
import { ingestBatches } from '../../server/reports/ingest';
import { groupCommitter } from '../../server/reports/group-commit';
import { reportStore } from '../../server/reports/store';
import type { IngestResult } from '../../shared/api';
import { seedFixture, report, observation } from '../support/fixture';
import { expectCountedTablesMatchSources } from '../support/counted';
import { addWeeks, weekOf } from '../../shared/weeks';

const NOW = new Date('2026-11-25T12:00:00Z');

function freshDb() {
  const file = join(mkdtempSync(join(tmpdir(), 'lagesbild-unit-')), 'db.sqlite');
  const db = openDatabase(file);
  return { db, file, fx: seedFixture(db, NOW) };
}

const statuses = (results: IngestResult[]) => results.map((r) => r.status);

describe('ingestBatches (several batches, one transaction)', () => {
  it('answers each batch as if it came alone: a later batch sees what an earlier one stored', () => {
    const { db, fx } = freshDb();
    const shared = report({ observations: [observation(fx.areaA)] }, NOW);
    const own = report({ observations: [observation(fx.areaB)] }, NOW);
    const [first, second, third] = ingestBatches(
      reportStore(db),
      [
        { items: [shared], reporter: { functionId: fx.fnA, deviceId: null } },
        { items: [shared, own], reporter: { functionId: fx.fnA, deviceId: null } },
        { items: [shared], reporter: { functionId: fx.fnB, deviceId: null } },
      ],
      NOW,
    );
    expect(statuses(first!)).toEqual(['created']);
    expect(statuses(second!)).toEqual(['duplicate', 'created']);
    expect(third).toEqual([expect.objectContaining({ status: 'conflict', rule: 'id_conflict' })]);
    expect(db.prepare('SELECT count(*) FROM reports').pluck().get()).toBe(2);
    expectCountedTablesMatchSources(db);
  });

  it('keeps the counted tables equal to the GROUP BY of what it stored, alongside edits and removals', () => {
    const { db, fx } = freshDb();
    const store = reportStore(db);
    const lastWeek = addWeeks(weekOf(NOW), -1);
    // A report stored before the ingest, so the batches add to existing groups.
    store.insert(report({ observations: [observation(fx.areaA, { placeId: fx.placeA })] }, NOW), { functionId: fx.fnA, deviceId: null, receivedAt: NOW.toISOString(), contentHash: 'x' });
    expectCountedTablesMatchSources(db);
    const many = (areaId: string, placeId: string, n: number, week = weekOf(NOW)) =>
      report({
        week,
        observations: Array.from({ length: n }, (_, i) =>
          observation(areaId, {
            category: i % 3 === 0 ? 'fire' : 'vandalism',
            timeOfDay: (['day', 'evening', 'night', 'unknown'] as const)[i % 4]!,
            persists: i % 2 === 0,
            ...(i % 2 === 0 ? { placeId } : {}),
          }),
        ),
      }, NOW);
    const shared = many(fx.areaA, fx.placeA, 5);
    const results = ingestBatches(
      store,
      [
        { items: [shared, many(fx.areaA, fx.placeA, 7, lastWeek), report({}, NOW), { id: 'not a report' }], reporter: { functionId: fx.fnA, deviceId: null } },
        { items: [shared, many(fx.areaB, fx.placeB, 4), report({ week: lastWeek }, NOW)], reporter: { functionId: fx.fnB, deviceId: null } },
        { items: [shared], reporter: { functionId: fx.fnA, deviceId: null } },
      ],
      NOW,
    );
    expect(results.map(statuses)).toEqual([['created', 'created', 'created', 'invalid'], ['conflict', 'created', 'created'], ['duplicate']]);
    expect(db.prepare('SELECT count(*) FROM observations').pluck().get()).toBe(17);
    expectCountedTablesMatchSources(db);
    // Edits and removals after the ingest are counted too.
    db.prepare("UPDATE observations SET category = 'other', place_id = NULL WHERE report_id = ?").run(shared.id);
    db.prepare('DELETE FROM observations WHERE report_id IN (SELECT id FROM reports WHERE week = ?)').run(lastWeek);
    store.insert(report({ observations: [observation(fx.areaB)] }, NOW), { functionId: fx.fnB, deviceId: null, receivedAt: NOW.toISOString(), contentHash: 'y' });
    expectCountedTablesMatchSources(db);
  });
});

describe('groupCommitter', () => {
  it('answers the batches handed in together only once they are committed, visible to another connection', async () => {
    const { db, file, fx } = freshDb();
    const committer = groupCommitter(reportStore(db), () => NOW);
    const reader = new Database(file, { readonly: true });
    const count = () => reader.prepare('SELECT count(*) FROM reports').pluck().get();
    const a = committer.ticket();
    const b = committer.ticket();
    const batchA = [report({ observations: [observation(fx.areaA)] }, NOW), report({ calm: true, observations: [] }, NOW)];
    const batchB = [report({ observations: [observation(fx.areaB)] }, NOW)];
    const answered: number[] = [];
    const pa = a.submit({ items: batchA, reporter: { functionId: fx.fnA, deviceId: null } }).then((r) => (answered.push(count() as number), r));
    const pb = b.submit({ items: batchB, reporter: { functionId: fx.fnB, deviceId: null } }).then((r) => (answered.push(count() as number), r));
    // Handed in, not yet written: nothing is answered before the commit.
    expect(count()).toBe(0);
    const [ra, rb] = await Promise.all([pa, pb]);
    expect(statuses(ra)).toEqual(['created', 'created']);
    expect(statuses(rb)).toEqual(['created']);
    // When each answer came, another connection already saw all three reports.
    expect(answered).toEqual([3, 3]);
    reader.close();
  });

  it('waits for a ticket still being read only briefly, and writes a lone batch without it', async () => {
    const { db, fx } = freshDb();
    const committer = groupCommitter(reportStore(db), () => NOW);
    const slow = committer.ticket();
    const fast = committer.ticket();
    const results = await fast.submit({ items: [report({ calm: true, observations: [] }, NOW)], reporter: { functionId: fx.fnA, deviceId: null } });
    expect(statuses(results)).toEqual(['created']);
    slow.release();
    expect(() => fast.submit({ items: [], reporter: { functionId: fx.fnA, deviceId: null } })).toThrow('ticket already used');
  });

  it('a batch that cannot be stored fails alone: the others of its group are stored and answered', async () => {
    const { db, fx } = freshDb();
    const store = reportStore(db);
    const poisoned = report({ observations: [observation(fx.areaA)] }, NOW);
    const failing = {
      ...store,
      insert: (...args: Parameters<typeof store.insert>) => {
        if (args[0].id === poisoned.id) throw new Error('disk full');
        store.insert(...args);
      },
    };
    const committer = groupCommitter(failing, () => NOW);
    const good = report({ observations: [observation(fx.areaB)] }, NOW);
    const tickets = [committer.ticket(), committer.ticket()];
    const bad = tickets[0]!.submit({ items: [poisoned], reporter: { functionId: fx.fnA, deviceId: null } });
    const ok = tickets[1]!.submit({ items: [good], reporter: { functionId: fx.fnB, deviceId: null } });
    await expect(bad).rejects.toThrow('disk full');
    expect(statuses(await ok)).toEqual(['created']);
    expect(db.prepare('SELECT id FROM reports').pluck().all()).toEqual([good.id]);
    // The failed group's counts rolled back with its rows; the retry counted the good one.
    expectCountedTablesMatchSources(db);
  });
});
