/**
 * Domain actions: every write the informant screens make to the phone's database.
 *
 * Offline consistency: each action is ONE read-write IndexedDB transaction (`db.run`), so a tab
 * closed, a crash or a battery dying mid-action leaves either all of its effects or
 * none (e.g. a saved report is in the outbox AND the draft is cleared, or neither).
 * Nothing here touches the network: the flusher (flush.ts) sends what the outbox holds
 * and is the only other writer of outbox rows. Rows are only ever deleted here when
 * the user asks (undo, discard, fix) and only in a state where that loses nothing the
 * server does not have (waiting within the undo window, or refused).
 */
import type { InformantContext } from '../../shared/api';
import { isIndicatorKey } from '../../shared/indicators';
import { MAX_NOTE_LENGTH } from '../../shared/limits';
import type { Observation, Report } from '../../shared/schemas';
import { containsPersonalData } from '../../shared/personal-data';
import { previousWeek, type IsoWeek } from '../../shared/weeks';
import { getDb, metaRow, patched, readMeta, type Device, type DraftItem, type LagesbildDb, type MetaTx, type OutboxRow } from './db';
import { uuidv7 } from '../../shared/ids';

/** How long the undo of a calm week stays possible; the flusher holds the row back that long. */
export const UNDO_MS = 5000;
/** ReportSchema's limit of observations per report. */
export const MAX_OBSERVATIONS = 100;

export class ActionError extends Error {
  constructor(
    readonly code: 'not_enrolled' | 'invalid' | 'personal_data' | 'empty',
    message: string,
  ) {
    super(message);
  }
}

async function deviceIn(tx: MetaTx): Promise<Device> {
  const device = await readMeta(tx, 'device');
  if (!device) throw new ActionError('not_enrolled', 'device is not enrolled');
  return device;
}

function newRow(report: Report, functionId: string, now: number): OutboxRow {
  return { id: report.id, report, functionId, state: 'waiting', attempts: 0, queuedAt: new Date(now).toISOString() };
}

/** Store the token of a fresh enrolment; a re-enrolled device starts syncing again. */
export async function enrol(device: Omit<Device, 'enrolledAt'>, now = Date.now(), db = getDb()): Promise<void> {
  await db.run(['meta'], 'readwrite', async (tx) => {
    await tx.store.put(metaRow('device', { ...device, enrolledAt: new Date(now).toISOString() }));
    await tx.store.put(metaRow('sync', { failures: 0 }));
  });
}

/** A 401 from the server: stop syncing, keep every report. */
export async function markRevoked(code: 'unauthorized' | 'device_revoked', db = getDb()): Promise<void> {
  await db.run(['meta'], 'readwrite', async (tx) => {
    const sync = (await readMeta(tx, 'sync')) ?? { failures: 0 };
    await tx.store.put(metaRow('sync', { ...sync, revoked: code }));
  });
}

/**
 * Cache the server's context and reconcile the outbox with the server's copy of this
 * function's reports: reports the server holds that the phone lacks (wiped or evicted
 * IndexedDB, another device of the same function) are added as `sent`; a local row still
 * `waiting` that the server already has is marked `sent`. Sent rows older than last week
 * are pruned; waiting and refused rows are never pruned.
 */
export async function applyContext(ctx: InformantContext, now = Date.now(), db = getDb()): Promise<void> {
  const nowIso = new Date(now).toISOString();
  await db.run(['context', 'outbox'], 'readwrite', async (tx) => {
    const outbox = tx.objectStore('outbox');
    await tx.objectStore('context').put({ key: 'current', ctx, fetchedAt: nowIso });
    const server = [...ctx.reports.thisWeek, ...ctx.reports.lastWeek];
    for (const report of server) {
      const local = await outbox.get(report.id);
      if (!local) {
        await outbox.add({
          ...newRow(report, ctx.function.id, now),
          state: 'sent',
          sentAt: report.createdAt,
          queuedAt: report.createdAt,
          restored: true,
        });
      } else if (local.state === 'waiting') {
        await outbox.put(patched(local, { state: 'sent', sentAt: nowIso, notBefore: undefined }));
      }
    }
    const keep = new Set<string>([ctx.week, previousWeek(ctx.week)]);
    for (const row of await outbox.index('state').getAll('sent')) if (!keep.has(row.report.week)) await outbox.delete(row.id);
  });
}

/**
 * "Lugn vecka": queued at once, held back from sending for the undo window (`holdMs`;
 * 0 from a notification action, which has no undo).
 */
export async function calmWeek(week: IsoWeek, now = Date.now(), db = getDb(), holdMs = UNDO_MS): Promise<string | null> {
  const report: Report = { id: uuidv7(now), week, createdAt: new Date(now).toISOString(), calm: true, observations: [] };
  return db.run(['meta', 'outbox'], 'readwrite', async (tx) => {
    const device = await deviceIn(tx);
    const outbox = tx.objectStore('outbox');
    // A week with a report (calm or not) gets no calm report on top: the week view would count it twice.
    if (reportedIn(await outbox.getAll(), device.functionId, week)) return null;
    const row = newRow(report, device.functionId, now);
    await outbox.add(holdMs > 0 ? { ...row, notBefore: now + holdMs } : row);
    return report.id;
  });
}

/** Does the function have a report for the week (waiting or sent)? Refused ones do not count. */
export function reportedIn(rows: readonly OutboxRow[], functionId: string, week: IsoWeek): boolean {
  return rows.some((r) => r.functionId === functionId && r.state !== 'refused' && r.report.week === week);
}

/**
 * "Lugn vecka" from a reminder notification (service worker): there is no undo there,
 * so no hold. Files nothing – returns null – when the function already has a report for
 * the week (waiting or sent; refused ones do not count), checked in the same transaction
 * as the add, so two taps (or a tap and the app) never file two.
 */
export async function calmWeekNow(week: IsoWeek, now = Date.now(), db = getDb()): Promise<string | null> {
  const report: Report = { id: uuidv7(now), week, createdAt: new Date(now).toISOString(), calm: true, observations: [] };
  return db.run(['meta', 'outbox'], 'readwrite', async (tx) => {
    const device = await deviceIn(tx);
    const outbox = tx.objectStore('outbox');
    if (reportedIn(await outbox.getAll(), device.functionId, week)) return null;
    await outbox.add(newRow(report, device.functionId, now));
    return report.id;
  });
}

/**
 * Undo a calm tap – only while the flusher still holds it back: once the hold has
 * passed, a request may be on its way and deleting the row would not unsend it.
 */
export async function undoCalmWeek(id: string, db = getDb(), now = Date.now()): Promise<boolean> {
  return db.run(['outbox'], 'readwrite', async (tx) => {
    const row = await tx.store.get(id);
    if (!row || row.state !== 'waiting' || !row.report.calm || (row.notBefore ?? 0) <= now) return false;
    await tx.store.delete(id);
    return true;
  });
}

/** Draft items that will become observations (a trailing untouched item is ignored). */
export function completeItems(items: readonly DraftItem[]): DraftItem[] {
  return items.filter((item, i) => !(i === items.length - 1 && !item.category && !item.note.trim()));
}

export function itemToObservation(item: DraftItem): Observation | undefined {
  if (!item.category || !item.areaId) return undefined;
  const obs: Observation = {
    id: item.id,
    category: item.category,
    areaId: item.areaId,
    timeOfDay: item.timeOfDay,
    persists: item.persists,
  };
  if (item.placeId) obs.placeId = item.placeId;
  const note = item.note.trim();
  if (note) obs.note = note;
  return obs;
}

/**
 * Queue a report of the draft's observations and clear the draft, in one transaction.
 * Checked before it is queued: the fields a person chooses or types (indicator, area,
 * note length, personal data). Ids, week and timestamp are made by code. The full
 * valibot ReportSchema runs on the server (and in the unit tests against what this
 * builds); it is not bundled here to keep the informant JS within its 50 KB budget.
 */
export async function saveReport(items: readonly DraftItem[], week: IsoWeek, now = Date.now(), db = getDb()): Promise<Report> {
  const observations: Observation[] = [];
  for (const item of completeItems(items)) {
    const obs = itemToObservation(item);
    if (!obs) throw new ActionError('invalid', 'an observation lacks an indicator or an area');
    if (!isIndicatorKey(obs.category) || obs.areaId.length > 64 || (obs.placeId !== undefined && obs.placeId.length > 64))
      throw new ActionError('invalid', 'an observation has an unknown indicator or a malformed area or place');
    if (obs.note && obs.note.length > MAX_NOTE_LENGTH) throw new ActionError('invalid', 'a note is too long');
    if (obs.note && containsPersonalData(obs.note)) throw new ActionError('personal_data', 'a note contains personal data');
    observations.push(obs);
  }
  if (observations.length === 0) throw new ActionError('empty', 'no observations');
  if (observations.length > MAX_OBSERVATIONS) throw new ActionError('invalid', 'too many observations');
  const report: Report = { id: uuidv7(now), week, createdAt: new Date(now).toISOString(), calm: false, observations };
  await db.run(['meta', 'outbox', 'draft'], 'readwrite', async (tx) => {
    const device = await deviceIn(tx);
    await tx.objectStore('outbox').add(newRow(report, device.functionId, now));
    await tx.objectStore('draft').delete('current');
    const prefs = (await readMeta(tx, 'prefs')) ?? {};
    const lastAreaId = observations[observations.length - 1]!.areaId;
    await tx.objectStore('meta').put(metaRow('prefs', { ...prefs, lastAreaId }));
  });
  return report;
}

/** Keep what is being typed (nothing typed is lost, even across a reload or an update). */
export async function saveDraft(items: readonly DraftItem[], now = Date.now(), db = getDb()): Promise<void> {
  await db.run(['draft'], 'readwrite', (tx) => tx.store.put({ key: 'current', items: [...items], updatedAt: new Date(now).toISOString() }));
}

/** "Kvarstår": copy an earlier observation into this week's draft with persists: true. */
export async function addPersistingToDraft(source: Observation, now = Date.now(), db = getDb()): Promise<boolean> {
  return db.run(['draft'], 'readwrite', async (tx) => {
    const draft = await tx.store.get('current');
    const items = draft?.items ?? [];
    if (items.some((i) => i.sourceId === source.id)) return false;
    const copy: DraftItem = {
      id: uuidv7(now),
      category: source.category,
      areaId: source.areaId,
      timeOfDay: source.timeOfDay,
      persists: true,
      note: source.note ?? '',
      sourceId: source.id,
    };
    if (source.placeId) copy.placeId = source.placeId;
    // Put it before a trailing item that is still being filled in.
    const last = items[items.length - 1];
    const next = last && !last.category ? [...items.slice(0, -1), copy, last] : [...items, copy];
    await tx.store.put({ key: 'current', items: next, updatedAt: new Date(now).toISOString() });
    return true;
  });
}

/** Drop a refused report (the user decided so; it never reached the server). */
export async function discardRefused(id: string, db = getDb()): Promise<boolean> {
  return db.run(['outbox'], 'readwrite', async (tx) => {
    const row = await tx.store.get(id);
    if (!row || row.state !== 'refused') return false;
    await tx.store.delete(id);
    return true;
  });
}

/**
 * Fix a refused report: its observations move back into the draft (fresh ids, so an
 * id conflict cannot recur) and the refused row goes, in one transaction – the content
 * is always in exactly one place.
 */
export async function fixRefused(id: string, now = Date.now(), db = getDb()): Promise<boolean> {
  return db.run(['outbox', 'draft'], 'readwrite', async (tx) => {
    const outbox = tx.objectStore('outbox');
    const row = await outbox.get(id);
    if (!row || row.state !== 'refused' || row.report.observations.length === 0) return false;
    const draft = await tx.objectStore('draft').get('current');
    const kept = completeItems(draft?.items ?? []);
    const moved: DraftItem[] = row.report.observations.map((o, i) => {
      const item: DraftItem = {
        id: uuidv7(now + i),
        category: o.category,
        areaId: o.areaId,
        timeOfDay: o.timeOfDay,
        persists: o.persists,
        note: o.note ?? '',
      };
      if (o.placeId) item.placeId = o.placeId;
      return item;
    });
    await tx.objectStore('draft').put({ key: 'current', items: [...kept, ...moved], updatedAt: new Date(now).toISOString() });
    await outbox.delete(id);
    return true;
  });
}

export async function setLanguage(language: 'sv' | 'en', db = getDb()): Promise<void> {
  await db.run(['meta'], 'readwrite', async (tx) => {
    const prefs = (await readMeta(tx, 'prefs')) ?? {};
    await tx.store.put(metaRow('prefs', { ...prefs, language }));
  });
}
