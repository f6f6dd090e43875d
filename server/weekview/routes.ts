/**
 * The coordinator's week view and participation (issue 5). A Hono sub-app; the
 * lead mounts it under /api/v1 behind the coordinator role. Routes only load
 * rows (store.ts), call the pure compile functions and serialise.
 *
 *   GET /weeks/:week                 → WeekView      (":week" = "YYYY-Www" or "current")
 *   GET /weeks/:week/participation   → Participation
 */
import { Hono, type Context } from 'hono';
import type { Participation, WeekView } from '../../shared/weekview';
import { PARTICIPATION_WEEKS } from '../../shared/weekview';
import { addWeeks, isValidWeek, nextWeek, weekOf, type IsoWeek } from '../../shared/weeks';
import type { AppDeps } from '../http/deps';
import { apiError } from '../http/errors';
import { compileParticipation, compileWeek } from './compile';
import { weekviewStore } from './store';

export interface WeekviewDeps extends AppDeps {
  /**
   * The quarter's prioritised areas (in decided order) for a week. Until the
   * quarter decision exists, none: every area is listed by name.
   */
  prioritisedAreaIds?: (week: IsoWeek) => string[];
}

/** The week of the path, or null (the caller answers 400). "current" is the clock's week. */
function weekParam(c: Context, deps: AppDeps): IsoWeek | null {
  const raw = c.req.param('week') ?? '';
  const week = raw === 'current' ? weekOf(deps.now()) : raw;
  if (!isValidWeek(week)) return null;
  try {
    // The windows reach 12 weeks back and one forward: refuse weeks at the end of the calendar.
    addWeeks(week, -PARTICIPATION_WEEKS);
    nextWeek(week);
  } catch {
    return null;
  }
  return week;
}

const BAD_WEEK = (raw: string) =>
  `"${raw.slice(0, 40)}" is not an ISO week: write it as year, "-W" and a two-digit week number, e.g. "2026-W48" (or "current").`;

export function weekviewRoutes(deps: WeekviewDeps) {
  const app = new Hono();
  const prioritised = deps.prioritisedAreaIds ?? (() => []);

  app.get('/weeks/:week', (c) => {
    const week = weekParam(c, deps);
    if (!week) return apiError(c, 400, 'bad_week', BAD_WEEK(c.req.param('week')));
    const input = weekviewStore(deps.db).weekViewInput(week, prioritised(week));
    return c.json<WeekView>(compileWeek(input));
  });

  app.get('/weeks/:week/participation', (c) => {
    const week = weekParam(c, deps);
    if (!week) return apiError(c, 400, 'bad_week', BAD_WEEK(c.req.param('week')));
    return c.json<Participation>(compileParticipation(weekviewStore(deps.db).participationInput(week)));
  });

  return app;
}
