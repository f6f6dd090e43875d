import type { Db } from '../db/open';
import type { ContextArea, InformantContext } from '../../shared/api';
import { INDICATORS } from '../../shared/indicators';
import { previousWeek, weekOf } from '../../shared/weeks';
import { reportStore } from '../reports/store';

/** What the informant app caches: its function, the week, all areas (own first) and recent reports. */
export function informantContext(db: Db, functionId: string, now: Date): InformantContext | undefined {
  const fn = db
    .prepare<[string], { id: string; name: string; organisation: string }>(
      `SELECT f.id, f.name, o.name AS organisation FROM functions f JOIN organisations o ON o.id = f.organisation_id WHERE f.id = ?`,
    )
    .get(functionId);
  if (!fn) return undefined;
  const areas = db
    .prepare<[string], { id: string; name: string; own: number }>(
      `SELECT a.id, a.name, EXISTS (SELECT 1 FROM function_areas fa WHERE fa.function_id = ? AND fa.area_id = a.id) AS own
         FROM areas a ORDER BY own DESC, a.name COLLATE NOCASE`,
    )
    .all(functionId);
  const places = db.prepare<[], { id: string; area_id: string; name: string }>('SELECT id, area_id, name FROM places ORDER BY name COLLATE NOCASE').all();
  const byArea = new Map<string, ContextArea>(areas.map((a) => [a.id, { id: a.id, name: a.name, own: a.own === 1, places: [] }]));
  for (const p of places) byArea.get(p.area_id)?.places.push({ id: p.id, name: p.name });
  const week = weekOf(now);
  const store = reportStore(db);
  return {
    function: fn,
    week,
    areas: [...byArea.values()],
    categories: INDICATORS.map((i) => ({ key: i.key, label: i.sv.label })),
    reports: { thisWeek: store.reportsOf(functionId, week), lastWeek: store.reportsOf(functionId, previousWeek(week)) },
  };
}
