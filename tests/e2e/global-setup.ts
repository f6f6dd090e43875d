import { build } from 'vite';
import { join } from 'node:path';

/** Browser tests run against the production build, as users get it: build once per run. */
export default async function setup() {
  const root = join(import.meta.dirname, '..', '..');
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}
