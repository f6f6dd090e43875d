/**
 * The process entry: configuration, database, app, listen. Everything else is
 * in the feature folders so tests can build the same app without a process.
 */
import { serve } from '@hono/node-server';
import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { HelpRequested, insecureOriginWarning, readConfig } from './config';
import { databasePath, openDatabase } from './db/open';
import { issueDemoInvites, seedDemo } from './demo/seed';
import { issueDemoStaff } from './auth/demo';
import { issueSetupCode } from './auth/setup';
import { systemClock } from './http/clock';
import { loadTls, redirectServer, type TlsFiles } from './http/tls';
import { createJobRunner } from './jobs/runner';
import { startReminderScheduler } from './push/scheduler';
import { mailPictureHandler } from './sendout/sender';
import { describeSmtp, smtpSender } from './sendout/transport';
import { createLogger } from './log';
import { acquireInstanceLock } from './ops/instance-lock';
import { startNightlyBackups } from './ops/nightly';

/** The repository (or installed package) root: server/main.ts and the compiled dist/server/main.js both live below it. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the server; run it from the Lägesbild directory');
    dir = up;
  }
  return dir;
}
const root = packageRoot();

/**
 * The start-up lines (`demo:`, `staff:`, `invite:`, `setup:`, `listening:`) stay plain
 * text on stdout, not log events: they are for the person who started the server – to
 * copy an invite link or the one-time setup link – and tests and the README read them.
 * They are the only place a code or a demo password is ever printed; the log never is.
 */
function say(line: string): void {
  console.log(line);
}

async function main() {
  let config;
  try {
    config = readConfig(process.env, process.argv.slice(2));
  } catch (e) {
    if (e instanceof HelpRequested) {
      console.log(e.text);
      process.exit(0);
    }
    console.error(`lägesbild: ${(e as Error).message}`);
    process.exit(2);
  }
  const logger = createLogger({ level: config.logLevel });
  let tls: TlsFiles | undefined;
  try {
    tls = config.tls ? loadTls(config.tls) : undefined;
  } catch (e) {
    console.error(`lägesbild: ${(e as Error).message}`);
    process.exit(2);
  }
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  // Held until the process ends: `npm run restore` refuses while it is held.
  const lock = acquireInstanceLock(config.dataDir, 'server');
  const db = openDatabase(databasePath(config.dataDir));
  const now = systemClock;
  if (config.demo && seedDemo(db, now(), { registerPrefix: config.registerPrefix })) say('demo: seeded the fictional municipality Älvstad');

  const demoStaff = config.demo ? await issueDemoStaff(db, now()) : [];
  // While no admin exists, every start prints a fresh one-time setup link.
  const setupCode = issueSetupCode(db, now());

  // Side effects of domain actions (push deliveries, …) are jobs in SQLite, run here;
  // features register their kinds before the runner starts.
  const jobsLog = logger.child({ component: 'jobs' });
  const jobs = createJobRunner({ db, now, log: (m) => jobsLog.info(m) });

  const { publicUrl } = config;
  const app = createApp({
    db,
    now,
    version,
    clientDir: config.clientDir ?? join(root, 'dist'),
    publicUrl,
    trustProxy: config.trustProxy,
    periodKind: config.period,
    logger,
    dataDir: config.dataDir,
    jobs,
    informantsSeePictures: config.informantsSeePictures,
    registerPrefix: config.registerPrefix,
    municipality: config.municipality,
    mail: config.mail,
    mapTiles: config.mapTiles,
  });
  // The weekly send-out: published pictures by e-mail ('mail.picture' jobs), when SMTP is configured.
  // Links in the e-mails: PUBLIC_URL, else this machine's address once the port is known.
  let linkOrigin = publicUrl ?? `http://localhost:${config.port}`;
  const mailer = config.mail ? smtpSender(config.mail) : null;
  const mailLog = logger.child({ component: 'mail' });
  if (config.mail && mailer) {
    jobs.register(mailPictureHandler({ db, send: mailer.send, publicUrl: () => linkOrigin, log: (m) => mailLog.info(m) }));
    mailLog.info(`the e-mail send-out is on: published pictures are e-mailed via ${describeSmtp(config.mail)}`);
  } else {
    mailLog.info('the e-mail send-out is off (set SMTP_URL and MAIL_FROM to e-mail published pictures)');
  }
  const warning = insecureOriginWarning(publicUrl);
  if (warning) say(warning);
  const scheme = tls ? 'https' : 'http';
  const listenOptions = { fetch: app.fetch, port: config.port, hostname: config.host };
  const server = serve(tls ? { ...listenOptions, createServer: createHttpsServer, serverOptions: { cert: tls.cert, key: tls.key } } : listenOptions, (info: AddressInfo) => {
    const url = `${scheme}://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`;
    const origin = publicUrl ?? `${scheme}://localhost:${info.port}`;
    linkOrigin = origin;
    // Jobs start once the address is known: an e-mail sent at start links to it.
    jobs.start();
    // Before the start-up lines: `listening:` stays the last of them.
    logger.info({ url, version, dataDir: config.dataDir }, 'listening');
    for (const s of demoStaff) say(`staff: ${s.role} ${s.email} / ${s.password}`);
    if (config.demo) {
      for (const invite of issueDemoInvites(db, now())) {
        say(`invite: ${invite.functionName}: ${origin}/enrol/${invite.code}`);
      }
    }
    if (setupCode) say(`setup: ${origin}/setup/${setupCode}`);
    if (redirect) {
      redirect.listen(config.httpRedirectPort, config.host, () => {
        const a = redirect.address() as AddressInfo;
        say(`redirecting: http://${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port} → https`);
        // Last, so whoever waits for this line has every invite line already.
        say(`listening: ${url}`);
      });
      return;
    }
    // Last, so whoever waits for this line has every invite line already.
    say(`listening: ${url}`);
  });
  const redirect = tls && config.httpRedirectPort !== undefined
    ? redirectServer({ publicUrl, httpsPort: () => (server.address() as AddressInfo).port })
    : undefined;
  redirect?.on('error', (e) => {
    console.error(`lägesbild: HTTP_REDIRECT_PORT ${config.httpRedirectPort}: ${e.message}`);
    process.exit(1);
  });

  // Weekly reminders by Web Push; slots are recorded in SQLite, so restarts never send twice.
  const remindersLog = logger.child({ component: 'reminders' });
  const reminders = startReminderScheduler({ db, now, jobs, subject: config.vapidSubject, log: (m) => remindersLog.info(m) });
  // The nightly snapshot into BACKUP_DIR, with rotation.
  const backupLog = logger.child({ component: 'backup' });
  const backups = startNightlyBackups({ db, dataDir: config.dataDir, config: config.backup, now, log: { info: (m) => backupLog.info(m), error: (m) => backupLog.error(m) } });

  const stop = () => {
    redirect?.close();
    server.close(() => {
      void Promise.all([reminders.stop(), jobs.stop(), backups.stop()]).finally(() => {
        mailer?.close();
        db.close();
        lock.release();
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
