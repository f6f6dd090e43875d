/**
 * Read-only view of the phone's database for the informant screens (live: updates when
 * any tab or the service worker writes). Writes go through client/sync/actions.ts.
 */
import { createMemo, createRoot, createSignal } from 'solid-js';
import type { ContextArea } from '../../shared/api';
import type { Observation } from '../../shared/schemas';
import { previousWeek, weekOf, type IsoWeek } from '../../shared/weeks';
import { getDb, readMeta, type ContextRow, type Device, type DraftRow, type OutboxRow, type Prefs, type SyncMeta } from '../sync/db';
import { createLive } from '../ui/live';

const CONTEXT_TRUST_MS = 60 * 60_000;
export const STALE_MS = 24 * 60 * 60_000;

function build() {
  const db = getDb();
  // Wrapped so "not loaded yet" (undefined) differs from "not enrolled" ({}).
  const deviceState = createLive<{ device?: Device | undefined } | undefined>(
    ['meta'],
    async () => ({ device: await readMeta(db, 'device') }),
    undefined,
  );
  const loaded = () => deviceState() !== undefined;
  const device = () => deviceState()?.device;
  const prefs = createLive<Prefs>(['meta'], async () => (await readMeta(db, 'prefs')) ?? {}, {});
  const sync = createLive<SyncMeta>(['meta'], async () => (await readMeta(db, 'sync')) ?? { failures: 0 }, { failures: 0 });
  const contextRow = createLive<ContextRow | undefined>(['context'], async () => (await db.open()).get('context', 'current'), undefined);
  // Newest first (by queuedAt, then id – as the index orders them).
  const outbox = createLive<OutboxRow[]>(['outbox'], async () => (await (await db.open()).getAllFromIndex('outbox', 'queuedAt')).reverse(), []);
  const draft = createLive<DraftRow | undefined>(['draft'], async () => (await db.open()).get('draft', 'current'), undefined);

  // A clock tick so the week turns over while the app stays open.
  const [now, setNow] = createSignal(Date.now());
  setInterval(() => setNow(Date.now()), 60_000);

  /** The server's week if the context is fresh (server clock), else the phone's clock in Stockholm time. */
  const currentWeek = createMemo<IsoWeek>(() => {
    const row = contextRow();
    if (row && now() - Date.parse(row.fetchedAt) < CONTEXT_TRUST_MS) return row.ctx.week;
    return weekOf(new Date(now()));
  });

  const areas = createMemo<ContextArea[]>(() => contextRow()?.ctx.areas ?? []);
  const areaById = createMemo(() => new Map(areas().map((a) => [a.id, a])));

  const mine = createMemo(() => {
    const fid = device()?.functionId;
    return outbox().filter((r) => r.functionId === fid);
  });

  const reportedThisWeek = createMemo(() =>
    mine().some((r) => r.state !== 'refused' && r.report.week === currentWeek()),
  );

  const stale = createMemo(() => mine().some((r) => r.state === 'waiting' && now() - Date.parse(r.queuedAt) > STALE_MS));

  /** Last week's observations of this function (server copy merged into the outbox). */
  const lastWeekObservations = createMemo<Observation[]>(() => {
    const prev = previousWeek(currentWeek());
    return mine()
      .filter((r) => r.state !== 'refused' && r.report.week === prev)
      .flatMap((r) => r.report.observations);
  });

  const thisWeekPersisting = createMemo<Observation[]>(() =>
    mine()
      .filter((r) => r.state !== 'refused' && r.report.week === currentWeek())
      .flatMap((r) => r.report.observations.filter((o) => o.persists)),
  );

  return {
    loaded,
    device,
    prefs,
    sync,
    contextRow,
    outbox,
    mine,
    draft,
    now,
    currentWeek,
    areas,
    areaById,
    reportedThisWeek,
    stale,
    lastWeekObservations,
    thisWeekPersisting,
  };
}

export type Store = ReturnType<typeof build>;
let store: Store | undefined;

/** The app-wide store (created once, lives as long as the page). */
export function useStore(): Store {
  store ??= createRoot(() => build());
  return store;
}
