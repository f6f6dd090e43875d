/**
 * Export of observations for the yearly GIS analysis. Coordinators only
 * (server/auth/rules.ts).
 *
 *   GET /export/observations.csv?from=YYYY-Www&to=YYYY-Www      CSV, UTF-8 with BOM, CRLF
 *   GET /export/observations.geojson?from=YYYY-Www&to=YYYY-Www  GeoJSON FeatureCollection
 *
 * Both are streamed week by week, so a ten-year export does not sit in memory.
 */
import { Hono, type Context } from 'hono';
import { compareWeeks, isValidWeek, nextWeek, weeksBetween, type IsoWeek } from '../../shared/weeks';
import type { AppDeps } from '../http/deps';
import { apiError } from '../http/errors';
import { BOM, csvHeader, csvLine, geoJsonFeature, locate } from './format';
import { exportStore } from './store';

/** Longest period one export may cover: a little over ten years. */
export const MAX_EXPORT_WEEKS = 530;

function period(c: Context): { from: IsoWeek; to: IsoWeek } | string {
  const from = c.req.query('from');
  const to = c.req.query('to');
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value === undefined || value === '') return `The query parameter "${name}" is missing: give the period as ?from=2026-W01&to=2026-W52.`;
    if (!isValidWeek(value)) return `The query parameter "${name}" ("${value.slice(0, 40)}") is not an ISO week: write it like 2026-W48.`;
  }
  if (compareWeeks(from!, to!) > 0) return `The period is backwards: "from" (${from}) comes after "to" (${to}).`;
  if (weeksBetween(from!, to!) + 1 > MAX_EXPORT_WEEKS) return `The period is too long: export at most ${MAX_EXPORT_WEEKS} weeks at a time.`;
  return { from: from!, to: to! };
}

/** A stream that produces a head, one chunk per week (synchronous SQL inside each pull), and a tail. */
function weeklyStream(from: IsoWeek, to: IsoWeek, head: string, week: (w: IsoWeek) => string, tail: string): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let current: IsoWeek | null = null;
  let done = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (done) return;
      if (current === null) {
        current = from;
        controller.enqueue(enc.encode(head));
        return;
      }
      // Several empty weeks in one pull: enqueue only when there is something to send.
      let chunk = '';
      while (chunk === '' && current !== null) {
        chunk = week(current);
        current = compareWeeks(current, to) >= 0 ? null : nextWeek(current);
      }
      if (chunk) controller.enqueue(enc.encode(chunk));
      if (current === null) {
        controller.enqueue(enc.encode(tail));
        controller.close();
        done = true;
      }
    },
  });
}

export function exportRoutes(deps: AppDeps) {
  const app = new Hono();
  const store = () => exportStore(deps.db);

  app.get('/export/observations.csv', (c) => {
    const p = period(c);
    if (typeof p === 'string') return apiError(c, 400, 'bad_request', p);
    const { places, areas } = store().points();
    const body = weeklyStream(p.from, p.to, BOM + csvHeader(), (w) => store().week(w).map((r) => csvLine(r, locate(r, places, areas))).join(''), '');
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="observations-${p.from}-${p.to}.csv"`,
      'cache-control': 'no-store',
    });
  });

  app.get('/export/observations.geojson', (c) => {
    const p = period(c);
    if (typeof p === 'string') return apiError(c, 400, 'bad_request', p);
    const { places, areas } = store().points();
    let first = true;
    const body = weeklyStream(
      p.from,
      p.to,
      `{"type":"FeatureCollection","properties":${JSON.stringify({ from: p.from, to: p.to })},"features":[`,
      (w) =>
        store()
          .week(w)
          .map((r) => {
            const s = (first ? '\n' : ',\n') + JSON.stringify(geoJsonFeature(r, locate(r, places, areas)));
            first = false;
            return s;
          })
          .join(''),
      '\n]}\n',
    );
    return c.body(body, 200, {
      'content-type': 'application/geo+json; charset=utf-8',
      'content-disposition': `attachment; filename="observations-${p.from}-${p.to}.geojson"`,
      'cache-control': 'no-store',
    });
  });

  return app;
}
