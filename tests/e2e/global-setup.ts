import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildClient } from '../support/client-build';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The production build the browser tests' servers serve (CLIENT_DIR). */
    clientDir: string;
  }
}

/**
 * Browser tests run against a production build, as users get it (plus the test hooks,
 * see tests/support/client-build.ts): built once per
 * run into a directory of its own, so a build elsewhere (npm run build, another
 * run) cannot swap files under a service worker mid-test.
 */
export default async function setup(project: TestProject) {
  const outDir = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-dist-'));
  await buildClient(outDir, { test: true });
  project.provide('clientDir', outDir);
  return () => rmSync(outDir, { recursive: true, force: true });
}
