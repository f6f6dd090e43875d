/**
 * Section "bundle": the JavaScript the informant screens load (budget:
 * ≤ 50 KB gzip, in the worst case with the informant's own on-demand chunks;
 * coordinator and admin screens are split off). Builds the client into a temp dir
 * with a Vite manifest and follows the entry's static imports – exactly what a phone
 * downloads to show the informant app.
 *
 * Baseline: the libraries alone – the same build of only the library code the
 * informant chunks contain (solid-js, idb, workbox-window: each module with exactly
 * the exports the app uses), minified and compressed on its own. No build of this app
 * can be smaller; value − baseline is the app's own code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';
import { REPO_ROOT, fmt, type BenchSection } from './harness';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  name?: string;
}

const BUDGET_KB = 50;

export const bundleSection: BenchSection = {
  name: 'bundle',
  description: 'gzip size of the JavaScript the informant screens load (≤ 50 KB)',
  run: async (ctx) => {
    const outDir = ctx.tempDir('lagesbild-bundle-');
    const output = await build({
      root: REPO_ROOT,
      configFile: join(REPO_ROOT, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, manifest: true, emptyOutDir: true },
    });
    const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    const gz = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length / 1024;

    // Static closure of the HTML entry: what loads before the first screen shows.
    const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry && k.endsWith('index.html'))
      ?? Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
    const loaded = new Set<string>();
    const visit = (key: string) => {
      if (loaded.has(key)) return;
      loaded.add(key);
      for (const dep of manifest[key]?.imports ?? []) visit(dep);
    };
    visit(entryKey);
    let total = 0;
    ctx.log('informant screens load (static imports of the entry):');
    for (const key of loaded) {
      const file = manifest[key]!.file;
      if (!file.endsWith('.js')) continue;
      const kb = gz(file);
      total += kb;
      ctx.log(`  ${file.padEnd(48)} ${fmt(kb, 1)} KB gzip`);
    }
    ctx.log('loaded on demand (dynamic imports, not counted above):');
    const lazy = new Set<string>();
    for (const key of Object.keys(manifest)) for (const d of manifest[key]!.dynamicImports ?? []) if (!loaded.has(d)) lazy.add(d);
    for (const key of lazy) {
      const file = manifest[key]!.file;
      if (file.endsWith('.js')) ctx.log(`  ${file.padEnd(48)} ${fmt(gz(file), 1)} KB gzip  (${key})`);
    }
    // Worst case for an informant: every on-demand chunk the informant code itself can
    // load (workbox-window at start, English strings), but not the staff screens.
    let worst = total;
    const informantFiles = new Set([...loaded].map((k) => manifest[k]!.file));
    for (const key of loaded) {
      for (const d of manifest[key]?.dynamicImports ?? []) {
        if (!/client\/(admin|coordinator|staff)\//.test(d) && manifest[d]!.file.endsWith('.js')) {
          worst += gz(manifest[d]!.file);
          informantFiles.add(manifest[d]!.file);
        }
      }
    }
    ctx.log(`informant at start ${fmt(total, 1)} KB gzip; worst case (with its own on-demand chunks) ${fmt(worst, 1)} KB gzip`);
    ctx.figure({ name: 'informant JS at start (gzip)', value: Number(total.toFixed(1)), unit: 'KB', target: `≤ ${BUDGET_KB}`, met: total <= BUDGET_KB });
    total = worst;
    const floor = await librariesAlone(output, informantFiles, ctx.tempDir('lagesbild-bundle-libs-'));
    ctx.log(`baseline: the libraries alone ${fmt(floor.kb, 1)} KB gzip (${floor.packages.join(', ')})`);
    ctx.figure({
      name: 'informant JS, worst case (gzip)',
      value: Number(total.toFixed(1)),
      unit: 'KB',
      target: `≤ ${BUDGET_KB}`,
      met: total <= BUDGET_KB,
      baseline: { label: 'the libraries alone', value: Number(floor.kb.toFixed(1)) },
    });
    ctx.log(`informant total ${fmt(total, 1)} KB gzip (budget ≤ ${BUDGET_KB} KB): ${total <= BUDGET_KB ? 'MET' : 'NOT MET'}`);
  },
};

/**
 * The library code in `files` (the informant's chunks), built on its own: an entry that
 * re-exports from each library module exactly the exports the app build kept, minified
 * like the app (es2022) and gzipped as one file.
 */
async function librariesAlone(output: Awaited<ReturnType<typeof build>>, files: ReadonlySet<string>, dir: string): Promise<{ kb: number; packages: string[] }> {
  const outputs = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  const lines: string[] = [];
  const packages = new Set<string>();
  let n = 0;
  for (const o of outputs) {
    for (const chunk of o.output) {
      if (chunk.type !== 'chunk' || !files.has(chunk.fileName)) continue;
      for (const [id, mod] of Object.entries(chunk.modules)) {
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1];
        if (!pkg) continue;
        packages.add(pkg);
        const names = mod.renderedExports.filter((e) => e !== 'default');
        const from = JSON.stringify(id);
        if (mod.renderedExports.includes('default')) lines.push(`export { default as d${n++} } from ${from};`);
        if (names.length) lines.push(`export { ${names.map((e) => `${e} as e${n++}`).join(', ')} } from ${from};`);
        else if (!mod.renderedExports.length) lines.push(`import ${from};`);
      }
    }
  }
  const entry = join(dir, 'libraries.js');
  writeFileSync(entry, lines.join('\n'));
  const built = (await build({
    configFile: false,
    root: dir,
    logLevel: 'silent',
    build: {
      outDir: join(dir, 'out'),
      write: false,
      target: 'es2022',
      modulePreload: { polyfill: false },
      rollupOptions: { input: entry, preserveEntrySignatures: 'strict' },
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const code = (Array.isArray(built) ? built : [built])
    .flatMap((o) => o.output)
    .map((c) => (c.type === 'chunk' ? c.code : ''))
    .join('\n');
  return { kb: gzipSync(code, { level: 9 }).length / 1024, packages: [...packages].sort() };
}
