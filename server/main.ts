/**
 * The process entry: configuration, database, app, listen. Everything else is
 * in the feature folders so tests can build the same app without a process.
 */
import { serve } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { readConfig } from './config';
import { openDatabase } from './db/open';
import { issueDemoInvites, seedDemo } from './demo/seed';
import { systemClock } from './http/clock';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function main() {
  let config;
  try {
    config = readConfig(process.env, process.argv.slice(2));
  } catch (e) {
    console.error(`lägesbild: ${(e as Error).message}`);
    process.exit(2);
  }
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const db = openDatabase(join(config.dataDir, 'lagesbild.sqlite'));
  const now = systemClock;
  if (config.demo && seedDemo(db, now())) console.log('demo: seeded the fictional municipality Älvstad');

  const app = createApp({ db, now, version, clientDir: join(root, 'dist') });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
    const url = `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`;
    if (config.demo) {
      const origin = process.env.PUBLIC_URL ? config.publicUrl : `http://localhost:${info.port}`;
      for (const invite of issueDemoInvites(db, now())) {
        console.log(`invite: ${invite.functionName}: ${origin}/enrol/${invite.code}`);
      }
    }
    // Last, so whoever waits for this line has every invite line already.
    console.log(`listening: ${url}`);
  });

  const stop = () => {
    server.close(() => {
      db.close();
      process.exit(0);
    });
    // Idle keep-alive connections must not hold the process open.
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
