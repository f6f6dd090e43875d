/**
 * The weekly compiled picture (samlad lägesbild – veckoutskick), DOMAIN.md
 * "The compiled picture": shapes of the draft and of a published picture,
 * shared by server and client. Pure; no I/O.
 *
 * A draft has two parts:
 * - `content`: the template's fields, every text editable by the coordinators.
 *   Prefilled with *facts* from the week's data (figures, lists), never with
 *   generated prose; the coordinators write the assessment.
 * - `facts`: the figures the prefill came from, kept beside the text so a reader
 *   (and fact-checking from outside, DOMAIN.md "Law and integrity") can see what
 *   the data said. Not editable; refreshed from the data.
 */
import type { Category } from './indicators';
import type { TimeOfDay } from './schemas';
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

/** The template, field by field (DOMAIN.md). */
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
  byCategory: { category: Category; count: number; previous: number }[];
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
  byCategory: { category: Category; stats: CountStats }[];
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
}

/** The mandatory footer (DOMAIN.md): general picture, no spreading, no individuals. */
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
