/**
 * Response shapes of the coordinator's week view and participation,
 * shared by server and client. Pure types plus a few constants; no I/O.
 *
 * Privacy: an observation is shown with the *organisation* that reported it,
 * never the device or the function (docs/domain.md: function, not person; the week
 * view must not make it possible to single out who reported what).
 */
import type { IndicatorKey } from './indicators';
import type { TimeOfDay } from './schemas';
import { weekRange, type IsoWeek } from './weeks';

/** Weeks before the shown one that make up the average ("8-week average"). */
export const AVERAGE_WEEKS = 8;
/** Window for recurring places: this week and the three before it. */
export const RECURRING_WINDOW_WEEKS = 4;
/** A place is recurring when reported in at least this many weeks of the window. */
export const RECURRING_MIN_WEEKS = 3;
/** Length of the participation strip per function. */
export const PARTICIPATION_WEEKS = 12;

/** Figures of one cell (or a row/column total) against the past. */
export interface CountStats {
  /** Observations this week. */
  count: number;
  /** Observations the week before. */
  previous: number;
  /** count − previous. */
  deltaPrevious: number;
  /**
   * Mean per week over the AVERAGE_WEEKS weeks before this one, counting only
   * weeks in which any report at all came in (weeks before the start of use do
   * not drag the average down). Null when no such week exists. Rounded to 2 decimals.
   */
  average: number | null;
  /** count − average (2 decimals); null when average is null. */
  deltaAverage: number | null;
}

export type TimeSplit = Record<TimeOfDay, number>;

export interface WeekViewObservation {
  id: string;
  category: IndicatorKey;
  note: string | null;
  place: { id: string; name: string } | null;
  timeOfDay: TimeOfDay;
  /** "YYYY-MM-DD" when the informant gave it. */
  occurredOn: string | null;
  persists: boolean;
  /** Name of the reporting organisation (never the function or device). */
  organisation: string;
}

/**
 * A cell of the week view's first answer: its figures only. Its observations are fetched
 * when the cell is opened (GET /api/v1/weeks/:week/areas/:areaId/observations), so the
 * table paints before the detail.
 */
export interface WeekSummaryCell extends CountStats {
  /** This week's observations of the cell by time of day. */
  timeOfDay: TimeSplit;
  /** Of this week's observations, those marked as persisting (kvarstår). */
  persisting: number;
}

/** A cell with its observations (server side: the draft, the reference path in tests). */
export interface WeekViewCell extends WeekSummaryCell {
  observations: WeekViewObservation[];
}

/** The answer of GET /api/v1/weeks/:week/areas/:areaId/observations (optionally ?category=). */
export interface AreaObservations {
  week: IsoWeek;
  areaId: string;
  category: IndicatorKey | null;
  /** Date given first (oldest first), then by place name, then id. */
  observations: WeekViewObservation[];
}

export type WeekViewArea = WeekViewAreaOf<WeekViewCell>;
export type WeekSummaryArea = WeekViewAreaOf<WeekSummaryCell>;

export interface WeekViewAreaOf<Cell extends WeekSummaryCell> {
  id: string;
  name: string;
  /** 1–3 for the quarter's prioritised areas (in decided order), else null. */
  priority: number | null;
  cells: Record<IndicatorKey, Cell>;
  total: CountStats;
  timeOfDay: TimeSplit;
  /**
   * Some report this week covered the area: a report (calm or not) from a function
   * assigned to it, or an observation in it. An uncovered area with 0 observations is
   * "no reporting", not a calm week.
   */
  covered: boolean;
}

export interface RecurringPlace {
  placeId: string;
  placeName: string;
  areaId: string;
  areaName: string;
  /** Weeks of the window in which the place was reported, ascending. */
  weeks: IsoWeek[];
  /** Observations at the place this week. */
  countThisWeek: number;
  /** Observations at the place over the whole window. */
  countWindow: number;
  /** Indicators reported at the place in the window, most frequent first. */
  categories: IndicatorKey[];
}

/** The week with every observation inline (server side). */
export type WeekView = WeekViewOf<WeekViewCell>;
/** The week view's answer on the wire: figures, deltas and recurring places, no observations. */
export type WeekSummary = WeekViewOf<WeekSummaryCell>;

export interface WeekViewOf<Cell extends WeekSummaryCell> {
  week: IsoWeek;
  previousWeek: IsoWeek;
  /** The weeks the average is taken over (inclusive), and how many of them had any report. */
  averageWindow: { from: IsoWeek; to: IsoWeek; weeksInUse: number };
  recurringWindow: { from: IsoWeek; to: IsoWeek; minWeeks: number };
  /** Column order of the table: the eight indicators. */
  categories: IndicatorKey[];
  /** Prioritised areas first (in decided order), then the others by name. */
  areas: WeekViewAreaOf<Cell>[];
  /** Column totals over all areas, and the grand total. */
  totals: { byCategory: Record<IndicatorKey, CountStats>; all: CountStats };
  timeOfDay: TimeSplit;
  recurringPlaces: RecurringPlace[];
  /** Reports received for the week: all, of which calm; and observations. */
  reports: { total: number; calm: number; observations: number };
}

// --- participation -----------------------------------------------------------

/**
 * A function's status in one week. `reported`: at least one report with
 * observations; `calm`: only calm reports (counts as participation);
 * `missing`: nothing in a week that is over; `inProgress`: nothing yet in a week that
 * has not ended (pågår – not missing, a report may still come); `inactive`: the
 * function did not exist yet that week.
 */
export type ParticipationStatus = 'reported' | 'calm' | 'missing' | 'inProgress' | 'inactive';

export interface ParticipationCounts {
  /** Functions active this week (inactive ones are not counted anywhere). */
  functions: number;
  reported: number;
  calm: number;
  missing: number;
  /** Nothing yet, but the week is still running. */
  inProgress: number;
}

export interface FunctionParticipation {
  id: string;
  name: string;
  status: ParticipationStatus;
  /** Reports received this week (a function may report from several devices). */
  reportsThisWeek: number;
  /** PARTICIPATION_WEEKS entries, oldest first, the last one being this week. */
  strip: { week: IsoWeek; status: ParticipationStatus }[];
  /** Share of the strip's weeks that are over (and the function existed) with a report or calm report (0–1, 2 decimals); null if none. */
  rate: number | null;
  /**
   * Participation rate of the last 4 weeks that are over and of the weeks before them in
   * the strip (null when no such week). A week still running counts in neither.
   */
  recentRate: number | null;
  earlierRate: number | null;
  /** recentRate fell by at least SINKING_DROP against earlierRate: follow up and support. */
  sinking: boolean;
}

/** Drop of the participation rate (last 4 vs 8 before) that flags a function as sinking. */
export const SINKING_DROP = 0.25;

export interface OrganisationParticipation {
  id: string;
  name: string;
  counts: ParticipationCounts;
  /** By name. */
  functions: FunctionParticipation[];
}

export interface Participation {
  week: IsoWeek;
  /** The strip's weeks, oldest first. */
  weeks: IsoWeek[];
  /** The shown week has not ended yet (its `missing` are `inProgress`). */
  inProgress: boolean;
  totals: ParticipationCounts;
  organisations: OrganisationParticipation[];
}

// --- the week view on the wire -------------------------------------------------

/**
 * One cell packed as an array (issue 17: the first answer stays small – 60 areas × 8
 * indicators of objects with repeated keys were most of its bytes):
 * [count, previous, average, deltaAverage, day, evening, night, unknown, persisting].
 * deltaPrevious is count − previous, exactly, so it is not sent.
 */
export type PackedCell = [number, number, number | null, number | null, number, number, number, number, number];

export interface PackedWeekArea extends Omit<WeekSummaryArea, 'cells'> {
  /** In the order of `categories`. */
  cells: PackedCell[];
}

/**
 * A recurring place packed as an array: [placeId, placeName, areaId, weeks as offsets into
 * the recurring window, countThisWeek, countWindow, indicators as indexes into `categories`].
 * The area's name is the area's in `areas`.
 */
export type PackedRecurringPlace = [string, string, string, number[], number, number, number[]];

/** The answer of GET /api/v1/weeks/:week: a WeekSummary with packed cells and recurring places; `unpackWeek` restores it. */
export interface PackedWeekSummary extends Omit<WeekSummary, 'areas' | 'recurringPlaces'> {
  areas: PackedWeekArea[];
  recurringPlaces: PackedRecurringPlace[];
}

export function packWeek(w: WeekSummary): PackedWeekSummary {
  const window = weekRange(w.recurringWindow.from, w.recurringWindow.to);
  return {
    ...w,
    recurringPlaces: w.recurringPlaces.map((p): PackedRecurringPlace => [
      p.placeId,
      p.placeName,
      p.areaId,
      p.weeks.map((x) => window.indexOf(x)),
      p.countThisWeek,
      p.countWindow,
      p.categories.map((c) => w.categories.indexOf(c)),
    ]),
    areas: w.areas.map((a) => ({
      ...a,
      cells: w.categories.map((c): PackedCell => {
        const x = a.cells[c];
        const t = x.timeOfDay;
        return [x.count, x.previous, x.average, x.deltaAverage, t.day, t.evening, t.night, t.unknown, x.persisting];
      }),
    })),
  };
}

export function unpackWeek(p: PackedWeekSummary): WeekSummary {
  const window = weekRange(p.recurringWindow.from, p.recurringWindow.to);
  const areaName = new Map(p.areas.map((a) => [a.id, a.name]));
  return {
    ...p,
    recurringPlaces: p.recurringPlaces.map(([placeId, placeName, areaId, weeks, countThisWeek, countWindow, categories]) => ({
      placeId,
      placeName,
      areaId,
      areaName: areaName.get(areaId) ?? areaId,
      weeks: weeks.map((i) => window[i]!),
      countThisWeek,
      countWindow,
      categories: categories.map((i) => p.categories[i]!),
    })),
    areas: p.areas.map((a) => {
      const cells = {} as Record<IndicatorKey, WeekSummaryCell>;
      p.categories.forEach((c, i) => {
        const [count, previous, average, deltaAverage, day, evening, night, unknown, persisting] = a.cells[i]!;
        cells[c] = { count, previous, deltaPrevious: count - previous, average, deltaAverage, timeOfDay: { day, evening, night, unknown }, persisting };
      });
      return { ...a, cells };
    }),
  };
}
