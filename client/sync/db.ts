/**
 * The phone's database (IndexedDB through Dexie). Shared by the page and the service
 * worker, so this file (and everything in client/sync except scheduler.ts) must stay
 * free of DOM-only APIs.
 *
 * Components never write here directly: every write is a domain action in
 * `actions.ts` (one rw transaction each) or the flusher in `flush.ts`.
 */
import { Dexie, type EntityTable } from 'dexie';
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

export class LagesbildDb extends Dexie {
  meta!: EntityTable<MetaRow, 'key'>;
  context!: EntityTable<ContextRow, 'key'>;
  outbox!: EntityTable<OutboxRow, 'id'>;
  draft!: EntityTable<DraftRow, 'key'>;

  constructor(name = 'lagesbild') {
    super(name);
    this.version(1).stores({
      meta: 'key',
      context: 'key',
      outbox: 'id, state, queuedAt',
      draft: 'key',
    });
  }
}

let instance: LagesbildDb | undefined;

/** The app's database (lazily opened, one per JS context). */
export function getDb(): LagesbildDb {
  instance ??= new LagesbildDb();
  return instance;
}

export async function readMeta<K extends MetaKey>(db: LagesbildDb, key: K): Promise<MetaMap[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaMap[K] | undefined;
}

export function metaRow<K extends MetaKey>(key: K, value: MetaMap[K]): MetaRow {
  return { key, value } as MetaRow;
}
