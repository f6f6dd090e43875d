/**
 * The coordinator's week view and participation, mounted under /api/v1 (who may
 * call what: server/auth/rules.ts). Routes only load rows (store.ts), call the
 * pure compile functions and serialise.
 *
 *   GET /weeks/:week                 → WeekView      (":week" = "YYYY-Www" or "current")
 *   GET /weeks/:week/participation   → Participation
 */
import { Hono } from 'hono';
import type { Participation, WeekView } from '../../shared/weekview';
import type { IsoWeek } from '../../shared/weeks';
import type { AppDeps } from '../http/deps';
import { badWeek, weekParam } from '../http/week-param';
import { compileParticipation, compileWeek } from './compile';
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
    const input = weekviewStore(deps.db).weekViewInput(week, prioritised(week));
    return c.json<WeekView>(compileWeek(input));
  });

  app.get('/weeks/:week/participation', (c) => {
    const now = deps.now();
    const week = weekParam(c.req.param('week') ?? '', now);
    if (!week) return badWeek(c, c.req.param('week') ?? '');
    return c.json<Participation>(compileParticipation(weekviewStore(deps.db).participationInput(week, now)));
  });

  return app;
}
