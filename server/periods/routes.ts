/**
 * The period analysis, the priorities decision and the year review, mounted under
 * /api/v1. Who may call what: server/auth/rules.ts.
 *
 *   GET /periods/:period                  → PeriodInfo (":period" = "2026-Q4" / "2026-T3", "current" or "previous")
 *   GET /periods/:period/analysis         → PeriodAnalysis
 *   GET /periods/:period/priorities       → {priorities: StoredPriorities | null} (null: none decided yet)
 *   PUT /periods/:period/priorities       { areaIds: [3 ids], rationale } → StoredPriorities
 *   GET /years/:year/review               → YearReview (":year" = "2026" or "current")
 *
 * The period kind (quarters or tertials) is configuration: `periodKind` in the
 * deps (default "quarter"); a period id of the other kind is a 400.
 */
import { Hono, type Context } from 'hono';
import {
  PrioritiesSchema,
  nextPeriod,
  parsePeriod,
  periodLabel,
  periodOfWeek,
  periodWeeks,
  previousPeriod,
  type PeriodAnalysis,
  type PeriodId,
  type PeriodKind,
  type PrioritiesState,
  type StoredPriorities,
  type YearReview,
  type PeriodInfo,
} from '../../shared/followup';
import { parseWeek, weekOf, type IsoWeek } from '../../shared/weeks';
import type { AppDeps } from '../http/deps';
import { apiError, sendRefusal } from '../http/errors';
import { jsonBody } from '../http/request';
import { INTERVENTION_BODY_LIMIT, actorId, personalDataRefusal } from '../interventions/http';
import { compileQuarter } from './quarter';
import { periodStore } from './store';
import { compileYear } from './year';

export interface PeriodsDeps extends AppDeps {
  /** Quarters (Örebro) or tertials of four months (Kumla, Uppsala). Default "quarter". */
  periodKind?: PeriodKind;
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export function periodsRoutes(deps: PeriodsDeps) {
  const app = new Hono();
  const kind: PeriodKind = deps.periodKind ?? 'quarter';
  const example = kind === 'quarter' ? '"2026-Q4" (quarters 1–4)' : '"2026-T3" (tertials 1–3)';

  /** The period of the path, or a 400 response. */
  function periodParam(c: Context): PeriodId | Response {
    const raw = c.req.param('period') ?? '';
    const current = periodOfWeek(weekOf(deps.now()), kind);
    if (raw === 'current') return current;
    if (raw === 'previous') return previousPeriod(current);
    const p = parsePeriod(raw);
    if (!p || p.kind !== kind || p.year < MIN_YEAR || p.year > MAX_YEAR) {
      const other = p && p.kind !== kind ? ` This installation works in ${kind === 'quarter' ? 'quarters' : 'tertials'}.` : '';
      return apiError(c, 400, 'bad_period', `"${raw.slice(0, 40)}" is not a period:${other} write it like ${example}, or "current".`);
    }
    return raw;
  }

  app.get('/periods/:period', (c) => {
    const period = periodParam(c);
    if (period instanceof Response) return period;
    const w = periodWeeks(period);
    return c.json<PeriodInfo>({
      period,
      kind,
      label: { sv: periodLabel(period, 'sv'), en: periodLabel(period, 'en') },
      first: w.first,
      last: w.last,
      weeks: w.count,
      previous: previousPeriod(period),
      next: nextPeriod(period),
    });
  });

  app.get('/periods/:period/analysis', (c) => {
    const period = periodParam(c);
    if (period instanceof Response) return period;
    return c.json<PeriodAnalysis>(compileQuarter(periodStore(deps.db).quarterInput(period)));
  });

  app.get('/periods/:period/priorities', (c) => {
    const period = periodParam(c);
    if (period instanceof Response) return period;
    return c.json<PrioritiesState>({ priorities: periodStore(deps.db).priorities(period) ?? null });
  });

  app.put('/periods/:period/priorities', jsonBody(PrioritiesSchema, { limit: INTERVENTION_BODY_LIMIT, what: 'priorities' }), (c) => {
    const period = periodParam(c);
    if (period instanceof Response) return period;
    const body = c.get('body');
    const personal = personalDataRefusal(body, ['rationale']);
    if (personal) return sendRefusal(c, personal);
    const out = periodStore(deps.db).putPriorities(period, body, { now: deps.now(), by: actorId(c) });
    if (!out.ok) return sendRefusal(c, out);
    return c.json<StoredPriorities>(out.value);
  });

  app.get('/years/:year/review', (c) => {
    const raw = c.req.param('year');
    const now = deps.now();
    const nowWeek = weekOf(now);
    const year = raw === 'current' ? parseWeek(nowWeek)!.year : /^\d{4}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      return apiError(c, 400, 'bad_year', `"${raw.slice(0, 40)}" is not a year: write four digits, e.g. "2026", or "current".`);
    }
    return c.json<YearReview>(compileYear(periodStore(deps.db).yearInput(year, kind, nowWeek, now)));
  });

  return app;
}
