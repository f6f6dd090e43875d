/**
 * Released migrations are frozen: a database that applied one never applies it again, so
 * an edit would leave old and new databases with different schemas under one version.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_MIGRATIONS_DIR, loadMigrations, migrate } from '../../server/db/migrations';

/** SHA-256 of every released migration file. Append a line when you add a migration; never change one. */
const RELEASED: Record<string, string> = {
  '0001-core.sql': 'd82148b4356515899cbc3cb02acb2151c30566cf61099992c99cb4889d75870b',
  '0002-staff-and-audit.sql': 'e44e51471e89202c3a60891b6d544440d04366e940626730f7e9069a5f08527f',
  '0003-pictures.sql': '3627283422b0519e67ef575b5d2c151a2b2daae003013da8c88d28b8c53751c8',
  '0004-push.sql': '112e243ccc9c4af87fcfb8f6cc9f4ddae04bc60a04e927ebfee2647aff35bfbb',
  '0005-interventions.sql': 'ad21865934061a12d447ca942c6256ff315cdef4a8f7a3c728575628415e3023',
  '0006-period-priorities.sql': '0b221d70476d57477a56b68af79c95353c728caa4901944ffcf6ff2150bfe1ce',
  '0007-jobs.sql': '005d24ef5ec591178413ded7177574611209335de5d852a5bd4881ca0fc760bd',
  '0008-push-deliveries-as-jobs.sql': 'dcef429d1329e4bf68650e8ce4585af0f88ccb4f87ac136c2fc42564de81284a',
  '0009-throttle-secret-and-picture-withdrawals.sql': 'f756322cc5e6a5bf25400e3697595baa5f056222ee01142adca2da2219d07396',
  '0010-figures.sql': '75fde41a960396e9c9508ec0bc58577e43a18ecdaa7f159a85e3b5f7cec7a49f',
  '0011-sendout.sql': 'ee5ff050e872bb2f07198ece6665408086213fe20b5020fc7fdbb7bf3951a38c',
  '0012-week-aggregates.sql': 'cd296149fd6ae2dc479e6b795278c52167d6860ea7076cb3e232f35aba9fe3c8',
  '0013-device-labels.sql': '559d296b55826d65429de29a967fc2f64d6c4e9d7e4f40131fe78806a82307b4',
  '0014-area-week-counts.sql': 'd3823e6e0e89360d0c31c4808b8523053d1eb8a6caa05c988954b8d7addaf7ef',
  '0015-one-week-first-count-shape.sql': '6fba9920f8c8cd90bb3c9ff632eb00b7c8d8dc2fb890714c3cea5de995f31588',
  '0016-observations-by-week.sql': 'ab158acc02da01397914d7a279fec18664d5150b63e15e80b260222fc6c6559c',
};

const sha256 = (file: string) => createHash('sha256').update(readFileSync(join(DEFAULT_MIGRATIONS_DIR, file))).digest('hex');

describe('released migrations', () => {
  const files = readdirSync(DEFAULT_MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();

  it.each(Object.keys(RELEASED))('%s is unchanged', (file) => {
    expect(files, `${file} was released and must stay: add a new migration instead`).toContain(file);
    expect(
      sha256(file),
      `${file} was released and databases have applied it: do not edit it – add a new migration instead (the next number in server/db/migrations/)`,
    ).toBe(RELEASED[file]);
  });

  it('has a frozen hash for every migration file', () => {
    for (const file of files) {
      expect(
        RELEASED[file],
        `new migration ${file}: once it is final, add  '${file}': '${sha256(file)}',  to RELEASED in tests/unit/migrations.test.ts`,
      ).toBeDefined();
    }
  });

  it('are numbered 1, 2, 3, … in file order, and an empty database applies them all', () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.file)).toEqual(files);
    expect(migrations.map((m) => m.version)).toEqual(files.map((_, i) => i + 1));
    const db = new Database(':memory:');
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(files.length);
    db.close();
  });
});

describe('loading migration files', () => {
  function dirWith(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'lagesbild-migrations-'));
    for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
    return dir;
  }

  it('refuses a gap, a double number, a badly named file and a missing directory', () => {
    const dirs = [
      dirWith({ '0001-a.sql': 'CREATE TABLE a (x);', '0003-c.sql': 'CREATE TABLE c (x);' }),
      dirWith({ '0001-a.sql': 'CREATE TABLE a (x);', '0001-b.sql': 'CREATE TABLE b (x);' }),
      dirWith({ '0001-a.sql': 'CREATE TABLE a (x);', '2-b.sql': 'CREATE TABLE b (x);' }),
    ];
    try {
      expect(() => loadMigrations(dirs[0])).toThrow(/without gaps: expected 2, found 0003-c.sql/);
      expect(() => loadMigrations(dirs[1])).toThrow(/without gaps: expected 2, found 0001-b.sql/);
      expect(() => loadMigrations(dirs[2])).toThrow(/2-b.sql .* not named NNNN-name.sql/);
      expect(() => loadMigrations(join(dirs[0]!, 'nowhere'))).toThrow(/migrations are missing/);
    } finally {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  });

  it('applies each file in its own transaction: a failing one leaves the database at the version before it', () => {
    const dir = dirWith({ '0001-a.sql': 'CREATE TABLE a (x);', '0002-b.sql': 'CREATE TABLE b (x); INSERT INTO nowhere VALUES (1);' });
    const db = new Database(':memory:');
    try {
      expect(() => migrate(db, dir)).toThrow(/no such table: nowhere/);
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()).toEqual(['a']);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
