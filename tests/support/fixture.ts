import { silentLogger } from '../../server/log';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app';
import { openDatabase, type Db } from '../../server/db/open';
import { createInvite } from '../../server/informant/devices';
import type { Report, Observation } from '../../shared/schemas';
import { weekOf } from '../../shared/weeks';

/** A small municipality: two areas with places, two functions, one invite each. */
export function seedFixture(db: Db, now: Date) {
  const org = randomUUID();
  db.prepare('INSERT INTO organisations (id, name) VALUES (?, ?)').run(org, 'Testbostäder AB');
  const areaA = randomUUID();
  const areaB = randomUUID();
  db.prepare('INSERT INTO areas (id, name) VALUES (?, ?), (?, ?)').run(areaA, 'Norrby', areaB, 'Söderby');
  const placeA = randomUUID();
  const placeB = randomUUID();
  db.prepare('INSERT INTO places (id, area_id, name) VALUES (?, ?, ?), (?, ?, ?)').run(placeA, areaA, 'Torget', placeB, areaB, 'Parken');
  const fnA = randomUUID();
  const fnB = randomUUID();
  db.prepare('INSERT INTO functions (id, organisation_id, name) VALUES (?, ?, ?), (?, ?, ?)').run(fnA, org, 'Bovärdar Norr', fnB, org, 'Bovärdar Söder');
  db.prepare('INSERT INTO function_areas (function_id, area_id) VALUES (?, ?), (?, ?)').run(fnA, areaA, fnB, areaB);
  const inviteA = createInvite(db, fnA, { now, maxDevices: 3 });
  const inviteB = createInvite(db, fnB, { now, maxDevices: 3 });
  return { org, areaA, areaB, placeA, placeB, fnA, fnB, inviteA, inviteB };
}

export interface TestServer {
  url: string;
  /** The composed Hono app (e.g. for `app.routes`). */
  app: ReturnType<typeof createApp>;
  db: Db;
  dbFile: string;
  fixture: ReturnType<typeof seedFixture>;
  clock: { now: Date };
  close(): Promise<void>;
  post(path: string, body: unknown, token?: string): Promise<Response>;
  get(path: string, token?: string): Promise<Response>;
  enrol(code?: string): Promise<string>;
}

/** The real app over a temporary SQLite file, listening on 127.0.0.1 with an ephemeral port. */
export async function startTestServer(opts: { now?: Date; publicUrl?: string; trustProxy?: boolean } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-api-'));
  const dbFile = join(dir, 'test.sqlite');
  const db = openDatabase(dbFile);
  const clock = { now: opts.now ?? new Date() };
  const fixture = seedFixture(db, clock.now);
  const app = createApp({
    db,
    now: () => clock.now,
    version: 'test',
    logger: silentLogger,
    ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
    ...(opts.trustProxy ? { trustProxy: true } : {}),
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = (token?: string): Record<string, string> => ({
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });
  const t: TestServer = {
    url,
    app,
    db,
    dbFile,
    fixture,
    clock,
    post: (path, body, token) =>
      fetch(url + path, { method: 'POST', headers: headers(token), body: typeof body === 'string' ? body : JSON.stringify(body) }),
    get: (path, token) => fetch(url + path, { headers: headers(token) }),
    async enrol(code = fixture.inviteA.code) {
      const res = await t.post('/api/v1/enrol', { code });
      if (res.status !== 200) throw new Error(`enrol failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

export function observation(areaId: string, over: Partial<Observation> = {}): Observation {
  return { id: randomUUID(), category: 'vandalism', areaId, timeOfDay: 'evening', persists: false, ...over };
}

export function report(over: Partial<Report> & { observations?: Observation[] } = {}, now = new Date()): Report {
  const observations = over.observations ?? [];
  return {
    id: randomUUID(),
    week: weekOf(now),
    createdAt: now.toISOString(),
    calm: observations.length === 0,
    ...over,
    observations,
  };
}
