/**
 * A synthetic EST history for benchmarks and large-data tests: many years of
 * weekly reports from many functions, written straight into SQLite.
 *
 * Deterministic (seeded PRNG). Fast: secondary indexes of reports and
 * observations are dropped while inserting and rebuilt afterwards from their own
 * schema SQL (so the result has exactly the project's indexes), foreign keys and
 * fsync are off during the load, the counted tables' triggers are dropped and the
 * tables rebuilt once at the end (server/db/aggregates.ts), rows go in big transactions through prepared
 * statements, and ids are time-ordered UUIDv7-shaped strings (primary-key
 * inserts append instead of splitting pages).
 */
import type { Db } from '../../server/db/open';
import type { IndicatorKey } from '../../shared/indicators';
import type { TimeOfDay } from '../../shared/schemas';
import { addWeeks, mondayOf, weekRange, type IsoWeek } from '../../shared/weeks';
import { prng } from '../../server/demo/prng';
import { aggregateTriggers, rebuildAggregates } from '../../server/db/aggregates';

export interface SyntheticOptions {
  /** Last week of the history (inclusive). */
  endWeek: IsoWeek;
  /** Number of weeks; 522 ≈ 10 years. */
  weeks?: number;
  functions?: number;
  organisations?: number;
  areas?: number;
  placesPerArea?: number;
  /** Roughly how many observations in total. */
  targetObservations?: number;
  seed?: number;
  /** Rows per transaction. */
  chunkRows?: number;
}

export interface SyntheticResult {
  weeks: IsoWeek[];
  organisations: number;
  functions: number;
  areas: number;
  places: number;
  reports: number;
  calmReports: number;
  observations: number;
  /** Time to insert rows and to rebuild the indexes. */
  insertMs: number;
  indexMs: number;
  areaIds: string[];
}


const INDICATOR_WEIGHTS: [IndicatorKey, number][] = [
  ['vandalism', 26], ['youth_gathering', 18], ['disorder', 16], ['unsafe_place', 12],
  ['fire', 8], ['event', 8], ['staff_incident', 6], ['other', 6],
];
const TIMES: [TimeOfDay, number][] = [['evening', 45], ['night', 30], ['day', 20], ['unknown', 5]];
const NOTES = [
  'Klotter på gaveln.', 'Krossad ruta i porten.', 'Nedskräpning vid soptunnorna.', 'Brand i papperskorg, släckt.',
  'Mopeder kör på gångvägen.', 'Belysningen trasig.', 'Buskarna har vuxit igen.', 'Samling sent, hög musik.',
  'Grannskapsfest på gården lördag.', 'Rykten i sociala medier om bråk.',
];

/** Deterministic, time-ordered UUIDv7-shaped ids: 48-bit ms prefix + sequence. */
function idMaker() {
  let seq = 0;
  return (ms: number): string => {
    const t = ms.toString(16).padStart(12, '0');
    const c = (seq++).toString(16).padStart(18, '0');
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${c.slice(0, 3)}-8${c.slice(3, 6)}-${c.slice(6, 18)}`;
  };
}

export function generateSynthetic(db: Db, opts: SyntheticOptions): SyntheticResult {
  const nWeeks = opts.weeks ?? 522;
  const nFunctions = opts.functions ?? 500;
  const nOrgs = opts.organisations ?? 20;
  const nAreas = opts.areas ?? 60;
  const placesPerArea = opts.placesPerArea ?? 8;
  const target = opts.targetObservations ?? 800_000;
  const chunkRows = opts.chunkRows ?? 200_000;
  const rnd = prng(opts.seed ?? 20261126);
  const weeks = weekRange(addWeeks(opts.endWeek, -(nWeeks - 1)), opts.endWeek);
  const weekMs = weeks.map((w) => Date.parse(`${mondayOf(w)}T00:00:00Z`));
  const id = idMaker();
  const t0 = performance.now();

  // --- reference data -----------------------------------------------------
  const origin = weekMs[0]! - 86_400_000;
  const createdAt = new Date(origin).toISOString();
  const orgIds: string[] = [];
  const areaIds: string[] = [];
  const placeIds: string[][] = [];
  const areaWeight: number[] = [];
  const functionsOut: { id: string; areas: number[]; rate: number; sinkFrom: number; sinkTo: number }[] = [];
  db.transaction(() => {
    const insOrg = db.prepare('INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)');
    const insArea = db.prepare('INSERT INTO areas (id, name, created_at) VALUES (?, ?, ?)');
    const insPlace = db.prepare('INSERT INTO places (id, area_id, name, created_at) VALUES (?, ?, ?, ?)');
    const insFn = db.prepare('INSERT INTO functions (id, organisation_id, name, created_at) VALUES (?, ?, ?, ?)');
    const insFa = db.prepare('INSERT INTO function_areas (function_id, area_id) VALUES (?, ?)');
    for (let o = 0; o < nOrgs; o++) {
      const oid = id(origin);
      orgIds.push(oid);
      insOrg.run(oid, `Organisation ${String(o + 1).padStart(2, '0')}`, createdAt);
    }
    for (let a = 0; a < nAreas; a++) {
      const aid = id(origin);
      areaIds.push(aid);
      areaWeight.push(0.4 + rnd.next() * 1.6);
      insArea.run(aid, `Område ${String(a + 1).padStart(3, '0')}`, createdAt);
      const places: string[] = [];
      for (let p = 0; p < placesPerArea; p++) {
        const pid = id(origin);
        places.push(pid);
        insPlace.run(pid, aid, `Plats ${a + 1}.${p + 1}`, createdAt);
      }
      placeIds.push(places);
    }
    for (let f = 0; f < nFunctions; f++) {
      const fid = id(origin);
      const first = rnd.int(nAreas);
      const count = 2 + rnd.int(3);
      const areas = Array.from({ length: count }, (_, i) => (first + i) % nAreas);
      insFn.run(fid, orgIds[f % nOrgs], `Funktion ${String(f + 1).padStart(3, '0')}`, createdAt);
      for (const a of areas) insFa.run(fid, areaIds[a]);
      // Engagement: mostly steady, some with a sinking period (docs/domain.md: engagement drops).
      const sinkFrom = rnd.next() < 0.2 ? rnd.int(nWeeks) : nWeeks;
      functionsOut.push({ id: fid, areas, rate: 0.7 + rnd.next() * 0.28, sinkFrom, sinkTo: sinkFrom + 4 + rnd.int(20) });
    }
  })();

  // Mean observations per non-calm report, so the total lands near the target.
  const CALM = 0.3;
  let expectedReports = 0;
  for (const f of functionsOut) {
    const sinkWeeks = Math.max(0, Math.min(nWeeks, f.sinkTo) - f.sinkFrom);
    expectedReports += f.rate * (nWeeks - sinkWeeks) + f.rate * 0.3 * sinkWeeks;
  }
  const mean = Math.max(1, target / (expectedReports * (1 - CALM)));
  const spread = 2 * (mean - 1) + 1; // 1 + uniform integer in [0, 2(mean−1)]

  // --- history ---------------------------------------------------------------
  const indexSql = db
    .prepare<[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('reports', 'observations') AND sql IS NOT NULL`,
    )
    .all();
  db.pragma('foreign_keys = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144'); // 256 MiB while loading
  for (const ix of indexSql) db.exec(`DROP INDEX ${ix.name}`);
  // The counted tables' triggers cost several upserts per row; a bulk load drops them
  // and rebuilds the tables from the rows once at the end (the same GROUP BY).
  const triggers = aggregateTriggers(db);
  for (const tr of triggers) db.exec(`DROP TRIGGER ${tr.name}`);

  const insReport = db.prepare(
    `INSERT INTO reports (id, function_id, device_id, week, calm, created_at, received_at, content_hash)
     VALUES (?, ?, NULL, ?, ?, ?, ?, 'synthetic')`,
  );
  const insObs = db.prepare(
    `INSERT INTO observations (id, report_id, position, week, category, area_id, place_id, time_of_day,
       occurred_on, persists, note, lat, lon)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
  );
  let reports = 0;
  let calmReports = 0;
  let observations = 0;
  let inChunk = 0;
  db.exec('BEGIN');
  try {
    for (let w = 0; w < nWeeks; w++) {
      const week = weeks[w]!;
      const ms = weekMs[w]!;
      const ts = new Date(ms + 2 * 86_400_000 + 9 * 3_600_000).toISOString();
      for (const f of functionsOut) {
        const rate = w >= f.sinkFrom && w < f.sinkTo ? f.rate * 0.3 : f.rate;
        if (rnd.next() >= rate) continue;
        const calm = rnd.next() < CALM;
        const rid = id(ms);
        insReport.run(rid, f.id, week, calm ? 1 : 0, ts, ts);
        reports++;
        inChunk++;
        if (calm) {
          calmReports++;
          continue;
        }
        const n = 1 + rnd.int(spread);
        for (let i = 0; i < n; i++) {
          let area = f.areas[rnd.int(f.areas.length)]!;
          if (rnd.next() * 2 > areaWeight[area]!) area = f.areas[0]!; // busier areas get more
          const places = placeIds[area]!;
          const r = rnd.next();
          // Place 0 of each area is a hotspot that recurs; 25% have no place.
          const place = r < 0.35 ? places[0]! : r < 0.75 ? places[rnd.int(places.length)]! : null;
          const occurredOn = rnd.next() < 0.5 ? new Date(ms + rnd.int(7) * 86_400_000).toISOString().slice(0, 10) : null;
          insObs.run(
            id(ms),
            rid,
            i,
            week,
            rnd.weighted(INDICATOR_WEIGHTS),
            areaIds[area],
            place,
            rnd.weighted(TIMES),
            occurredOn,
            rnd.next() < 0.3 ? 1 : 0,
            rnd.next() < 0.6 ? rnd.pick(NOTES) : null,
          );
          observations++;
          inChunk++;
        }
        if (inChunk >= chunkRows) {
          db.exec('COMMIT; BEGIN');
          inChunk = 0;
        }
      }
    }
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  const t1 = performance.now();
  for (const ix of indexSql) db.exec(ix.sql);
  for (const tr of triggers) db.exec(tr.sql);
  rebuildAggregates(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -2000');
  const t2 = performance.now();

  return {
    weeks,
    organisations: nOrgs,
    functions: nFunctions,
    areas: nAreas,
    places: nAreas * placesPerArea,
    reports,
    calmReports,
    observations,
    insertMs: t1 - t0,
    indexMs: t2 - t1,
    areaIds,
  };
}

/**
 * The observations' indexes the plain path's counts were written against: by week × area
 * × indicator (covering its GROUP BYs), by area and by place. Migrations 0015 and 0016
 * dropped them from the schema (the counted tables answer those questions, and each index
 * cost every observation an entry away from this week's end); the weekview and followup
 * benches put them back so their baseline is plain SQL at its best, not plain SQL without
 * its indexes. The fast path reads observations only by week, which these do not speed up.
 */
export function addPlainPathIndexes(db: Db): void {
  db.exec(`
    CREATE INDEX IF NOT EXISTS bench_observations_week_area ON observations(week, area_id, category);
    CREATE INDEX IF NOT EXISTS bench_observations_area_week ON observations(area_id, week);
    CREATE INDEX IF NOT EXISTS bench_observations_place_week ON observations(place_id, week) WHERE place_id IS NOT NULL;
  `);
}
