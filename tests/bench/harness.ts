/**
 * Shared plumbing for the benchmark sections: options, temp dirs, cleanup,
 * child processes, statistics and printing. A section is a module exporting a
 * `BenchSection`; the runner (run.ts) gives each one a `BenchContext`.
 *
 * Benchmarks print figures and never fail for a missed target; they throw (and
 * the runner exits non-zero) only on a real error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem, platform, release, arch } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BenchSection {
  /** Name used on the command line: `npm run bench -- <name>`. */
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<void>;
}

/** One printed figure, kept so the runner can summarise (and later emit JSON). */
export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  /** e.g. "≥ 20000"; absent when the figure has no target. */
  target?: string;
  met?: boolean;
  /**
   * The same question answered by a reference measured in the same run (a plain
   * indexed-SQL probe, the raw SQLite ceiling, the uncompressed bytes…). The machines
   * are shared and noisy, so the ratio is the figure to quote, not the absolute value.
   */
  baseline?: { label: string; value: number };
}

/** value ÷ baseline, or undefined without a usable baseline. */
export function ratioToBaseline(f: Pick<Figure, 'value' | 'baseline'>): number | undefined {
  if (!f.baseline || !Number.isFinite(f.baseline.value) || f.baseline.value === 0) return undefined;
  return f.value / f.baseline.value;
}

/** One summary line: "value unit · baseline (label) value unit · ratio ×r". */
export function describeFigure(f: Figure): string {
  const digits = f.unit === '%' || f.unit === 'KB' || f.unit === 'KiB' || (f.unit === 'ms' && f.value < 100) ? 1 : 0;
  let line = `${f.section}: ${f.name} = ${fmt(f.value, digits)} ${f.unit}`;
  const r = ratioToBaseline(f);
  if (f.baseline && r !== undefined) line += ` · baseline ${f.baseline.label} ${fmt(f.baseline.value, digits)} ${f.unit} · ratio ×${fmt(r, 2)}`;
  if (f.target !== undefined) line += ` (target ${f.target})`;
  return line;
}

export interface BenchContext {
  section: string;
  /** `--key=value` options from the command line (shared by all sections). */
  options: ReadonlyMap<string, string>;
  /** Aborted on Ctrl-C or when the run's time budget is spent. */
  signal: AbortSignal;
  /** Epoch ms after which the section must stop issuing work. */
  deadline: number;
  log(line: string): void;
  figure(f: Omit<Figure, 'section'>): void;
  /** A temp dir removed when the section ends (and at process exit, whatever happens). */
  tempDir(prefix: string): string;
  /** Registers an async clean-up, run in reverse order when the section ends. */
  defer(fn: () => void | Promise<void>): void;
  /** Registers a synchronous last-resort clean-up for abnormal exits (kill a child, …). */
  onExit(fn: () => void): () => void;
  numberOption(name: string, fallback: number): number;
  listOption(name: string, fallback: number[]): number[];
  throwIfAborted(): void;
}

// --- process-wide last-resort clean-up -------------------------------------

const exitHooks = new Set<() => void>();
let exitHookInstalled = false;

/** Synchronous hooks run on process exit, whatever the reason (error, signal, normal end). */
export function addExitHook(fn: () => void): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', runExitHooks);
  }
  exitHooks.add(fn);
  return () => exitHooks.delete(fn);
}

export function runExitHooks(): void {
  for (const fn of [...exitHooks].reverse()) {
    exitHooks.delete(fn);
    try {
      fn();
    } catch {
      // best effort: the process is going away
    }
  }
}

export function makeTempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `lagesbild-bench-${prefix}-`));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const unhook = addExitHook(remove);
  return {
    dir,
    remove() {
      unhook();
      remove();
    },
  };
}

// --- statistics and formatting ---------------------------------------------

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).replace(/,/g, ' ');
}

export function machineDescription(): string[] {
  const cpu = cpus();
  return [
    `cpus: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown'}`,
    `node: ${process.version} (${platform()} ${release()} ${arch()}), memory ${fmt(totalmem() / 2 ** 30, 1)} GiB`,
    `tmpdir: ${tmpdir()}`,
  ];
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
