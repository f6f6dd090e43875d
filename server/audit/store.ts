/**
 * All SQL of the audit log (table audit_log, migration 0002-staff-and-audit.sql). The
 * log keeps only ids; the names it shows are asked of the owning features' stores at
 * read time (log.ts). Statements are prepared once per database.
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';

export interface AuditLogRow {
  id: number;
  at: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target: string | null;
  detail: string | null;
}

export interface AuditQuery {
  before: number;
  limit: number;
  /** Exact action (with a dot) or a group (without). */
  what: string | null;
  /** A staff account id, or an actor type (system, device, anonymous). */
  who: string | null;
  /** Dates (YYYY-MM-DD, inclusive) in UTC. */
  from: string | null;
  to: string | null;
}

const sql = prepared((db: Db) => ({
  insert: db.prepare<[string, string, string | null, string, string | null, string | null]>(
    'INSERT INTO audit_log (at, actor_type, actor_id, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)',
  ),
  // One statement for every combination of filters: an absent filter is NULL.
  page: db.prepare<AuditQuery, AuditLogRow>(
    `SELECT l.id, l.at, l.actor_type, l.actor_id, l.action, l.target, l.detail
       FROM audit_log l
      WHERE l.id < @before
        AND (@what IS NULL OR (CASE WHEN instr(@what, '.') > 0 THEN l.action = @what ELSE l.action LIKE @what || '.%' END))
        AND (@who IS NULL OR (CASE WHEN @who IN ('system', 'device', 'anonymous') THEN l.actor_type = @who
                                   ELSE l.actor_type = 'staff' AND l.actor_id = @who END))
        AND (@from IS NULL OR l.at >= @from)
        AND (@to IS NULL OR l.at < date(@to, '+1 day'))
      ORDER BY l.id DESC LIMIT @limit`,
  ),
}));

export function insertAuditRow(db: Db, row: Omit<AuditLogRow, 'id'>): void {
  sql(db).insert.run(row.at, row.actor_type, row.actor_id, row.action, row.target, row.detail);
}

/** Newest first, below `before`, at most `limit`. */
export function auditRows(db: Db, query: AuditQuery): AuditLogRow[] {
  return sql(db).page.all(query);
}
