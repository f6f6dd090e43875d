/**
 * The phone's database layer (client/sync/db.ts) under fake-indexeddb: phones that ran
 * the earlier Dexie build keep everything across the update, a new phone gets the same
 * layout, a transaction is all or nothing, and committed writes are announced to the
 * screens (this context and, over a BroadcastChannel, the others).
 */
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { calmWeek, saveReport } from '../../client/sync/actions';
import { DB_VERSION, LagesbildDb, onChange, readMeta, type OutboxRow } from '../../client/sync/db';
import { flushOutbox } from '../../client/sync/flush';
import { uuidv7 } from '../../shared/ids';
import type { Report } from '../../shared/schemas';
import { dropDb } from '../support/client-db';

const WEEK = '2026-W48';
const T0 = Date.parse('2026-11-25T10:00:00Z');
let n = 0;
const opened: LagesbildDb[] = [];

function freshDb(): LagesbildDb {
  const db = new LagesbildDb(`client-db-${++n}-${Math.random()}`);
  opened.push(db);
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) await dropDb(db);
});

/** The schema of the Dexie build, exactly as client/sync/db.ts declared it there. */
function dexieBuildDb(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores({ meta: 'key', context: 'key', outbox: 'id, state, queuedAt', draft: 'key' });
  return db;
}

interface Layout {
  version: number;
  stores: { name: string; keyPath: unknown; autoIncrement: boolean; indexes: { name: string; keyPath: unknown; unique: boolean; multiEntry: boolean }[] }[];
}

/** The database's layout as IndexedDB itself reports it. */
function layoutOf(name: string): Promise<Layout> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const names = [...db.objectStoreNames].sort();
      const tx = db.transaction(names, 'readonly');
      const stores = names.map((s) => {
        const store = tx.objectStore(s);
        const indexes = [...store.indexNames].sort().map((i) => {
          const index = store.index(i);
          return { name: i, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
        });
        return { name: s, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes };
      });
      const layout = { version: db.version, stores };
      db.close();
      resolve(layout);
    };
  });
}

function report(week: string, id = uuidv7(T0)): Report {
  return {
    id,
    week,
    createdAt: new Date(T0).toISOString(),
    calm: false,
    observations: [{ id: uuidv7(T0), category: 'fire', areaId: 'area-1', timeOfDay: 'night', persists: false }],
  };
}

function outboxRow(r: Report, state: OutboxRow['state'], over: Partial<OutboxRow> = {}): OutboxRow {
  return { id: r.id, report: r, functionId: 'fn-1', state, attempts: state === 'waiting' ? 2 : 1, queuedAt: r.createdAt, ...over };
}

describe('a phone updating from the Dexie build', () => {
  it('gets, on a new phone, exactly the layout the Dexie build created (same version, stores, keys, indexes)', async () => {
    const name = `dexie-layout-${Math.random()}`;
    const old = dexieBuildDb(name);
    await old.open();
    old.close();
    const fresh = freshDb();
    await fresh.open();
    fresh.close();
    const dexieLayout = await layoutOf(name);
    expect(dexieLayout.version).toBe(DB_VERSION);
    expect(await layoutOf(fresh.name)).toEqual(dexieLayout);
    await Dexie.delete(name);
  });

  it('keeps the waiting reports, the draft and the enrolment, sends each waiting report once, and Dexie can still read it afterwards', async () => {
    const name = `dexie-upgrade-${Math.random()}`;
    const waiting = report(WEEK, uuidv7(T0));
    const sent = report(WEEK, uuidv7(T0 + 1));
    const refused = report(WEEK, uuidv7(T0 + 2));
    const old = dexieBuildDb(name);
    await old.transaction('rw', old.table('meta'), old.table('outbox'), old.table('draft'), async () => {
      await old.table('meta').put({ key: 'device', value: { token: 'tok-1', functionId: 'fn-1', name: 'Bovärdskontor Väster', enrolledAt: new Date(T0).toISOString() } });
      await old.table('meta').put({ key: 'sync', value: { failures: 1, lastError: 'network: offline' } });
      await old.table('meta').put({ key: 'prefs', value: { language: 'en', lastAreaId: 'area-1' } });
      await old.table('outbox').bulkAdd([
        outboxRow(waiting, 'waiting'),
        outboxRow(sent, 'sent', { sentAt: new Date(T0).toISOString() }),
        outboxRow(refused, 'refused', { rule: 'unknown_area', error: 'unknown_area: area-1' }),
      ]);
      await old.table('draft').put({ key: 'current', items: [{ id: 'd-1', category: 'event', areaId: 'area-1', timeOfDay: 'day', persists: false, note: 'Påbörjad' }], updatedAt: new Date(T0).toISOString() });
    });
    old.close();

    const db = new LagesbildDb(name);
    opened.push(db);
    expect((await readMeta(db, 'device'))?.token).toBe('tok-1');
    expect((await readMeta(db, 'prefs'))?.language).toBe('en');
    expect((await (await db.open()).get('draft', 'current'))?.items[0]?.note).toBe('Påbörjad');

    const received: string[] = [];
    const fetch = (async (_u: RequestInfo | URL, init?: RequestInit) => {
      const { reports } = JSON.parse(String(init?.body)) as { reports: Report[] };
      received.push(...reports.map((r) => r.id));
      return new Response(JSON.stringify({ results: reports.map((r) => ({ id: r.id, status: 'created' })) }), { status: 200 });
    }) as typeof globalThis.fetch;
    expect(await flushOutbox({ db, fetch, now: () => T0 + 60_000 })).toMatchObject({ kind: 'idle', sent: 1 });
    expect(await flushOutbox({ db, fetch, now: () => T0 + 120_000 })).toMatchObject({ kind: 'idle', sent: 0 });
    expect(received).toEqual([waiting.id]);
    const idb = await db.open();
    expect(await idb.get('outbox', waiting.id)).toMatchObject({ state: 'sent', attempts: 3 });
    expect(await idb.get('outbox', refused.id)).toMatchObject({ state: 'refused', rule: 'unknown_area' });
    expect((await readMeta(db, 'sync'))?.failures).toBe(0);

    // The new build writes rows Dexie reads as its own (a rollback loses nothing either).
    const filed = await saveReport([{ id: uuidv7(T0), category: 'vandalism', areaId: 'area-2', timeOfDay: 'evening', persists: false, note: '' }], WEEK, T0 + 3, db);
    db.close();
    const again = dexieBuildDb(name);
    expect(await again.table('outbox').where('state').equals('waiting').primaryKeys()).toEqual([filed.id]);
    expect(await again.table('outbox').count()).toBe(4);
    again.close();
  });
});

describe('transactions', () => {
  it('are all or nothing: a failing step rolls back the writes before it, and nothing is announced', async () => {
    const db = freshDb();
    const seen: (readonly string[])[] = [];
    const stop = onChange(db, (stores) => seen.push(stores));
    await expect(
      db.run(['meta', 'outbox'], 'readwrite', async (tx) => {
        await tx.objectStore('meta').put({ key: 'prefs', value: { language: 'en' } });
        throw new Error('a step failed');
      }),
    ).rejects.toThrow('a step failed');
    // A request that fails (a second add of the same id) also aborts the whole transaction.
    const r = report(WEEK);
    await expect(
      db.run(['meta', 'outbox'], 'readwrite', async (tx) => {
        await tx.objectStore('meta').put({ key: 'prefs', value: { language: 'en' } });
        await tx.objectStore('outbox').add(outboxRow(r, 'waiting'));
        await tx.objectStore('outbox').add(outboxRow(r, 'waiting'));
      }),
    ).rejects.toThrow();
    expect(await readMeta(db, 'prefs')).toBeUndefined();
    expect(await (await db.open()).count('outbox')).toBe(0);
    expect(seen).toEqual([]);
    stop();
  });

  it('a calm tap on a phone that is not enrolled files nothing', async () => {
    const db = freshDb();
    await expect(calmWeek(WEEK, T0, db)).rejects.toMatchObject({ code: 'not_enrolled' });
    expect(await (await db.open()).count('outbox')).toBe(0);
  });
});

describe('change announcements (what the screens re-read)', () => {
  it('tell this context, after the commit, which stores a write touched – and only for its own database', async () => {
    const db = freshDb();
    const other = freshDb();
    const seen: { stores: readonly string[]; count: number }[] = [];
    const stop = onChange(db, (stores) => {
      void db.open().then(async (idb) => seen.push({ stores, count: await idb.count('outbox') }));
    });
    const r = report(WEEK);
    await db.run(['outbox'], 'readwrite', (tx) => tx.store.add(outboxRow(r, 'waiting')));
    await other.run(['meta'], 'readwrite', (tx) => tx.store.put({ key: 'prefs', value: {} }));
    await db.run(['meta'], 'readonly', (tx) => tx.store.get('prefs'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([{ stores: ['outbox'], count: 1 }]);
    stop();
    await db.run(['outbox'], 'readwrite', (tx) => tx.store.delete(r.id));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toHaveLength(1);
  });

  it('reach the other tabs and the service worker over a BroadcastChannel', async () => {
    const db = freshDb();
    const tab = new BroadcastChannel('lagesbild-db');
    const message = new Promise<unknown>((resolve) => {
      tab.onmessage = (event: MessageEvent) => resolve(event.data);
    });
    await db.run(['meta', 'outbox'], 'readwrite', (tx) => tx.objectStore('meta').put({ key: 'prefs', value: {} }));
    expect(await message).toEqual({ db: db.name, stores: ['meta', 'outbox'] });
    tab.close();
  });

  it('a newer version elsewhere (an updated app in another tab) is not blocked by an open connection', async () => {
    const db = freshDb();
    await db.open();
    const upgraded = await new Promise<number>((resolve, reject) => {
      const req = indexedDB.open(db.name, DB_VERSION + 1);
      req.onblocked = () => reject(new Error('blocked by the open connection'));
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        req.result.close();
        resolve(req.result.version);
      };
    });
    expect(upgraded).toBe(DB_VERSION + 1);
  });
});
