import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../server/db/open';
import { compileParticipation, compileWeek } from '../../server/weekview/compile';
import { explainWeekview, weekviewStore } from '../../server/weekview/store';
import { addWeeks } from '../../shared/weeks';
import { generateSynthetic } from '../support/synthetic';

/** The store over a small synthetic history, cross-checked against naive SQL. */
let dir: string;
let db: Db;
const END = '2026-W48';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-weekview-store-'));
  db = openDatabase(join(dir, 'syn.sqlite'));
  generateSynthetic(db, { endWeek: END, weeks: 30, functions: 24, organisations: 4, areas: 6, placesPerArea: 3, targetObservations: 3000, seed: 7 });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;

describe('weekview store', () => {
  it('uses indexes: no statement scans observations or reports', () => {
    const plans = explainWeekview(db, addWeeks(END, -5));
    for (const { name, plan } of plans) {
      for (const line of plan) expect(line, name).not.toMatch(/^SCAN (observations|reports|o|r)\b/);
    }
    const detail = plans.find((p) => p.name === 'weekObservations')!.plan.join('\n');
    expect(detail).toMatch(/observations_week \(week=\?\)/);
    expect(plans.find((p) => p.name === 'countsByWeek')!.plan.join('\n')).toMatch(/observations_week \(week>\? AND week<\?\)/);
  });

  it('loads the windows exactly: totals, previous week and averages agree with naive SQL', () => {
    for (const week of [END, addWeeks(END, -10), addWeeks(END, -28)]) {
      const view = compileWeek(weekviewStore(db).weekViewInput(week, []));
      const count = (w: string) => one<{ n: number }>('SELECT count(*) AS n FROM observations WHERE week = ?', w).n;
      expect(view.totals.all.count).toBe(count(week));
      expect(view.totals.all.previous).toBe(count(addWeeks(week, -1)));
      const inUse = one<{ n: number }>(
        'SELECT count(DISTINCT week) AS n FROM reports WHERE week BETWEEN ? AND ?', addWeeks(week, -8), addWeeks(week, -1)).n;
      expect(view.averageWindow.weeksInUse).toBe(inUse);
      const sum = one<{ n: number }>('SELECT count(*) AS n FROM observations WHERE week BETWEEN ? AND ?', addWeeks(week, -8), addWeeks(week, -1)).n;
      expect(view.totals.all.average).toBe(inUse === 0 ? null : Math.round((sum / inUse) * 100) / 100);
      const reports = one<{ n: number; calm: number | null }>('SELECT count(*) AS n, sum(calm) AS calm FROM reports WHERE week = ?', week);
      expect(view.reports).toEqual({ total: reports.n, calm: reports.calm ?? 0, observations: count(week) });
      const cells = view.areas.flatMap((a) => Object.values(a.cells));
      expect(cells.reduce((n, c) => n + c.observations.length, 0)).toBe(count(week));
    }
  });

  it('participation covers every function, each with a 12-week strip', () => {
    const p = compileParticipation(weekviewStore(db).participationInput(END, new Date(8.64e15)));
    const fns = p.organisations.flatMap((o) => o.functions);
    expect(fns).toHaveLength(24);
    expect(p.totals.functions).toBe(24);
    const reported = one<{ n: number }>('SELECT count(DISTINCT function_id) AS n FROM reports WHERE week = ?', END).n;
    expect(p.totals.reported + p.totals.calm).toBe(reported);
    for (const f of fns) expect(f.strip).toHaveLength(12);
  });
});
