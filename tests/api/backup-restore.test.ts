import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startChildServer, type ChildServer } from '../support/child-server';
import { enrolFromInvite, streamReports } from '../support/report-stream';
import { runOpsCli } from '../support/ops-cli';
import { restoreSnapshot } from '../../server/ops/restore';
import { latestSchemaVersion } from '../../server/db/migrations';

const SCHEMA_VERSION = latestSchemaVersion();
import type { IngestResult } from '../../shared/api';

const dirs: string[] = [];
const servers: ChildServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(name: string): string {
  const d = mkdtempSync(join(tmpdir(), `lagesbild-${name}-`));
  dirs.push(d);
  return d;
}
async function start(dataDir: string, opts: { demo?: boolean } = {}): Promise<ChildServer> {
  const s = await startChildServer(dataDir, opts);
  servers.push(s);
  return s;
}
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('backup and restore', () => {
  it('takes a verified snapshot while reports stream in; restored elsewhere, every report acknowledged before it is there', async () => {
    const dirA = tempDir('backup-a');
    const out = tempDir('backup-out');
    const serverA = await start(dirA, { demo: true });
    const { token, areaIds } = await enrolFromInvite(serverA.url, [...serverA.invites.values()][0]!);

    const stream = streamReports(serverA.url, token, areaIds);
    await stream.waitForMore(1000);
    // Everything acknowledged up to here must be in the snapshot.
    const before = new Set(stream.acknowledged);
    const file = join(out, 'snapshot.sqlite');
    const backup = await runOpsCli(['backup', file], { DATA_DIR: dirA });
    const duringBackup = stream.acknowledged.size - before.size;
    await stream.stop();

    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const line = new RegExp(`^backup: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+\\.\\d (KB|MB), schema version ${SCHEMA_VERSION}, (\\d+) reports, integrity ok\\)\\n$`);
    expect(backup.stdout).toMatch(line);
    expect(Number(line.exec(backup.stdout)![2])).toBeGreaterThanOrEqual(before.size);
    // The server kept taking reports while the snapshot was written.
    expect(duringBackup).toBeGreaterThan(0);
    expect(readdirSync(out)).toEqual(['snapshot.sqlite']); // no partial file, no journal, no WAL
    const snap = new Database(file, { readonly: true });
    expect(snap.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(snap.pragma('journal_mode', { simple: true })).toBe('delete');
    snap.close();
    // /api/health now tells when the last good backup was taken.
    const health = (await (await fetch(`${serverA.url}/api/health`)).json()) as { backup: { lastGoodAt: string; bytes: number } };
    expect(Date.now() - Date.parse(health.backup.lastGoodAt)).toBeLessThan(60_000);
    expect(health.backup.bytes).toBe(statSync(file).size);

    // A restore while the server runs is refused, and the running database is not touched.
    const refused = await runOpsCli(['restore', file], { DATA_DIR: dirA });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^restore failed: The Lägesbild server is running on .+: stop it first .*Nothing was changed\.\n$/);
    expect(readdirSync(dirA).filter((n) => n.includes('before-restore') || n.includes('restoring'))).toEqual([]);
    // So is a second server on the same DATA_DIR.
    await expect(startChildServer(dirA)).rejects.toThrow(/in use by a running Lägesbild server/);
    await serverA.kill();

    // Restore into a fresh DATA_DIR, start there: every report acknowledged before the snapshot is stored.
    const dirB = tempDir('backup-b');
    const restored = await runOpsCli(['restore', file], { DATA_DIR: dirB });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(new RegExp(`^restored .+ into ${dirB}/lagesbild.sqlite \\(schema version ${SCHEMA_VERSION}, \\d+ reports\\)\\. Start the server`));
    const serverB = await start(dirB);
    // The device is enrolled there too (its token was in the snapshot): resending is answered `duplicate`.
    const resend = stream.sent.filter((r) => before.has(r.id));
    expect(resend.length).toBe(before.size);
    const results: IngestResult[] = [];
    for (let i = 0; i < resend.length; i += 500) {
      const res = await fetch(`${serverB.url}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ reports: resend.slice(i, i + 500) }),
      });
      expect(res.status).toBe(200);
      results.push(...((await res.json()) as { results: IngestResult[] }).results);
    }
    expect(results.filter((r) => r.status !== 'duplicate')).toEqual([]);
    await serverB.kill();
    const db = new Database(join(dirB, 'lagesbild.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(db.prepare('SELECT id FROM reports').pluck().all() as string[]);
    expect([...before].filter((id) => !stored.has(id))).toEqual([]);
    db.close();

    // Restoring over an existing database keeps that one aside, WAL included.
    const again = await runOpsCli(['restore', file], { DATA_DIR: dirB });
    expect(again.code).toBe(0);
    const aside = readdirSync(dirB).filter((n) => n.startsWith('lagesbild.sqlite.before-restore-'));
    expect(aside).toHaveLength(1);
    expect(again.stdout).toContain(`the previous database is kept as ${aside[0]}`);
    const kept = new Database(join(dirB, aside[0]!), { readonly: true });
    expect((kept.prepare('SELECT count(*) FROM reports').pluck().get() as number)).toBe(stored.size);
    kept.close();
  }, 180_000);

  it('refuses a file that is not a sound Lägesbild database with a sentence, and leaves the current database as it was', async () => {
    const dir = tempDir('restore-refuse');
    const server = await start(dir);
    const good = join(dir, 'good.sqlite');
    expect((await runOpsCli(['backup', good], { DATA_DIR: dir })).code).toBe(0);
    // A backup never overwrites another.
    const twice = await runOpsCli(['backup', good], { DATA_DIR: dir });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/already exists; a backup never overwrites another/);
    await server.kill();
    const current = join(dir, 'lagesbild.sqlite');
    const fingerprint = sha256(current);
    const garbage = join(dir, 'garbage.sqlite');
    writeFileSync(garbage, 'this is a spreadsheet, not a database\n'.repeat(200));
    const damaged = join(dir, 'damaged.sqlite');
    copyFileSync(good, damaged);
    const fd = openSync(damaged, 'r+');
    // Overwrite pages in the middle (past the header and the schema page) with noise.
    writeSync(fd, Buffer.alloc(4096 * 4, 0xa5), 0, 4096 * 4, 4096 * 6);
    closeSync(fd);
    const foreign = join(dir, 'foreign.sqlite');
    const f = new Database(foreign);
    f.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)');
    f.close();
    const newer = join(dir, 'newer.sqlite');
    copyFileSync(good, newer);
    const n = new Database(newer);
    n.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    n.close();

    const listing = readdirSync(dir).sort();
    const cases: [string, RegExp][] = [
      [garbage, /is not an SQLite database/],
      [damaged, /(fails SQLite's integrity check|is a damaged SQLite database)/],
      [foreign, /is an SQLite database but not a Lägesbild database/],
      [newer, new RegExp(`has schema version ${SCHEMA_VERSION + 1}, newer than this program \\(${SCHEMA_VERSION}\\)`)],
      [join(dir, 'missing.sqlite'), /does not exist or is not a file/],
    ];
    for (const [i, [file, reason]] of cases.entries()) {
      // The first two through the command itself, the others in-process (same code, less start-up time).
      if (i < 2) {
        const run = await runOpsCli(['restore', file], { DATA_DIR: dir });
        expect(run.code, file).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/^restore failed: .+\.\n$/);
        expect(run.stderr).toMatch(reason);
      } else {
        await expect(restoreSnapshot(dir, file)).rejects.toThrow(reason);
      }
      expect(sha256(current)).toBe(fingerprint);
      expect(readdirSync(dir).sort()).toEqual(listing);
    }
    expect(existsSync(join(dir, 'lagesbild.sqlite'))).toBe(true);
  }, 120_000);
});
