/**
 * Web Push: what the server and the app (page and service worker) agree on – the
 * subscription a browser hands over, the reminder schedule an admin sets, and the JSON
 * payloads the push messages carry. Pure TypeScript, no I/O.
 */
import * as v from 'valibot';
import { weekNumber, type IsoWeek } from './weeks';

// ---------------------------------------------------------------------------
// Subscriptions (PushSubscription.toJSON() in the browser)
// ---------------------------------------------------------------------------

const BASE64URL_RE = /^[A-Za-z0-9_-]+={0,2}$/;

/** Bytes of a base64url string (no I/O, no Buffer: runs in the browser too). */
function base64urlLength(s: string): number {
  const body = s.replace(/=+$/, '');
  return Math.floor((body.length * 3) / 4);
}

export const PushSubscriptionSchema = v.object({
  endpoint: v.pipe(
    v.string('endpoint must be a string'),
    v.maxLength(2048, 'endpoint is longer than 2048 characters'),
    v.url('endpoint must be a URL'),
    v.check((s) => s.startsWith('https://'), 'endpoint must be an https:// URL of a push service'),
  ),
  keys: v.object({
    p256dh: v.pipe(
      v.string('keys.p256dh must be a string'),
      v.regex(BASE64URL_RE, 'keys.p256dh must be base64url'),
      v.check((s) => base64urlLength(s) === 65, 'keys.p256dh must be an uncompressed P-256 public key (65 bytes)'),
    ),
    auth: v.pipe(
      v.string('keys.auth must be a string'),
      v.regex(BASE64URL_RE, 'keys.auth must be base64url'),
      v.check((s) => base64urlLength(s) === 16, 'keys.auth must be 16 bytes'),
    ),
  }),
  // Browsers add this field to toJSON(); accepted and ignored.
  expirationTime: v.optional(v.nullable(v.number())),
});
export type PushSubscriptionJson = v.InferOutput<typeof PushSubscriptionSchema>;

export const PushUnsubscribeSchema = v.object({ endpoint: v.pipe(v.string(), v.maxLength(2048)) });

export interface PushPublicKeyResponse {
  /** The VAPID application server key (base64url, uncompressed P-256 point). */
  publicKey: string;
}

export interface PushSubscriptionResponse {
  ok: true;
  /** True when this endpoint was not known before. */
  created: boolean;
}

/** A reader (staff account) opting in to "new picture published": the browser's subscription and the choice. */
export const ReaderSubscriptionSchema = v.object({
  ...PushSubscriptionSchema.entries,
  notifyPictures: v.boolean('notifyPictures must be true or false'),
});
export type ReaderSubscriptionJson = v.InferOutput<typeof ReaderSubscriptionSchema>;

export interface ReaderSubscriptionResponse {
  ok: true;
  created: boolean;
  notifyPictures: boolean;
}

/** Per function: can it be reminded? (for the coordinators' list) */
export interface FunctionPushStatus {
  functionId: string;
  name: string;
  /** Subscriptions of unrevoked devices, seen within the prune window. */
  subscriptions: number;
  /** At least one of them has not failed since it last worked (or never failed). */
  working: boolean;
  lastSeenAt: string | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
}

export type FunctionPushKind = 'working' | 'missing' | 'failing';

/**
 * What the coordinators' list shows per function: 'working' (a subscription that has
 * not failed since it last worked), 'missing' (no subscription at all: reminders are
 * off on every phone), 'failing' (subscriptions, but each has failed since it last worked).
 */
export function functionPushKind(s: Pick<FunctionPushStatus, 'subscriptions' | 'working'>): FunctionPushKind {
  if (s.working) return 'working';
  return s.subscriptions > 0 ? 'failing' : 'missing';
}

// ---------------------------------------------------------------------------
// Reminder schedule (Europe/Stockholm wall-clock times)
// ---------------------------------------------------------------------------

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

export const ReminderSlotSchema = v.object({
  /** ISO weekday: Monday = 1 … Sunday = 7. */
  weekday: v.pipe(v.number('weekday is 1 (Monday) … 7 (Sunday)'), v.integer('weekday is 1 (Monday) … 7 (Sunday)'), v.minValue(1, 'weekday is 1 (Monday) … 7 (Sunday)'), v.maxValue(7, 'weekday is 1 (Monday) … 7 (Sunday)')),
  /** "HH:MM", 24-hour, Stockholm local time. */
  time: v.pipe(v.string('time must be "HH:MM" (00:00–23:59)'), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be "HH:MM" (00:00–23:59)')),
});
export type ReminderSlot = v.InferOutput<typeof ReminderSlotSchema>;

export const ReminderConfigSchema = v.object({
  slots: v.pipe(
    v.array(ReminderSlotSchema, 'slots must be a list of {weekday, time}'),
    v.minLength(1, 'at least one reminder time is needed'),
    v.maxLength(14, 'at most 14 reminder times a week'),
    v.check((slots) => new Set(slots.map((s) => `${s.weekday}-${s.time}`)).size === slots.length, 'the same reminder time is given twice'),
  ),
});
export type ReminderConfig = v.InferOutput<typeof ReminderConfigSchema>;

/** Wednesday 14:00, and a second nudge Thursday 08:00 before the Thursday 10:00 meeting. */
export const DEFAULT_REMINDER_CONFIG: ReminderConfig = {
  slots: [
    { weekday: 3, time: '14:00' },
    { weekday: 4, time: '08:00' },
  ],
};

/** The admin's view of the reminder times (GET/PUT /api/v1/admin/reminders). */
export interface ReminderConfigResponse extends ReminderConfig {
  /** The slots are wall-clock times in this zone. */
  timeZone: 'Europe/Stockholm';
  /** The next reminder after now (ISO instant), null if none. */
  next: string | null;
}

/** Weekday, then time: the order an admin reads them in. */
export function sortReminderSlots(slots: readonly ReminderSlot[]): ReminderSlot[] {
  return [...slots].sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time));
}

/** What is wrong with reminder times being edited (the admin form marks the rows before saving). */
export interface ReminderSlotProblems {
  /** No time at all (at least one is needed). */
  empty: boolean;
  /** Indexes of rows whose time is not "HH:MM". */
  badTimes: number[];
  /** Indexes of rows that repeat an earlier row's weekday and time. */
  duplicates: number[];
}

export function reminderSlotProblems(slots: readonly { weekday: number; time: string }[]): ReminderSlotProblems {
  const seen = new Set<string>();
  const out: ReminderSlotProblems = { empty: slots.length === 0, badTimes: [], duplicates: [] };
  slots.forEach((s, i) => {
    if (!v.is(ReminderSlotSchema.entries.time, s.time)) out.badTimes.push(i);
    const key = `${s.weekday}-${s.time}`;
    if (seen.has(key)) out.duplicates.push(i);
    seen.add(key);
  });
  return out;
}

/** "wed-14:00" – the week-independent part of a slot key. */
export function slotLabel(slot: ReminderSlot): string {
  return `${WEEKDAY_KEYS[slot.weekday - 1]}-${slot.time}`;
}

/** "2026-W48/wed-14:00" – unique per week and slot; the scheduler records it before sending. */
export function slotKey(week: IsoWeek, slot: ReminderSlot): string {
  return `${week}/${slotLabel(slot)}`;
}

// ---------------------------------------------------------------------------
// Payloads (the decrypted push message body, JSON)
// ---------------------------------------------------------------------------

export type ReminderAction = 'calm' | 'report';

export interface ReminderPayload {
  type: 'reminder';
  week: IsoWeek;
  title: string;
  body: string;
  actions: { action: ReminderAction; title: string }[];
}

export interface PicturePayload {
  type: 'picture';
  pictureId: string;
  week?: IsoWeek;
  title: string;
  body: string;
  /** Where a tap leads (same origin path). */
  url: string;
}

export type PushPayload = ReminderPayload | PicturePayload;

export function reminderPayload(week: IsoWeek): ReminderPayload {
  return {
    type: 'reminder',
    week,
    title: `Vecka ${weekNumber(week)} – dags att rapportera`,
    body: 'Har det varit lugnt? Tryck "Lugn vecka" så är rapporten klar. Har något hänt? Tryck "Rapportera".',
    actions: [
      { action: 'calm', title: 'Lugn vecka' },
      { action: 'report', title: 'Rapportera' },
    ],
  };
}

export function picturePayload(picture: { id: string; week?: IsoWeek; title?: string }): PicturePayload {
  const p: PicturePayload = {
    type: 'picture',
    pictureId: picture.id,
    title: picture.week ? `Ny lägesbild för vecka ${weekNumber(picture.week)}` : 'Ny lägesbild publicerad',
    body: picture.title ?? 'En ny samlad lägesbild har publicerats.',
    url: `/pictures/${encodeURIComponent(picture.id)}`,
  };
  if (picture.week) p.week = picture.week;
  return p;
}

/** Informants: the week's picture is out; the tap opens it in the app (the informant view /picture). */
export function informantPicturePayload(week: IsoWeek): PicturePayload {
  return {
    type: 'picture',
    pictureId: week,
    week,
    title: 'Veckans lägesbild är publicerad',
    body: `Samlad lägesbild vecka ${weekNumber(week)}: tryck för att läsa den.`,
    url: '/picture',
  };
}

/** Lenient reader for the service worker: anything that is not a known payload is null. */
export function parsePushPayload(data: unknown): PushPayload | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (d.type === 'reminder' && typeof d.week === 'string' && typeof d.title === 'string' && typeof d.body === 'string') {
    const actions = Array.isArray(d.actions)
      ? (d.actions as unknown[]).filter(
          (a): a is ReminderPayload['actions'][number] =>
            typeof a === 'object' && a !== null && ((a as { action?: unknown }).action === 'calm' || (a as { action?: unknown }).action === 'report') && typeof (a as { title?: unknown }).title === 'string',
        )
      : [];
    return { type: 'reminder', week: d.week, title: d.title, body: d.body, actions };
  }
  if (d.type === 'picture' && typeof d.pictureId === 'string' && typeof d.title === 'string' && typeof d.body === 'string' && typeof d.url === 'string') {
    const p: PicturePayload = { type: 'picture', pictureId: d.pictureId, title: d.title, body: d.body, url: d.url };
    if (typeof d.week === 'string') p.week = d.week;
    return p;
  }
  return null;
}
