/**
 * Section "bundle": the JavaScript the informant screens load (budget:
 * ≤ 60 KB gzip in total; coordinator and admin screens are split off). Builds
 * the client into a temp dir with a Vite manifest and follows the entry's static
 * imports – exactly what a phone downloads to show the informant app.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { REPO_ROOT, fmt, type BenchSection } from './harness';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  name?: string;
}

const BUDGET_KB = 60;

export const bundleSection: BenchSection = {
  name: 'bundle',
  description: 'gzip size of the JavaScript the informant screens load (≤ 60 KB)',
  run: async (ctx) => {
    const outDir = ctx.tempDir('lagesbild-bundle-');
    await build({
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
    for (const key of loaded) {
      for (const d of manifest[key]?.dynamicImports ?? []) {
        if (!/client\/(admin|coordinator|staff)\//.test(d) && manifest[d]!.file.endsWith('.js')) worst += gz(manifest[d]!.file);
      }
    }
    ctx.log(`informant worst case (with its own on-demand chunks) ${fmt(worst, 1)} KB gzip`);
    total = worst;
    ctx.figure({ name: 'informant JS (gzip)', value: Number(total.toFixed(1)), unit: 'KB', target: `≤ ${BUDGET_KB}`, met: total <= BUDGET_KB });
    ctx.log(`informant total ${fmt(total, 1)} KB gzip (budget ≤ ${BUDGET_KB} KB): ${total <= BUDGET_KB ? 'MET' : 'NOT MET'}`);
  },
};
