import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { createApp } from '../../server/app';
import { databasePath, openDatabase, type Db } from '../../server/db/open';
import { latestSchemaVersion } from '../../server/db/migrations';

const SCHEMA_VERSION = latestSchemaVersion();
import { silentLogger } from '../../server/log';
import { startNightlyBackups } from '../../server/ops/nightly';
import { startReminderScheduler } from '../../server/push/scheduler';
import { createJobRunner } from '../../server/jobs/runner';
import { seedFixture } from '../support/fixture';

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function startServer(now: Date) {
  const dataDir = mkdtempSync(join(tmpdir(), 'lagesbild-health-'));
  const db = openDatabase(databasePath(dataDir));
  const clock = { now };
  seedFixture(db, now);
  const jobs = createJobRunner({ db, now: () => clock.now, log: () => {} });
  const app = createApp({ db, now: () => clock.now, version: 'test-9', logger: silentLogger, dataDir, jobs });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanup.push(() => {
    if (db.open) db.close();
  });
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const health = async () => {
    const res = await fetch(`${url}/api/health`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  cleanup.push(() => jobs.stop());
  return { dataDir, db, clock, health, jobs };
}

const logs = { info: () => {}, error: (m: string) => { throw new Error(m); } };

describe('GET /api/health', () => {
  it('reports the database, its schema version, the reminder scheduler and the last good backup', async () => {
    const t = await startServer(new Date('2026-12-02T09:00:00Z'));
    expect(await t.health()).toEqual({
      status: 200,
      body: { ok: true, version: 'test-9', database: { ok: true, schemaVersion: SCHEMA_VERSION }, backup: null, reminders: { alive: false, lastTickAt: null }, jobs: { alive: false, lastTickAt: null } },
    });

    const reminders = startReminderScheduler({ db: t.db, now: () => t.clock.now, jobs: t.jobs, log: () => {}, send: async () => ({ statusCode: 201 }), intervalMs: 0 });
    cleanup.push(() => reminders.stop());
    await reminders.tick();
    await t.jobs.tick();
    expect((await t.health()).body.reminders).toEqual({ alive: true, lastTickAt: '2026-12-02T09:00:00.000Z' });
    expect((await t.health()).body.jobs).toEqual({ alive: true, lastTickAt: '2026-12-02T09:00:00.000Z' });
    // A scheduler that has not ticked for over five minutes is reported as not alive.
    t.clock.now = new Date('2026-12-02T09:06:00Z');
    expect((await t.health()).body.reminders).toEqual({ alive: false, lastTickAt: '2026-12-02T09:00:00.000Z' });
    expect((await t.health()).body.jobs).toEqual({ alive: false, lastTickAt: '2026-12-02T09:00:00.000Z' });
    await reminders.tick();
    await t.jobs.tick();
    expect((await t.health()).body).toMatchObject({ reminders: { alive: true }, jobs: { alive: true } });

    const backups = startNightlyBackups({ db: t.db, dataDir: t.dataDir, config: { dir: join(t.dataDir, 'backups'), time: '02:30', keepDaily: 7, keepWeekly: 8 }, now: () => t.clock.now, log: logs });
    cleanup.push(() => backups.stop());
    const info = await backups.runIfDue();
    expect(info).not.toBeNull();
    expect((await t.health()).body.backup).toEqual({ lastGoodAt: '2026-12-02T09:06:00.000Z', bytes: info!.bytes, schemaVersion: SCHEMA_VERSION });
  });

  it('answers 503 with a sentence when the database cannot be read', async () => {
    const t = await startServer(new Date('2026-12-02T09:00:00Z'));
    t.db.close();
    const { status, body } = await t.health();
    expect(status).toBe(503);
    expect(body).toMatchObject({ ok: false, version: 'test-9', database: { ok: false } });
    expect((body.database as { error: string }).error).toMatch(/^the database cannot be read: /);
  });
});

describe('the nightly backup', () => {
  it('runs at 02:30 Stockholm time once a day, holds what was written, and rotates only its own files', async () => {
    const t = await startServer(new Date('2026-12-02T01:29:00Z')); // 02:29 CET
    const dir = join(t.dataDir, 'backups');
    const backups = startNightlyBackups({ db: t.db, dataDir: t.dataDir, config: { dir, time: '02:30', keepDaily: 2, keepWeekly: 2 }, now: () => t.clock.now, log: logs, checkEveryMs: 60_000 });
    cleanup.push(() => backups.stop());
    expect(await backups.runIfDue()).toBeNull();
    // An operator's own file and the remains of a killed backup lie in the same directory.
    writeFileSync(join(dir, 'before-upgrade.sqlite'), 'mine');
    writeFileSync(join(dir, 'lagesbild-2026-12-01.sqlite.partial'), 'half');

    t.clock.now = new Date('2026-12-02T01:30:00Z');
    t.db.prepare('INSERT INTO organisations (id, name) VALUES (?, ?)').run('org-written-at-0230', 'Skrivet 02:30');
    const first = await backups.runIfDue();
    expect(first?.file).toBe(join(dir, 'lagesbild-2026-12-02.sqlite'));
    const snap = new Database(first!.file, { readonly: true });
    expect(snap.prepare('SELECT name FROM organisations WHERE id = ?').pluck().get('org-written-at-0230')).toBe('Skrivet 02:30');
    expect(snap.pragma('integrity_check', { simple: true })).toBe('ok');
    snap.close();
    // Once a day: later the same day, nothing; a restart would see the file and agree.
    t.clock.now = new Date('2026-12-02T20:00:00Z');
    expect(await backups.runIfDue()).toBeNull();

    // Eleven more nights (to Sunday 13 Dec, 2026-W50): two daily and the newest of two weeks stay.
    for (let day = 3; day <= 13; day++) {
      t.clock.now = new Date(`2026-12-${String(day).padStart(2, '0')}T01:35:00Z`);
      expect(await backups.runIfDue()).not.toBeNull();
    }
    expect(readdirSync(dir).sort()).toEqual(['before-upgrade.sqlite', 'lagesbild-2026-12-06.sqlite', 'lagesbild-2026-12-12.sqlite', 'lagesbild-2026-12-13.sqlite']);
  });

  it('does nothing when turned off (BACKUP_TIME=off)', async () => {
    const t = await startServer(new Date('2026-12-02T09:00:00Z'));
    const backups = startNightlyBackups({ db: t.db as Db, dataDir: t.dataDir, config: { dir: join(t.dataDir, 'backups'), time: null, keepDaily: 7, keepWeekly: 8 }, now: () => t.clock.now, log: logs });
    cleanup.push(() => backups.stop());
    expect(await backups.runIfDue()).toBeNull();
    expect(readdirSync(t.dataDir)).not.toContain('backups');
  });
});
