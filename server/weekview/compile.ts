/**
 * The coordinator's week view and participation, compiled from plain rows.
 *
 * Pure: no I/O, no clock. The store (store.ts) loads exactly these rows; the
 * tests feed hand-made ones. See docs/domain.md "The compiled picture".
 */
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import type { TimeOfDay } from '../../shared/schemas';
import { byName, svCompare } from '../../shared/swedish-order';
import {
  AVERAGE_WEEKS,
  PARTICIPATION_WEEKS,
  RECURRING_MIN_WEEKS,
  RECURRING_WINDOW_WEEKS,
  SINKING_DROP,
  type CountStats,
  type FunctionParticipation,
  type OrganisationParticipation,
  type Participation,
  type ParticipationCounts,
  type ParticipationStatus,
  type RecurringPlace,
  type TimeSplit,
  type WeekSummary,
  type WeekSummaryCell,
  type WeekView,
  type WeekViewAreaOf,
  type WeekViewObservation,
  type WeekViewOf,
} from '../../shared/weekview';
import { addWeeks, weekEnd, weekRange, type IsoWeek } from '../../shared/weeks';

// --- input rows ---------------------------------------------------------------

export interface AreaRow {
  id: string;
  name: string;
}
export interface PlaceRow {
  id: string;
  areaId: string;
  name: string;
}
export interface OrganisationRow {
  id: string;
  name: string;
}
export interface FunctionRow {
  id: string;
  organisationId: string;
  name: string;
  /** ISO timestamp; weeks that ended before it are `inactive` for the function. Optional. */
  createdAt?: string | null;
}
/** One observation of the shown week, with the reporter reduced to its organisation. */
export interface WeekObservationRow {
  id: string;
  category: IndicatorKey;
  areaId: string;
  placeId: string | null;
  timeOfDay: TimeOfDay;
  occurredOn: string | null;
  persists: boolean;
  note: string | null;
  organisationId: string;
}
/** Observations per week, area and indicator (aggregated in SQL). */
export interface CountRow {
  week: IsoWeek;
  areaId: string;
  category: IndicatorKey;
  count: number;
}
/** Observations per place, week and indicator (aggregated in SQL). */
export interface PlaceWeekRow {
  placeId: string;
  week: IsoWeek;
  category: IndicatorKey;
  count: number;
}
/** Reports (all, and of those calm) received per week. */
export interface WeekReportRow {
  week: IsoWeek;
  reports: number;
  calm: number;
}
/** Reports per function and week. */
export interface FunctionWeekRow {
  functionId: string;
  week: IsoWeek;
  reports: number;
  calm: number;
}

export interface WeekViewInput {
  week: IsoWeek;
  areas: AreaRow[];
  places: PlaceRow[];
  organisations: OrganisationRow[];
  /** The quarter's prioritised areas in decided order (usually three). */
  prioritisedAreaIds: string[];
  /** All observations of `week`. */
  observations: WeekObservationRow[];
  /** Counts for the AVERAGE_WEEKS weeks before `week`; rows of other weeks are ignored. */
  history: CountRow[];
  /** Place counts for the RECURRING_WINDOW_WEEKS weeks ending with `week`; others ignored. */
  placeWeeks: PlaceWeekRow[];
  /** Reports per week for the average window and `week`; others ignored. */
  weekReports: WeekReportRow[];
  /** Areas whose assigned functions sent any report (calm or not) in `week`. */
  reportedAreaIds?: string[];
}

/** This week's observations per area × indicator, split by time of day (the aggregate week_area_counts). */
export interface CellCountRow extends TimeSplit {
  areaId: string;
  category: IndicatorKey;
  /** Observations: day + evening + night + unknown. */
  count: number;
  /** Of them, marked as persisting. */
  persisting: number;
}

/** The average window summed in SQL: per area × indicator over its weeks, and last week's share. */
export interface WindowCountRow {
  areaId: string;
  category: IndicatorKey;
  /** Observations over the AVERAGE_WEEKS weeks before the shown one. */
  windowSum: number;
  /** Of them, in the week before the shown one. */
  previous: number;
}

/** The rows for the week view's first answer: this week as counts, not observations. */
export interface WeekSummaryInput extends Omit<WeekViewInput, 'observations' | 'organisations' | 'history'> {
  cells: CellCountRow[];
  /** The average window as sums (instead of `history`'s row per week). */
  window: WindowCountRow[];
  /** Weeks of the average window with any observation. */
  windowWeeks: IsoWeek[];
}

export interface ParticipationInput {
  week: IsoWeek;
  organisations: OrganisationRow[];
  functions: FunctionRow[];
  /** Reports per function and week for the PARTICIPATION_WEEKS weeks ending with `week`. */
  reports: FunctionWeekRow[];
  /** The clock: a week that has not ended by now is `inProgress`, not `missing`, and no trend counts it. */
  now: Date;
}

// --- week view -----------------------------------------------------------------

/** Rounds half away from zero, so +0.125 and −0.125 round to the same magnitude. */
export const round2 = (n: number): number => (Math.sign(n) * Math.round(Math.abs(n) * 100)) / 100 + 0;

/** Running sums of one cell; `finish` turns them into CountStats (also for other sources' figures). */
export interface Acc {
  count: number;
  previous: number;
  windowSum: number;
}
export const emptyAcc = (): Acc => ({ count: 0, previous: 0, windowSum: 0 });

export function finish(acc: Acc | undefined, weeksInUse: number): CountStats {
  const a = acc ?? emptyAcc();
  const mean = weeksInUse > 0 ? a.windowSum / weeksInUse : null;
  return {
    count: a.count,
    previous: a.previous,
    deltaPrevious: a.count - a.previous,
    average: mean === null ? null : round2(mean),
    // From the exact mean, so the delta is not rounded twice.
    deltaAverage: mean === null ? null : round2(a.count - mean),
  };
}

const emptySplit = (): TimeSplit => ({ day: 0, evening: 0, night: 0, unknown: 0 });

/**
 * Values by area and category in two levels of maps: a lookup hashes the two strings it is
 * given (their hashes are cached on the strings) instead of building and hashing a joined
 * key each time – this runs for every counted row and every cell of a week.
 */
function areaCategoryMap<V>(make: () => V) {
  const byArea = new Map<string, Map<string, V>>();
  return {
    at(areaId: string, category: string): V {
      let row = byArea.get(areaId);
      if (!row) byArea.set(areaId, (row = new Map()));
      let v = row.get(category);
      if (v === undefined) row.set(category, (v = make()));
      return v;
    },
    get: (areaId: string, category: string): V | undefined => byArea.get(areaId)?.get(category),
  };
}

/**
 * Running sums of a table of areas × categories: per cell, per area (the row total), per
 * category (the column total) and overall. One `add` per source row updates all four.
 */
export function crossTotals() {
  const cells = areaCategoryMap(emptyAcc);
  const areas = new Map<string, Acc>();
  const categories = new Map<string, Acc>();
  const all = emptyAcc();
  const accOf = (map: Map<string, Acc>, key: string): Acc => {
    let a = map.get(key);
    if (!a) map.set(key, (a = emptyAcc()));
    return a;
  };
  const addTo = (a: Acc, count: number, windowSum: number, previous: number) => {
    a.count += count;
    a.windowSum += windowSum;
    a.previous += previous;
  };
  return {
    add(areaId: string, category: string, count: number, windowSum: number, previous: number): void {
      addTo(cells.at(areaId, category), count, windowSum, previous);
      addTo(accOf(areas, areaId), count, windowSum, previous);
      addTo(accOf(categories, category), count, windowSum, previous);
      addTo(all, count, windowSum, previous);
    },
    cell: (areaId: string, category: string): Acc | undefined => cells.get(areaId, category),
    area: (areaId: string): Acc | undefined => areas.get(areaId),
    category: (category: string): Acc | undefined => categories.get(category),
    all: (): Acc => all,
  };
}

/** What the week view needs besides this week's counts or observations. */
type WeekFrameInput = Omit<WeekViewInput, 'observations' | 'organisations' | 'history'> &
  ({ history: CountRow[] } | Pick<WeekSummaryInput, 'window' | 'windowWeeks'>);

/** The part of compiling a week that does not depend on how this week is given: history, averages, names. */
function weekFrame(input: WeekFrameInput) {
  const { week } = input;
  const previous = addWeeks(week, -1);
  const avgFrom = addWeeks(week, -AVERAGE_WEEKS);
  const recFrom = addWeeks(week, -(RECURRING_WINDOW_WEEKS - 1));
  const inAvgWindow = (w: IsoWeek) => w >= avgFrom && w <= previous;

  // Weeks of the average window in which the system was in use.
  const used = new Set<IsoWeek>();
  let thisWeekReports = { total: 0, calm: 0 };
  for (const r of input.weekReports) {
    if (r.week === week) thisWeekReports = { total: r.reports, calm: r.calm };
    else if (inAvgWindow(r.week) && r.reports > 0) used.add(r.week);
  }
  if ('history' in input) {
    for (const h of input.history) if (inAvgWindow(h.week) && h.count > 0) used.add(h.week);
  } else {
    for (const w of input.windowWeeks) if (inAvgWindow(w)) used.add(w);
  }

  // This week's counts are added by the caller; here the average window's.
  const totals = crossTotals();
  if ('history' in input) {
    for (const h of input.history) {
      if (inAvgWindow(h.week)) totals.add(h.areaId, h.category, 0, h.count, h.week === previous ? h.count : 0);
    }
  } else {
    for (const r of input.window) totals.add(r.areaId, r.category, 0, r.windowSum, r.previous);
  }
  return {
    week,
    previous,
    avgFrom,
    recFrom,
    weeksInUse: used.size,
    thisWeekReports,
    totals,
    areaName: new Map(input.areas.map((a) => [a.id, a.name])),
    /** This week's split by time of day: overall, per area, per cell (area|indicator). */
    split: emptySplit(),
    areaSplit: new Map<string, TimeSplit>(),
    /** Per cell: this week's split by time of day and how many are marked "kvarstår". */
    cellWeek: areaCategoryMap(() => ({ timeOfDay: emptySplit(), persisting: 0 })),
    observations: 0,
  };
}
type WeekFrame = ReturnType<typeof weekFrame>;

function addSplit(into: TimeSplit, n: TimeSplit): void {
  into.day += n.day;
  into.evening += n.evening;
  into.night += n.night;
  into.unknown += n.unknown;
}

/** Counts one area × indicator's observations, `byTime` of them per time of day, into the frame. */
function countInto(f: WeekFrame, areaId: string, category: IndicatorKey, byTime: TimeSplit, persisting: number): void {
  const n = byTime.day + byTime.evening + byTime.night + byTime.unknown;
  f.totals.add(areaId, category, n, 0, 0);
  addSplit(f.split, byTime);
  addSplit(f.areaSplit.get(areaId) ?? f.areaSplit.set(areaId, emptySplit()).get(areaId)!, byTime);
  const cell = f.cellWeek.at(areaId, category);
  addSplit(cell.timeOfDay, byTime);
  cell.persisting += persisting;
  f.observations += n;
  if (!f.areaName.has(areaId)) f.areaName.set(areaId, areaId); // cannot happen with the FK; never drop a count
}

/** One observation's time of day as a split (countInto's argument when counting observations one by one). */
const ONE_AT: Record<TimeOfDay, TimeSplit> = {
  day: { day: 1, evening: 0, night: 0, unknown: 0 },
  evening: { day: 0, evening: 1, night: 0, unknown: 0 },
  night: { day: 0, evening: 0, night: 1, unknown: 0 },
  unknown: { day: 0, evening: 0, night: 0, unknown: 1 },
};

/** The answer from the frame; `cell` adds what a cell carries besides its figures. */
function assembleWeek<Cell extends WeekSummaryCell>(
  input: WeekFrameInput,
  f: WeekFrame,
  cell: (figures: WeekSummaryCell, areaId: string, category: IndicatorKey) => Cell,
): WeekViewOf<Cell> {
  // Area order: prioritised in decided order, then the rest by name.
  const priority = new Map<string, number>();
  for (const id of input.prioritisedAreaIds) if (f.areaName.has(id) && !priority.has(id)) priority.set(id, priority.size + 1);
  const ordered = [...f.areaName].map(([id, name]) => ({ id, name }));
  ordered.sort((a, b) => {
    const pa = priority.get(a.id) ?? Infinity;
    const pb = priority.get(b.id) ?? Infinity;
    return pa !== pb ? pa - pb : byName(a, b);
  });

  const reported = new Set(input.reportedAreaIds ?? []);
  const areas = ordered.map(({ id, name }): WeekViewAreaOf<Cell> => {
    const cells = {} as Record<IndicatorKey, Cell>;
    for (const c of INDICATOR_KEYS) {
      const week = f.cellWeek.get(id, c);
      // finish's fresh object, extended in place (not spread: this runs for every cell).
      const figures: WeekSummaryCell = Object.assign(finish(f.totals.cell(id, c), f.weeksInUse), {
        timeOfDay: week?.timeOfDay ?? emptySplit(),
        persisting: week?.persisting ?? 0,
      });
      cells[c] = cell(figures, id, c);
    }
    return {
      id,
      name,
      priority: priority.get(id) ?? null,
      cells,
      total: finish(f.totals.area(id), f.weeksInUse),
      timeOfDay: f.areaSplit.get(id) ?? emptySplit(),
      covered: reported.has(id) || f.areaSplit.has(id),
    };
  });

  const byCategory = {} as Record<IndicatorKey, CountStats>;
  for (const c of INDICATOR_KEYS) byCategory[c] = finish(f.totals.category(c), f.weeksInUse);

  return {
    week: f.week,
    previousWeek: f.previous,
    averageWindow: { from: f.avgFrom, to: f.previous, weeksInUse: f.weeksInUse },
    recurringWindow: { from: f.recFrom, to: f.week, minWeeks: RECURRING_MIN_WEEKS },
    categories: [...INDICATOR_KEYS],
    areas,
    totals: { byCategory, all: finish(f.totals.all(), f.weeksInUse) },
    timeOfDay: f.split,
    recurringPlaces: recurringPlaces(input, f.recFrom, f.areaName),
    reports: { total: f.thisWeekReports.total, calm: f.thisWeekReports.calm, observations: f.observations },
  };
}

/**
 * The week with every observation inline, counted one observation at a time: the draft
 * of old and the reference the aggregate path is proven against (tests/api/week-aggregates.test.ts).
 */
export function compileWeek(input: WeekViewInput): WeekView {
  const f = weekFrame(input);
  const place = new Map(input.places.map((p) => [p.id, p]));
  const orgName = new Map(input.organisations.map((o) => [o.id, o.name]));
  const cellObs = new Map<string, WeekViewObservation[]>();
  for (const o of input.observations) {
    countInto(f, o.areaId, o.category, ONE_AT[o.timeOfDay], o.persists ? 1 : 0);
    const p = o.placeId === null ? undefined : place.get(o.placeId);
    const key = `${o.areaId}|${o.category}`;
    const list = cellObs.get(key);
    const view = observationView(o, p, orgName);
    if (list) list.push(view);
    else cellObs.set(key, [view]);
  }
  return assembleWeek(input, f, (figures, areaId, category) => ({
    ...figures,
    observations: (cellObs.get(`${areaId}|${category}`) ?? []).sort(compareObservations),
  }));
}

/** The week view's first answer, from this week's counts (the aggregate tables): no observation is read. */
export function compileWeekSummary(input: WeekSummaryInput): WeekSummary {
  const f = weekFrame(input);
  for (const r of input.cells) if (r.count > 0) countInto(f, r.areaId, r.category, r, r.persisting);
  return assembleWeek(input, f, (figures) => figures);
}

/** The summary of a full week view: the same answer without the observations. */
export function summaryOf(view: WeekView): WeekSummary {
  return {
    ...view,
    areas: view.areas.map((a) => ({
      ...a,
      cells: Object.fromEntries(
        Object.entries(a.cells).map(([c, { observations: _observations, ...figures }]) => [c, figures]),
      ) as Record<IndicatorKey, WeekSummaryCell>,
    })),
  };
}

/** One observation as the coordinator sees it: the reporter reduced to its organisation. */
export function observationView(o: WeekObservationRow, p: PlaceRow | undefined, orgName: Map<string, string>): WeekViewObservation {
  return {
    id: o.id,
    category: o.category,
    note: o.note,
    place: p ? { id: p.id, name: p.name } : null,
    timeOfDay: o.timeOfDay,
    occurredOn: o.occurredOn,
    persists: o.persists,
    organisation: orgName.get(o.organisationId) ?? '',
  };
}

/** Date given first (oldest first), then by place name, then id: stable for tests and screens. */
export function compareObservations(a: WeekViewObservation, b: WeekViewObservation): number {
  if (a.occurredOn !== b.occurredOn) {
    if (a.occurredOn === null) return 1;
    if (b.occurredOn === null) return -1;
    return a.occurredOn < b.occurredOn ? -1 : 1;
  }
  const pa = a.place?.name ?? '';
  const pb = b.place?.name ?? '';
  if (pa !== pb) return svCompare(pa, pb);
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function recurringPlaces(input: Pick<WeekViewInput, 'week' | 'placeWeeks' | 'places'>, from: IsoWeek, areaName: Map<string, string>): RecurringPlace[] {
  const { week } = input;
  const byPlace = new Map<string, { weeks: Set<IsoWeek>; thisWeek: number; total: number; cats: Map<IndicatorKey, number> }>();
  for (const r of input.placeWeeks) {
    if (r.week < from || r.week > week || r.count <= 0) continue;
    let e = byPlace.get(r.placeId);
    if (!e) byPlace.set(r.placeId, (e = { weeks: new Set(), thisWeek: 0, total: 0, cats: new Map() }));
    e.weeks.add(r.week);
    e.total += r.count;
    if (r.week === week) e.thisWeek += r.count;
    e.cats.set(r.category, (e.cats.get(r.category) ?? 0) + r.count);
  }
  const places = new Map(input.places.map((p) => [p.id, p]));
  const out: RecurringPlace[] = [];
  for (const [placeId, e] of byPlace) {
    if (e.weeks.size < RECURRING_MIN_WEEKS) continue;
    const p = places.get(placeId);
    if (!p) continue;
    out.push({
      placeId,
      placeName: p.name,
      areaId: p.areaId,
      areaName: areaName.get(p.areaId) ?? p.areaId,
      weeks: [...e.weeks].sort(),
      countThisWeek: e.thisWeek,
      countWindow: e.total,
      categories: [...e.cats]
        .sort((a, b) => b[1] - a[1] || INDICATOR_KEYS.indexOf(a[0]) - INDICATOR_KEYS.indexOf(b[0]))
        .map(([c]) => c),
    });
  }
  // Most persistent first: more weeks, then more observations, then by name.
  return out.sort(
    (a, b) =>
      b.weeks.length - a.weeks.length ||
      b.countWindow - a.countWindow ||
      svCompare(a.areaName, b.areaName) ||
      svCompare(a.placeName, b.placeName),
  );
}

// --- participation ---------------------------------------------------------------

const RECENT_WEEKS = 4;

/** Share of the weeks that count (neither inactive nor still running) with a report or calm report. */
function rateOf(statuses: ParticipationStatus[]): number | null {
  const counted = statuses.filter((s) => s !== 'inactive' && s !== 'inProgress');
  if (counted.length === 0) return null;
  return round2(counted.filter((s) => s === 'reported' || s === 'calm').length / counted.length);
}

export function compileParticipation(input: ParticipationInput): Participation {
  const { week } = input;
  const now = input.now.getTime();
  const weeks = weekRange(addWeeks(week, -(PARTICIPATION_WEEKS - 1)), week);
  const weekEnds = weeks.map((w) => weekEnd(w).getTime());
  // Weeks that have not ended yet: a report may still come, so they are neither missing nor part of a trend.
  const over = weekEnds.filter((end) => end <= now).length;

  // Each function's rows by the strip's week index: one lookup per function, not per week.
  const weekIndex = new Map(weeks.map((w, i) => [w, i]));
  const byFunction = new Map<string, (FunctionWeekRow | undefined)[]>();
  for (const r of input.reports) {
    const i = weekIndex.get(r.week);
    if (i === undefined) continue;
    let list = byFunction.get(r.functionId);
    if (!list) byFunction.set(r.functionId, (list = new Array<FunctionWeekRow | undefined>(weeks.length)));
    list[i] = r;
  }
  const none: (FunctionWeekRow | undefined)[] = [];

  const orgs = new Map<string, OrganisationParticipation>();
  for (const o of input.organisations) {
    orgs.set(o.id, { id: o.id, name: o.name, counts: emptyCounts(), functions: [] });
  }
  const totals = emptyCounts();

  for (const f of input.functions) {
    const created = f.createdAt ? Date.parse(f.createdAt) : NaN;
    // A function that reported in a week existed then, whatever its row's creation time says
    // (rows imported or seeded after the fact): from its first report on it is never "inactive".
    const rows = byFunction.get(f.id) ?? none;
    const firstReport = weeks.findIndex((_, i) => (rows[i]?.reports ?? 0) > 0);
    const strip = weeks.map((w, i) => {
      const r = rows[i];
      let status: ParticipationStatus;
      if (r && r.reports > r.calm) status = 'reported';
      else if (r && r.reports > 0) status = 'calm';
      else if (!Number.isNaN(created) && created >= weekEnds[i]! && (firstReport < 0 || i < firstReport)) status = 'inactive';
      else if (i >= over) status = 'inProgress';
      else status = 'missing';
      return { week: w, status };
    });
    const statuses = strip.map((s) => s.status);
    // The trend compares the last RECENT_WEEKS weeks that are over with the ones before.
    const ended = statuses.slice(0, over);
    const recentRate = rateOf(ended.slice(-RECENT_WEEKS));
    const earlierRate = ended.length > RECENT_WEEKS ? rateOf(ended.slice(0, -RECENT_WEEKS)) : null;
    const status = statuses[statuses.length - 1]!;
    const fp: FunctionParticipation = {
      id: f.id,
      name: f.name,
      status,
      reportsThisWeek: rows[weeks.length - 1]?.reports ?? 0,
      strip,
      rate: rateOf(ended),
      recentRate,
      earlierRate,
      sinking: recentRate !== null && earlierRate !== null && earlierRate - recentRate >= SINKING_DROP - 1e-9,
    };
    let org = orgs.get(f.organisationId);
    if (!org) {
      org = { id: f.organisationId, name: f.organisationId, counts: emptyCounts(), functions: [] };
      orgs.set(org.id, org);
    }
    org.functions.push(fp);
    count(org.counts, status);
    count(totals, status);
  }

  const organisations = [...orgs.values()].filter((o) => o.functions.length > 0).sort(byName);
  for (const o of organisations) o.functions.sort(byName);
  return { week, weeks, inProgress: over < weeks.length, totals, organisations };
}

function emptyCounts(): ParticipationCounts {
  return { functions: 0, reported: 0, calm: 0, missing: 0, inProgress: 0 };
}

function count(c: ParticipationCounts, status: ParticipationStatus): void {
  if (status === 'inactive') return;
  c.functions++;
  c[status]++;
}
