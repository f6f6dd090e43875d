import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../server/db/open';
import { DEMO_HISTORY_WEEKS, seedDemo } from '../../server/demo/seed';
import { compileParticipation } from '../../server/weekview/compile';
import { weekviewStore } from '../../server/weekview/store';
import { addWeeks, weekOf } from '../../shared/weeks';

/** The demo's history as the coordinator sees it: seeded into a real SQLite file, compiled by the real store. */
let dir: string;
let db: Db;
// A Wednesday: the demo is usually looked at in the middle of a week.
const NOW = new Date('2026-12-02T13:00:00.000Z');
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-demo-seed-'));
  db = openDatabase(join(dir, 'demo.sqlite'));
  expect(seedDemo(db, NOW)).toBe(true);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo seed', () => {
  it('has every function exist over its whole history: a week it skipped is missing, never "did not exist"', () => {
    const thisWeek = weekOf(NOW);
    const last = addWeeks(thisWeek, -1);
    const p = compileParticipation(weekviewStore(db).participationInput(last, NOW));
    const fns = p.organisations.flatMap((o) => o.functions);
    expect(fns).toHaveLength(8);
    for (const f of fns) {
      // The strip reaches back 12 weeks, the history DEMO_HISTORY_WEEKS: only weeks before it may be inactive.
      const history = f.strip.slice(-DEMO_HISTORY_WEEKS);
      expect(history.filter((s) => s.status === 'inactive'), f.name).toEqual([]);
    }
    // The function the demo lets sink (Fritidsgården Ljuset) skips weeks lately: those are missing, and flagged.
    const ljuset = fns.find((f) => f.name === 'Fritidsgården Ljuset')!;
    expect(ljuset.strip.some((s) => s.status === 'missing')).toBe(true);
    expect(ljuset.sinking).toBe(true);
  });

  it('shows the running week as in progress for the functions that have not reported yet, and flags no one for it', () => {
    const p = compileParticipation(weekviewStore(db).participationInput(weekOf(NOW), NOW));
    expect(p.inProgress).toBe(true);
    expect(p.totals).toMatchObject({ functions: 8, missing: 0, inProgress: 8 });
    // Only weeks that are over raise the alarm: each flagged function missed one of its last four.
    for (const f of p.organisations.flatMap((o) => o.functions).filter((x) => x.sinking)) {
      expect(f.strip.slice(-5, -1).some((s) => s.status === 'missing'), f.name).toBe(true);
    }
  });
});
