import type { Db } from '../db/open';
import type { ContextArea, InformantContext } from '../../shared/api';
import { INDICATORS } from '../../shared/indicators';
import { previousWeek, weekOf } from '../../shared/weeks';
import { areasOwnFirst, functionById, placeRows } from '../admin/store';
import { reportStore } from '../reports/store';

/** What the informant app caches: its function, the week, all areas (own first) and recent reports. */
export function informantContext(db: Db, functionId: string, now: Date): InformantContext | undefined {
  const row = functionById(db, functionId);
  if (!row) return undefined;
  // Only what the phone shows: names, no geometry.
  const fn = { id: row.id, name: row.name, organisation: row.organisation };
  const byArea = new Map<string, ContextArea>(areasOwnFirst(db, functionId).map((a) => [a.id, { ...a, places: [] }]));
  for (const p of placeRows(db)) byArea.get(p.area_id)?.places.push({ id: p.id, name: p.name });
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
