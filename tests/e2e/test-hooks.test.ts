/**
 * Production carries no test hooks: the service worker's 'test:notificationclick'
 * message handler (which lets a page trigger a notification click) is in the browser
 * tests' build and absent from the production build.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { buildClient } from '../support/client-build';

const HOOK = 'test:notificationclick';
let prodDir: string;

beforeAll(async () => {
  prodDir = mkdtempSync(join(tmpdir(), 'lagesbild-prod-dist-'));
  await buildClient(prodDir, { test: false });
});
afterAll(() => {
  if (prodDir) rmSync(prodDir, { recursive: true, force: true });
});

test('the production sw.js lacks the test hook; the test build has it', () => {
  const prodSw = readFileSync(join(prodDir, 'sw.js'), 'utf8');
  const testSw = readFileSync(join(inject('clientDir'), 'sw.js'), 'utf8');
  // Both are real service workers that handle notification clicks.
  for (const sw of [prodSw, testSw]) expect(sw).toContain('notificationclick');
  expect(testSw).toContain(HOOK);
  expect(prodSw).not.toContain(HOOK);
  expect(prodSw).not.toContain('__TEST_HOOKS__');
});
