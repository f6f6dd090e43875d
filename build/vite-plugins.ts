/**
 * Two small build steps of the client (vite.config.ts):
 *
 * - `precompress()`: every compressible file of the finished build (hashed assets, the
 *   service worker, index.html, the web manifest) gets a brotli `.br` and a gzip `.gz`
 *   sibling, written once at build time at the highest levels, so the server
 *   (server/http/static.ts) sends compressed bytes without compressing per request.
 * - `informantPrecache()`: finds which chunks the informant app can load (the HTML
 *   entry, its static imports, and its dynamic imports except the staff screens) and
 *   gives the service worker's precache manifest a filter that drops every other
 *   chunk – the coordinator and admin screens load on demand and are never put on
 *   every phone.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join, resolve } from 'node:path';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
import type { Plugin, ResolvedConfig, Rolldown } from 'vite';

type OutputChunk = Rolldown.OutputChunk;

/** Text formats worth compressing; images (png) are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|map)$/;
/** Below this a compressed copy saves less than its own headers cost. */
const MIN_BYTES = 512;

export function precompress(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'lagesbild:precompress',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    // After vite-plugin-pwa has written sw.js in its own closeBundle.
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        const outDir = resolve(config.root, config.build.outDir);
        const files = [...walk(outDir)].filter((f) => COMPRESSIBLE.test(f) && !f.endsWith('.map'));
        // zlib's async calls run on the thread pool: the files compress in parallel.
        await Promise.all(
          files.map(async (file) => {
            const raw = readFileSync(file);
            if (raw.length < MIN_BYTES) return;
            const [br, gz] = await Promise.all([
              brotliAsync(raw, {
                params: {
                  [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                  [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
                  [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
                },
              }),
              gzipAsync(raw, { level: 9 }),
            ]);
            // A compressed copy that is not smaller would only cost the phone.
            if (br.length < raw.length) writeFileSync(`${file}.br`, br);
            if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz);
          }),
        );
      },
    },
  };
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== '.vite') yield* walk(path);
    } else yield path;
  }
}

/** Modules of the staff screens (coordinator, admin, reader): loaded on demand, never precached. */
const STAFF_MODULE = /\/client\/(admin|coordinator|staff)\//;

export function informantPrecache(): {
  plugin: Plugin;
  /** A workbox `manifestTransforms` entry: keeps only what the informant app can load. */
  manifestTransform: <E extends { url: string }>(entries: E[]) => { manifest: E[]; warnings: string[] };
} {
  const staffFiles = new Set<string>();
  let built = false;
  const plugin: Plugin = {
    name: 'lagesbild:informant-precache',
    apply: 'build',
    generateBundle(_options, bundle) {
      staffFiles.clear();
      const chunks = Object.values(bundle).filter((o): o is OutputChunk => o.type === 'chunk');
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const informant = new Set<string>();
      const visit = (chunk: OutputChunk) => {
        if (informant.has(chunk.fileName)) return;
        informant.add(chunk.fileName);
        for (const f of chunk.imports) visit(byFile.get(f)!);
        for (const f of chunk.dynamicImports) {
          const target = byFile.get(f);
          if (target && !STAFF_MODULE.test(target.facadeModuleId ?? '')) visit(target);
        }
      };
      for (const c of chunks) if (c.isEntry) visit(c);
      const informantCss = new Set<string>();
      for (const f of informant) for (const css of byFile.get(f)!.viteMetadata?.importedCss ?? []) informantCss.add(css);
      for (const c of chunks) {
        if (informant.has(c.fileName)) continue;
        staffFiles.add(c.fileName);
        for (const css of c.viteMetadata?.importedCss ?? []) if (!informantCss.has(css)) staffFiles.add(css);
      }
      built = true;
    },
  };
  return {
    plugin,
    manifestTransform(entries) {
      if (!built) return { manifest: entries, warnings: ['informant precache: the client bundle was not seen; precaching everything'] };
      return { manifest: entries.filter((e) => !staffFiles.has(e.url.replace(/^\//, ''))), warnings: [] };
    },
  };
}
