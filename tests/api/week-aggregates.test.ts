/**
 * The week aggregates (migrations 0012, 0015; docs/architecture.md "Week aggregates") against the
 * plain path they replaced: over a generated history, then after edits and removals of
 * observations and reports, every aggregate table equals the GROUP BY of its source, and the
 * fast week view, draft, participation and a cell's observations are the very answers the
 * plain SQL over observations gives – for every week of the history and the one after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../server/db/open';
import { compileDraft } from '../../server/pictures/draft';
import { compileParticipation, compileWeek, compileWeekSummary, summaryOf } from '../../server/weekview/compile';
import { plainWeekviewStore, weekviewStore } from '../../server/weekview/store';
import { INDICATOR_KEYS } from '../../shared/indicators';
import { packWeek, unpackWeek, type PackedWeekSummary } from '../../shared/weekview';
import { addWeeks, weekRange, type IsoWeek } from '../../shared/weeks';
import { generateSynthetic, type SyntheticResult } from '../support/synthetic';
import { expectCountedTablesMatchSources } from '../support/counted';

const END = '2026-W48';
let dir: string;
let db: Db;
let gen: SyntheticResult;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-week-aggregates-'));
  db = openDatabase(join(dir, 'syn.sqlite'));
  gen = generateSynthetic(db, { endWeek: END, weeks: 40, functions: 30, organisations: 4, areas: 8, placesPerArea: 3, targetObservations: 6000, seed: 17 });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The fast answers of one week equal the plain ones (as the client receives them: JSON). */
function expectSameAnswers(week: IsoWeek, now: Date): void {
  const fast = weekviewStore(db);
  const plain = plainWeekviewStore(db);
  const prioritised = [gen.areaIds[2]!, gen.areaIds[0]!];

  const full = compileWeek(plain.weekViewInput(week, prioritised));
  const summary = compileWeekSummary(fast.weekSummaryInput(week, prioritised));
  expect(JSON.stringify(summary), week).toBe(JSON.stringify(summaryOf(full)));
  // What the route sends (cells packed as arrays) unpacks to the very same answer.
  expect(JSON.stringify(unpackWeek(JSON.parse(JSON.stringify(packWeek(summary))) as PackedWeekSummary)), week).toBe(JSON.stringify(summary));

  expect(JSON.stringify(compileDraft({ view: summary, events: fast.weekEvents(week) })), week).toBe(JSON.stringify(compileDraft({ view: full })));

  expect(JSON.stringify(compileParticipation(fast.participationInput(week, now))), week).toBe(
    JSON.stringify(compileParticipation(plain.participationInput(week, now))),
  );

  for (const area of full.areas) {
    expect(fast.observations(week, area.id), `${week} ${area.name}`).toEqual(INDICATOR_KEYS.flatMap((c) => area.cells[c].observations));
    for (const c of ['vandalism', 'event'] as const) expect(fast.observations(week, area.id, c)).toEqual(area.cells[c].observations);
  }
}

describe('week aggregates', () => {
  it('equal the GROUP BY of observations and reports after the generated history', () => {
    expect(gen.observations).toBeGreaterThan(4000);
    expectCountedTablesMatchSources(db);
  });

  it('answer every week exactly as the plain SQL over observations does', () => {
    const weeks = weekRange(gen.weeks[0]!, addWeeks(END, 1));
    const now = new Date('2026-11-26T12:00:00Z'); // inside END: its week is still running
    for (const week of weeks) expectSameAnswers(week, now);
  });

  it('stay equal after edits and removals of observations and reports', () => {
    const weeks = gen.weeks.slice(-12);
    const ids = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().all(...params) as string[];
    db.transaction(() => {
      // Edits: another indicator, time of day, place, area, "kvarstår", even another week.
      const edit = ids('SELECT id FROM observations WHERE week BETWEEN ? AND ? ORDER BY id LIMIT 60', weeks[0], END);
      edit.forEach((id, i) => {
        const set = [
          "category = 'event', persists = 1 - persists",
          "time_of_day = 'night'",
          'place_id = NULL',
          `area_id = '${gen.areaIds[i % gen.areaIds.length]}', place_id = NULL`,
          `week = '${weeks[i % weeks.length]}'`,
        ][i % 5];
        db.prepare(`UPDATE observations SET ${set} WHERE id = ?`).run(id);
      });
      // Withdrawals: a report with its observations, and single observations.
      const withdraw = ids('SELECT id FROM reports WHERE week BETWEEN ? AND ? ORDER BY id DESC LIMIT 25', weeks[0], END);
      for (const id of withdraw) {
        db.prepare('DELETE FROM intervention_observations WHERE observation_id IN (SELECT id FROM observations WHERE report_id = ?)').run(id);
        db.prepare('DELETE FROM observations WHERE report_id = ?').run(id);
        db.prepare('DELETE FROM reports WHERE id = ?').run(id);
      }
      for (const id of ids("SELECT id FROM observations WHERE week = ? AND category = 'vandalism' LIMIT 10", weeks[6])) {
        db.prepare('DELETE FROM observations WHERE id = ?').run(id);
      }
      // A report turned calm, one moved to the next week.
      const [a, b] = ids('SELECT id FROM reports WHERE week = ? ORDER BY id LIMIT 2', weeks[3]);
      db.prepare('UPDATE reports SET calm = 1 - calm WHERE id = ?').run(a);
      db.prepare('UPDATE reports SET week = ? WHERE id = ?').run(weeks[4], b);
    })();
    expectCountedTablesMatchSources(db);
    const now = new Date('2026-12-20T12:00:00Z'); // every week over
    for (const week of weekRange(addWeeks(weeks[0]!, -1), addWeeks(END, 1))) expectSameAnswers(week, now);
  });
});
