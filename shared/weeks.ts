/**
 * ISO 8601 week arithmetic in Europe/Stockholm local time.
 *
 * EST runs on a weekly rhythm (docs/domain.md: the cycle), so almost everything is
 * keyed by an ISO week such as "2026-W48". Two kinds of function live here:
 *
 * - pure calendar functions (weekOfDate, mondayOf, addWeeks, …) that work on civil
 *   dates with integer day arithmetic and never touch a time zone, and
 * - instant functions (localDate, weekOf, weekStart, weekEnd) that convert between a
 *   point in time and Stockholm wall-clock time via Intl (CET +01 / CEST +02).
 *
 * Pure TypeScript without I/O: runs in the browser and in Node.
 */

export const TIME_ZONE = 'Europe/Stockholm';

/**
 * "YYYY-Www", e.g. "2026-W48" or "2020-W53". Because both parts are fixed width and
 * zero padded, IsoWeek strings sort lexicographically in chronological order, so
 * plain string comparison (`a < b`, `Array.prototype.sort()`) is correct for them.
 */
export type IsoWeek = string;

const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const MIN_YEAR = 0;
const MAX_YEAR = 9999;

// ---------------------------------------------------------------------------
// Civil-date arithmetic on day numbers (day 0 = 1970-01-01, proleptic Gregorian).
// Integer algorithms (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"),
// used instead of Date.UTC so that no time zone and no 2-digit-year quirk can leak in.
// ---------------------------------------------------------------------------

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // [0, 399]
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1; // [0, 365]
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** ISO weekday: Monday = 1 … Sunday = 7. Day 0 (1970-01-01) was a Thursday. */
function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatDays(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Day number of the Monday of ISO week 1 (the week containing 4 January). */
function week1Monday(year: number): number {
  const jan4 = daysFromCivil(year, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1);
}

/** ISO week-year and week of a day number: the week belongs to the year of its Thursday. */
function weekOfDays(days: number): { year: number; week: number } {
  const thursday = days - isoWeekday(days) + 4;
  const year = civilFromDays(thursday).year;
  return { year, week: Math.floor((thursday - week1Monday(year)) / 7) + 1 };
}

function checkYear(year: number): void {
  if (!Number.isInteger(year)) throw new Error(`Invalid year: ${String(year)}`);
}

function toWeek(days: number): IsoWeek {
  const { year, week } = weekOfDays(days);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Week out of range (years ${MIN_YEAR}–${MAX_YEAR}): year ${year}`);
  }
  return `${pad(year, 4)}-W${pad(week, 2)}`;
}

/** Parses a week or throws a clear error (used by every function taking an IsoWeek). */
function requireWeek(w: IsoWeek): { year: number; week: number } {
  const parsed = typeof w === 'string' ? parseWeek(w) : null;
  if (!parsed) throw new Error(`Invalid ISO week: ${JSON.stringify(w)} (expected "YYYY-Www")`);
  return parsed;
}

/** Day number of the Monday of a (valid) week. */
function mondayDays(w: IsoWeek): number {
  const { year, week } = requireWeek(w);
  return week1Monday(year) + (week - 1) * 7;
}

// ---------------------------------------------------------------------------
// Public API: parsing and formatting
// ---------------------------------------------------------------------------

/** Number of ISO weeks in an ISO week-year (53 when the year has a Thursday 1 January, or is a leap year starting on Wednesday). */
export function weeksInYear(year: number): 52 | 53 {
  checkYear(year);
  return (week1Monday(year + 1) - week1Monday(year)) / 7 === 53 ? 53 : 52;
}

/** Strict parse of "YYYY-Www"; null for anything else, including week 53 in a 52-week year. */
export function parseWeek(s: string): { year: number; week: number } | null {
  if (typeof s !== 'string') return null;
  const m = WEEK_RE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > weeksInYear(year)) return null;
  return { year, week };
}

export function isValidWeek(s: unknown): boolean {
  return typeof s === 'string' && parseWeek(s) !== null;
}

/** formatWeek(2026, 8) === "2026-W08". Throws if the week does not exist in that year. */
export function formatWeek(year: number, week: number): IsoWeek {
  checkYear(year);
  if (year < MIN_YEAR || year > MAX_YEAR) throw new Error(`Year out of range: ${year}`);
  if (!Number.isInteger(week) || week < 1 || week > weeksInYear(year)) {
    throw new Error(`Invalid week ${String(week)} for year ${year}`);
  }
  return `${pad(year, 4)}-W${pad(week, 2)}`;
}

/** The week number alone, for labels such as "Vecka 48". */
export function weekNumber(w: IsoWeek): number {
  return requireWeek(w).week;
}

/**
 * Chronological comparison (-1, 0, 1). Valid IsoWeek strings also sort correctly as
 * plain strings (fixed width, zero padded); this function additionally validates.
 */
export function compareWeeks(a: IsoWeek, b: IsoWeek): number {
  requireWeek(a);
  requireWeek(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Calendar (time-zone free) functions
// ---------------------------------------------------------------------------

/** ISO week of a civil date "YYYY-MM-DD" (pure calendar computation). */
export function weekOfDate(date: string): IsoWeek {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  if (!m || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new Error(`Invalid date: ${JSON.stringify(date)} (expected "YYYY-MM-DD")`);
  }
  return toWeek(daysFromCivil(year, month, day));
}

/** "YYYY-MM-DD" of the Monday of the week. */
export function mondayOf(w: IsoWeek): string {
  return formatDays(mondayDays(w));
}

/** "YYYY-MM-DD" of the Sunday of the week. */
export function sundayOf(w: IsoWeek): string {
  return formatDays(mondayDays(w) + 6);
}

/** w + n weeks; n may be negative or large and may cross (53-week) years. */
export function addWeeks(w: IsoWeek, n: number): IsoWeek {
  if (!Number.isSafeInteger(n)) throw new Error(`addWeeks: n must be an integer, got ${String(n)}`);
  return toWeek(mondayDays(w) + n * 7);
}

export function nextWeek(w: IsoWeek): IsoWeek {
  return addWeeks(w, 1);
}

export function previousWeek(w: IsoWeek): IsoWeek {
  return addWeeks(w, -1);
}

/** b minus a, in weeks (negative if b is before a). */
export function weeksBetween(a: IsoWeek, b: IsoWeek): number {
  return (mondayDays(b) - mondayDays(a)) / 7;
}

/** All weeks from `from` to `to`, inclusive and ascending; [] if to is before from. */
export function weekRange(from: IsoWeek, to: IsoWeek): IsoWeek[] {
  const start = mondayDays(from);
  const count = (mondayDays(to) - start) / 7 + 1;
  const out: IsoWeek[] = [];
  for (let i = 0; i < count; i++) out.push(toWeek(start + i * 7));
  return out;
}

// ---------------------------------------------------------------------------
// Instants <-> Stockholm wall-clock time
// ---------------------------------------------------------------------------

let formatter: Intl.DateTimeFormat | undefined;

/** Cached: constructing an Intl.DateTimeFormat is comparatively expensive. */
function stockholmFormatter(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(ms: number): WallClock {
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of stockholmFormatter().formatToParts(new Date(ms))) {
    if (part.type in out) out[part.type as keyof WallClock] = Number(part.value);
  }
  // Some older engines render midnight as hour 24 despite hourCycle h23.
  if (out.hour === 24) out.hour = 0;
  return out;
}

function checkInstant(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(ms)) throw new Error('Invalid Date');
  return ms;
}

/** Stockholm UTC offset in ms (+1 h or +2 h) at the given instant. */
function offsetAt(ms: number): number {
  const w = wallClock(ms);
  const wallMs =
    daysFromCivil(w.year, w.month, w.day) * MS_PER_DAY + ((w.hour * 60 + w.minute) * 60 + w.second) * 1000;
  return wallMs - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant of 00:00 Stockholm time on the given civil day. Midnight never falls in
 * a DST gap or overlap in Sweden (transitions are at 02:00/03:00), so it is unique.
 */
function stockholmMidnight(days: number): Date {
  const wallMs = days * MS_PER_DAY;
  let offset = offsetAt(wallMs - 3_600_000); // first guess: CET
  let ms = wallMs - offset;
  const actual = offsetAt(ms);
  if (actual !== offset) {
    offset = actual;
    ms = wallMs - offset;
  }
  return new Date(ms);
}

/**
 * The instant of a Stockholm wall-clock time ("YYYY-MM-DD", "HH:MM"). In the spring
 * gap (02:00–03:00 does not exist) the time is read with the offset before the jump,
 * i.e. moved forward an hour; in the autumn overlap the first (earlier) instant wins.
 */
export function stockholmInstant(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = daysFromCivil(y, m, d) * MS_PER_DAY + (hh * 60 + mm) * 60_000;
  // The offsets in force a day either side cover both sides of any transition.
  const before = offsetAt(wall - MS_PER_DAY);
  const after = offsetAt(wall + MS_PER_DAY);
  const candidates = [...new Set([before, after])].sort((a, b) => b - a); // larger offset = earlier instant
  for (const offset of candidates) {
    if (offsetAt(wall - offset) === offset) return new Date(wall - offset);
  }
  return new Date(wall - before);
}

/** "YYYY-MM-DD" of the instant in Stockholm local time. */
export function localDate(instant: Date): string {
  const w = wallClock(checkInstant(instant));
  return `${pad(w.year, 4)}-${pad(w.month, 2)}-${pad(w.day, 2)}`;
}

/** ISO week of the instant in Stockholm local time. */
export function weekOf(instant: Date): IsoWeek {
  return weekOfDate(localDate(instant));
}

/** The instant of Monday 00:00 Stockholm local time that starts the week. */
export function weekStart(w: IsoWeek): Date {
  return stockholmMidnight(mondayDays(w));
}

/** Exclusive end of the week: the start of the next week (Monday 00:00 local). */
export function weekEnd(w: IsoWeek): Date {
  return weekStart(nextWeek(w));
}
