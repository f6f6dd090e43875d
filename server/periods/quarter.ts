/**
 * The period (quarter/tertial) analysis for choosing the next three prioritised
 * areas (docs/domain.md "Periods and the year"; handbook "Kvartalsuppföljning": which areas get the
 * most reports, where/when/how, patterns, recurring places). Pure: no I/O, no
 * clock; the store (store.ts) loads exactly these rows.
 *
 * Coverage first: an area where nobody reports (no function covers it, or none
 * of its functions filed any report – not even a calm one – and no observation
 * came in) is flagged "no coverage" and left out of the ranking. Zero there
 * means "we do not know", not "calm".
 */
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import {
  LOW_COVERAGE_SHARE,
  PERIOD_RECURRING_SHARE,
  TREND_THRESHOLD,
  periodLabel,
  periodWeekList,
  previousPeriod,
  type AreaCoverage,
  type CoverageStatus,
  type PeriodAnalysis,
  type PeriodArea,
  type PeriodCount,
  type PeriodId,
  type PeriodRecurringPlace,
  type StoredPriorities,
  type Trend,
} from '../../shared/followup';
import type { TimeOfDay } from '../../shared/schemas';
import { weekEnd, type IsoWeek } from '../../shared/weeks';
import type { AreaRow, CountRow, FunctionRow, FunctionWeekRow, PlaceRow, PlaceWeekRow } from '../weekview/compile';
import { byName, svCompare } from '../../shared/swedish-order';

export interface FunctionAreaRow {
  functionId: string;
  areaId: string;
}
export interface AreaTimeRow {
  areaId: string;
  timeOfDay: TimeOfDay;
  count: number;
}

export interface QuarterInput {
  period: PeriodId;
  areas: AreaRow[];
  places: PlaceRow[];
  functions: FunctionRow[];
  functionAreas: FunctionAreaRow[];
  /** Counts per week × area × indicator for the period's weeks; other weeks ignored. */
  counts: CountRow[];
  /** The same for the previous period's weeks. */
  previousCounts: CountRow[];
  /** Observations per area and time of day over the period. */
  timeOfDay: AreaTimeRow[];
  /** Place counts per week over the period. */
  placeWeeks: PlaceWeekRow[];
  /** Reports per function × week over the period, and over the previous period. */
  functionWeeks: FunctionWeekRow[];
  previousFunctionWeeks: FunctionWeekRow[];
  priorities: { current: StoredPriorities | null; next: StoredPriorities | null };
}

const round2 = (n: number): number => (Math.sign(n) * Math.round(Math.abs(n) * 100)) / 100 + 0;
const emptyTimes = (): Record<TimeOfDay, number> => ({ day: 0, evening: 0, night: 0, unknown: 0 });

/** Observations of one area (or of all, under ALL): in total and per indicator (aligned with INDICATOR_KEYS). */
interface Tally {
  total: number;
  byCategory: number[];
}
const ALL = '\u0000all';
const CATEGORY_INDEX = new Map<string, number>(INDICATOR_KEYS.map((c, i) => [c, i]));

function tallyOf(m: Map<string, Tally>, key: string): Tally {
  let t = m.get(key);
  if (!t) m.set(key, (t = { total: 0, byCategory: new Array<number>(INDICATOR_KEYS.length).fill(0) }));
  return t;
}
/** Adds a count to its area and to ALL (this runs once per counted row: no allocation). */
function add(m: Map<string, Tally>, areaId: string, category: string, n: number): void {
  const i = CATEGORY_INDEX.get(category);
  const area = tallyOf(m, areaId);
  const all = tallyOf(m, ALL);
  area.total += n;
  all.total += n;
  if (i === undefined) return; // an unknown indicator still counts in the total
  area.byCategory[i]! += n;
  all.byCategory[i]! += n;
}

/**
 * A set of a period's weeks by their index in the period (at most 53), as bits: the
 * coverage and the recurring places or sets together once per function, area and place,
 * and a bit set does that without allocating or hashing.
 */
type WeekBits = Uint32Array;
const weekBits = (weeks: number): WeekBits => new Uint32Array((weeks + 31) >>> 5);
function addWeek(bits: WeekBits, i: number): void {
  bits[i >>> 5]! |= 1 << (i & 31);
}
function addWeeks(into: WeekBits, from: WeekBits): void {
  for (let k = 0; k < into.length; k++) into[k]! |= from[k]!;
}
function weekCount(bits: WeekBits): number {
  let n = 0;
  for (let w of bits) {
    for (; w !== 0; n++) w &= w - 1; // clears the lowest set bit
  }
  return n;
}
/** The count of an area (or ALL): its total, or of one indicator. */
function tally(m: Map<string, Tally>, key: string, category?: IndicatorKey): number {
  const t = m.get(key);
  if (!t) return 0;
  return category === undefined ? t.total : t.byCategory[CATEGORY_INDEX.get(category)!]!;
}

/** Trend of a per-week rate against the previous period's. */
export function trendOf(now: number, before: number, known: boolean): { change: number | null; trend: Trend } {
  if (!known) return { change: null, trend: 'unknown' };
  if (before === 0) return { change: null, trend: now === 0 ? 'flat' : 'new' };
  const change = (now - before) / before;
  return { change: round2(change), trend: change > TREND_THRESHOLD ? 'up' : change < -TREND_THRESHOLD ? 'down' : 'flat' };
}

function periodCount(count: number, weeks: number, previous: number, previousWeeks: number, known: boolean): PeriodCount {
  const perWeek = weeks > 0 ? count / weeks : 0;
  const previousPerWeek = previousWeeks > 0 ? previous / previousWeeks : 0;
  return {
    count,
    perWeek: round2(perWeek),
    previous,
    previousPerWeek: round2(previousPerWeek),
    delta: count - previous,
    ...trendOf(perWeek, previousPerWeek, known),
    rank: null,
  };
}

/** Competition ranking (1, 2, 2, 4) by count, descending; returns id → rank. */
function rankBy(ids: string[], value: (id: string) => number): Map<string, number> {
  const sorted = [...ids].sort((a, b) => value(b) - value(a));
  const ranks = new Map<string, number>();
  sorted.forEach((id, i) => ranks.set(id, i > 0 && value(sorted[i - 1]!) === value(id) ? ranks.get(sorted[i - 1]!)! : i + 1));
  return ranks;
}

interface Coverage {
  coverage: AreaCoverage;
  known: boolean;
}

/** Coverage of every area over some weeks. */
function coverageOf(
  areas: AreaRow[],
  weeks: IsoWeek[],
  activeFunctions: Set<string>,
  functionAreas: FunctionAreaRow[],
  functionWeeks: FunctionWeekRow[],
  counts: CountRow[],
): Map<string, Coverage> {
  const index = new Map(weeks.map((w, i) => [w, i]));
  const fnWeeks = new Map<string, WeekBits>();
  for (const r of functionWeeks) {
    const i = index.get(r.week);
    if (i === undefined || r.reports <= 0) continue;
    let b = fnWeeks.get(r.functionId);
    if (!b) fnWeeks.set(r.functionId, (b = weekBits(weeks.length)));
    addWeek(b, i);
  }
  const areaFns = new Map<string, string[]>();
  for (const fa of functionAreas) {
    if (!activeFunctions.has(fa.functionId)) continue;
    const l = areaFns.get(fa.areaId);
    if (l) l.push(fa.functionId);
    else areaFns.set(fa.areaId, [fa.functionId]);
  }
  const obsWeeks = new Map<string, WeekBits>();
  for (const r of counts) {
    const i = index.get(r.week);
    if (i === undefined || r.count <= 0) continue;
    let b = obsWeeks.get(r.areaId);
    if (!b) obsWeeks.set(r.areaId, (b = weekBits(weeks.length)));
    addWeek(b, i);
  }
  const out = new Map<string, Coverage>();
  for (const a of areas) {
    const fns = areaFns.get(a.id) ?? [];
    const covered = weekBits(weeks.length);
    const observed = obsWeeks.get(a.id);
    if (observed) addWeeks(covered, observed);
    let reporting = 0;
    for (const f of fns) {
      const b = fnWeeks.get(f);
      if (!b) continue; // only weeks with a report got bits: a function here has at least one
      reporting++;
      addWeeks(covered, b);
    }
    const coveredWeeks = weekCount(covered);
    const share = weeks.length > 0 ? coveredWeeks / weeks.length : 0;
    let status: CoverageStatus;
    if (coveredWeeks === 0) status = fns.length === 0 ? 'none' : 'silent';
    else status = share < LOW_COVERAGE_SHARE ? 'low' : 'covered';
    out.set(a.id, {
      coverage: { status, functions: fns.length, reportingFunctions: reporting, coveredWeeks, share: round2(share) },
      known: coveredWeeks > 0,
    });
  }
  return out;
}

export function compileQuarter(input: QuarterInput): PeriodAnalysis {
  const { period } = input;
  const prev = previousPeriod(period);
  const weeks = periodWeekList(period);
  const prevWeeks = periodWeekList(prev);
  const weekIndex = new Map(weeks.map((w, i) => [w, i]));
  const inPrev = new Set(prevWeeks);
  const periodEnd = weekEnd(weeks[weeks.length - 1]!).toISOString();
  const prevEnd = weekEnd(prevWeeks[prevWeeks.length - 1]!).toISOString();

  // Functions that existed in the period (created before its end).
  const existedBy = (end: string) => new Set(input.functions.filter((f) => !f.createdAt || f.createdAt < end).map((f) => f.id));
  const active = existedBy(periodEnd);
  const prevActive = existedBy(prevEnd);

  const areas = [...input.areas];
  const known = new Set(areas.map((a) => a.id));
  for (const r of input.counts) {
    if (known.has(r.areaId)) continue;
    known.add(r.areaId);
    areas.push({ id: r.areaId, name: r.areaId }); // cannot happen with the FK; never drop a count
  }

  const periodCounts = input.counts.filter((r) => weekIndex.has(r.week));
  const previousCounts = input.previousCounts.filter((r) => inPrev.has(r.week));
  const coverage = coverageOf(areas, weeks, active, input.functionAreas, input.functionWeeks, periodCounts);
  const prevCoverage = coverageOf(areas, prevWeeks, prevActive, input.functionAreas, input.previousFunctionWeeks, previousCounts);

  // Counts per area (and over all areas, ALL): the total and one per indicator. One tally
  // object per area, not a string key per area × indicator: this loop sees every row.
  const now = new Map<string, Tally>();
  const before = new Map<string, Tally>();
  const weekly = new Map<string, number[]>();
  const allWeekly = new Array<number>(weeks.length).fill(0);
  for (const r of periodCounts) {
    add(now, r.areaId, r.category, r.count);
    let s = weekly.get(r.areaId);
    if (!s) weekly.set(r.areaId, (s = new Array<number>(weeks.length).fill(0)));
    const i = weekIndex.get(r.week)!;
    s[i]! += r.count;
    allWeekly[i]! += r.count;
  }
  for (const r of previousCounts) add(before, r.areaId, r.category, r.count);

  const times = new Map<string, Record<TimeOfDay, number>>();
  const allTimes = emptyTimes();
  for (const r of input.timeOfDay) {
    let t = times.get(r.areaId);
    if (!t) times.set(r.areaId, (t = emptyTimes()));
    t[r.timeOfDay] += r.count;
    allTimes[r.timeOfDay] += r.count;
  }

  // Recurring places: reported in at least a third of the period's weeks.
  const minWeeks = Math.max(1, Math.ceil(weeks.length * PERIOD_RECURRING_SHARE));
  const placeAcc = new Map<string, { weeks: WeekBits; count: number; cats: Map<IndicatorKey, number> }>();
  for (const r of input.placeWeeks) {
    const i = weekIndex.get(r.week);
    if (i === undefined) continue;
    let p = placeAcc.get(r.placeId);
    if (!p) placeAcc.set(r.placeId, (p = { weeks: weekBits(weeks.length), count: 0, cats: new Map() }));
    addWeek(p.weeks, i);
    p.count += r.count;
    p.cats.set(r.category, (p.cats.get(r.category) ?? 0) + r.count);
  }
  const recurring = new Map<string, PeriodRecurringPlace[]>();
  for (const pl of input.places) {
    const p = placeAcc.get(pl.id);
    const placeWeeks = p ? weekCount(p.weeks) : 0;
    if (!p || placeWeeks < minWeeks) continue;
    const list = recurring.get(pl.areaId) ?? [];
    list.push({
      placeId: pl.id,
      placeName: pl.name,
      weeks: placeWeeks,
      count: p.count,
      categories: [...p.cats].sort((a, b) => b[1] - a[1] || INDICATOR_KEYS.indexOf(a[0]) - INDICATOR_KEYS.indexOf(b[0])).map(([c]) => c),
    });
    recurring.set(pl.areaId, list);
  }

  const currentPriority = new Map<string, number>();
  for (const [i, id] of (input.priorities.current?.areaIds ?? []).entries()) currentPriority.set(id, i + 1);

  const result: PeriodArea[] = areas.map((a) => {
    const cov = coverage.get(a.id)!;
    const known = cov.known && prevCoverage.get(a.id)!.known;
    const byCategory = {} as Record<IndicatorKey, PeriodCount>;
    for (const c of INDICATOR_KEYS) {
      byCategory[c] = periodCount(tally(now, a.id, c), weeks.length, tally(before, a.id, c), prevWeeks.length, known);
    }
    return {
      id: a.id,
      name: a.name,
      priority: currentPriority.get(a.id) ?? null,
      total: periodCount(tally(now, a.id), weeks.length, tally(before, a.id), prevWeeks.length, known),
      byCategory,
      timeOfDay: times.get(a.id) ?? emptyTimes(),
      weekly: weekly.get(a.id) ?? new Array<number>(weeks.length).fill(0),
      recurringPlaces: (recurring.get(a.id) ?? []).sort((x, y) => y.weeks - x.weeks || y.count - x.count || svCompare(x.placeName, y.placeName)),
      coverage: cov.coverage,
      noCoverage: !cov.known,
    };
  });

  // Ranks among areas with coverage.
  const ranked = result.filter((a) => !a.noCoverage);
  const name = new Map(result.map((a) => [a.id, a.name]));
  const order = (ids: string[], value: (id: string) => number) =>
    [...ids].sort((x, y) => value(y) - value(x) || byName({ name: name.get(x)! }, { name: name.get(y)! }));
  const totalRank = rankBy(ranked.map((a) => a.id), (id) => tally(now, id));
  const byCategory = {} as Record<IndicatorKey, string[]>;
  for (const a of ranked) a.total.rank = totalRank.get(a.id)!;
  for (const c of INDICATOR_KEYS) {
    const value = (id: string) => tally(now, id, c);
    const withCount = ranked.filter((a) => value(a.id) > 0).map((a) => a.id);
    const ranks = rankBy(withCount, value);
    for (const a of ranked) a.byCategory[c].rank = ranks.get(a.id) ?? null;
    byCategory[c] = order(withCount, value);
  }
  const allOrder = order(ranked.map((a) => a.id), (id) => tally(now, id));
  const position = new Map(allOrder.map((id, i) => [id, i]));
  result.sort((x, y) => {
    if (x.noCoverage !== y.noCoverage) return x.noCoverage ? 1 : -1;
    if (!x.noCoverage) return position.get(x.id)! - position.get(y.id)!;
    return byName(x, y);
  });

  const totalsByIndicator = {} as Record<IndicatorKey, PeriodCount>;
  for (const c of INDICATOR_KEYS) totalsByIndicator[c] = periodCount(tally(now, ALL, c), weeks.length, tally(before, ALL, c), prevWeeks.length, true);

  // Participation: function-weeks with a report, of the functions that existed.
  const reportingFns = new Set<string>();
  let reports = 0;
  let calm = 0;
  let fnWeeks = 0;
  for (const r of input.functionWeeks) {
    if (!weekIndex.has(r.week) || !active.has(r.functionId) || r.reports <= 0) continue;
    reportingFns.add(r.functionId);
    reports += r.reports;
    calm += r.calm;
    fnWeeks++;
  }

  return {
    period,
    label: { sv: periodLabel(period, 'sv'), en: periodLabel(period, 'en') },
    weeks,
    previous: { period: prev, first: prevWeeks[0]!, last: prevWeeks[prevWeeks.length - 1]!, weeks: prevWeeks.length },
    categories: [...INDICATOR_KEYS],
    areas: result,
    rankings: { all: allOrder, byCategory },
    noCoverage: result.filter((a) => a.noCoverage).map((a) => a.id),
    totals: {
      total: periodCount(tally(now, ALL), weeks.length, tally(before, ALL), prevWeeks.length, true),
      byCategory: totalsByIndicator,
      timeOfDay: allTimes,
      weekly: allWeekly,
    },
    participation: {
      functions: active.size,
      reporting: reportingFns.size,
      reports,
      calm,
      rate: active.size > 0 ? round2(fnWeeks / (active.size * weeks.length)) : null,
    },
    priorities: input.priorities,
  };
}
