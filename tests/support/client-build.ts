/**
 * Builds the web app for the browser tests: a production build (minified, as users get
 * it) in the test mode, which compiles in the test hooks (vite.config.ts `__TEST_HOOKS__`).
 */
import { join } from 'node:path';
import { build, type Plugin } from 'vite';
import { TEST_BUILD_MODE } from '../../vite.config';

const root = join(import.meta.dirname, '..', '..');

export async function buildClient(outDir: string, opts: { test: boolean; plugins?: Plugin[] }): Promise<void> {
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    ...(opts.test ? { mode: TEST_BUILD_MODE } : {}),
    ...(opts.plugins ? { plugins: opts.plugins } : {}),
    build: { outDir, emptyOutDir: true },
  });
}
