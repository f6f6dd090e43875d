/**
 * Interventions (insatser) and their follow-ups (uppföljning): wire schemas
 * (valibot, the only definition) and response shapes. docs/domain.md "Interventions
 * (insatser) and follow-up"; handbook "Uppföljning och återkoppling", "Insatser".
 *
 * An intervention answers a problem in an area (optionally a place): the problem
 * is described by indicator categories and/or linked observations, plus an
 * optional sentence. It records what is done, by which organisation, short- or
 * long-term, the planned start/end, its status and the week it was decided in
 * (so it appears in that week's compiled picture).
 *
 * A follow-up asks the handbook's three questions: why (the problem, on the
 * intervention), was it carried out as decided (yes/partly/no + note), how does
 * the problem look now (better/unchanged/worse + note, with the indicator counts
 * before and after shown beside and stored as a snapshot), and decides:
 * continue, expand, change or end. A follow-up is not an effect evaluation
 * (no control area); the counts only show whether one is on the right track.
 *
 * No personal data: every free-text field goes through the personal-data guard
 * (`personalDataFields`) – the client warns, the server refuses.
 */
import * as v from 'valibot';
import { INDICATOR_KEYS, type IndicatorKey } from './indicators';
import { findPersonalData, type PersonalDataKind } from './personal-data';
import { safeText } from './schemas';
import { isValidWeek, type IsoWeek } from './weeks';

export const INTERVENTION_TERMS = ['short', 'long'] as const;
export type InterventionTerm = (typeof INTERVENTION_TERMS)[number];
export const INTERVENTION_STATUSES = ['planned', 'active', 'ended'] as const;
export type InterventionStatus = (typeof INTERVENTION_STATUSES)[number];
export const CARRIED_OUT = ['yes', 'partly', 'no'] as const;
export type CarriedOut = (typeof CARRIED_OUT)[number];
export const OUTCOMES = ['better', 'unchanged', 'worse'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const DECISIONS = ['continue', 'expand', 'change', 'end'] as const;
export type Decision = (typeof DECISIONS)[number];

export const MAX_TEXT = 1000;
export const MAX_ORGANISATION = 200;
export const MAX_LINKED_OBSERVATIONS = 200;

/**
 * Before/after windows, in ISO weeks (S = week of the planned start, E = week of
 * the planned end, A = the "as of" week – the follow-up's week, or today):
 *  - before: the BEFORE_AFTER_WEEKS weeks before S (S−4 … S−1);
 *  - after:  the BEFORE_AFTER_WEEKS weeks from S (S … S+3), cut at A;
 *  - during: S … min(E, A) – the whole run so far (or until the planned end).
 * Windows of different lengths are compared by their per-week rate.
 */
export const BEFORE_AFTER_WEEKS = 4;

// --- schemas -------------------------------------------------------------------

const Ref = v.pipe(v.string('must be an id'), v.minLength(1, 'must not be empty'), v.maxLength(64, 'is too long'));
const Text = (max: number) =>
  v.pipe(safeText('must be text'), v.trim(), v.maxLength(max, `must be at most ${max} characters`));
const Required = (max: number) => v.pipe(Text(max), v.minLength(1, 'must not be empty'));
const CalendarDate = v.pipe(
  v.string('must be a date like "2026-11-27"'),
  v.isoDate('must be a date like "2026-11-27"'),
  v.check((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a calendar date'),
);
const Week = v.pipe(v.string('must be an ISO week like "2026-W48"'), v.check((s) => isValidWeek(s), 'must be an ISO week like "2026-W48"'));
const IndicatorKeys = v.pipe(
  v.array(v.picklist(INDICATOR_KEYS, 'must be one of the eight indicators'), 'must be a list of indicators'),
  v.maxLength(INDICATOR_KEYS.length, 'lists an indicator twice'),
  v.check((l) => new Set(l).size === l.length, 'lists an indicator twice'),
);
const ObservationIds = v.pipe(
  v.array(Ref, 'must be a list of observation ids'),
  v.maxLength(MAX_LINKED_OBSERVATIONS, `may link at most ${MAX_LINKED_OBSERVATIONS} observations`),
  v.check((l) => new Set(l).size === l.length, 'lists an observation twice'),
);

const fields = {
  areaId: Ref,
  placeId: v.optional(v.nullable(Ref)),
  problem: v.optional(Text(MAX_TEXT)),
  categories: v.optional(IndicatorKeys),
  observationIds: v.optional(ObservationIds),
  action: Required(MAX_TEXT),
  organisation: Required(MAX_ORGANISATION),
  term: v.picklist(INTERVENTION_TERMS, 'must be "short" or "long"'),
  plannedStart: CalendarDate,
  plannedEnd: v.optional(v.nullable(CalendarDate)),
  status: v.optional(v.picklist(INTERVENTION_STATUSES, 'must be "planned", "active" or "ended"')),
  decidedWeek: v.optional(Week),
};

const endNotBeforeStart = (i: { plannedStart?: string | undefined; plannedEnd?: string | null | undefined }) =>
  !i.plannedStart || !i.plannedEnd || i.plannedEnd >= i.plannedStart;

/** POST /interventions. Omitted: status "planned", decidedWeek = the current week. */
export const InterventionCreateSchema = v.pipe(
  v.object(fields),
  v.forward(
    v.partialCheck([['categories'], ['observationIds']], (i) => (i.categories?.length ?? 0) + (i.observationIds?.length ?? 0) > 0, 'name the problem: give at least one indicator, or link at least one observation (observationIds)'),
    ['categories'],
  ),
  v.forward(v.partialCheck([['plannedStart'], ['plannedEnd']], endNotBeforeStart, 'must not be before plannedStart'), ['plannedEnd']),
);
export type InterventionCreate = v.InferOutput<typeof InterventionCreateSchema>;

/**
 * PATCH /interventions/:id: any subset of the fields, plus the `version` the
 * edit was based on (optimistic concurrency: a stale version is a 409).
 * `placeId: null` and `plannedEnd: null` clear them.
 */
export const InterventionPatchSchema = v.object({
  version: v.pipe(v.number('must be the version number you edited'), v.integer('must be an integer'), v.minValue(1, 'must be at least 1')),
  areaId: v.optional(fields.areaId),
  placeId: fields.placeId,
  problem: fields.problem,
  categories: fields.categories,
  observationIds: fields.observationIds,
  action: v.optional(fields.action),
  organisation: v.optional(fields.organisation),
  term: v.optional(fields.term),
  plannedStart: v.optional(fields.plannedStart),
  plannedEnd: fields.plannedEnd,
  status: fields.status,
  decidedWeek: fields.decidedWeek,
});
export type InterventionPatch = v.InferOutput<typeof InterventionPatchSchema>;

/** POST /interventions/:id/followups. Omitted week = the current week. */
export const FollowUpCreateSchema = v.object({
  week: v.optional(Week),
  carriedOut: v.picklist(CARRIED_OUT, 'must be "yes", "partly" or "no"'),
  carriedOutNote: v.optional(Text(MAX_TEXT)),
  outcome: v.picklist(OUTCOMES, 'must be "better", "unchanged" or "worse"'),
  outcomeNote: v.optional(Text(MAX_TEXT)),
  decision: v.picklist(DECISIONS, 'must be "continue", "expand", "change" or "end"'),
  decisionNote: v.optional(Text(MAX_TEXT)),
});
export type FollowUpCreate = v.InferOutput<typeof FollowUpCreateSchema>;

/** Free-text fields checked by the personal-data guard. */
export const INTERVENTION_TEXT_FIELDS = ['problem', 'action', 'organisation'] as const;
export const FOLLOWUP_TEXT_FIELDS = ['carriedOutNote', 'outcomeNote', 'decisionNote'] as const;

export interface PersonalDataField {
  field: string;
  kind: PersonalDataKind;
}

/** The free-text fields of a body that contain personal data (client: warn; server: refuse). */
export function personalDataFields(body: Record<string, unknown>, names: readonly string[]): PersonalDataField[] {
  const out: PersonalDataField[] = [];
  for (const field of names) {
    const text = body[field];
    if (typeof text !== 'string') continue;
    const found = findPersonalData(text)[0];
    if (found) out.push({ field, kind: found.kind });
  }
  return out;
}

// --- response shapes -----------------------------------------------------------

/** Counts of one window (see BEFORE_AFTER_WEEKS). */
export interface CountWindow {
  from: IsoWeek;
  to: IsoWeek;
  weeks: number;
  /** Observations of the intervention's indicators in its area. */
  count: number;
  perWeek: number;
  /** All observations in the area (any indicator). */
  all: number;
  allPerWeek: number;
  /** Observations of the intervention's indicators at its place; null without a place. */
  place: number | null;
}

export interface BeforeAfter {
  /** The indicators counted: the intervention's own plus those of linked observations; all eight when none. */
  categories: IndicatorKey[];
  startWeek: IsoWeek;
  endWeek: IsoWeek | null;
  asOf: IsoWeek;
  before: CountWindow;
  /** Null while the intervention has not started (asOf before the start week). */
  after: CountWindow | null;
  during: CountWindow | null;
  /** Relative change of the per-week rate, after vs before (2 decimals); null when before is 0 or no after. */
  change: number | null;
  /** Direction of the counts (not a verdict): fewer / unchanged (within ±10 %) / more. */
  direction: 'fewer' | 'unchanged' | 'more' | null;
}

export interface FollowUp {
  id: string;
  interventionId: string;
  week: IsoWeek;
  carriedOut: CarriedOut;
  carriedOutNote: string | null;
  outcome: Outcome;
  outcomeNote: string | null;
  decision: Decision;
  decisionNote: string | null;
  /** The counts as they were shown when the follow-up was recorded. */
  counts: BeforeAfter;
  createdAt: string;
  createdBy: string | null;
}

export interface Intervention {
  id: string;
  area: { id: string; name: string };
  place: { id: string; name: string } | null;
  problem: string | null;
  categories: IndicatorKey[];
  observationIds: string[];
  action: string;
  organisation: string;
  term: InterventionTerm;
  plannedStart: string;
  plannedEnd: string | null;
  status: InterventionStatus;
  decidedWeek: IsoWeek;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Oldest first. */
  followUps: FollowUp[];
}

/** GET /interventions/:id adds the counts as of today. */
export interface InterventionDetail extends Intervention {
  beforeAfter: BeforeAfter;
}
