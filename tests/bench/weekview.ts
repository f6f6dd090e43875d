/**
 * Bench "weekview": the coordinator's week view and participation over
 * a synthetic 10-year history of 500 functions (~800,000 observations).
 *
 * 1. Generates the history into a temp SQLite file opened with openDatabase()
 *    (the project's pragmas, migrations and indexes; no ANALYZE, as in production).
 * 2. Prints EXPLAIN QUERY PLAN of every statement and flags a SCAN of
 *    observations or reports.
 * 3. Times load (SQL) + compile (week view, draft picture, participation) for 30+ different weeks spread over the history,
 *    each after a warm-up: median and p95 against the budget (median ≤ 100 ms).
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
import { compileParticipation, compileWeek } from '../../server/weekview/compile';
import { explainWeekview, weekviewStore } from '../../server/weekview/store';
import { generateSynthetic } from '../support/synthetic';

const BUDGET_MS = 100;
const END_WEEK = '2026-W48';

export interface WeekviewBenchOptions {
  functions?: number;
  weeks?: number;
  /** Number of different weeks timed (≥ 30 by default). */
  samples?: number;
  log?: (line: string) => void;
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

    const store = weekviewStore(db);
    const run = (week: string) => {
      const a = performance.now();
      const input = store.weekViewInput(week, [gen.areaIds[0]!, gen.areaIds[1]!, gen.areaIds[2]!]);
      const b = performance.now();
      const view = compileWeek(input);
      const c = performance.now();
      const json = JSON.stringify(view);
      const c2 = performance.now();
      compileDraft({ view });
      const d = performance.now();
      const pin = store.participationInput(week, new Date());
      const e = performance.now();
      const part = compileParticipation(pin);
      const f = performance.now();
      return {
        query: b - a, compile: c - b, serialise: c2 - c, view: c - a, draftOnly: d - c2, draft: c - a + (d - c2),
        pQuery: e - d, pCompile: f - e, participation: f - d,
        bytes: json.length, observations: input.observations.length, recurring: view.recurringPlaces.length,
        missing: part.totals.missing,
      };
    };
    for (const w of weeks.slice(0, 3)) run(w); // warm-up: JIT and page cache
    const results = weeks.map(run);
    const col = (k: keyof (typeof results)[number]) => results.map((r) => r[k]);

    log(`weekview: ${weeks.length} weeks from ${weeks[0]} to ${weeks[weeks.length - 1]} (shared, noisy machine: read medians)`);
    const line = (label: string, values: number[], budget?: number) => {
      const med = quantile(values, 50);
      const verdict = budget === undefined ? '' : med <= budget ? `  ✓ ≤ ${budget} ms` : `  ✗ over ${budget} ms`;
      log(`  ${label.padEnd(34)} median ${ms(med).padStart(9)}   p95 ${ms(quantile(values, 95)).padStart(9)}   max ${ms(Math.max(...values)).padStart(9)}${verdict}`);
    };
    line('week view (query + compile)', col('view'), BUDGET_MS);
    line('  query', col('query'));
    line('  compile', col('compile'));
    line('  JSON.stringify (route)', col('serialise'));
    line('draft (query + week + draft compile)', col('draft'), BUDGET_MS);
    line('  draft compile alone', col('draftOnly'));
    line('participation (query + compile)', col('participation'), BUDGET_MS);
    line('  query', col('pQuery'));
    line('  compile', col('pCompile'));
    log(
      `  per week: median ${quantile(col('observations'), 50)} observations, ` +
        `${quantile(col('recurring'), 50)} recurring places, ${(quantile(col('bytes'), 50) / 1024).toFixed(0)} KiB JSON`,
    );
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
  run: async (ctx: { log(line: string): void }) => {
    await benchWeekview({ log: (line) => ctx.log(line) });
  },
};
