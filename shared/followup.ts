/**
 * The follow-up rhythms above the week (docs/domain.md "Periods and the year": kvartalsuppföljning and
 * årsuppföljning): the configured period, and the response shapes of the
 * period analysis, the priorities decision and the year review.
 *
 * ## The period
 * Örebro works in quarters (three months), others (Kumla, Uppsala) in tertials
 * (four months). The configured kind is a deployment setting; "quarter" in the
 * code and the issue means "the configured period".
 *
 * A period is written "2026-Q4" (quarter 4 of 2026) or "2026-T3" (tertial 3);
 * the letter says the kind, so an id is self-describing. Both are fixed width,
 * so ids of one kind sort chronologically as strings.
 *
 * **Weeks, not days.** Everything in EST is counted per ISO week, so a period is
 * a run of whole ISO weeks. A week that straddles a period boundary belongs to
 * the period that holds its **Thursday** – the rule ISO 8601 uses for years. So
 *  - every week belongs to exactly one period, and the periods of a year tile
 *    the ISO week-year exactly: Q1 starts with week 1 and the last period ends
 *    with week 52 or 53 (the Thursday's calendar year *is* the ISO week-year);
 *  - a period has as many weeks as it has Thursdays: a quarter 12–14 (Q1 of a
 *    common year may have 12), a tertial 17 or 18. Comparisons between periods
 *    therefore use per-week rates.
 *
 * Pure TypeScript, no I/O: runs in the browser and in Node.
 */
import * as v from 'valibot';
import type { IndicatorKey } from './indicators';
import type { BeforeAfter, Intervention } from './interventions';
import type { TimeOfDay } from './schemas';
import { addWeeks, formatWeek, mondayOf, weekOfDate, weekRange, weeksInYear, type IsoWeek } from './weeks';

export const PERIOD_KINDS = ['quarter', 'tertial'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** "2026-Q4" or "2026-T3". */
export type PeriodId = string;

export interface Period {
  kind: PeriodKind;
  year: number;
  /** 1–4 for quarters, 1–3 for tertials. */
  index: number;
}

const MONTHS: Record<PeriodKind, number> = { quarter: 3, tertial: 4 };
const LETTER: Record<PeriodKind, 'Q' | 'T'> = { quarter: 'Q', tertial: 'T' };
const PERIOD_RE = /^(\d{4})-([QT])(\d)$/;

/** Periods per year: 4 quarters, 3 tertials. */
export function periodsPerYear(kind: PeriodKind): number {
  return 12 / MONTHS[kind];
}

export function isPeriodKind(s: unknown): s is PeriodKind {
  return s === 'quarter' || s === 'tertial';
}

/** Strict parse of "YYYY-Qn" / "YYYY-Tn"; null for anything else (also "2026-Q5", "2026-T4"). */
export function parsePeriod(s: string): Period | null {
  if (typeof s !== 'string') return null;
  const m = PERIOD_RE.exec(s);
  if (!m) return null;
  const kind: PeriodKind = m[2] === 'Q' ? 'quarter' : 'tertial';
  const year = Number(m[1]);
  const index = Number(m[3]);
  if (index < 1 || index > periodsPerYear(kind) || year < 1) return null;
  return { kind, year, index };
}

function requirePeriod(p: PeriodId | Period): Period {
  if (typeof p !== 'string') return p;
  const parsed = parsePeriod(p);
  if (!parsed) throw new Error(`Invalid period: ${JSON.stringify(p)} (expected e.g. "2026-Q4" or "2026-T3")`);
  return parsed;
}

export function formatPeriod(p: Period): PeriodId {
  return `${String(p.year).padStart(4, '0')}-${LETTER[p.kind]}${p.index}`;
}

/** The period of kind `kind` holding a civil date "YYYY-MM-DD" (by the date itself). */
export function periodOfDate(date: string, kind: PeriodKind): PeriodId {
  weekOfDate(date); // validates the date
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return formatPeriod({ kind, year, index: Math.floor((month - 1) / MONTHS[kind]) + 1 });
}

/** "YYYY-MM-DD" of the Thursday of a week. */
export function thursdayOf(week: IsoWeek): string {
  const d = new Date(`${mondayOf(week)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 3);
  return d.toISOString().slice(0, 10);
}

/** The period a week belongs to: the one holding its Thursday. */
export function periodOfWeek(week: IsoWeek, kind: PeriodKind): PeriodId {
  return periodOfDate(thursdayOf(week), kind);
}

/** First and last civil day of the period (calendar months), e.g. 2026-10-01 … 2026-12-31. */
export function periodDates(period: PeriodId | Period): { first: string; last: string } {
  const p = requirePeriod(period);
  const firstMonth = (p.index - 1) * MONTHS[p.kind] + 1;
  const lastMonth = firstMonth + MONTHS[p.kind] - 1;
  const lastDay = new Date(Date.UTC(p.year, lastMonth, 0)).getUTCDate();
  const y = String(p.year).padStart(4, '0');
  return {
    first: `${y}-${String(firstMonth).padStart(2, '0')}-01`,
    last: `${y}-${String(lastMonth).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`,
  };
}

/** First week of the period: the week of the first Thursday on or after its first day. */
function firstWeekOf(p: Period): IsoWeek {
  const { first } = periodDates(p);
  const week = weekOfDate(first);
  return thursdayOf(week) >= first ? week : addWeeks(week, 1);
}

/** First and last ISO week of the period (inclusive) and their count. */
export function periodWeeks(period: PeriodId | Period): { first: IsoWeek; last: IsoWeek; count: number } {
  const p = requirePeriod(period);
  const first = firstWeekOf(p);
  const last = addWeeks(firstWeekOf(requirePeriod(addPeriods(formatPeriod(p), 1))), -1);
  return { first, last, count: weekRange(first, last).length };
}

/** All weeks of the period, ascending. */
export function periodWeekList(period: PeriodId | Period): IsoWeek[] {
  const { first, last } = periodWeeks(period);
  return weekRange(first, last);
}

/** period + n periods of the same kind (n may be negative). */
export function addPeriods(period: PeriodId, n: number): PeriodId {
  const p = requirePeriod(period);
  if (!Number.isSafeInteger(n)) throw new Error(`addPeriods: n must be an integer, got ${String(n)}`);
  const per = periodsPerYear(p.kind);
  const flat = p.year * per + (p.index - 1) + n;
  return formatPeriod({ kind: p.kind, year: Math.floor(flat / per), index: (flat % per) + 1 });
}

export const previousPeriod = (p: PeriodId): PeriodId => addPeriods(p, -1);
export const nextPeriod = (p: PeriodId): PeriodId => addPeriods(p, 1);

/** The periods of a year, in order. */
export function periodsOfYear(year: number, kind: PeriodKind): PeriodId[] {
  return Array.from({ length: periodsPerYear(kind) }, (_, i) => formatPeriod({ kind, year, index: i + 1 }));
}

/**
 * Labels: en "Q4 2026" / "T3 2026"; sv "kvartal 4 2026" / "tertial 3 2026".
 * (Capitalise at the start of a sentence in the UI.)
 */
export function periodLabel(period: PeriodId, lang: 'sv' | 'en' = 'sv'): string {
  const p = requirePeriod(period);
  if (lang === 'en') return `${LETTER[p.kind]}${p.index} ${p.year}`;
  return `${p.kind === 'quarter' ? 'kvartal' : 'tertial'} ${p.index} ${p.year}`;
}

/** The weeks of an ISO week-year: W01 … W52/53 (the periods of the year tile exactly these). */
export function yearWeeks(year: number): { first: IsoWeek; last: IsoWeek; count: number } {
  const count = weeksInYear(year);
  return { first: formatWeek(year, 1), last: formatWeek(year, count), count };
}

// --- quarter (period) analysis -------------------------------------------------

/** A place is recurring in a period when reported in at least this share of its weeks. */
export const PERIOD_RECURRING_SHARE = 1 / 3;
/** An area with reports from covering functions in fewer than this share of the weeks has low coverage. */
export const LOW_COVERAGE_SHARE = 0.5;
/** Relative change of the per-week rate that counts as a trend (below it: "flat"). */
export const TREND_THRESHOLD = 0.1;

export type Trend = 'up' | 'down' | 'flat' | 'new' | 'unknown';

/**
 * Coverage of an area over the period.
 *  - `none`: no informant function covers the area and nobody reported anything there;
 *  - `silent`: functions cover it, but none of them filed any report (not even a calm one) and no observation came in;
 *  - `low`: reported on in fewer than LOW_COVERAGE_SHARE of the weeks;
 *  - `covered`.
 * `none` and `silent` areas are **not ranked**: zero reports there means "we do not know", not "calm".
 */
export type CoverageStatus = 'none' | 'silent' | 'low' | 'covered';

export interface AreaCoverage {
  status: CoverageStatus;
  /** Functions linked to the area (function_areas, as configured today). */
  functions: number;
  /** Of those, functions that filed at least one report (calm or not) in the period. */
  reportingFunctions: number;
  /** Weeks with a report from a covering function or an observation in the area. */
  coveredWeeks: number;
  /** coveredWeeks / weeks of the period (2 decimals). */
  share: number;
}

export interface PeriodCount {
  count: number;
  /** Observations per week (2 decimals). */
  perWeek: number;
  previous: number;
  previousPerWeek: number;
  /** count − previous. */
  delta: number;
  /** Relative change of the per-week rate, (now − before) / before (2 decimals); null when before is 0. */
  change: number | null;
  trend: Trend;
  /** 1 = most observations (competition ranking) among areas with coverage; null without coverage (and, per indicator, with 0). */
  rank: number | null;
}

export interface PeriodRecurringPlace {
  placeId: string;
  placeName: string;
  /** Weeks of the period in which the place was reported. */
  weeks: number;
  count: number;
  /** Indicators reported there, most frequent first. */
  categories: IndicatorKey[];
}

export interface PeriodArea {
  id: string;
  name: string;
  /** Position (1–3) among the priorities that governed the analysed period; null if not prioritised. */
  priority: number | null;
  total: PeriodCount;
  byCategory: Record<IndicatorKey, PeriodCount>;
  timeOfDay: Record<TimeOfDay, number>;
  /** Observations per week of the period (aligned with PeriodAnalysis.weeks). */
  weekly: number[];
  recurringPlaces: PeriodRecurringPlace[];
  coverage: AreaCoverage;
  /** True for `none` and `silent`: show "no coverage", never "calm". */
  noCoverage: boolean;
}

/** GET /periods/:period/priorities: null while none are decided for the period (an expected state, not an error). */
export interface PrioritiesState {
  priorities: StoredPriorities | null;
}

export interface StoredPriorities {
  period: PeriodId;
  areaIds: string[];
  rationale: string;
  decidedAt: string;
  decidedBy: string | null;
  version: number;
}

export interface PeriodAnalysis {
  period: PeriodId;
  label: { sv: string; en: string };
  weeks: IsoWeek[];
  previous: { period: PeriodId; first: IsoWeek; last: IsoWeek; weeks: number };
  categories: IndicatorKey[];
  /** Areas in ranking order (by observations, covered areas first), then areas without coverage by name. */
  areas: PeriodArea[];
  /** Area ids ranked per indicator (areas with coverage and at least one observation). */
  rankings: { all: string[]; byCategory: Record<IndicatorKey, string[]> };
  /** Area ids flagged "no coverage" (`none` or `silent`). */
  noCoverage: string[];
  totals: { total: PeriodCount; byCategory: Record<IndicatorKey, PeriodCount>; timeOfDay: Record<TimeOfDay, number>; weekly: number[] };
  participation: {
    /** Functions that existed during the period. */
    functions: number;
    /** Of those, functions with at least one report. */
    reporting: number;
    reports: number;
    calm: number;
    /** reports / (functions × weeks) (2 decimals); null when no function. */
    rate: number | null;
  };
  /** The priorities that governed the analysed period (if decided), and the decision for the next one. */
  priorities: { current: StoredPriorities | null; next: StoredPriorities | null };
}

// --- year review ---------------------------------------------------------------

export interface YearSeries {
  /**
   * Per week of the year that is over: aligned with YearReview.weeks, the first
   * `weeksOver` of them (a running or future week has no value yet, not a zero).
   */
  total: number[];
  byCategory: Record<IndicatorKey, number[]>;
}

export interface YearAreaReview {
  id: string;
  name: string;
  total: number;
  previousYearTotal: number;
  byCategory: Record<IndicatorKey, number>;
  series: YearSeries;
  /** Interventions of the year in the area (ids, see YearReview.interventions). */
  interventionIds: string[];
}

export interface YearIntervention extends Intervention {
  /** The indicators counted (own + linked observations'; all eight when none). */
  countedCategories: IndicatorKey[];
  /** Counts in its area (and place) before and after its start, as of the review. */
  beforeAfter: BeforeAfter;
}

export interface YearPeriod {
  period: PeriodId;
  label: { sv: string; en: string };
  first: IsoWeek;
  last: IsoWeek;
  /** The priorities decided for the period (null if none were). */
  priorities: { areaIds: string[]; rationale: string } | null;
}

export interface YearReview {
  year: number;
  /** Weeks of the ISO week-year: the x axis of every series. */
  weeks: IsoWeek[];
  /** How many of `weeks` are over; the series, totals and participation cover these. */
  weeksOver: number;
  /** The year's week that is running now (counted once it is over), or null. */
  inProgress: IsoWeek | null;
  /** Counts are as of this week (the current week for a running year). */
  asOf: IsoWeek;
  categories: IndicatorKey[];
  totals: {
    total: number;
    previousYear: number;
    byCategory: Record<IndicatorKey, { count: number; previousYear: number }>;
    series: YearSeries;
    /** Reports received per week that is over, and of those calm (participation over the year). */
    reports: number[];
    calm: number[];
  };
  /** By total, most observations first. */
  areas: YearAreaReview[];
  periods: YearPeriod[];
  /** Interventions whose planned run overlaps the year, by start. */
  interventions: YearIntervention[];
  summary: {
    interventions: number;
    byStatus: Record<'planned' | 'active' | 'ended', number>;
    byTerm: Record<'short' | 'long', number>;
    /** By the outcome of the latest follow-up; notFollowedUp when none. */
    byOutcome: Record<'better' | 'unchanged' | 'worse' | 'notFollowedUp', number>;
    /** By the latest decision. */
    byDecision: Record<'continue' | 'expand' | 'change' | 'end' | 'none', number>;
    /** By the direction of the counts (after vs before); none when not started or no data. */
    byDirection: Record<'fewer' | 'unchanged' | 'more' | 'none', number>;
  };
}

// --- priorities decision ---------------------------------------------------------

/** The method prioritises three areas per period (fewer only where fewer areas exist). */
export const PRIORITISED_AREAS = 3;
export const MAX_RATIONALE = 2000;

/** PUT /periods/:period/priorities */
export const PrioritiesSchema = v.object({
  areaIds: v.pipe(
    v.array(v.pipe(v.string('must be an area id'), v.minLength(1, 'must not be empty'), v.maxLength(64, 'is too long')), 'must be a list of area ids'),
    v.minLength(1, `must name ${PRIORITISED_AREAS} areas`),
    v.maxLength(PRIORITISED_AREAS, `must name at most ${PRIORITISED_AREAS} areas`),
    v.check((l) => new Set(l).size === l.length, 'names an area twice'),
  ),
  rationale: v.pipe(
    v.string('must be text'),
    v.trim(),
    v.minLength(1, 'must not be empty: say why these areas'),
    v.maxLength(MAX_RATIONALE, `must be at most ${MAX_RATIONALE} characters`),
  ),
});
export type PrioritiesInput = v.InferOutput<typeof PrioritiesSchema>;

/** GET /api/v1/periods/:period – a period and its neighbours. */
export interface PeriodInfo {
  period: PeriodId;
  kind: PeriodKind;
  label: { sv: string; en: string };
  first: IsoWeek;
  last: IsoWeek;
  weeks: number;
  previous: PeriodId;
  next: PeriodId;
}
