/**
 * Bench "followup": the period (quarter) analysis and the year review
 * over the synthetic 10-year history of 500 functions (~800,000 observations).
 *
 * 1. Generates the history into a temp SQLite file opened with openDatabase()
 *    (the project's pragmas, migrations, indexes and aggregate triggers; no ANALYZE),
 *    and adds ~26 interventions a year (a third at a place, most with follow-ups,
 *    some with linked observations) and a priorities decision per quarter
 *    (tests/support/followup-history.ts).
 * 2. Prints EXPLAIN QUERY PLAN of every statement and flags a SCAN of
 *    observations, reports or interventions.
 * 3. Times load (SQL) + compile + JSON for 24+ quarters and every full year of
 *    the history (each year twice), after a warm-up, on both paths in the same run
 *    and interleaved: the fast one (the week aggregates, what the routes serve) and
 *    the plain one (periodStore.reference: the same rows from observations and
 *    reports – today's path before the aggregates) as the figure's baseline. Every
 *    timed answer of the fast path is compared with the plain one's (JSON text):
 *    a difference is an error. Budget: median ≤ 50 ms.
 *
 * Run alone: `npx tsx tests/bench/followup.ts` (env FOLLOWUP_FUNCTIONS,
 * FOLLOWUP_WEEKS, FOLLOWUP_PERIODS, FOLLOWUP_KIND=quarter|tertial). Never fails
 * on a missed budget; throws only on a real error.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../../server/db/open';
import { compileQuarter } from '../../server/periods/quarter';
import { explainPeriods, periodStore, type PeriodInputs } from '../../server/periods/store';
import { compileYear } from '../../server/periods/year';
import { addPeriods, isPeriodKind, periodOfWeek, yearWeeks, type PeriodKind } from '../../shared/followup';
import { addWeeks, mondayOf, parseWeek } from '../../shared/weeks';
import { addPlainPathIndexes, generateSynthetic } from '../support/synthetic';
import { addFollowupHistory } from '../support/followup-history';
import type { BenchContext, BenchSection } from './harness';

const BUDGET_MS = 50;
const END_WEEK = '2026-W48';

export interface FollowupBenchOptions {
  functions?: number;
  weeks?: number;
  /** Number of periods timed (≥ 24 by default). */
  periods?: number;
  kind?: PeriodKind;
  log?: (line: string) => void;
  figure?: BenchContext['figure'];
}

function quantile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const ms = (n: number) => `${n.toFixed(1)} ms`;

export async function benchFollowup(opts: FollowupBenchOptions = {}): Promise<void> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const functions = opts.functions ?? Number(process.env.FOLLOWUP_FUNCTIONS ?? 500);
  const nWeeks = opts.weeks ?? Number(process.env.FOLLOWUP_WEEKS ?? 522);
  const nPeriods = opts.periods ?? Number(process.env.FOLLOWUP_PERIODS ?? 24);
  const envKind = process.env.FOLLOWUP_KIND;
  const kind: PeriodKind = opts.kind ?? (isPeriodKind(envKind) ? envKind : 'quarter');
  const target = Math.round((800_000 * functions * nWeeks) / (500 * 522));

  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-bench-followup-'));
  const file = join(dir, 'followup.sqlite');
  const db = openDatabase(file);
  try {
    log(`followup: generating ${nWeeks} weeks × ${functions} functions (~${target.toLocaleString('en-US')} observations) into ${file}`);
    const gen = generateSynthetic(db, { endWeek: END_WEEK, weeks: nWeeks, functions, targetObservations: target });
    log(
      `  ${gen.reports.toLocaleString('en-US')} reports, ${gen.observations.toLocaleString('en-US')} observations, ` +
        `${gen.areas} areas, ${gen.places} places; insert ${ms(gen.insertMs)}, indexes ${ms(gen.indexMs)}, file ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`,
    );

    // The baseline's own indexes (reads on the fast path do not touch them).
    addPlainPathIndexes(db);
    // Interventions (~26 a year) with follow-ups, and a priorities decision per period.
    const t0 = performance.now();
    const now = new Date(`${mondayOf(END_WEEK)}T12:00:00Z`);
    const history = addFollowupHistory(db, gen, { kind, now, linkShare: 0.2 });
    log(`  ${history.interventions} interventions, ${history.followUps} follow-ups, priorities for ${history.priorities} ${kind}s (${ms(performance.now() - t0)})`);
    const fstore = periodStore(db);
    const lastPeriod = periodOfWeek(END_WEEK, kind);
    const firstPeriod = periodOfWeek(addWeeks(gen.weeks[0]!, 13), kind);

    // Query plans.
    log('followup: query plans (EXPLAIN QUERY PLAN)');
    let flagged = 0;
    const midYear = parseWeek(gen.weeks[Math.floor(gen.weeks.length / 2)]!)!.year;
    for (const { name, plan } of explainPeriods(db, periodOfWeek(gen.weeks[Math.floor(gen.weeks.length / 2)]!, kind), midYear)) {
      for (const line of plan) {
        const bad = /^SCAN (observations|reports|interventions|o|r)\b/.test(line);
        if (bad) flagged++;
        log(`  ${bad ? '!! ' : '   '}${name.padEnd(20)} ${line}`);
      }
    }
    log(flagged === 0 ? '  no SCAN of observations, reports or interventions' : `  !! ${flagged} SCAN(s) – add or fix an index`);

    // Periods with a full previous period inside the history, spread over it; years fully inside it.
    const periods: string[] = [];
    const usable: string[] = [];
    for (let p = addPeriods(firstPeriod, 1); p <= lastPeriod; p = addPeriods(p, 1)) usable.push(p);
    const count = Math.min(nPeriods, usable.length);
    for (let i = 0; i < count; i++) periods.push(usable[Math.floor(((i + 0.5) * usable.length) / count)]!);
    const firstYear = parseWeek(gen.weeks[0]!)!.year + 1;
    const lastYear = parseWeek(END_WEEK)!.year;
    const years: number[] = [];
    for (let y = firstYear; y <= lastYear; y++) if (yearWeeks(y).first >= gen.weeks[0]!) years.push(y);
    const nowWeek = END_WEEK;

    const runQuarter = (path: PeriodInputs, p: string) => {
      const a = performance.now();
      const input = path.quarterInput(p);
      const b = performance.now();
      const out = compileQuarter(input);
      const c = performance.now();
      const json = JSON.stringify(out);
      const d = performance.now();
      return { query: b - a, compile: c - b, json: d - c, total: d - a, text: json, noCoverage: out.noCoverage.length };
    };
    const runYear = (path: PeriodInputs, y: number) => {
      const a = performance.now();
      const input = path.yearInput(y, kind, nowWeek, now);
      const b = performance.now();
      const out = compileYear(input);
      const c = performance.now();
      const json = JSON.stringify(out);
      const d = performance.now();
      return { query: b - a, compile: c - b, json: d - c, total: d - a, text: json, interventions: out.interventions.length };
    };
    const fast: PeriodInputs = fstore;
    const plain: PeriodInputs = fstore.reference;
    // Both paths on every period, alternating which goes first, so load and caches fall on both alike.
    const both = <R extends { text: string }>(run: (path: PeriodInputs, x: never) => R, items: unknown[]) => {
      const f: R[] = [];
      const p: R[] = [];
      items.forEach((x, i) => {
        if (i % 2 === 0) f.push(run(fast, x as never)), p.push(run(plain, x as never));
        else p.push(run(plain, x as never)), f.push(run(fast, x as never));
        if (f[i]!.text !== p[i]!.text) throw new Error(`followup: the fast path's answer for ${String(x)} differs from the plain path's`);
      });
      return { f, p };
    };
    both(runQuarter, periods.slice(0, 3)); // warm-up
    both(runYear, years.slice(0, 1));
    const q = both(runQuarter, periods);
    const yr = both(runYear, [...years, ...years]);

    const line = (label: string, values: number[], baseline?: number[], budget?: number) => {
      const med = quantile(values, 50);
      const p95 = quantile(values, 95);
      const base = baseline ? quantile(baseline, 50) : undefined;
      const verdict = budget === undefined ? '' : med <= budget ? `  ✓ ≤ ${budget} ms` : `  ✗ over ${budget} ms`;
      const vs = base === undefined ? '' : `   plain ${ms(base).padStart(9)}   ×${(med / base).toFixed(2)}`;
      log(`  ${label.padEnd(40)} median ${ms(med).padStart(9)}   p95 ${ms(p95).padStart(9)}${vs}${verdict}`);
      if (opts.figure && base !== undefined) {
        opts.figure({
          name: `${label} median`, value: med, unit: 'ms', baseline: { label: 'plain path (observations)', value: base },
          ...(budget !== undefined ? { target: `≤ ${budget}`, met: med <= budget } : {}),
        });
        if (budget !== undefined) opts.figure({ name: `${label} p95`, value: p95, unit: 'ms', baseline: { label: 'plain path (observations)', value: quantile(baseline!, 95) } });
      }
    };
    const parts = (rows: { f: { query: number; compile: number; json: number; total: number }[]; p: { query: number; compile: number; json: number; total: number }[] }, what: string) => {
      line(`${what} (query + compile + JSON)`, rows.f.map((r) => r.total), rows.p.map((r) => r.total), BUDGET_MS);
      line(`${what}: query`, rows.f.map((r) => r.query), rows.p.map((r) => r.query));
      line(`${what}: compile`, rows.f.map((r) => r.compile), rows.p.map((r) => r.compile));
      line(`${what}: JSON.stringify`, rows.f.map((r) => r.json), rows.p.map((r) => r.json));
    };
    log(`followup: ${q.f.length} ${kind}s from ${periods[0]} to ${periods[periods.length - 1]}; years ${years[0]}–${years[years.length - 1]} (each twice); fast path vs plain, same run, identical answers`);
    parts(q, `${kind} analysis`);
    parts(yr, 'year review');
    log(
      `  per ${kind}: median ${(quantile(q.f.map((r) => r.text.length), 50) / 1024).toFixed(0)} KiB JSON, ${quantile(q.f.map((r) => r.noCoverage), 50)} areas without coverage; ` +
        `per year: median ${(quantile(yr.f.map((r) => r.text.length), 50) / 1024).toFixed(0)} KiB JSON, ${quantile(yr.f.map((r) => r.interventions), 50)} interventions`,
    );
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchFollowup().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

export const followupSection: BenchSection = {
  name: 'followup',
  description: 'quarter (period) analysis and year review over a synthetic 10-year history of 500 functions',
  run: async (ctx) => {
    const kind = ctx.options.get('followup-kind');
    await benchFollowup({
      log: (line) => ctx.log(line),
      figure: (f) => ctx.figure(f),
      periods: ctx.numberOption('followup-periods', 24),
      ...(isPeriodKind(kind) ? { kind } : {}),
    });
  },
};
