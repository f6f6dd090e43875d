/**
 * The map, mounted under /api/v1 (who may call: server/auth/rules.ts).
 *
 *   GET /map                  → MapData: the basemap configured by MAP_TILE_URL / MAP_ATTRIBUTION (or
 *                               null), the areas' outlines and the places' points.
 *   GET /map/periods/:period  → SpanMapCounts of a period (":period" = "2026-Q4" / "2026-T3" of the
 *                               configured kind, "current" or "previous"): observations per area and
 *                               place × indicator, for the period page's map.
 *   GET /map/years/:year      → SpanMapCounts of an ISO week-year ("2026" or "current"), for the year's map.
 */
import { Hono, type Context } from 'hono';
import { INDICATOR_KEYS } from '../../shared/indicators';
import { parsePeriod, periodLabel, periodOfWeek, periodWeeks, previousPeriod, yearWeeks, type PeriodKind } from '../../shared/followup';
import type { MapData, MapSpan, SpanMapCounts } from '../../shared/map';
import { parseWeek, weekOf, weeksBetween } from '../../shared/weeks';
import type { AuthDeps } from '../auth/context';
import { apiError } from '../http/errors';
import { mapGeography, spanCounts } from './store';

export interface MapDeps extends AuthDeps {
  /** Quarters or tertials (Config.period): a period id of the other kind is a 400. Default "quarter". */
  periodKind?: PeriodKind;
  /** MUNICIPALITY, on the printed map's title. */
  municipality?: string;
}

// The years the period routes accept (server/periods/routes.ts).
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export function mapRoutes(deps: MapDeps) {
  const app = new Hono();
  const kind: PeriodKind = deps.periodKind ?? 'quarter';

  app.get('/map', (c) => {
    const tiles = deps.mapTiles ? { url: deps.mapTiles.url, attribution: deps.mapTiles.attribution } : null;
    return c.json<MapData>({ tiles, ...mapGeography(deps.db) });
  });

  const answer = (c: Context, s: Omit<MapSpan, 'elapsed'>) => {
    const now = weekOf(deps.now());
    const elapsed = now < s.first ? 0 : now >= s.last ? s.weeks : weeksBetween(s.first, now) + 1;
    const span: MapSpan = { ...s, elapsed };
    return c.json<SpanMapCounts>({ span, municipality: deps.municipality || null, categories: [...INDICATOR_KEYS], ...spanCounts(deps.db, span.first, span.last) });
  };

  app.get('/map/periods/:period', (c) => {
    const raw = c.req.param('period');
    const current = periodOfWeek(weekOf(deps.now()), kind);
    const period = raw === 'current' ? current : raw === 'previous' ? previousPeriod(current) : raw;
    const p = parsePeriod(period);
    if (!p || p.kind !== kind || p.year < MIN_YEAR || p.year > MAX_YEAR) {
      const example = kind === 'quarter' ? '"2026-Q4" (kvartal 1–4)' : '"2026-T3" (tertial 1–3)';
      const other = p && p.kind !== kind ? ` Här räknas perioderna i ${kind === 'quarter' ? 'kvartal' : 'tertial'}.` : '';
      return apiError(c, 400, 'bad_period', `"${raw.slice(0, 40)}" är ingen period.${other} Skriv den som ${example}, eller "current".`);
    }
    const w = periodWeeks(p);
    return answer(c, { id: period, kind, label: { sv: periodLabel(period, 'sv'), en: periodLabel(period, 'en') }, first: w.first, last: w.last, weeks: w.count });
  });

  app.get('/map/years/:year', (c) => {
    const raw = c.req.param('year');
    const year = raw === 'current' ? parseWeek(weekOf(deps.now()))!.year : /^\d{4}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      return apiError(c, 400, 'bad_year', `"${raw.slice(0, 40)}" är inget år: skriv fyra siffror, t.ex. "2026", eller "current".`);
    }
    const w = yearWeeks(year);
    return answer(c, { id: String(year), kind: 'year', label: { sv: String(year), en: String(year) }, first: w.first, last: w.last, weeks: w.count });
  });

  return app;
}
