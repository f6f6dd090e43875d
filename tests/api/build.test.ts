/**
 * Issue 10: the production server. esbuild bundles server/ and shared/ into one
 * module; the npm packages it imports must all be `dependencies` (a deploy may
 * install only those), and the output must run under plain node – no tsx, no vite.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { buildServer, externalPackages } from '../../build/server';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
// Inside the repository, so node resolves the packages from its node_modules as in a deploy.
const cacheDir = join(root, 'node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const outDir = mkdtempSync(join(cacheDir, 'lagesbild-build-test-'));
const dataDir = mkdtempSync(join(tmpdir(), 'lagesbild-build-data-'));
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

test('the compiled server imports only packages listed in dependencies, and runs with plain node', async () => {
  const { outFile, metafile } = await buildServer(join(outDir, 'server'));
  const packages = externalPackages(metafile);
  expect(packages).toContain('hono');
  expect(packages).toContain('better-sqlite3');
  const notDependencies = packages.filter((p) => !(p in pkg.dependencies));
  expect(notDependencies, `imported but not in dependencies: ${notDependencies.join(', ')}`).toEqual([]);
  // The server's own code is inside the bundle: no relative import is left to resolve at run time.
  const relative = Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.path.startsWith('.')));
  expect(relative).toEqual([]);
  const source = readFileSync(outFile, 'utf8');
  for (const dev of Object.keys(pkg.devDependencies)) expect(source).not.toMatch(new RegExp(`from ["']${dev}(/[^"']*)?["']`));

  // Plain node, no loader: start it and ask for its health.
  const proc = spawn(process.execPath, [outFile], {
    cwd: root,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening" line:\n${out}`)), 20_000);
      proc.stdout.on('data', () => {
        const m = /^listening: (\S+)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      proc.once('exit', (code) => reject(new Error(`exited (${code}):\n${out}`)));
    });
    const res = await fetch(`${url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, version: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version });
    expect(out).toMatch(/^setup: http:\/\/localhost:\d+\/setup\/\S+$/m);
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
  }
});
