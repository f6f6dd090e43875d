import type { Db } from '../db/open';

/**
 * The audit log: who did what to what, and when. Every security-relevant and
 * every publishing action calls `audit()`. It must never hold report notes,
 * passwords, tokens or codes: `detail` is a small JSON object, and keys that
 * could carry such values are dropped before it is written (a guard, not an
 * invitation – callers pass only ids, names, roles, counts and reasons).
 */
export type ActorType = 'staff' | 'device' | 'system' | 'anonymous';

export interface AuditEntry {
  actor: { type: ActorType; id?: string | null };
  /** Dotted verb, e.g. `auth.login`, `invite.create`, `device.revoke`, `picture.publish`. */
  action: string;
  /** What it was done to, e.g. `staff:<id>`, `function:<id>`, `invite:<id>`. */
  target?: string | null;
  detail?: Record<string, string | number | boolean | null | string[]>;
  /** Defaults to the wall clock; routes pass their injected `now`. */
  at?: Date;
}

export interface AuditRow {
  id: number;
  at: string;
  actorType: ActorType;
  actorId: string | null;
  /** The staff e-mail or the device's function name, when known. */
  actorLabel: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
}

/** Keys that are never stored, whatever a caller passes. */
const FORBIDDEN_KEYS = /pass|note|token|secret|code|cookie|session/i;
const MAX_DETAIL_CHARS = 2000;

export function scrubDetail(detail: AuditEntry['detail']): string | null {
  if (!detail) return null;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (FORBIDDEN_KEYS.test(key)) continue;
    kept[key] = typeof value === 'string' && value.length > 200 ? `${value.slice(0, 200)}…` : value;
  }
  const json = JSON.stringify(kept);
  return json === '{}' ? null : json.length > MAX_DETAIL_CHARS ? JSON.stringify({ truncated: true }) : json;
}

/** Appends one entry. Cheap (one INSERT); call it inside the transaction of the change it records. */
export function audit(db: Db, entry: AuditEntry): void {
  db.prepare('INSERT INTO audit_log (at, actor_type, actor_id, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)').run(
    (entry.at ?? new Date()).toISOString(),
    entry.actor.type,
    entry.actor.id ?? null,
    entry.action,
    entry.target ?? null,
    scrubDetail(entry.detail),
  );
}

/** Newest first; `before` is the id of the last entry of the previous page. */
export function listAudit(db: Db, opts: { before?: number; limit: number; action?: string }): { entries: AuditRow[]; next: number | null } {
  const rows = db
    .prepare<[number, string | null, string | null, number], {
      id: number; at: string; actor_type: ActorType; actor_id: string | null; action: string; target: string | null; detail: string | null; label: string | null;
    }>(
      `SELECT l.id, l.at, l.actor_type, l.actor_id, l.action, l.target, l.detail,
              CASE l.actor_type
                WHEN 'staff' THEN (SELECT s.email FROM staff s WHERE s.id = l.actor_id)
                WHEN 'device' THEN (SELECT f.name FROM devices d JOIN functions f ON f.id = d.function_id WHERE d.id = l.actor_id)
              END AS label
         FROM audit_log l
        WHERE l.id < ? AND (? IS NULL OR l.action = ? )
        ORDER BY l.id DESC LIMIT ?`,
    )
    .all(opts.before ?? Number.MAX_SAFE_INTEGER, opts.action ?? null, opts.action ?? null, opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at,
      actorType: r.actor_type,
      actorId: r.actor_id,
      actorLabel: r.label,
      action: r.action,
      target: r.target,
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    })),
    next: rows.length > opts.limit ? page[page.length - 1]!.id : null,
  };
}
