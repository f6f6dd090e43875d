/**
 * `npm run bench [-- <section>… ] [--key=value …]`
 *
 * Runs the benchmark sections in sequence and prints their figures. Sections are
 * sibling modules exporting a `BenchSection`; add one to SECTIONS to include it.
 * With no names, every section runs. Benchmarks print; they do not fail on a
 * missed target. The exit code is non-zero only on a real error (or Ctrl-C).
 *
 * Global options: --max-seconds=300 bounds the whole run; every section gets the
 * remaining budget as its deadline and is aborted when it is spent.
 */
import { addExitHook, describeFigure, fmt, machineDescription, makeTempDir, runExitHooks, type BenchContext, type BenchSection, type Figure } from './harness';
import { ingestSection } from './ingest';
import { weekviewSection } from './weekview';
import { bundleSection } from './bundle';
import { followupSection } from './followup';
import { browserSection } from './browser';
import { wireSection } from './wire';

const SECTIONS: readonly BenchSection[] = [ingestSection, weekviewSection, followupSection, bundleSection, browserSection, wireSection];

function parseArgs(argv: readonly string[]) {
  const names: string[] = [];
  const options = new Map<string, string>();
  for (const arg of argv) {
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/i.exec(arg);
    if (m) options.set(m[1]!, m[2] ?? '1');
    else names.push(arg);
  }
  return { names, options };
}

function usage(): string {
  return [
    'usage: npm run bench -- [section …] [--key=value …]',
    'sections:',
    ...SECTIONS.map((s) => `  ${s.name.padEnd(10)} ${s.description}`),
    'global options: --max-seconds=300',
  ].join('\n');
}

async function runSection(section: BenchSection, options: ReadonlyMap<string, string>, signal: AbortSignal, deadline: number, figures: Figure[]) {
  const cleanups: (() => void | Promise<void>)[] = [];
  const log = (line: string) => console.log(`[${section.name}] ${line}`);
  const ctx: BenchContext = {
    section: section.name,
    options,
    signal,
    deadline,
    log,
    figure: (f) => figures.push({ section: section.name, ...f }),
    tempDir(prefix) {
      const t = makeTempDir(prefix);
      cleanups.push(() => t.remove());
      return t.dir;
    },
    defer: (fn) => void cleanups.push(fn),
    onExit(fn) {
      // process-wide last-resort hook, removed again when the section ends
      const undo = addExitHook(fn);
      cleanups.push(undo);
      return undo;
    },
    numberOption(name, fallback) {
      const raw = options.get(name);
      if (raw === undefined) return fallback;
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, not "${raw}"`);
      return n;
    },
    listOption(name, fallback) {
      const raw = options.get(name);
      if (raw === undefined) return fallback;
      const list = raw.split(',').map(Number);
      if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--${name} must be positive integers, e.g. 1,4,8`);
      return list;
    },
    throwIfAborted: () => signal.throwIfAborted(),
  };
  const started = performance.now();
  log(`start: ${section.description}`);
  try {
    await section.run(ctx);
  } finally {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (e) {
        console.error(`[${section.name}] clean-up failed: ${(e as Error).message}`);
      }
    }
    log(`done in ${fmt((performance.now() - started) / 1000, 1)} s`);
  }
}

async function main(): Promise<number> {
  const { names, options } = parseArgs(process.argv.slice(2));
  if (options.has('help') || options.has('h')) {
    console.log(usage());
    return 0;
  }
  const unknown = names.filter((n) => !SECTIONS.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`unknown section ${unknown.join(', ')}\n${usage()}`);
    return 2;
  }
  const selected = names.length > 0 ? SECTIONS.filter((s) => names.includes(s.name)) : SECTIONS;
  const maxSeconds = Number(options.get('max-seconds') ?? 300);
  if (!Number.isFinite(maxSeconds) || maxSeconds <= 0) throw new Error('--max-seconds must be a positive number');

  const controller = new AbortController();
  const deadline = Date.now() + maxSeconds * 1000;
  const budget = setTimeout(() => controller.abort(new Error(`time budget of ${maxSeconds} s spent`)), maxSeconds * 1000);
  budget.unref();
  let interrupted = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    interrupted++;
    if (interrupted > 1) {
      runExitHooks();
      process.exit(130);
    }
    console.error(`\n${sig}: stopping, cleaning up (again to force)`);
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  console.log('Lägesbild benchmarks');
  for (const line of machineDescription()) console.log(`  ${line}`);
  console.log(`  sections: ${selected.map((s) => s.name).join(', ')}; budget ${maxSeconds} s`);

  const figures: Figure[] = [];
  let failed = false;
  for (const section of selected) {
    if (controller.signal.aborted) break;
    try {
      await runSection(section, options, controller.signal, deadline, figures);
    } catch (e) {
      failed = true;
      console.error(`[${section.name}] ERROR: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  clearTimeout(budget);

  if (figures.length > 0) {
    console.log('\nsummary (targets are reported, not enforced; quote the ratios, the machine is shared):');
    for (const f of figures) {
      const verdict = f.target === undefined ? '       ' : f.met ? 'MET    ' : 'NOT MET';
      console.log(`  ${verdict}  ${describeFigure(f)}`);
    }
  }
  if (interrupted) return 130;
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    runExitHooks();
    process.exit(code);
  },
  (e: unknown) => {
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
    runExitHooks();
    process.exit(1);
  },
);
