/**
 * The statutory lägesbild (SFS 2023:196, lag om kommuners ansvar för
 * brottsförebyggande arbete): for a year, one document structured after the
 * law – (1) crime: extent and character per area and category from the
 * sources' figures, and trends; (2) other relevant information: the EST
 * indicators, recurring places, time of day, participation and coverage;
 * (3) analysis: the coordinators' text per section; (4) input to the
 * åtgärdsplan: the interventions with the problem each addressed, what was
 * done, the before/after follow-up and the decision.
 *
 * Every number is taken from the year review (YearReview) and the sources'
 * series (FigureSeries) of the same data: the document recomputes nothing.
 * Response shapes and the texts' schema; pure.
 */
import * as v from 'valibot';
import type { IndicatorKey } from './indicators';
import type { FigureSourceSeries } from './figures';
import type { YearIntervention, YearReview } from './followup';
import type { TimeOfDay } from './schemas';
import type { IsoWeek } from './weeks';

export const LAGESBILD_SECTIONS = ['crime', 'other', 'analysis', 'actionPlan'] as const;
export type LagesbildSection = (typeof LAGESBILD_SECTIONS)[number];
export type LagesbildTexts = Record<LagesbildSection, string>;

export const MAX_LAGESBILD_TEXT = 20_000;
const Text = v.pipe(v.string('must be text'), v.maxLength(MAX_LAGESBILD_TEXT, `must be at most ${MAX_LAGESBILD_TEXT} characters`));

/** PUT /lagesbild/:year/texts – saved with the version it was read at (0 = never saved). */
export const LagesbildTextsSaveSchema = v.object({
  version: v.pipe(v.number('must be the version you edited'), v.integer('must be a whole number'), v.minValue(0, 'must be 0 or more')),
  texts: v.object({ crime: Text, other: Text, analysis: Text, actionPlan: Text }),
});
export type LagesbildTextsSave = v.InferOutput<typeof LagesbildTextsSaveSchema>;

export interface LagesbildTextsState {
  /** 0 until first saved. */
  version: number;
  updatedAt: string | null;
  values: LagesbildTexts;
  /** The facts written out as sentences, to start from or compare with. */
  prefill: LagesbildTexts;
}

export interface LagesbildPeriodFacts {
  period: string;
  label: string;
  first: IsoWeek;
  last: IsoWeek;
  /** Areas whose reports came from covering functions in fewer than half the weeks, or from none. */
  lowCoverage: string[];
  noCoverage: string[];
  participation: { functions: number; reporting: number; reports: number; calm: number; rate: number | null };
  recurringPlaces: { areaName: string; placeName: string; weeks: number; count: number; categories: IndicatorKey[] }[];
  timeOfDay: Record<TimeOfDay, number>;
  prioritisedAreas: string[];
}

export interface LagesbildSourceFacts extends FigureSourceSeries {
  /** The source's total per period of the year (from its weekly series). */
  byPeriod: { period: string; label: string; count: number }[];
}

export interface LagesbildIntervention {
  id: string;
  area: string;
  place: string | null;
  /** Why it was put in: the problem text and its indicators. */
  problem: string | null;
  categories: IndicatorKey[];
  /** What was done, and by which organisation. */
  action: string;
  organisation: string;
  term: YearIntervention['term'];
  plannedStart: string;
  plannedEnd: string | null;
  status: YearIntervention['status'];
  beforeAfter: YearIntervention['beforeAfter'];
  /** The latest follow-up, or null. */
  followUp: { week: IsoWeek; carriedOut: string; outcome: string; decision: string; note: string | null } | null;
}

export interface LagesbildDocument {
  year: number;
  /** `over`: the weeks counted (those that are over, as in the year review). */
  weeks: { first: IsoWeek; last: IsoWeek; count: number; over: number };
  asOf: IsoWeek;
  /** (1) Crime from the sources. */
  crime: { sources: LagesbildSourceFacts[] };
  /** (2) Other relevant information, from the informants' reports. */
  other: {
    indicators: YearReview['totals']['byCategory'];
    total: { count: number; previousYear: number };
    areas: { id: string; name: string; total: number; previousYearTotal: number; byCategory: Record<IndicatorKey, number> }[];
    timeOfDay: Record<TimeOfDay, number>;
    reports: { total: number; calm: number; weeksWithReports: number };
    periods: LagesbildPeriodFacts[];
  };
  /** (3) The coordinators' analysis. */
  texts: LagesbildTextsState;
  /** (4) Input to the åtgärdsplan. */
  actionPlan: { interventions: LagesbildIntervention[]; summary: YearReview['summary'] };
}
