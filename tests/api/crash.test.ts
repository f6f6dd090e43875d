import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startChildServer, type ChildServer } from '../support/child-server';
import { enrolFromInvite, streamReports } from '../support/report-stream';
import type { Report } from '../../shared/schemas';
import type { IngestResult } from '../../shared/api';

let dir: string;
let server: ChildServer | undefined;
afterEach(async () => {
  await server?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('loses no acknowledged report when the server is SIGKILLed mid-stream, and a resend after restart stores each once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lagesbild-crash-'));
    server = await startChildServer(dir, { demo: true });
    const inviteUrl = [...server.invites.values()][0]!;
    const { token, areaIds } = await enrolFromInvite(server.url, inviteUrl);

    const sent: Report[] = [];
    const acknowledged = new Set<string>();
    const counter = { n: 0 };
    // Three rounds: stream batches, kill -9 while requests are in flight, restart.
    for (let round = 0; round < 3; round++) {
      const stream = streamReports(server.url, token, areaIds, { counter, sent, acknowledged });
      await stream.waitForMore(300);
      await server.kill('SIGKILL');
      await stream.stop();
      expect(server.proc.signalCode).toBe('SIGKILL');

      const db = new Database(join(dir, 'lagesbild.sqlite'));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Set((db.prepare('SELECT id FROM reports').pluck().all() as string[]));
      const missing = [...acknowledged].filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      db.close();
      server = await startChildServer(dir);
    }
    expect(sent.length).toBeGreaterThan(acknowledged.size); // some were in flight at a kill

    // The client resends everything it is unsure about: acknowledged ones are duplicates.
    const results: IngestResult[] = [];
    for (let i = 0; i < sent.length; i += 500) {
      const res = await fetch(`${server.url}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ reports: sent.slice(i, i + 500) }),
      });
      results.push(...((await res.json()) as { results: IngestResult[] }).results);
    }
    for (const r of results) {
      expect(['created', 'duplicate']).toContain(r.status);
      if (acknowledged.has(r.id!)) expect(r.status).toBe('duplicate');
    }
    await server.kill();
    const db = new Database(join(dir, 'lagesbild.sqlite'), { readonly: true });
    const ids = sent.map((r) => r.id);
    const placeholders = ids.map(() => '?').join(',');
    const rows = db.prepare(`SELECT count(*) AS n FROM reports WHERE id IN (${placeholders})`).get(...ids) as { n: number };
    expect(rows.n).toBe(sent.length);
    const expectedObs = sent.reduce((n, r) => n + r.observations.length, 0);
    const obs = db.prepare(`SELECT count(*) AS n FROM observations WHERE report_id IN (${placeholders})`).get(...ids) as { n: number };
    expect(obs.n).toBe(expectedObs);
    db.close();
  }, 120_000);
});
