/**
 * The phone's database (IndexedDB through the thin `idb` wrapper). Shared by the page
 * and the service worker, so this file (and everything in client/sync except
 * scheduler.ts) must stay free of DOM-only APIs.
 *
 * Components never write here directly: every write is a domain action in
 * `actions.ts` (one read-write transaction each, `db.run`) or the flusher in
 * `flush.ts`. Every committed write is announced (`onChange`), in this context and on a
 * BroadcastChannel to the other tabs and the service worker, so the screens' live
 * queries (client/ui/live.ts) re-read what changed.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { InformantContext, IngestRule } from '../../shared/api';
import type { Report, TimeOfDay } from '../../shared/schemas';
import type { IndicatorKey } from '../../shared/indicators';
import type { PublishedPicture } from '../../shared/pictures';

export type OutboxState = 'waiting' | 'sent' | 'refused';

export interface OutboxRow {
  /** = report.id */
  id: string;
  report: Report;
  /** The function the report was filed for; only rows of the enrolled function are sent. */
  functionId: string;
  state: OutboxState;
  /** Server's refusal: its English detail and the stable rule the UI maps to a sentence. */
  error?: string;
  rule?: IngestRule;
  attempts: number;
  queuedAt: string;
  sentAt?: string;
  /** Epoch ms before which the flusher must not send the row (undo window of a calm tap). */
  notBefore?: number;
  /** Row restored from the server's copy (context), not filed on this device. */
  restored?: boolean;
}

export interface Device {
  token: string;
  functionId: string;
  name: string;
  enrolledAt: string;
}

export interface Prefs {
  language?: 'sv' | 'en';
  lastAreaId?: string;
}

export interface SyncMeta {
  /** Set after a 401: the device is no longer enrolled; syncing stops until re-enrolment. */
  revoked?: 'unauthorized' | 'device_revoked';
  /** Consecutive failed flushes (network, 429, 5xx, 400) – drives the backoff. */
  failures: number;
  nextAttemptAt?: number;
  lastError?: string;
  lastSuccessAt?: string;
  lastAttemptAt?: string;
}

export interface MetaMap {
  device: Device;
  prefs: Prefs;
  sync: SyncMeta;
  /** The latest published picture, when the server shares it (shown offline too). */
  picture: Omit<PublishedPicture, 'facts'>;
}
export type MetaKey = keyof MetaMap;
export interface MetaRow<K extends MetaKey = MetaKey> {
  key: K;
  value: MetaMap[K];
}

export interface ContextRow {
  key: 'current';
  ctx: InformantContext;
  fetchedAt: string;
}

/** One observation being edited; complete when it has a category and an area. */
export interface DraftItem {
  id: string;
  category?: IndicatorKey;
  areaId?: string;
  placeId?: string;
  timeOfDay: TimeOfDay;
  persists: boolean;
  note: string;
  /** Observation of an earlier report this one re-reports ("Kvarstår"). */
  sourceId?: string;
}

export interface DraftRow {
  key: 'current';
  items: DraftItem[];
  updatedAt: string;
}

interface Schema extends DBSchema {
  meta: { key: MetaKey; value: MetaRow };
  context: { key: 'current'; value: ContextRow };
  outbox: { key: string; value: OutboxRow; indexes: { state: OutboxState; queuedAt: string } };
  draft: { key: 'current'; value: DraftRow };
}
export type StoreName = StoreNames<Schema>;
export type Tx<S extends StoreName[], M extends IDBTransactionMode> = IDBPTransaction<Schema, S, M>;

/**
 * IndexedDB version 10 is the schema the earlier Dexie build created (its
 * `version(1)`, which Dexie stores as 1 × 10), with the same stores, key paths and
 * indexes: a phone updating from that build opens its database as it is, reports
 * waiting included, and a new phone gets the same layout. A later schema change is
 * version 11 onwards, with its step in `upgrade`.
 */
export const DB_VERSION = 10;

export class LagesbildDb {
  private conn: Promise<IDBPDatabase<Schema>> | undefined;

  constructor(readonly name = 'lagesbild') {}

  /** The open connection (opened, and created or upgraded, on first use). */
  open(): Promise<IDBPDatabase<Schema>> {
    return (this.conn ??= openDB<Schema>(this.name, DB_VERSION, {
      upgrade(db, oldVersion) {
        if (oldVersion < 10) {
          db.createObjectStore('meta', { keyPath: 'key' });
          db.createObjectStore('context', { keyPath: 'key' });
          const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
          outbox.createIndex('state', 'state');
          outbox.createIndex('queuedAt', 'queuedAt');
          db.createObjectStore('draft', { keyPath: 'key' });
        }
      },
      // A newer version in another tab or the updated service worker wants to upgrade:
      // step aside (the next use reopens) instead of blocking it.
      blocking: () => this.close(),
      // The browser closed the connection (storage pressure, a crash): reopen on next use.
      terminated: () => (this.conn = undefined),
    }));
  }

  close(): void {
    void this.conn?.then((db) => db.close(), () => undefined);
    this.conn = undefined;
  }

  /**
   * One transaction over `stores`: all of `fn`'s writes commit together or – when `fn`
   * throws – none does. `fn` must await only requests of `tx` (any other await would
   * let IndexedDB commit the transaction early). Resolves after the commit, when the
   * change has also been announced.
   */
  async run<S extends [StoreName, ...StoreName[]], M extends IDBTransactionMode, T>(stores: S, mode: M, fn: (tx: Tx<S, M>) => Promise<T>): Promise<T> {
    const tx = (await this.open()).transaction(stores, mode);
    let result: T;
    try {
      result = await fn(tx);
    } catch (err) {
      tx.done.catch(() => undefined);
      try {
        tx.abort();
      } catch {
        // already aborted by the failed request
      }
      throw err;
    }
    await tx.done;
    if (mode === 'readwrite') announce(this.name, stores);
    return result;
  }
}

type Listener = (stores: readonly string[]) => void;
interface Change {
  db: string;
  stores: readonly string[];
}
const CHANNEL = 'lagesbild-db';
const listeners = new Map<Listener, string>();
let channel: BroadcastChannel | undefined;

function deliver({ db, stores }: Change): void {
  for (const [fn, name] of listeners) if (name === db) fn(stores);
}

function bus(): BroadcastChannel | undefined {
  if (!channel && typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event: MessageEvent<Change>) => deliver(event.data);
    // Node (the unit tests) has the channel too; it must not keep the process alive.
    (channel as { unref?: () => void }).unref?.();
  }
  return channel;
}

function announce(db: string, stores: readonly string[]): void {
  deliver({ db, stores });
  bus()?.postMessage({ db, stores } satisfies Change);
}

/**
 * Call `fn` with the stores a committed write touched – in this context, another tab or
 * the service worker. Returns the unsubscribe.
 */
export function onChange(db: LagesbildDb, fn: Listener): () => void {
  bus();
  listeners.set(fn, db.name);
  return () => listeners.delete(fn);
}

let instance: LagesbildDb | undefined;

/** The app's database (lazily opened, one per JS context). */
export function getDb(): LagesbildDb {
  instance ??= new LagesbildDb();
  return instance;
}

/** A transaction that includes the meta store. */
export interface MetaTx {
  objectStore(name: 'meta'): { get(key: MetaKey): Promise<MetaRow | undefined> };
}

/** A meta value, read on its own or (`tx`) inside a transaction that has the meta store. */
export async function readMeta<K extends MetaKey>(from: LagesbildDb | MetaTx, key: K): Promise<MetaMap[K] | undefined> {
  const row = from instanceof LagesbildDb ? await (await from.open()).get('meta', key) : await from.objectStore('meta').get(key);
  return row?.value as MetaMap[K] | undefined;
}

export function metaRow<K extends MetaKey>(key: K, value: MetaMap[K]): MetaRow {
  return { key, value } as MetaRow;
}

/** `row` with `changes` applied; a change to `undefined` removes the field. */
export function patched<T extends object>(row: T, changes: Partial<T>): T {
  const next = { ...row, ...changes };
  for (const key in changes) if (changes[key] === undefined) delete next[key];
  return next;
}
