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
  /** The target's name now (e-mail, area, function …); null when it has been removed. */
  targetLabel: string | null;
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

export interface AuditFilter {
  /** Exact action (`invite.withdraw`) or a group (`invite`). */
  what?: string;
  /** A staff account id, or an actor type (`system`, `device`, `anonymous`). */
  who?: string;
  /** Dates (YYYY-MM-DD, inclusive) in UTC. */
  from?: string;
  to?: string;
}

/**
 * Newest first; `before` is the id of the last entry of the previous page. Names are
 * joined at read time – the actor's e-mail or function, the target's name – so the log
 * keeps only ids; a target removed since has no name (`targetLabel` null, `targetGone`).
 */
export function listAudit(db: Db, opts: { before?: number; limit: number } & AuditFilter): { entries: AuditRow[]; next: number | null } {
  const where = ['l.id < @before'];
  if (opts.what) where.push(opts.what.includes('.') ? 'l.action = @what' : "l.action LIKE @what || '.%'");
  if (opts.who) where.push(/^(system|device|anonymous)$/.test(opts.who) ? 'l.actor_type = @who' : "l.actor_type = 'staff' AND l.actor_id = @who");
  if (opts.from) where.push('l.at >= @from');
  if (opts.to) where.push("l.at < date(@to, '+1 day')");
  const rows = db
    .prepare<Record<string, unknown>, {
      id: number; at: string; actor_type: ActorType; actor_id: string | null; action: string; target: string | null; detail: string | null; label: string | null; target_label: string | null;
    }>(
      `SELECT l.id, l.at, l.actor_type, l.actor_id, l.action, l.target, l.detail,
              CASE l.actor_type
                WHEN 'staff' THEN (SELECT s.email FROM staff s WHERE s.id = l.actor_id)
                WHEN 'device' THEN (SELECT f.name FROM devices d JOIN functions f ON f.id = d.function_id WHERE d.id = l.actor_id)
              END AS label,
              CASE substr(l.target, 1, instr(l.target, ':') - 1)
                WHEN 'staff' THEN (SELECT s.email FROM staff s WHERE s.id = substr(l.target, 7))
                WHEN 'organisation' THEN (SELECT o.name FROM organisations o WHERE o.id = substr(l.target, 14))
                WHEN 'area' THEN (SELECT a.name FROM areas a WHERE a.id = substr(l.target, 6))
                WHEN 'place' THEN (SELECT p.name || ' (' || a.name || ')' FROM places p JOIN areas a ON a.id = p.area_id WHERE p.id = substr(l.target, 7))
                WHEN 'function' THEN (SELECT f.name FROM functions f WHERE f.id = substr(l.target, 10))
                WHEN 'invite' THEN (SELECT f.name FROM invites i JOIN functions f ON f.id = i.function_id WHERE i.id = substr(l.target, 8))
                WHEN 'device' THEN (SELECT f.name FROM devices d JOIN functions f ON f.id = d.function_id WHERE d.id = substr(l.target, 8))
                WHEN 'picture' THEN substr(l.target, 9)
              END AS target_label
         FROM audit_log l
        WHERE ${where.join(' AND ')}
        ORDER BY l.id DESC LIMIT @limit`,
    )
    .all({
      before: opts.before ?? Number.MAX_SAFE_INTEGER,
      what: opts.what ?? null,
      who: opts.who ?? null,
      from: opts.from ?? null,
      to: opts.to ?? null,
      limit: opts.limit + 1,
    });
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
      targetLabel: r.target_label,
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    })),
    next: rows.length > opts.limit ? page[page.length - 1]!.id : null,
  };
}
