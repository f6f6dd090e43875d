import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/open';
import { latestSchemaVersion, migrate } from '../../server/db/migrations';
import { ingestBatch, contentHash } from '../../server/reports/ingest';
import { reportStore } from '../../server/reports/store';
import { seedFixture, report, observation } from '../support/fixture';

const NOW = new Date('2026-11-25T12:00:00Z');

function freshDb() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'lagesbild-unit-')), 'db.sqlite'));
  return { db, fx: seedFixture(db, NOW) };
}

describe('ingestBatch', () => {
  it('writes a batch in one transaction: a failure mid-batch leaves nothing of it', () => {
    const { db, fx } = freshDb();
    const store = reportStore(db);
    let inserts = 0;
    const failing = {
      ...store,
      insert: (...args: Parameters<typeof store.insert>) => {
        if (++inserts === 3) throw new Error('disk full');
        store.insert(...args);
      },
    };
    const batch = Array.from({ length: 5 }, () => report({ observations: [observation(fx.areaA)] }, NOW));
    expect(() => ingestBatch(failing, batch, { functionId: fx.fnA, deviceId: null }, NOW)).toThrow('disk full');
    expect(db.prepare('SELECT count(*) AS n FROM reports').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM observations').pluck().get()).toBe(0);
    // …and the same batch goes through whole afterwards.
    const results = ingestBatch(store, batch, { functionId: fx.fnA, deviceId: null }, NOW);
    expect(results.every((r) => r.status === 'created')).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM observations').pluck().get()).toBe(5);
  });

  it('round-trips a stored report to the same content hash (a restored report resent is a duplicate)', () => {
    const { db, fx } = freshDb();
    const store = reportStore(db);
    const r = report({ observations: [observation(fx.areaA, { placeId: fx.placeA, note: 'Klotter', occurredOn: '2026-11-24', location: { lat: 59.1, lon: 15.2 } })] }, NOW);
    ingestBatch(store, [r], { functionId: fx.fnA, deviceId: null }, NOW);
    const [back] = store.reportsOf(fx.fnA, r.week);
    expect(back).toEqual(r);
    expect(ingestBatch(store, [back], { functionId: fx.fnA, deviceId: null }, NOW)).toEqual([{ id: r.id, status: 'duplicate' }]);
    expect(contentHash(r)).toMatch(/^[\w-]{43}$/);
  });
});

describe('migrations', () => {
  it('bring an empty database to the latest version with WAL and foreign keys on, and are idempotent', () => {
    const { db } = freshDb();
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(() => db.prepare("INSERT INTO places (id, area_id, name) VALUES ('p', 'no-area', 'x')").run()).toThrow(/FOREIGN KEY/);
  });

  it('refuse to open a database from a newer version', () => {
    const { db } = freshDb();
    db.pragma(`user_version = ${latestSchemaVersion() + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this program/);
  });
});
