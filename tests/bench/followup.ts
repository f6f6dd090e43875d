/**
 * Bench "followup": the period (quarter) analysis and the year review
 * over the synthetic 10-year history of 500 functions (~800,000 observations).
 *
 * 1. Generates the history into a temp SQLite file opened with openDatabase()
 *    (the project's pragmas, migrations and indexes; no ANALYZE), with
 *    the interventions and period-priorities migrations, and adds ~24 interventions
 *    a year (a third at a place, most with follow-ups) and a priorities decision
 *    per quarter.
 * 2. Prints EXPLAIN QUERY PLAN of every statement and flags a SCAN of
 *    observations, reports or interventions.
 * 3. Times load (SQL) + compile + JSON for 24+ quarters and every full year of
 *    the history (each year twice), after a warm-up: median and p95 against the
 *    budget (median ≤ 300 ms).
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
import { explainPeriods, periodStore } from '../../server/periods/store';
import { compileYear } from '../../server/periods/year';
import { interventionStore } from '../../server/interventions/store';
import { INDICATOR_KEYS } from '../../shared/indicators';
import { addPeriods, isPeriodKind, periodOfWeek, periodWeeks, yearWeeks, type PeriodKind } from '../../shared/followup';
import { DECISIONS, OUTCOMES } from '../../shared/interventions';
import { addWeeks, mondayOf, parseWeek } from '../../shared/weeks';
import { generateSynthetic } from '../support/synthetic';
import { prng } from '../../server/demo/prng';
import type { BenchContext, BenchSection } from './harness';

const BUDGET_MS = 300;
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

    // Interventions (~24 a year) with follow-ups, and a priorities decision per period.
    const rnd = prng(7);
    const places = db.prepare('SELECT id, area_id AS areaId FROM places').all() as { id: string; areaId: string }[];
    const istore = interventionStore(db);
    const fstore = periodStore(db);
    const now = new Date(`${mondayOf(END_WEEK)}T12:00:00Z`);
    let interventions = 0;
    let followUps = 0;
    const t0 = performance.now();
    for (let w = 8; w < gen.weeks.length - 2; w += 2) {
      const week = gen.weeks[w]!;
      const areaId = gen.areaIds[rnd.int(Math.min(12, gen.areaIds.length))]!;
      const place = rnd.next() < 0.33 ? places.find((p) => p.areaId === areaId) : undefined;
      const start = mondayOf(addWeeks(week, 1));
      const end = rnd.next() < 0.7 ? mondayOf(addWeeks(week, 4 + rnd.int(20))) : null;
      const out = istore.create(
        {
          areaId, ...(place ? { placeId: place.id } : {}), categories: [rnd.pick(INDICATOR_KEYS)], action: 'Väktare kvällstid',
          organisation: 'Kommunen', term: end ? 'short' : 'long', plannedStart: start, plannedEnd: end, status: 'active', decidedWeek: week,
        },
        { now },
      );
      if (!out.ok) throw new Error(out.error);
      interventions++;
      if (rnd.next() < 0.8 && w + 6 < gen.weeks.length) {
        const f = istore.addFollowUp(out.value.id, { week: gen.weeks[w + 6]!, carriedOut: 'yes', outcome: rnd.pick(OUTCOMES), decision: rnd.pick(DECISIONS) }, { now });
        if (!f.ok) throw new Error(f.error);
        followUps++;
      }
    }
    const lastPeriod = periodOfWeek(END_WEEK, kind);
    const firstPeriod = periodOfWeek(addWeeks(gen.weeks[0]!, 13), kind);
    for (let p = firstPeriod; p <= lastPeriod; p = addPeriods(p, 1)) {
      const ids = [0, 1, 2].map(() => gen.areaIds[rnd.int(gen.areaIds.length)]!);
      if (new Set(ids).size === 3) fstore.putPriorities(p, { areaIds: ids, rationale: 'Flest rapporter.' }, { now });
    }
    log(`  ${interventions} interventions, ${followUps} follow-ups, priorities per ${kind} (${ms(performance.now() - t0)})`);

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

    const runQuarter = (p: string) => {
      const a = performance.now();
      const input = fstore.quarterInput(p);
      const b = performance.now();
      const out = compileQuarter(input);
      const c = performance.now();
      const json = JSON.stringify(out);
      const d = performance.now();
      return { query: b - a, compile: c - b, json: d - c, total: d - a, bytes: json.length, noCoverage: out.noCoverage.length, weeks: periodWeeks(p).count };
    };
    const runYear = (y: number) => {
      const a = performance.now();
      const input = fstore.yearInput(y, kind, nowWeek, new Date());
      const b = performance.now();
      const out = compileYear(input);
      const c = performance.now();
      const json = JSON.stringify(out);
      const d = performance.now();
      return { query: b - a, compile: c - b, json: d - c, total: d - a, bytes: json.length, interventions: out.interventions.length };
    };
    for (const p of periods.slice(0, 3)) runQuarter(p); // warm-up
    runYear(years[0]!);
    const q = periods.map(runQuarter);
    const yr = [...years, ...years].map(runYear);

    const line = (label: string, values: number[], budget?: number) => {
      const med = quantile(values, 50);
      const p95 = quantile(values, 95);
      const verdict = budget === undefined ? '' : med <= budget ? `  ✓ ≤ ${budget} ms` : `  ✗ over ${budget} ms`;
      log(`  ${label.padEnd(34)} median ${ms(med).padStart(9)}   p95 ${ms(p95).padStart(9)}   max ${ms(Math.max(...values)).padStart(9)}${verdict}`);
      if (budget !== undefined && opts.figure) {
        opts.figure({ name: `${label} median`, value: med, unit: 'ms', target: `≤ ${budget}`, met: med <= budget });
        opts.figure({ name: `${label} p95`, value: p95, unit: 'ms' });
      }
    };
    log(`followup: ${q.length} ${kind}s from ${periods[0]} to ${periods[periods.length - 1]}; years ${years[0]}–${years[years.length - 1]} (each twice)`);
    line(`${kind} analysis (query + compile + JSON)`, q.map((r) => r.total), BUDGET_MS);
    line('  query', q.map((r) => r.query));
    line('  compile', q.map((r) => r.compile));
    line('  JSON.stringify', q.map((r) => r.json));
    line('year review (query + compile + JSON)', yr.map((r) => r.total), BUDGET_MS);
    line('  query', yr.map((r) => r.query));
    line('  compile', yr.map((r) => r.compile));
    line('  JSON.stringify', yr.map((r) => r.json));
    log(
      `  per ${kind}: median ${(quantile(q.map((r) => r.bytes), 50) / 1024).toFixed(0)} KiB JSON, ${quantile(q.map((r) => r.noCoverage), 50)} areas without coverage; ` +
        `per year: median ${(quantile(yr.map((r) => r.bytes), 50) / 1024).toFixed(0)} KiB JSON, ${quantile(yr.map((r) => r.interventions), 50)} interventions`,
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
