/**
 * The wire shapes of the v1 contract (README "HTTP contract"). This is the only definition:
 * the server validates with it at the edge, the client validates before queueing.
 */
import * as v from 'valibot';
import { INDICATOR_KEYS } from './indicators';
import { isValidWeek, mondayOf, sundayOf } from './weeks';

import { MAX_BATCH, MAX_NOTE_LENGTH, TIMES_OF_DAY } from './limits';

export { MAX_BATCH, MAX_NOTE_LENGTH, TIMES_OF_DAY, type TimeOfDay } from './limits';

const Id = v.pipe(v.string(), v.uuid('must be a UUID'));

/**
 * Characters free text may not hold: control characters other than line break and tab
 * (NUL and friends break exports and terminals), text-direction overrides and
 * isolates U+202A–202E, U+2066–2069 (they make "gpj.exe" read as "exe.jpg" in the
 * week view and the CSV), and lone surrogate halves (not text at all). CR is allowed
 * only as part of a line break and becomes LF.
 */
const UNSAFE_TEXT_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/u;

/** Why `text` cannot be stored (an English sentence naming the character), or null. */
export function unsafeTextProblem(text: string): string | null {
  const m = UNSAFE_TEXT_RE.exec(text.replace(/\r\n?/g, '\n'));
  if (!m) return null;
  const cp = m[0].codePointAt(0)!;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp >= 0xd800 && cp <= 0xdfff) return `contains a broken character (a lone surrogate, ${hex}); remove it`;
  if (cp >= 0x202a) return `contains a text-direction control character (${hex}) that can disguise the text; remove it`;
  return `contains an invisible control character (${hex}); only line breaks and tabs are allowed`;
}

/**
 * Free text from a person (notes, picture fields, intervention texts, names): refused
 * with a sentence when it holds unsafe characters, otherwise stored NFC-normalised
 * (the same word typed on two keyboards compares equal) with LF line breaks.
 */
export function safeText(notText = 'must be text') {
  return v.pipe(
    v.string(notText),
    v.rawCheck<string>(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const problem = unsafeTextProblem(dataset.value);
      if (problem) addIssue({ message: problem });
    }),
    v.transform((s) => s.replace(/\r\n?/g, '\n').normalize('NFC')),
  );
}


/** Ids of areas and places are opaque server-issued strings. */
const Ref = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(64, 'is too long'));

export const WeekSchema = v.pipe(
  v.string(),
  v.check((s) => isValidWeek(s), 'must be an ISO week like "2026-W48"'),
);

const CalendarDate = v.pipe(
  v.string(),
  v.isoDate('must be a date like "2026-11-27"'),
  // isoDate accepts 2026-02-31; a real calendar day round-trips through Date.
  v.check((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a calendar date'),
);

export const ObservationSchema = v.object({
  id: Id,
  // The wire name stays `category` (v1): installed phones send it and must keep working.
  // In code the eight are "indicators" (IndicatorKey, INDICATOR_KEYS in ./indicators).
  category: v.picklist(INDICATOR_KEYS, 'must be one of the eight indicators'),
  areaId: Ref,
  placeId: v.optional(Ref),
  timeOfDay: v.picklist(TIMES_OF_DAY, 'must be day, evening, night or unknown'),
  occurredOn: v.optional(CalendarDate),
  persists: v.boolean('must be true or false'),
  note: v.optional(v.pipe(safeText(), v.maxLength(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH} characters`))),
  location: v.optional(
    v.object({
      lat: v.pipe(v.number(), v.minValue(-90), v.maxValue(90)),
      lon: v.pipe(v.number(), v.minValue(-180), v.maxValue(180)),
    }),
  ),
});

export const ReportSchema = v.pipe(
  v.object({
    id: Id,
    week: WeekSchema,
    createdAt: v.pipe(v.string(), v.isoTimestamp('must be an ISO timestamp')),
    calm: v.boolean('must be true or false'),
    observations: v.pipe(v.array(ObservationSchema), v.maxLength(100, 'at most 100 observations per report')),
  }),
  // What the report tells happened in its week or the one before (a Monday report
  // about the weekend). createdAt is bounded by the server, which knows the time.
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const r = dataset.value;
    // A malformed week already has its own issue.
    if (!isValidWeek(r.week)) return;
    const monday = mondayOf(r.week);
    const from = new Date(Date.parse(`${monday}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
    const to = sundayOf(r.week);
    r.observations.forEach((o, i) => {
      if (o.occurredOn !== undefined && (o.occurredOn < from || o.occurredOn > to)) {
        addIssue({ message: `observations[${i}].occurredOn: must be within week ${r.week} or the week before (${from} to ${to})` });
      }
    });
  }),
);

export type Observation = v.InferOutput<typeof ObservationSchema>;
export type Report = v.InferOutput<typeof ReportSchema>;

/**
 * The envelope is checked apart from its items: a malformed envelope is a 400,
 * a malformed item is only that item's `invalid`.
 */
export const ReportBatchSchema = v.object({
  reports: v.pipe(
    v.array(v.unknown(), '"reports" must be an array'),
    v.maxLength(MAX_BATCH, `at most ${MAX_BATCH} reports per batch`),
  ),
});

export const EnrolRequestSchema = v.object({
  code: v.pipe(v.string('"code" must be a string'), v.minLength(1, '"code" must not be empty'), v.maxLength(200)),
});

/** Human-readable path + message of the first valibot issue, e.g. `observations[0].note: must be …`. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = (issue.path ?? [])
        .map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`))
        .join('')
        .replace(/^\./, '');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
