/**
 * The coordinator's week view and participation, mounted under /api/v1 (who may
 * call what: server/auth/rules.ts). Routes only load rows (store.ts), call the
 * pure compile functions and serialise.
 *
 *   GET /weeks/:week                 → PackedWeekSummary (":week" = "YYYY-Www" or "current"; cells as arrays)
 *   GET /weeks/:week/areas/:areaId/observations[?category=<indicator>]
 *                                    → AreaObservations (a cell's or an area's detail, on demand)
 *   GET /weeks/:week/participation   → Participation
 *
 * The week view's answer carries figures only (read from the week aggregates); a cell's
 * observations travel when the coordinator opens it, so the table paints first.
 */
import { Hono } from 'hono';
import { isIndicatorKey } from '../../shared/indicators';
import { packWeek, type AreaObservations, type PackedWeekSummary, type Participation } from '../../shared/weekview';
import type { IsoWeek } from '../../shared/weeks';
import type { AppDeps } from '../http/deps';
import { apiError } from '../http/errors';
import { badWeek, weekParam } from '../http/week-param';
import { compileParticipation, compileWeekSummary } from './compile';
import { weekviewStore } from './store';

export interface WeekviewDeps extends AppDeps {
  /**
   * The quarter's prioritised areas (in decided order) for a week. Until the
   * quarter decision exists, none: every area is listed by name.
   */
  prioritisedAreaIds?: (week: IsoWeek) => string[];
}



export function weekviewRoutes(deps: WeekviewDeps) {
  const app = new Hono();
  const prioritised = deps.prioritisedAreaIds ?? (() => []);

  app.get('/weeks/:week', (c) => {
    const week = weekParam(c.req.param('week') ?? '', deps.now());
    if (!week) return badWeek(c, c.req.param('week') ?? '');
    const input = weekviewStore(deps.db).weekSummaryInput(week, prioritised(week));
    return c.json<PackedWeekSummary>(packWeek(compileWeekSummary(input)));
  });

  app.get('/weeks/:week/areas/:areaId/observations', (c) => {
    const week = weekParam(c.req.param('week') ?? '', deps.now());
    if (!week) return badWeek(c, c.req.param('week') ?? '');
    const areaId = c.req.param('areaId') ?? '';
    const raw = c.req.query('category');
    if (raw !== undefined && !isIndicatorKey(raw)) {
      return apiError(c, 400, 'bad_category', `"${raw.slice(0, 40)}" är ingen indikator: välj en av indikatorerna i veckovyns kolumner (t.ex. "vandalism").`);
    }
    const category = raw === undefined ? null : raw;
    const observations = weekviewStore(deps.db).observations(week, areaId, category ?? undefined);
    if (!observations) return apiError(c, 404, 'not_found', 'Området finns inte (längre): ladda om veckovyn.');
    return c.json<AreaObservations>({ week, areaId, category, observations });
  });

  app.get('/weeks/:week/participation', (c) => {
    const now = deps.now();
    const week = weekParam(c.req.param('week') ?? '', now);
    if (!week) return badWeek(c, c.req.param('week') ?? '');
    return c.json<Participation>(compileParticipation(weekviewStore(deps.db).participationInput(week, now)));
  });

  return app;
}
