import type { Db } from './open';

/**
 * Statements prepared once per database handle: `const sql = prepared((db) => ({ … }))`
 * at module level, then `sql(db).insert.run(…)`. Preparing is the costly part of a
 * statement; a WeakMap keeps one set per open database and lets a closed one go.
 */
export function prepared<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let statements = cache.get(db);
    if (statements === undefined) {
      statements = build(db);
      cache.set(db, statements);
    }
    return statements;
  };
}
