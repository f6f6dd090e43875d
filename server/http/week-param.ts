import type { Context } from 'hono';
import { PARTICIPATION_WEEKS } from '../../shared/weekview';
import { addWeeks, isValidWeek, nextWeek, weekOf, type IsoWeek } from '../../shared/weeks';
import { apiError } from './errors';

/**
 * The `:week` of a coordinator route: "YYYY-Www" or "current" (the clock's week).
 * Weeks whose windows (12 weeks back, one forward) leave the calendar are refused.
 */
export function weekParam(raw: string, now: Date): IsoWeek | null {
  const week = raw === 'current' ? weekOf(now) : raw;
  if (!isValidWeek(week)) return null;
  try {
    addWeeks(week, -PARTICIPATION_WEEKS);
    nextWeek(week);
  } catch {
    return null;
  }
  return week;
}

export function badWeek(c: Context, raw: string) {
  return apiError(
    c,
    400,
    'bad_week',
    `"${raw.slice(0, 40)}" is not an ISO week: write it as year, "-W" and a two-digit week number, e.g. "2026-W48" (or "current").`,
  );
}
