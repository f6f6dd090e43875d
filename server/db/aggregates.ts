/**
 * The counted tables (migrations 0012, 0014, 0015) (docs/architecture.md "Week aggregates"),
 * rebuilt from their source rows. In normal operation triggers keep them in every writing
 * transaction and this is never needed; it is for a bulk load that drops the triggers to
 * load fast (tests/support/synthetic.ts) and for an operator repairing a copy. Each
 * statement is the GROUP BY the invariant names, the same as the migrations' backfill;
 * tests/api/week-aggregates.test.ts and followup-aggregates.test.ts compare the result
 * with the plain path.
 */
import type { Db } from './open';

const REBUILD: readonly { table: string; fill: string }[] = [
  {
    table: 'week_area_counts',
    fill: `INSERT INTO week_area_counts (week, area_id, category, count, day, evening, night, unknown, persisting)
             SELECT week, area_id, category, count(*), sum(time_of_day = 'day'), sum(time_of_day = 'evening'),
                    sum(time_of_day = 'night'), sum(time_of_day = 'unknown'), sum(persists <> 0)
               FROM observations GROUP BY week, area_id, category`,
  },
  {
    table: 'week_place_counts',
    fill: `INSERT INTO week_place_counts (week, place_id, category, count)
             SELECT week, place_id, category, count(*)
               FROM observations WHERE place_id IS NOT NULL GROUP BY week, place_id, category`,
  },
  {
    table: 'week_function_reports',
    fill: `INSERT INTO week_function_reports (week, function_id, reports, calm)
             SELECT week, function_id, count(*), sum(calm <> 0) FROM reports GROUP BY week, function_id`,
  },
  {
    table: 'year_area_counts',
    fill: `INSERT INTO year_area_counts (year, area_id, category, count)
             SELECT substr(week, 1, 4), area_id, category, count(*) FROM observations GROUP BY 1, 2, 3`,
  },
  {
    table: 'week_reports',
    fill: `INSERT INTO week_reports (week, reports, calm) SELECT week, count(*), sum(calm <> 0) FROM reports GROUP BY week`,
  },
];

/** Empties and refills every counted table in one transaction. */
export function rebuildAggregates(db: Db): void {
  db.transaction(() => {
    for (const { table, fill } of REBUILD) {
      db.exec(`DELETE FROM ${table}`);
      db.exec(fill);
    }
  })();
}

/**
 * The triggers that keep the counted tables (on observations and reports), as their
 * schema SQL, so a bulk load can drop them and put back exactly what was there.
 */
export function aggregateTriggers(db: Db): { name: string; sql: string }[] {
  return db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('observations', 'reports') ORDER BY name`)
    .all() as { name: string; sql: string }[];
}
