/**
 * The weekly compiled picture (samlad lägesbild – veckoutskick), docs/domain.md
 * "The compiled picture": shapes of the draft and of a published picture,
 * shared by server and client. Pure; no I/O.
 *
 * A draft has two parts:
 * - `content`: the template's fields, every text editable by the coordinators.
 *   Prefilled with *facts* from the week's data (figures, lists), never with
 *   generated prose; the coordinators write the assessment.
 * - `facts`: the figures the prefill came from, kept beside the text so a reader
 *   (and fact-checking from outside, docs/domain.md "The law and the no-personal-data rule") can see what
 *   the data said. Not editable; refreshed from the data.
 */
import * as v from 'valibot';
import type { IndicatorKey } from './indicators';
import { safeText, type TimeOfDay } from './schemas';
import type { CountStats, TimeSplit } from './weekview';
import type { IsoWeek } from './weeks';

/** VERKSAMHETER PÅ FÄLTET UNDER HELGEN: one row of the table. */
export interface FieldActivityRow {
  organisation: string;
  area: string;
  /** e.g. "fre–lör 21–03" */
  when: string;
  /** What it works against (prioritering). */
  priority: string;
}

export interface PrioritisedAreaContent {
  areaId: string;
  areaName: string;
  /** 1–3 */
  priority: number;
  /** Lägesbild for the area. */
  situation: string;
  /** Insatser to carry out. */
  interventions: string;
}

/** The template, field by field (docs/domain.md). */
export interface PictureContent {
  /** DATUM, "yymmdd". */
  date: string;
  /** VÄDER I HELGEN (typed). */
  weekendWeather: string;
  /** VIKTIG INFORMATION (typed: the wider world, holidays, school breaks). */
  importantInformation: string;
  /** OM TRYGGHETSLÄGET I KOMMUNEN. */
  overallSituation: string;
  /** PRIORITERADE OMRÅDEN, Område 1–3. */
  prioritisedAreas: PrioritisedAreaContent[];
  /** ÖVRIGA OMRÅDEN. */
  otherAreas: string;
  /** ARRANGEMANG. */
  events: string;
  /** VERKSAMHETER PÅ FÄLTET UNDER HELGEN. */
  fieldActivities: FieldActivityRow[];
}

/** Every free-text field of a content, with a path for error messages (the guard runs over these). */
export function contentTexts(c: PictureContent): { path: string; text: string }[] {
  return [
    { path: 'date', text: c.date },
    { path: 'weekendWeather', text: c.weekendWeather },
    { path: 'importantInformation', text: c.importantInformation },
    { path: 'overallSituation', text: c.overallSituation },
    ...c.prioritisedAreas.flatMap((a, i) => [
      { path: `prioritisedAreas[${i}].situation`, text: a.situation },
      { path: `prioritisedAreas[${i}].interventions`, text: a.interventions },
    ]),
    { path: 'otherAreas', text: c.otherAreas },
    { path: 'events', text: c.events },
    ...c.fieldActivities.flatMap((r, i) =>
      (['organisation', 'area', 'when', 'priority'] as const).map((k) => ({ path: `fieldActivities[${i}].${k}`, text: r[k] })),
    ),
  ];
}

export interface AreaFacts {
  areaId: string;
  areaName: string;
  priority: number | null;
  total: CountStats;
  /** Indicators with observations this week, most first. */
  byCategory: { category: IndicatorKey; count: number; previous: number }[];
  /** Observations marked "persists" (the problem remains). */
  persisting: number;
  timeOfDay: TimeSplit;
  /** Recurring places in the area (≥ 3 of the last 4 weeks). */
  recurringPlaces: { placeId: string; placeName: string; weeks: number }[];
}

export interface EventFact {
  observationId: string;
  areaName: string;
  placeName: string | null;
  occurredOn: string | null;
  timeOfDay: TimeOfDay;
  note: string | null;
  organisation: string;
}

export interface PictureFacts {
  week: IsoWeek;
  reports: { total: number; calm: number; observations: number };
  total: CountStats;
  byCategory: { category: IndicatorKey; stats: CountStats }[];
  timeOfDay: TimeSplit;
  prioritisedAreas: AreaFacts[];
  /** Other areas with observations this week, most first. */
  otherAreas: AreaFacts[];
  events: EventFact[];
}

export interface PictureDraft {
  week: IsoWeek;
  /** Optimistic concurrency: a save must name the version it was based on. */
  version: number;
  content: PictureContent;
  facts: PictureFacts;
  updatedAt: string | null;
}

export interface PublishedPicture {
  week: IsoWeek;
  /** Diarienummer, e.g. "EST-2026-48"; the same for every version of the week. */
  registerNumber: string;
  /** 1 when first published; a correction publishes the next version. */
  version: number;
  content: PictureContent;
  facts: PictureFacts;
  publishedAt: string;
  footer: string;
  /** Set when an admin withdrew this version: it is no longer shown or sent anywhere. */
  withdrawn: PictureWithdrawal | null;
}

/**
 * A published version taken back by an admin (a mistake that must not be read or sent
 * on). The row stays in the archive (allmän handling); the latest version that is not
 * withdrawn is shown instead.
 */
export interface PictureWithdrawal {
  at: string;
  reason: string;
}

/** The mandatory footer (docs/domain.md): general picture, no spreading, no individuals. */
export const PICTURE_FOOTER_SV =
  'Lägesbilden är generell och bygger på rapporter från de samverkande organisationerna. ' +
  'Organisationerna kan ha mer information som inte kan spridas här, och varje organisation kan komplettera ' +
  'med egen intern information. Sprid den inte vidare utöver dem som berörs. ' +
  'Lägesbilden pekar inte ut enskilda personer eller grupper.';

/** "EST-2026-48" from prefix and ISO week; the ISO week-year, not the calendar year. */
export function registerNumber(prefix: string, week: IsoWeek): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new Error(`Invalid ISO week: ${JSON.stringify(week)}`);
  return `${prefix}-${m[1]}-${m[2]}`;
}

// ---- wire shapes (valibot): the server validates every body with these -------

/** Longest text field of a picture (a whole section). */
export const MAX_PICTURE_TEXT = 20_000;
const Text = (max = MAX_PICTURE_TEXT) =>
  v.pipe(safeText('must be text'), v.maxLength(max, `must be at most ${max} characters`));
const ShortText = Text(200);

export const FieldActivityRowSchema = v.object({
  organisation: ShortText,
  area: ShortText,
  when: ShortText,
  priority: Text(1000),
});

export const PrioritisedAreaContentSchema = v.object({
  areaId: v.pipe(v.string('must be an id'), v.maxLength(64, 'is too long')),
  areaName: ShortText,
  priority: v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1, 'must be 1–3'), v.maxValue(9, 'must be at most 9')),
  situation: Text(),
  interventions: Text(),
});

export const PictureContentSchema = v.object({
  date: v.pipe(v.string('must be text'), v.regex(/^\d{6}$/, 'must be a date written yymmdd, e.g. 261126')),
  weekendWeather: Text(500),
  importantInformation: Text(),
  overallSituation: Text(),
  prioritisedAreas: v.pipe(v.array(PrioritisedAreaContentSchema, 'must be a list'), v.maxLength(10, 'may have at most 10 areas')),
  otherAreas: Text(),
  events: Text(),
  fieldActivities: v.pipe(v.array(FieldActivityRowSchema, 'must be a list'), v.maxLength(100, 'may have at most 100 rows')),
});

const Version = v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1, 'must be 1 or more'));

/** PUT /pictures/drafts/:week – autosave over the version the editor loaded. */
export const DraftSaveSchema = v.object({ version: Version, content: PictureContentSchema });
/** POST /pictures/drafts/:week/publish – publish the draft as it is at `version`. */
export const PublishSchema = v.object({ version: Version });

/** 200 of a draft save. */
export interface DraftSaved {
  week: IsoWeek;
  version: number;
  updatedAt: string;
}

/** 409 of a save or publish over a stale version: the current draft, so the editor can show what changed. */
export interface DraftConflict {
  error: string;
  code: 'draft_conflict';
  current: PictureDraft;
}

/** 422 of a publish blocked by the personal-data guard: where, and what kind, never the text. */
export interface PublishBlocked {
  error: string;
  code: 'personal_data';
  findings: { path: string; kind: string; start: number; end: number }[];
}

export interface PublishedSummary {
  week: IsoWeek;
  registerNumber: string;
  version: number;
  publishedAt: string;
  withdrawn: PictureWithdrawal | null;
}

/** POST /pictures/:week/:version/withdraw – why the version is taken back (kept in the audit log). */
export const WithdrawSchema = v.object({
  reason: v.pipe(safeText('reason: must be text'), v.trim(), v.minLength(3, 'reason: say why (at least 3 characters)'), v.maxLength(500, 'reason: at most 500 characters')),
});

/** 422 of a draft save refused by the personal-data guard: nothing of the draft was stored. */
export type DraftBlocked = PublishBlocked;
