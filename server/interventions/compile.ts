/**
 * Pure logic of interventions: the before/after counts beside a follow-up, and
 * the lines an intervention contributes to the weekly picture. No I/O, no clock.
 */
import { INDICATOR_KEYS, indicator, type IndicatorKey } from '../../shared/indicators';
import { TREND_THRESHOLD } from '../../shared/followup';
import { BEFORE_AFTER_WEEKS, type BeforeAfter, type CountWindow, type Intervention } from '../../shared/interventions';
import { addWeeks, weekOfDate, weeksBetween, type IsoWeek } from '../../shared/weeks';

/** Observations per week and indicator (for one area, or one place). */
export interface WeekIndicatorCount {
  week: IsoWeek;
  category: IndicatorKey;
  count: number;
}

export interface BeforeAfterInput {
  /** "YYYY-MM-DD" */
  plannedStart: string;
  plannedEnd: string | null;
  /** The indicators to count; [] means all eight. */
  categories: readonly IndicatorKey[];
  /** Counts up to this week (the follow-up's week, or today's); later weeks are not counted. */
  asOf: IsoWeek;
  /** The area's counts; rows outside the windows are ignored. */
  areaRows: readonly WeekIndicatorCount[];
  /** The place's counts, or null when the intervention has no place. */
  placeRows: readonly WeekIndicatorCount[] | null;
  /**
   * Start the `during` window no earlier than this week (the year review counts
   * the run of an intervention that began in an earlier year from its own range
   * only; `during.from` shows where counting began).
   */
  duringFrom?: IsoWeek;
}

const round2 = (n: number): number => (Math.sign(n) * Math.round(Math.abs(n) * 100)) / 100 + 0;

/** The weeks whose rows `beforeAfterCounts` reads: [from, to] (to ≥ from not guaranteed). */
export function beforeAfterRange(plannedStart: string, asOf: IsoWeek): { from: IsoWeek; to: IsoWeek } {
  return { from: addWeeks(weekOfDate(plannedStart), -BEFORE_AFTER_WEEKS), to: asOf };
}

/**
 * Counts in the intervention's area (and place) before and after its start –
 * see BEFORE_AFTER_WEEKS in shared/interventions.ts for the windows. Every
 * window is cut at `asOf`: weeks that have not happened are never counted, and
 * `weeks` says how many were.
 */
export function beforeAfterCounts(input: BeforeAfterInput): BeforeAfter {
  const categories: IndicatorKey[] = input.categories.length > 0 ? INDICATOR_KEYS.filter((c) => input.categories.includes(c)) : [...INDICATOR_KEYS];
  const wanted = new Set<IndicatorKey>(categories);
  const start = weekOfDate(input.plannedStart);
  const end = input.plannedEnd ? weekOfDate(input.plannedEnd) : null;
  const asOf = input.asOf;

  // Per week: intervention's indicators, all indicators (area); intervention's indicators (place).
  const area = new Map<IsoWeek, { count: number; all: number }>();
  for (const r of input.areaRows) {
    let a = area.get(r.week);
    if (!a) area.set(r.week, (a = { count: 0, all: 0 }));
    a.all += r.count;
    if (wanted.has(r.category)) a.count += r.count;
  }
  const place = new Map<IsoWeek, number>();
  for (const r of input.placeRows ?? []) if (wanted.has(r.category)) place.set(r.week, (place.get(r.week) ?? 0) + r.count);

  const window = (from: IsoWeek, to: IsoWeek): CountWindow => {
    const last = to < asOf ? to : asOf;
    const weeks = last < from ? 0 : weeksBetween(from, last) + 1;
    let count = 0;
    let all = 0;
    let atPlace = 0;
    for (const [w, a] of area) {
      if (w >= from && w <= last) {
        count += a.count;
        all += a.all;
      }
    }
    for (const [w, n] of place) if (w >= from && w <= last) atPlace += n;
    return {
      from,
      to: last < from ? to : last,
      weeks,
      count,
      perWeek: weeks > 0 ? round2(count / weeks) : 0,
      all,
      allPerWeek: weeks > 0 ? round2(all / weeks) : 0,
      place: input.placeRows ? atPlace : null,
    };
  };

  const before = window(addWeeks(start, -BEFORE_AFTER_WEEKS), addWeeks(start, -1));
  const started = asOf >= start;
  const after = started ? window(start, addWeeks(start, BEFORE_AFTER_WEEKS - 1)) : null;
  const duringStart = input.duringFrom !== undefined && input.duringFrom > start ? input.duringFrom : start;
  const during = started ? window(duringStart, end !== null && end < asOf ? end : asOf) : null;

  let change: number | null = null;
  let direction: BeforeAfter['direction'] = null;
  if (after && after.weeks > 0 && before.weeks > 0) {
    const b = before.count / before.weeks;
    const a = after.count / after.weeks;
    if (b > 0) change = round2((a - b) / b);
    if (b === 0) direction = a === 0 ? 'unchanged' : 'more';
    else direction = (a - b) / b > TREND_THRESHOLD ? 'more' : (a - b) / b < -TREND_THRESHOLD ? 'fewer' : 'unchanged';
  }
  return { categories, startWeek: start, endWeek: end, asOf, before, after, during, change, direction };
}

/** The effective indicators of an intervention: its own plus those of its linked observations. */
export function effectiveIndicators(own: readonly IndicatorKey[], linked: readonly IndicatorKey[]): IndicatorKey[] {
  const set = new Set<IndicatorKey>([...own, ...linked]);
  return INDICATOR_KEYS.filter((c) => set.has(c));
}

const TERM_SV = { short: 'kortsiktig', long: 'långsiktig' } as const;

/** "2026-11-27" → "27/11" */
const dayMonth = (d: string) => `${Number(d.slice(8, 10))}/${Number(d.slice(5, 7))}`;

/**
 * One line per intervention for the draft picture's "Insatser" of its area
 * (DraftInput.interventions): what, who, when – in the template's Swedish.
 * e.g. "Väktare kvällstid vid torget (Securitas, kortsiktig, 27/11–31/12; Skadegörelse, Samlingsplats för ungdomar)".
 */
export function pictureLine(i: Pick<Intervention, 'action' | 'organisation' | 'term' | 'plannedStart' | 'plannedEnd' | 'categories' | 'place'>): string {
  const when = i.plannedEnd ? `${dayMonth(i.plannedStart)}–${dayMonth(i.plannedEnd)}` : `från ${dayMonth(i.plannedStart)}`;
  const what = i.categories.map((c) => indicator(c).sv.label).join(', ');
  const where = i.place ? ` vid ${i.place.name}` : '';
  return `${i.action}${where} (${i.organisation}, ${TERM_SV[i.term]}, ${when}${what ? `; ${what}` : ''})`;
}
