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
import { issueDemoStaff } from './auth/demo';
import { issueSetupCode } from './auth/setup';
import { systemClock } from './http/clock';
import { createJobRunner } from './jobs/runner';
import { startReminderScheduler } from './push/scheduler';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
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

  const demoStaff = config.demo ? await issueDemoStaff(db, now()) : [];
  // While no admin exists, every start prints a fresh one-time setup link.
  const setupCode = issueSetupCode(db, now());

  const publicUrl = process.env.PUBLIC_URL ? config.publicUrl : undefined;
  const app = createApp({ db, now, version, clientDir: config.clientDir ?? join(root, 'dist'), publicUrl, trustProxy: process.env.TRUST_PROXY === '1', periodKind: config.period, mapTiles: config.mapTiles });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
    const url = `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`;
    const origin = publicUrl ?? `http://localhost:${info.port}`;
    for (const s of demoStaff) console.log(`staff: ${s.role} ${s.email} / ${s.password}`);
    if (config.demo) {
      for (const invite of issueDemoInvites(db, now())) {
        console.log(`invite: ${invite.functionName}: ${origin}/enrol/${invite.code}`);
      }
    }
    if (setupCode) console.log(`setup: ${origin}/setup/${setupCode}`);
    // Last, so whoever waits for this line has every invite line already.
    console.log(`listening: ${url}`);
  });

  // Side effects of domain actions (push deliveries, …) are jobs in SQLite, run here;
  // features register their kinds before the runner starts.
  const jobs = createJobRunner({ db, now, log: (m) => console.log(m) });
  // Weekly reminders by Web Push; slots are recorded in SQLite, so restarts never send twice.
  const reminders = startReminderScheduler({ db, now, jobs, log: (m) => console.log(m) });
  jobs.start();

  const stop = () => {
    server.close(() => {
      void Promise.all([reminders.stop(), jobs.stop()]).finally(() => {
        db.close();
        process.exit(0);
      });
    });
    // Idle keep-alive connections must not hold the process open.
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  console.error(`lägesbild: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
