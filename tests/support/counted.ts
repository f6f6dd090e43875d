/**
 * The invariant of the counted tables (docs/architecture.md "Week aggregates"), written out
 * independently of server/db/aggregates.ts: each table equals the GROUP BY of its source,
 * with no group of count 0.
 */
import { expect } from 'vitest';
import type { Db } from '../../server/db/open';

export function expectCountedTablesMatchSources(db: Db): void {
  const rows = (sql: string) => db.prepare(sql).all();
  expect(rows('SELECT * FROM week_area_counts ORDER BY 1, 2, 3'), 'week_area_counts').toEqual(
    rows(`SELECT week, area_id, category, count(*) AS count, sum(time_of_day = 'day') AS day, sum(time_of_day = 'evening') AS evening,
                 sum(time_of_day = 'night') AS night, sum(time_of_day = 'unknown') AS unknown, sum(persists <> 0) AS persisting
            FROM observations GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
  );
  expect(rows('SELECT * FROM week_place_counts ORDER BY 1, 2, 3'), 'week_place_counts').toEqual(
    rows(`SELECT week, place_id, category, count(*) AS count FROM observations WHERE place_id IS NOT NULL
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
  );
  expect(rows('SELECT * FROM year_area_counts ORDER BY 1, 2, 3'), 'year_area_counts').toEqual(
    rows('SELECT substr(week, 1, 4) AS year, area_id, category, count(*) AS count FROM observations GROUP BY 1, 2, 3 ORDER BY 1, 2, 3'),
  );
  expect(rows('SELECT * FROM week_function_reports ORDER BY 1, 2'), 'week_function_reports').toEqual(
    rows('SELECT week, function_id, count(*) AS reports, sum(calm <> 0) AS calm FROM reports GROUP BY 1, 2 ORDER BY 1, 2'),
  );
  expect(rows('SELECT * FROM week_reports ORDER BY 1'), 'week_reports').toEqual(
    rows('SELECT week, count(*) AS reports, sum(calm <> 0) AS calm FROM reports GROUP BY 1 ORDER BY 1'),
  );
}
