/**
 * Section "ingest": how many observations per second the real server
 * stores over HTTP, against the ceiling of inserting the same rows straight
 * into SQLite in-process, measured in the same run (the machine is shared and
 * noisy, so the ratio is the figure to quote).
 *
 * 1. The server runs as a child process (`--demo`, temp DATA_DIR); we enrol a
 *    device from a printed invite and read the areas from the context.
 * 2. Load: batches of 100 reports × 3 observations, pre-generated and
 *    pre-serialised, sent over a few keep-alive connections; warm-up first.
 *    Every item must come back `created`. The server may store concurrent batches
 *    in one transaction (group commit) but answers each only after its commit.
 * 3. Ceiling (the baseline): the same rows with raw better-sqlite3 into minimal
 *    tables – the columns the rows need and their primary keys, no secondary
 *    index, no foreign key – on a file with the production pragmas (WAL,
 *    synchronous=FULL: applyPragmas), one transaction per batch as the client
 *    sent them. An extra line inserts them into the full schema (migrations,
 *    indexes, foreign keys, demo seed) through reportStore(db).insert, to show
 *    what the schema itself costs.
 * 4. Breakdown: the same rows through ingestBatch() in-process (no HTTP), and
 *    per-stage timings of its pure parts, to show where the time goes.
 *
 * Options (`npm run bench -- ingest --concurrency=1,4,8 --batches=300`):
 *   --concurrency=4      connections; a list runs one measured phase each
 *   --batches=300        measured batches per phase (upper bound)
 *   --seconds=15         measured time per phase (upper bound)
 *   --warmup=20          warm-up batches per phase
 *   --reports=100 --observations=3   batch shape
 *   --breakdown=1        0 skips step 4
 *   --server-cpu-prof=DIR  run the server child with --cpu-prof, profile into DIR
 */
import { resolve } from 'node:path';
import { join } from 'node:path';
import * as v from 'valibot';
import Database from 'better-sqlite3';
import { applyPragmas, openDatabase, type Db } from '../../server/db/open';
import { seedDemo } from '../../server/demo/seed';
import { contentHash, ingestBatch } from '../../server/reports/ingest';
import { reportStore } from '../../server/reports/store';
import { checkAgainstRefs, parseReport, type Refs } from '../../server/reports/validate';
import type { EnrolResponse, InformantContext, IngestResponse } from '../../shared/api';
import { ReportBatchSchema, type Report } from '../../shared/schemas';
import { weekOf } from '../../shared/weeks';
import { fmt, percentile, type BenchContext, type BenchSection } from './harness';
import { LoopbackClient } from './http-client';
import { generateBatches, observationCount, remapBatches, type AreaRef, type BatchSpec } from './report-data';
import { startServerProcess } from './server-process';

export const TARGET_HTTP_OBS_PER_S = 20_000;
/** HTTP obs/s ÷ the raw-SQLite ceiling (issue 17 item 4). */
export const TARGET_RATIO = 0.6;

export interface HttpPhase {
  concurrency: number;
  batches: number;
  observations: number;
  seconds: number;
  obsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** The rows sent in this phase (warm-up first), for the ceiling. */
  warmupRows: Report[][];
  measuredRows: Report[][];
}

export interface IngestFigures {
  http: HttpPhase[];
  ceilingObsPerSecond: number;
  fullSchemaObsPerSecond: number;
  ratio: number;
  inProcessObsPerSecond?: number;
}

export const ingestSection: BenchSection = {
  name: 'ingest',
  description: 'reports over HTTP into the real server vs. straight SQLite inserts',
  run: async (ctx) => {
    await benchIngest(ctx);
  },
};

export async function benchIngest(ctx: BenchContext): Promise<IngestFigures> {
  const spec: BatchSpec = {
    reportsPerBatch: ctx.numberOption('reports', 100),
    observationsPerReport: ctx.numberOption('observations', 3),
  };
  const levels = ctx.listOption('concurrency', [4]);
  const maxBatches = ctx.numberOption('batches', 300);
  const maxSeconds = ctx.numberOption('seconds', 15);
  const warmup = ctx.numberOption('warmup', 20);
  const profileDir = ctx.options.get('server-cpu-prof');
  if (spec.reportsPerBatch > 500) throw new Error('--reports: the API takes at most 500 reports per batch');

  // --- 1. the server as a child process ---------------------------------------
  const dataDir = ctx.tempDir('ingest-server');
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [];
  const server = await startServerProcess({ dataDir, nodeArgs, signal: ctx.signal });
  let serverStopped = false;
  const stopServer = async () => {
    if (serverStopped) return;
    serverStopped = true;
    await server.stop();
  };
  ctx.defer(stopServer);
  ctx.log(`server: pid ${server.pid} at ${server.url}, ${server.invites.length} demo invites${profileDir ? `, CPU profile → ${resolve(profileDir)}` : ''}`);

  const setup = new LoopbackClient(server.url, 1);
  ctx.defer(() => setup.close());
  const invite = server.invites[0]!;
  const enrol = await setup.request<EnrolResponse>('POST', '/api/v1/enrol', { body: { code: invite.code } });
  if (enrol.status !== 200) throw new Error(`enrol failed: HTTP ${enrol.status} ${JSON.stringify(enrol.body)}`);
  const token = enrol.body.token;
  const context = await setup.request<InformantContext>('GET', '/api/v1/informant/context', { token });
  if (context.status !== 200) throw new Error(`context failed: HTTP ${context.status} ${JSON.stringify(context.body)}`);
  const own = context.body.areas.filter((a) => a.own);
  const areas: AreaRef[] = (own.length > 0 ? own : context.body.areas).map((a) => ({ id: a.id, name: a.name, places: a.places }));
  setup.close();
  ctx.log(`enrolled as "${enrol.body.name}"; reporting on ${areas.length} areas (${areas.map((a) => a.name).join(', ')}), week ${context.body.week}`);

  // --- 2. load over HTTP --------------------------------------------------------
  const phases: HttpPhase[] = [];
  for (const [i, concurrency] of levels.entries()) {
    ctx.throwIfAborted();
    const t0 = performance.now();
    const rows = generateBatches(areas, warmup + maxBatches, spec, 1000 + i);
    const bodies = rows.map((batch) => Buffer.from(JSON.stringify({ reports: batch })));
    ctx.log(
      `generated ${fmt(rows.length)} batches (${fmt(observationCount(rows))} observations, ` +
        `${fmt(bodies.reduce((n, b) => n + b.length, 0) / rows.length / 1024, 1)} KiB per body) in ${fmt(performance.now() - t0)} ms`,
    );
    const phase = await runHttpPhase(ctx, server.url, token, rows, bodies, { concurrency, warmup, maxBatches, maxSeconds });
    phases.push(phase);
    ctx.log(
      `HTTP, concurrency ${concurrency}: ${fmt(phase.batches)} batches, ${fmt(phase.observations)} observations in ${fmt(phase.seconds, 2)} s → ` +
        `${fmt(phase.obsPerSecond)} obs/s; batch latency p50 ${fmt(phase.p50, 1)} ms, p99 ${fmt(phase.p99, 1)} ms, max ${fmt(phase.max, 1)} ms`,
    );
  }
  await stopServer();
  if (profileDir) ctx.log(`server CPU profile written to ${resolve(profileDir)} (open in Chrome DevTools → Performance, or speedscope)`);

  // --- 3. ceiling: the same rows straight into SQLite --------------------------
  const headline = phases[0]!;
  const allRows = [...headline.warmupRows, ...headline.measuredRows];
  const ceiling = insertMinimal(ctx, context.body.function.id, allRows, headline.warmupRows.length);
  ctx.log(
    `ceiling (same ${fmt(ceiling.observations)} observations, raw better-sqlite3, minimal tables, WAL + synchronous=FULL, ` +
      `one transaction per batch): ${fmt(ceiling.seconds, 2)} s → ${fmt(ceiling.obsPerSecond)} obs/s; per batch p50 ${fmt(ceiling.p50, 2)} ms`,
  );
  const fullDb = freshDemoDb(ctx, 'ingest-full-schema');
  const fullRows = translateRows(fullDb.db, context.body, allRows);
  const full = insertStraight(fullDb.db, fullDb.functionIdFor(context.body.function.name), fullRows, headline.warmupRows.length);
  fullDb.close();
  ctx.log(
    `same rows into the full schema (indexes, foreign keys, demo seed; reportStore.insert, one transaction per batch): ` +
      `${fmt(full.seconds, 2)} s → ${fmt(full.obsPerSecond)} obs/s; per batch p50 ${fmt(full.p50, 2)} ms`,
  );
  const ratio = headline.obsPerSecond / ceiling.obsPerSecond;
  const baseline = { label: 'raw SQLite ceiling', value: ceiling.obsPerSecond };
  ctx.figure({ name: 'ceiling obs/s (raw SQLite, minimal tables)', value: ceiling.obsPerSecond, unit: 'obs/s' });
  ctx.figure({ name: 'full-schema inserts obs/s (no HTTP, no validation)', value: full.obsPerSecond, unit: 'obs/s', baseline });
  for (const phase of phases) {
    const met = phase.obsPerSecond / ceiling.obsPerSecond >= TARGET_RATIO;
    ctx.figure({ name: `http obs/s (concurrency ${phase.concurrency})`, value: phase.obsPerSecond, unit: 'obs/s', baseline, target: `≥ ×${TARGET_RATIO} of the ceiling`, met });
  }
  for (const phase of phases) {
    ctx.figure({ name: `http p50 batch latency (concurrency ${phase.concurrency})`, value: phase.p50, unit: 'ms', baseline: { label: 'ceiling transaction p50', value: ceiling.p50 } });
    ctx.figure({ name: `http p99 batch latency (concurrency ${phase.concurrency})`, value: phase.p99, unit: 'ms' });
  }

  // --- 4. where the time goes: ingestBatch in-process + pure stages ------------
  let inProcessObsPerSecond: number | undefined;
  if (ctx.numberOption('breakdown', 1) !== 0) {
    inProcessObsPerSecond = breakdown(ctx, context.body, headline, baseline);
  }

  // --- verdict --------------------------------------------------------------------
  const httpMet = headline.obsPerSecond >= TARGET_HTTP_OBS_PER_S;
  const ratioMet = ratio >= TARGET_RATIO;
  ctx.log(`targets: HTTP ${fmt(headline.obsPerSecond)} obs/s (absolute, ≥ ${fmt(TARGET_HTTP_OBS_PER_S)}): ${httpMet ? 'MET' : 'NOT MET'}`);
  ctx.log(`         HTTP/ceiling ${fmt(ratio * 100, 1)} % (target ≥ ${TARGET_RATIO * 100} %): ${ratioMet ? 'MET' : 'NOT MET'}`);
  return { http: phases, ceilingObsPerSecond: ceiling.obsPerSecond, fullSchemaObsPerSecond: full.obsPerSecond, ratio, inProcessObsPerSecond };
}

// ---------------------------------------------------------------------------------

async function runHttpPhase(
  ctx: BenchContext,
  url: string,
  token: string,
  rows: Report[][],
  bodies: Buffer[],
  o: { concurrency: number; warmup: number; maxBatches: number; maxSeconds: number },
): Promise<HttpPhase> {
  const client = new LoopbackClient(url, o.concurrency);
  try {
    // Warm-up: same connections, same path, not timed.
    await drive(ctx, client, token, rows, bodies, 0, o.warmup, o.concurrency, Infinity);
    const latencies: number[] = [];
    const start = performance.now();
    const until = Math.min(start + o.maxSeconds * 1000, ctx.deadline - Date.now() + start);
    const sent = await drive(ctx, client, token, rows, bodies, o.warmup, o.warmup + o.maxBatches, o.concurrency, until, latencies);
    const seconds = (performance.now() - start) / 1000;
    const measuredRows = rows.slice(o.warmup, o.warmup + sent);
    const observations = observationCount(measuredRows);
    return {
      concurrency: o.concurrency,
      batches: sent,
      observations,
      seconds,
      obsPerSecond: observations / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
      warmupRows: rows.slice(0, o.warmup),
      measuredRows,
    };
  } finally {
    client.close();
  }
}

/**
 * Sends batches [from, to) over `concurrency` workers; stops issuing new ones at
 * `until` (performance.now() ms). Returns how many were sent, which are always
 * the first ones of the range, so the caller knows exactly which rows are stored.
 */
async function drive(
  ctx: BenchContext,
  client: LoopbackClient,
  token: string,
  rows: Report[][],
  bodies: Buffer[],
  from: number,
  to: number,
  concurrency: number,
  until: number,
  latencies?: number[],
): Promise<number> {
  let next = from;
  const worker = async () => {
    while (next < to && performance.now() < until) {
      ctx.throwIfAborted();
      const i = next++;
      const res = await client.request<IngestResponse>('POST', '/api/v1/reports', { body: bodies[i]!, token });
      latencies?.push(res.ms);
      checkAllCreated(rows[i]!, res.status, res.body, i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return next - from;
}

function checkAllCreated(batch: Report[], status: number, body: IngestResponse, index: number): void {
  if (status !== 200) throw new Error(`batch ${index}: HTTP ${status}: ${JSON.stringify(body).slice(0, 500)}`);
  const results = body.results;
  if (!Array.isArray(results) || results.length !== batch.length) {
    throw new Error(`batch ${index}: expected ${batch.length} results, got ${JSON.stringify(body).slice(0, 500)}`);
  }
  for (const [k, r] of results.entries()) {
    if (r.status !== 'created' || r.id !== batch[k]!.id) {
      throw new Error(`batch ${index}, item ${k}: expected created ${batch[k]!.id}, got ${JSON.stringify(r)}`);
    }
  }
}

// --- in-process databases -----------------------------------------------------------

function freshDemoDb(ctx: BenchContext, prefix: string) {
  const dir = ctx.tempDir(prefix);
  const db = openDatabase(join(dir, 'lagesbild.sqlite'));
  let open = true;
  const close = () => {
    if (open) db.close();
    open = false;
  };
  ctx.defer(close);
  if (!seedDemo(db, new Date())) throw new Error('demo seed did not run on a fresh database');
  return {
    db,
    close,
    functionIdFor(name: string): string {
      const row = db.prepare<[string], { id: string }>('SELECT id FROM functions WHERE name = ?').get(name);
      if (!row) throw new Error(`no function "${name}" in the fresh database`);
      return row.id;
    },
  };
}

/** The demo seed invents fresh ids per database: map the server's ids by name. */
function translateRows(db: Db, context: InformantContext, rows: Report[][]): Report[][] {
  const areaByName = new Map(db.prepare<[], { id: string; name: string }>('SELECT id, name FROM areas').all().map((a) => [a.name, a.id]));
  const placeByKey = new Map(
    db.prepare<[], { id: string; area_id: string; name: string }>('SELECT id, area_id, name FROM places').all().map((p) => [`${p.area_id}/${p.name}`, p.id]),
  );
  const areaMap = new Map<string, string>();
  const placeMap = new Map<string, string>();
  for (const a of context.areas) {
    const to = areaByName.get(a.name);
    if (!to) continue;
    areaMap.set(a.id, to);
    for (const p of a.places) {
      const pid = placeByKey.get(`${to}/${p.name}`);
      if (pid) placeMap.set(p.id, pid);
    }
  }
  return remapBatches(rows, areaMap, placeMap);
}

/**
 * The ceiling: raw better-sqlite3 on a fresh file with the production pragmas and
 * minimal tables – the columns the rows need and their primary keys, nothing else
 * (no secondary index, no foreign key, no other table). One transaction per batch
 * as the client sent it; the first `warmup` batches are not timed.
 */
function insertMinimal(ctx: BenchContext, functionId: string, rows: Report[][], warmup: number) {
  const db = new Database(join(ctx.tempDir('ingest-ceiling'), 'ceiling.sqlite'));
  ctx.defer(() => void (db.open && db.close()));
  applyPragmas(db);
  db.exec(`
    CREATE TABLE reports (id TEXT PRIMARY KEY, function_id TEXT NOT NULL, device_id TEXT, week TEXT NOT NULL,
      calm INTEGER NOT NULL, created_at TEXT NOT NULL, received_at TEXT NOT NULL, content_hash TEXT NOT NULL);
    CREATE TABLE observations (id TEXT PRIMARY KEY, report_id TEXT NOT NULL, position INTEGER NOT NULL, week TEXT NOT NULL,
      category TEXT NOT NULL, area_id TEXT NOT NULL, place_id TEXT, time_of_day TEXT NOT NULL, occurred_on TEXT,
      persists INTEGER NOT NULL, note TEXT, lat REAL, lon REAL);
  `);
  const insertReport = db.prepare('INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertObservation = db.prepare('INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const receivedAt = new Date().toISOString();
  const write = (r: Report, hash: string) => {
    insertReport.run(r.id, functionId, null, r.week, r.calm ? 1 : 0, r.createdAt, receivedAt, hash);
    r.observations.forEach((o, position) => {
      insertObservation.run(
        o.id, r.id, position, r.week, o.category, o.areaId, o.placeId ?? null, o.timeOfDay, o.occurredOn ?? null,
        o.persists ? 1 : 0, o.note ?? null, o.location?.lat ?? null, o.location?.lon ?? null,
      );
    });
  };
  const result = timeBatches(db, rows, warmup, write);
  db.close();
  return result;
}

/** The same rows into the full schema through the store's own inserts, one transaction per batch. */
function insertStraight(db: Db, functionId: string, rows: Report[][], warmup: number) {
  const store = reportStore(db);
  const receivedAt = new Date().toISOString();
  return timeBatches(db, rows, warmup, (r, contentHash) => store.insert(r, { functionId, deviceId: null, receivedAt, contentHash }));
}

function timeBatches(db: Db, rows: Report[][], warmup: number, write: (r: Report, hash: string) => void) {
  // Hashes are computed before timing: the ceiling is the storage cost alone.
  const hashes = rows.map((batch) => batch.map((r) => contentHash(r)));
  const insertBatch = db.transaction((batch: Report[], batchHashes: string[]) => {
    for (const [k, r] of batch.entries()) write(r, batchHashes[k]!);
  });
  for (let i = 0; i < warmup; i++) insertBatch(rows[i]!, hashes[i]!);
  const perBatch: number[] = [];
  const start = performance.now();
  for (let i = warmup; i < rows.length; i++) {
    const t = performance.now();
    insertBatch(rows[i]!, hashes[i]!);
    perBatch.push(performance.now() - t);
  }
  const seconds = (performance.now() - start) / 1000;
  const observations = observationCount(rows.slice(warmup));
  return { observations, seconds, obsPerSecond: observations / seconds, p50: percentile(perBatch, 50) };
}

/**
 * The same rows through the server's own ingest path minus HTTP, then the pure
 * stages of that path timed on their own. Printed as ms per batch so the parts
 * can be set against the HTTP batch latency.
 */
function breakdown(ctx: BenchContext, context: InformantContext, phase: HttpPhase, baseline: { label: string; value: number }): number {
  const fresh = freshDemoDb(ctx, 'ingest-inprocess');
  const rows = translateRows(fresh.db, context, [...phase.warmupRows, ...phase.measuredRows]);
  const texts = rows.map((batch) => JSON.stringify({ reports: batch }));
  const reporter = { functionId: fresh.functionIdFor(context.function.name), deviceId: null };
  const store = reportStore(fresh.db);
  const warm = phase.warmupRows.length;
  const stage = { jsonParse: 0, envelope: 0, ingest: 0, stringify: 0 };
  const runOne = (text: string, timed: boolean) => {
    const t0 = performance.now();
    const body = JSON.parse(text) as unknown;
    const t1 = performance.now();
    const env = v.safeParse(ReportBatchSchema, body);
    if (!env.success) throw new Error('envelope refused in-process');
    const t2 = performance.now();
    const results = ingestBatch(store, env.output.reports, reporter, new Date());
    const t3 = performance.now();
    const out = JSON.stringify({ results });
    const t4 = performance.now();
    if (results.some((r) => r.status !== 'created')) throw new Error(`in-process ingest refused: ${JSON.stringify(results.find((r) => r.status !== 'created'))}`);
    if (timed) {
      stage.jsonParse += t1 - t0;
      stage.envelope += t2 - t1;
      stage.ingest += t3 - t2;
      stage.stringify += t4 - t3;
      void out;
    }
  };
  for (let i = 0; i < warm; i++) runOne(texts[i]!, false);
  const start = performance.now();
  for (let i = warm; i < texts.length; i++) runOne(texts[i]!, true);
  const seconds = (performance.now() - start) / 1000;
  const measured = rows.slice(warm);
  const observations = observationCount(measured);
  const obsPerSecond = observations / seconds;
  const n = measured.length;
  ctx.log(
    `in-process ingest (JSON.parse + envelope + ingestBatch + JSON.stringify, no HTTP): ${fmt(seconds, 2)} s → ${fmt(obsPerSecond)} obs/s`,
  );
  ctx.figure({ name: 'in-process ingest obs/s (no HTTP)', value: obsPerSecond, unit: 'obs/s', baseline });

  // Pure stages of ingestBatch, each over all measured reports (no database writes).
  const reports = measured.flat();
  const refs: Refs = { currentWeek: weekOf(new Date()), now: new Date(), areaIds: store.areaIds(), placeAreas: store.placeAreas() };
  const time = (fn: () => void) => {
    const t = performance.now();
    fn();
    return (performance.now() - t) / n;
  };
  const raw = texts.slice(warm).map((t) => (JSON.parse(t) as { reports: unknown[] }).reports).flat();
  const parsed: Report[] = [];
  const parseMs = time(() => {
    for (const r of raw) {
      const c = parseReport(r);
      if (!c.ok) throw new Error(c.message);
      parsed.push(c.report);
    }
  });
  const hashMs = time(() => {
    for (const r of parsed) contentHash(r);
  });
  const refsMs = time(() => {
    for (const r of parsed) checkAgainstRefs(r, refs);
  });
  const lookupsMs = time(() => {
    const per = reports.length / n;
    for (let i = 0; i < reports.length; i += per) {
      const batch = reports.slice(i, i + per);
      store.findReports(batch.map((r) => r.id));
      store.storedObservationIds(batch.flatMap((r) => r.observations.map((o) => o.id)));
    }
  });
  const refLoadMs = time(() => {
    for (let i = 0; i < n; i++) {
      store.areaIds();
      store.placeAreas();
    }
  });
  const perBatch = (ms: number) => `${fmt(ms, 2)} ms`;
  ctx.log(`per batch of ${reports.length / n} reports (in-process, ${n} batches):`);
  ctx.log(`  JSON.parse body           ${perBatch(stage.jsonParse / n)}`);
  ctx.log(`  envelope (valibot)        ${perBatch(stage.envelope / n)}`);
  ctx.log(`  ingestBatch total         ${perBatch(stage.ingest / n)}`);
  ctx.log(`    parseReport (valibot)   ${perBatch(parseMs)}`);
  ctx.log(`    contentHash (sha256)    ${perBatch(hashMs)}`);
  ctx.log(`    checkAgainstRefs        ${perBatch(refsMs)}  (week window, areas, places, personal-data scan)`);
  ctx.log(`    load refs (areas/places)${perBatch(refLoadMs)}`);
  ctx.log(`    id lookups (2 per batch)${perBatch(lookupsMs)}`);
  ctx.log(`    rest (INSERTs + COMMIT) ≈ ${perBatch(stage.ingest / n - parseMs - hashMs - refsMs - lookupsMs - refLoadMs)}`);
  ctx.log(`  JSON.stringify results    ${perBatch(stage.stringify / n)}`);
  ctx.log(`  HTTP batch latency p50    ${perBatch(phase.p50)} at concurrency ${phase.concurrency} (server + client + loopback)`);
  fresh.close();
  return obsPerSecond;
}
