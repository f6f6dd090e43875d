/**
 * Bench "weekview": the coordinator's week view, draft and participation over a synthetic
 * 10-year history of 500 functions (~800,000 observations).
 *
 * 1. Generates the history into a temp SQLite file opened with openDatabase()
 *    (the project's pragmas, migrations, indexes and the week aggregates' triggers; no
 *    ANALYZE, as in production).
 * 2. Prints EXPLAIN QUERY PLAN of every statement and flags a SCAN of observations or reports.
 * 3. Times, for 30+ different weeks spread over the history, each after a warm-up, the fast
 *    path (the week aggregates, what the routes run) and in the same run the plain path
 *    (the SQL over observations it replaced, given back its indexes: addPlainPathIndexes)
 *    as the baseline: week view (query + compile +
 *    JSON), draft (query + compile + draft), participation (query + compile + JSON); and an
 *    independent plain indexed-SQL probe of the week's counts. Targets (issue 17): ≤ 10 ms
 *    each, first answer ≤ 100 KiB. The machine is shared: quote the ratios.
 *
 * Run alone: `npx tsx tests/bench/weekview.ts` (env WEEKVIEW_FUNCTIONS,
 * WEEKVIEW_WEEKS, WEEKVIEW_SAMPLES shrink or grow it). Never fails on a missed
 * budget; throws only on a real error.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../../server/db/open';
import { compileDraft } from '../../server/pictures/draft';
import { compileParticipation, compileWeek, compileWeekSummary } from '../../server/weekview/compile';
import { explainWeekview, plainWeekviewStore, weekviewStore } from '../../server/weekview/store';
import { packWeek } from '../../shared/weekview';
import { addWeeks } from '../../shared/weeks';
import { addPlainPathIndexes, generateSynthetic } from '../support/synthetic';
import type { BenchContext, Figure } from './harness';

const BUDGET_MS = 10;
const FIRST_ANSWER_KIB = 100;
const END_WEEK = '2026-W48';

export interface WeekviewBenchOptions {
  functions?: number;
  weeks?: number;
  /** Number of different weeks timed (≥ 30 by default). */
  samples?: number;
  log?: (line: string) => void;
  figure?: (f: Omit<Figure, 'section'>) => void;
}

function quantile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const ms = (n: number) => `${n.toFixed(1)} ms`;

export async function benchWeekview(opts: WeekviewBenchOptions = {}): Promise<void> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const functions = opts.functions ?? Number(process.env.WEEKVIEW_FUNCTIONS ?? 500);
  const nWeeks = opts.weeks ?? Number(process.env.WEEKVIEW_WEEKS ?? 522);
  const samples = opts.samples ?? Number(process.env.WEEKVIEW_SAMPLES ?? 32);
  const target = Math.round((800_000 * functions * nWeeks) / (500 * 522));

  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-bench-weekview-'));
  const file = join(dir, 'weekview.sqlite');
  const db = openDatabase(file);
  try {
    log(`weekview: generating ${nWeeks} weeks × ${functions} functions (~${target.toLocaleString('en-US')} observations) into ${file}`);
    const gen = generateSynthetic(db, { endWeek: END_WEEK, weeks: nWeeks, functions, targetObservations: target });
    log(
      `  ${gen.reports.toLocaleString('en-US')} reports (${gen.calmReports.toLocaleString('en-US')} calm), ` +
        `${gen.observations.toLocaleString('en-US')} observations, ${gen.areas} areas, ${gen.places} places, ${gen.organisations} organisations`,
    );
    log(`  insert ${ms(gen.insertMs)}, indexes ${ms(gen.indexMs)}, file ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`);
    addPlainPathIndexes(db);

    // Query plans.
    log('weekview: query plans (EXPLAIN QUERY PLAN)');
    let flagged = 0;
    for (const { name, plan } of explainWeekview(db, gen.weeks[Math.floor(gen.weeks.length / 2)]!)) {
      for (const line of plan) {
        const bad = /^SCAN (observations|reports|o|r)\b/.test(line);
        if (bad) flagged++;
        log(`  ${bad ? '!! ' : '   '}${name.padEnd(17)} ${line}`);
      }
    }
    log(flagged === 0 ? '  no SCAN of observations or reports' : `  !! ${flagged} SCAN(s) of observations/reports – add or fix an index`);

    // Weeks spread over the history; the first 12 are skipped so every window is full.
    const usable = gen.weeks.slice(12);
    const count = Math.min(samples, usable.length);
    const weeks = Array.from({ length: count }, (_, i) => usable[Math.floor(((i + 0.5) * usable.length) / count)]!);
    if (!weeks.includes(END_WEEK)) weeks[weeks.length - 1] = END_WEEK;

    const fast = weekviewStore(db);
    const plain = plainWeekviewStore(db);
    const prioritised = [gen.areaIds[0]!, gen.areaIds[1]!, gen.areaIds[2]!];
    // An independent probe: the week's and the average window's counts straight from the
    // observations index, no compile – what hand-written indexed SQL costs for the same figures.
    const probeCounts = db.prepare(
      'SELECT week, area_id, category, count(*) AS n FROM observations WHERE week BETWEEN ? AND ? GROUP BY week, area_id, category',
    );
    const probePlaces = db.prepare(
      'SELECT place_id, week, count(*) AS n FROM observations WHERE week BETWEEN ? AND ? AND place_id IS NOT NULL GROUP BY place_id, week',
    );
    const probeReports = db.prepare('SELECT week, count(*) AS n, sum(calm) AS calm FROM reports WHERE week BETWEEN ? AND ? GROUP BY week');
    const now = new Date();
    const run = (week: string) => {
      const t0 = performance.now();
      const summary = compileWeekSummary(fast.weekSummaryInput(week, prioritised));
      const first = JSON.stringify(packWeek(summary)); // what the route sends
      const t1 = performance.now();
      compileDraft({ view: compileWeekSummary(fast.weekSummaryInput(week, prioritised)), events: fast.weekEvents(week) });
      const t2 = performance.now();
      JSON.stringify(compileParticipation(fast.participationInput(week, now)));
      const t3 = performance.now();
      // The plain path, as it ran before the aggregates (the baseline).
      const input = plain.weekViewInput(week, prioritised);
      const view = compileWeek(input);
      const full = JSON.stringify(view);
      const t4 = performance.now();
      compileDraft({ view: compileWeek(plain.weekViewInput(week, prioritised)) });
      const t5 = performance.now();
      JSON.stringify(compileParticipation(plain.participationInput(week, now)));
      const t6 = performance.now();
      probeCounts.all(addWeeks(week, -8), week);
      probePlaces.all(addWeeks(week, -3), week);
      probeReports.all(addWeeks(week, -8), week);
      const t7 = performance.now();
      // Opening the busiest area: its observations on demand.
      const busiest = summary.areas.reduce((a, b) => (b.total.count > a.total.count ? b : a));
      const cell = JSON.stringify(fast.observations(week, busiest.id));
      const t8 = performance.now();
      return {
        view: t1 - t0, draft: t2 - t1, participation: t3 - t2,
        plainView: t4 - t3, plainDraft: t5 - t4, plainParticipation: t6 - t5,
        probe: t7 - t6, area: t8 - t7,
        bytes: first.length, plainBytes: full.length, areaBytes: cell.length,
        observations: input.observations.length, recurring: view.recurringPlaces.length,
      };
    };
    for (const w of weeks.slice(0, 3)) run(w); // warm-up: JIT and page cache
    const results = weeks.map(run);
    const col = (k: keyof (typeof results)[number]) => results.map((r) => r[k]);
    const median = (k: keyof (typeof results)[number]) => quantile(col(k), 50);

    log(`weekview: ${weeks.length} weeks from ${weeks[0]} to ${weeks[weeks.length - 1]} (shared, noisy machine: read medians and ratios)`);
    const line = (label: string, values: number[], budget?: number) => {
      const med = quantile(values, 50);
      const verdict = budget === undefined ? '' : med <= budget ? `  ✓ ≤ ${budget} ms` : `  ✗ over ${budget} ms`;
      log(`  ${label.padEnd(40)} median ${ms(med).padStart(9)}   p95 ${ms(quantile(values, 95)).padStart(9)}   max ${ms(Math.max(...values)).padStart(9)}${verdict}`);
    };
    line('week view (query + compile + JSON)', col('view'), BUDGET_MS);
    line('  plain path (baseline)', col('plainView'));
    line('draft (query + compile + draft)', col('draft'), BUDGET_MS);
    line('  plain path (baseline)', col('plainDraft'));
    line('participation (query + compile + JSON)', col('participation'), BUDGET_MS);
    line('  plain path (baseline)', col('plainParticipation'));
    line('plain indexed-SQL probe (counts only)', col('probe'));
    line('an area\'s observations on demand', col('area'));
    const kib = (n: number) => n / 1024;
    log(
      `  per week: median ${median('observations')} observations, ${median('recurring')} recurring places; ` +
        `first answer ${kib(median('bytes')).toFixed(1)} KiB (plain ${kib(median('plainBytes')).toFixed(0)} KiB), busiest area's observations ${kib(median('areaBytes')).toFixed(0)} KiB`,
    );

    const figure = opts.figure;
    if (figure) {
      const timed = (name: string, value: number, baseline: number) =>
        figure({ name: `${name} median`, value, unit: 'ms', target: `≤ ${BUDGET_MS}`, met: value <= BUDGET_MS, baseline: { label: 'plain SQL over observations', value: baseline } });
      timed('week view (query + compile + JSON)', median('view'), median('plainView'));
      timed('draft (query + compile + draft)', median('draft'), median('plainDraft'));
      timed('participation (query + compile + JSON)', median('participation'), median('plainParticipation'));
      figure({ name: 'week view vs plain indexed-SQL probe (counts only)', value: median('view'), unit: 'ms', baseline: { label: 'indexed-SQL probe', value: median('probe') } });
      figure({
        name: 'week view first answer', value: kib(median('bytes')), unit: 'KiB', target: `≤ ${FIRST_ANSWER_KIB}`, met: kib(median('bytes')) <= FIRST_ANSWER_KIB,
        baseline: { label: 'with every observation inline', value: kib(median('plainBytes')) },
      });
      figure({ name: "busiest area's observations on demand median", value: median('area'), unit: 'ms' });
    }
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchWeekview().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

export const weekviewSection = {
  name: 'weekview',
  description: 'week view, participation and draft over a synthetic 10-year history of 500 functions',
  run: async (ctx: BenchContext) => {
    await benchWeekview({ log: (line) => ctx.log(line), figure: (f) => ctx.figure(f) });
  },
};
