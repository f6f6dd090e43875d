import type { Db } from './open';

export type QueryPlan = { name: string; plan: string[] };

/** `EXPLAIN QUERY PLAN` of named statements with sample parameters: the bench prints them to show index use. */
export function explainPlans(db: Db, statements: readonly (readonly [name: string, sql: string, params: readonly unknown[]])[]): QueryPlan[] {
  return statements.map(([name, sql, params]) => ({
    name,
    plan: db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((r) => (r as { detail: string }).detail),
  }));
}
