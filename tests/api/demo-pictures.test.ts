/**
 * The demo municipality: a reader's first log-in finds the past weeks' pictures,
 * published through the publishing action (register numbers, audit log) without
 * queuing a push or an e-mail for weeks long gone.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../server/db/open';
import { DEMO_HISTORY_WEEKS, seedDemo } from '../../server/demo/seed';
import { pictureStore } from '../../server/pictures/store';
import { addWeeks, weekOf } from '../../shared/weeks';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-demo-'));
  db = openDatabase(join(dir, 'test.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

it('publishes each past week on the Thursday after it, as the system, with no jobs', () => {
  const wednesday = new Date('2026-12-02T10:00:00Z'); // week 49: last week's meeting is tomorrow
  expect(seedDemo(db, wednesday, { registerPrefix: 'ALV' })).toBe(true);
  const list = pictureStore(db).list();
  const expected = Array.from({ length: DEMO_HISTORY_WEEKS - 1 }, (_, i) => addWeeks(weekOf(wednesday), -2 - i));
  expect(list.map((p) => p.week)).toEqual(expected);
  expect(list[0]).toMatchObject({ week: '2026-W47', registerNumber: 'ALV-2026-47', version: 1 });
  // The text is the compiled prefill: the week's own figures.
  const w47 = pictureStore(db).published('2026-W47')!;
  expect(w47.content.overallSituation).toMatch(/^Vecka 47: \d+ rapporter/);
  expect(w47.publishedAt).toBe('2026-11-26T08:00:00.000Z'); // 09:00 in Stockholm
  const audit = db.prepare("SELECT actor_type AS actor, count(*) AS n FROM audit_log WHERE action = 'picture.publish' GROUP BY actor_type").all();
  expect(audit).toEqual([{ actor: 'system', n: DEMO_HISTORY_WEEKS - 1 }]);
  expect(db.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(0);

  // On the Thursday itself, last week's picture is there too; a second seed does nothing.
  expect(seedDemo(db, new Date('2026-12-03T10:00:00Z'))).toBe(false);
});

it("includes last week's picture once its meeting has passed", () => {
  seedDemo(db, new Date('2026-12-04T10:00:00Z')); // Friday of week 49
  expect(pictureStore(db).list()).toHaveLength(DEMO_HISTORY_WEEKS);
});
