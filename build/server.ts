/**
 * The production server build: `server/main.ts` and everything it imports from this
 * repository (server/, shared/) bundled by esbuild into one ES module,
 * `dist/server/main.js`, that plain `node` runs. npm packages stay external – they
 * are imported from node_modules at run time, so only `dependencies` may be used
 * (tests/api/build.test.ts checks that on the metafile and by starting the output).
 *
 * Run after `vite build` (which empties dist/): `npm run build` does both.
 */
import { build, type Metafile } from 'esbuild';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerBuild {
  outFile: string;
  metafile: Metafile;
}

export async function buildServer(outDir = join(REPO_ROOT, 'dist', 'server')): Promise<ServerBuild> {
  const outFile = join(outDir, 'main.js');
  const result = await build({
    absWorkingDir: REPO_ROOT,
    // The server, and the backup/restore command (`npm run backup|restore`) beside it so
    // both find migrations/ next to them on a machine without devDependencies.
    entryPoints: { main: join(REPO_ROOT, 'server', 'main.ts'), cli: join(REPO_ROOT, 'server', 'ops', 'cli.ts') },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  // SQL migrations are read from files next to the module that runs them.
  const migrations = join(REPO_ROOT, 'server', 'db', 'migrations');
  rmSync(join(outDir, 'migrations'), { recursive: true, force: true }); // no file of an older build left behind
  if (existsSync(migrations)) cpSync(migrations, join(outDir, 'migrations'), { recursive: true });
  return { outFile, metafile: result.metafile };
}

/** Bare package names (`pkg`, `@scope/pkg`) the bundle imports at run time; `node:` built-ins left out. */
export function externalPackages(metafile: Metafile): string[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) {
      if (!imp.external || imp.path.startsWith('node:')) continue;
      const parts = imp.path.split('/');
      names.add(imp.path.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  return [...names].sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outFile, metafile } = await buildServer();
  console.log(`server: ${outFile.replace(`${REPO_ROOT}/`, '')} (${(metafile.outputs[Object.keys(metafile.outputs).find((k) => k.endsWith('main.js'))!]!.bytes / 1024).toFixed(1)} KB; packages: ${externalPackages(metafile).join(', ')})`);
}
