/**
 * The year review (årsuppföljning): per area and indicator the weekly counts of
 * the ISO week-year (series for charts), the year's interventions with their
 * follow-ups and the counts in their area before and after each, the periods'
 * priorities, and totals against the previous year. Pure: no I/O, no clock.
 */
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import {
  periodLabel,
  periodWeeks,
  type PeriodId,
  type YearAreaReview,
  type YearIntervention,
  type YearReview,
  type YearSeries,
} from '../../shared/followup';
import type { Intervention } from '../../shared/interventions';
import { weekEnd, weekStart, type IsoWeek } from '../../shared/weeks';
import type { AreaRow, CountRow, WeekReportRow } from '../weekview/compile';
import { beforeAfterCounts, type WeekIndicatorCount } from '../interventions/compile';
import { svCompare } from '../../shared/swedish-order';

export interface AreaIndicatorCount {
  areaId: string;
  category: IndicatorKey;
  count: number;
}

export interface YearInterventionInput {
  intervention: Intervention;
  /** Effective indicators (own + linked observations'). */
  categories: IndicatorKey[];
  /**
   * For an intervention that started before `countsRange`: the area's counts of
   * its before/after windows up to the week before the range (the rest comes
   * from `counts`, and its `during` window is counted from the range's start).
   * Omitted otherwise.
   */
  areaRows?: WeekIndicatorCount[];
  /** The place's counts, or null without a place. */
  placeRows: WeekIndicatorCount[] | null;
}

export interface YearInput {
  year: number;
  /** Weeks of the ISO week-year. */
  weeks: IsoWeek[];
  asOf: IsoWeek;
  /**
   * The clock. The series, totals and participation cover only the year's weeks
   * that are over: a running week is not a low week, and a future week no zero.
   */
  now: Date;
  areas: AreaRow[];
  /** Counts per week × area × indicator over `countsRange` (the year plus the before/after margins). */
  counts: CountRow[];
  countsRange: { from: IsoWeek; to: IsoWeek };
  /** The previous year's totals per area × indicator. */
  previousYear: AreaIndicatorCount[];
  weekReports: WeekReportRow[];
  interventions: YearInterventionInput[];
  periods: { period: PeriodId; priorities: { areaIds: string[]; rationale: string } | null }[];
}

const zeros = (n: number) => new Array<number>(n).fill(0);
const emptySeries = (n: number): YearSeries => {
  const byCategory = {} as Record<IndicatorKey, number[]>;
  for (const c of INDICATOR_KEYS) byCategory[c] = zeros(n);
  return { total: zeros(n), byCategory };
};

export function compileYear(input: YearInput): YearReview {
  const { weeks } = input;
  const now = input.now.getTime();
  // Weeks are in order, so the ones that are over are a prefix; the series are that long.
  // Found by bisection: a week's end is a time-zone conversion, too dear to do 53 times.
  let lo = 0;
  let hi = weeks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (weekEnd(weeks[mid]!).getTime() <= now) lo = mid + 1;
    else hi = mid;
  }
  const n = lo;
  const running = n < weeks.length && weekStart(weeks[n]!).getTime() <= now ? weeks[n]! : null;
  const index = new Map(weeks.slice(0, n).map((w, i) => [w, i]));

  const areaName = new Map(input.areas.map((a) => [a.id, a.name]));
  const series = new Map<string, YearSeries>();
  const all = emptySeries(n);
  // Each area's rows, for the before/after of the interventions in it (only those areas).
  const areaRows = new Map<string, WeekIndicatorCount[]>(input.interventions.map((x) => [x.intervention.area.id, []]));
  // Rows come week by week: the week's index is looked up when the week changes.
  let week: string | undefined;
  let i: number | undefined;
  for (const r of input.counts) {
    areaRows.get(r.areaId)?.push(r);
    if (r.week !== week) i = index.get((week = r.week));
    if (i === undefined) continue;
    let s = series.get(r.areaId);
    if (!s) {
      series.set(r.areaId, (s = emptySeries(n)));
      if (!areaName.has(r.areaId)) areaName.set(r.areaId, r.areaId); // never drop a count
    }
    s.total[i]! += r.count;
    s.byCategory[r.category][i]! += r.count;
    all.total[i]! += r.count;
    all.byCategory[r.category][i]! += r.count;
  }
  const prev = new Map<string, number>();
  for (const r of input.previousYear) {
    for (const k of [`${r.areaId}|*`, `*|${r.category}`, '*|*']) prev.set(k, (prev.get(k) ?? 0) + r.count);
  }
  const sum = (l: number[]) => l.reduce((a, b) => a + b, 0);

  // Interventions with their before/after counts.
  const { from, to } = input.countsRange;
  const interventions: YearIntervention[] = input.interventions.map(({ intervention: i, categories, areaRows: own, placeRows }) => ({
    ...i,
    countedCategories: categories.length > 0 ? categories : [...INDICATOR_KEYS],
    beforeAfter: beforeAfterCounts({
      plannedStart: i.plannedStart,
      plannedEnd: i.plannedEnd,
      categories,
      asOf: input.asOf,
      areaRows: [...(own ?? []).filter((r) => r.week < from), ...(areaRows.get(i.area.id) ?? []).filter((r) => r.week >= from && r.week <= to)],
      placeRows,
      ...(own ? { duringFrom: from } : {}),
    }),
  }));
  interventions.sort((a, b) => (a.plannedStart < b.plannedStart ? -1 : a.plannedStart > b.plannedStart ? 1 : a.id < b.id ? -1 : 1));

  const byArea = new Map<string, string[]>();
  for (const i of interventions) byArea.set(i.area.id, [...(byArea.get(i.area.id) ?? []), i.id]);

  const areas: YearAreaReview[] = [...areaName].map(([id, name]) => {
    const s = series.get(id) ?? emptySeries(n);
    const byCategory = {} as Record<IndicatorKey, number>;
    for (const c of INDICATOR_KEYS) byCategory[c] = sum(s.byCategory[c]);
    return { id, name, total: sum(s.total), previousYearTotal: prev.get(`${id}|*`) ?? 0, byCategory, series: s, interventionIds: byArea.get(id) ?? [] };
  });
  areas.sort((a, b) => b.total - a.total || svCompare(a.name, b.name));

  const byCategory = {} as YearReview['totals']['byCategory'];
  for (const c of INDICATOR_KEYS) byCategory[c] = { count: sum(all.byCategory[c]), previousYear: prev.get(`*|${c}`) ?? 0 };
  const reports = zeros(n);
  const calm = zeros(n);
  for (const r of input.weekReports) {
    const i = index.get(r.week);
    if (i === undefined) continue;
    reports[i] = r.reports;
    calm[i] = r.calm;
  }

  const summary: YearReview['summary'] = {
    interventions: interventions.length,
    byStatus: { planned: 0, active: 0, ended: 0 },
    byTerm: { short: 0, long: 0 },
    byOutcome: { better: 0, unchanged: 0, worse: 0, notFollowedUp: 0 },
    byDecision: { continue: 0, expand: 0, change: 0, end: 0, none: 0 },
    byDirection: { fewer: 0, unchanged: 0, more: 0, none: 0 },
  };
  for (const i of interventions) {
    summary.byStatus[i.status]++;
    summary.byTerm[i.term]++;
    const last = i.followUps[i.followUps.length - 1];
    summary.byOutcome[last?.outcome ?? 'notFollowedUp']++;
    summary.byDecision[last?.decision ?? 'none']++;
    summary.byDirection[i.beforeAfter.direction ?? 'none']++;
  }

  return {
    year: input.year,
    weeks,
    weeksOver: n,
    inProgress: running,
    asOf: input.asOf,
    categories: [...INDICATOR_KEYS],
    totals: { total: sum(all.total), previousYear: prev.get('*|*') ?? 0, byCategory, series: all, reports, calm },
    areas,
    periods: input.periods.map((p) => {
      const w = periodWeeks(p.period);
      return { period: p.period, label: { sv: periodLabel(p.period, 'sv'), en: periodLabel(p.period, 'en') }, first: w.first, last: w.last, priorities: p.priorities };
    }),
    interventions,
    summary,
  };
}
