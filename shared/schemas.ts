/**
 * The wire shapes of the v1 contract (README "HTTP contract"). This is the only definition:
 * the server validates with it at the edge, the client validates before queueing.
 */
import * as v from 'valibot';
import { INDICATOR_KEYS } from './indicators';
import { isValidWeek } from './weeks';

import { MAX_BATCH, MAX_NOTE_LENGTH, TIMES_OF_DAY } from './limits';

export { MAX_BATCH, MAX_NOTE_LENGTH, TIMES_OF_DAY, type TimeOfDay } from './limits';

const Id = v.pipe(v.string(), v.uuid('must be a UUID'));
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
  note: v.optional(v.pipe(v.string(), v.maxLength(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH} characters`))),
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
