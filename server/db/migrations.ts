import type Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Versioned migrations: `migrations/NNNN-<name>.sql`, applied in order at start, each in
 * its own transaction. `user_version` records how far a database has come. Never edit a
 * released file (tests/unit/migrations.test.ts freezes their hashes): add the next number.
 *
 * The files are read at run time from the directory next to this module. A compiled
 * (bundled) server must ship them: copy `server/db/migrations/` to `migrations/` next to
 * the bundle (e.g. `dist/server/migrations/`), or pass `migrationsDir` to openDatabase.
 */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  file: string;
  sql: string;
}

const FILE_NAME = /^(\d{4})-([a-z0-9][a-z0-9-]*)\.sql$/;
const loaded = new Map<string, readonly Migration[]>();

/** The migrations in `dir`, checked to be numbered 1, 2, 3, … without gaps or doubles. */
export function loadMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): readonly Migration[] {
  const cached = loaded.get(dir);
  if (cached) return cached;
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  } catch (e) {
    throw new Error(`the database migrations are missing: cannot read ${dir} (${(e as Error).message})`);
  }
  const migrations = names
    .map((file) => {
      const m = FILE_NAME.exec(file);
      if (!m) throw new Error(`migration file ${file} in ${dir} is not named NNNN-name.sql`);
      return { version: Number(m[1]), name: m[2]!, file, sql: readFileSync(join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations in ${dir} must be numbered 1, 2, 3, … without gaps: expected ${i + 1}, found ${m.file}`);
  });
  if (migrations.length === 0) throw new Error(`no migration files in ${dir}`);
  loaded.set(dir, migrations);
  return migrations;
}

/** Brings the schema up to date; refuses a database written by a newer program. */
export function migrate(db: Database.Database, dir: string = DEFAULT_MIGRATIONS_DIR): void {
  const migrations = loadMigrations(dir);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `database schema version ${current} is newer than this program (${migrations.length}); refusing to start`,
    );
  }
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

/** The schema version this program brings a database to. */
export function latestSchemaVersion(dir: string = DEFAULT_MIGRATIONS_DIR): number {
  return loadMigrations(dir).length;
}
