import type { Db } from '../db/open';
import { functionNames, organisationNames, areaNames, placeLabels } from '../admin/store';
import { staffEmails } from '../auth/store';
import { devicesByIds, inviteFunctionIds } from '../informant/store';
import { auditRows, insertAuditRow } from './store';

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
  insertAuditRow(db, {
    at: (entry.at ?? new Date()).toISOString(),
    actor_type: entry.actor.type,
    actor_id: entry.actor.id ?? null,
    action: entry.action,
    target: entry.target ?? null,
    detail: scrubDetail(entry.detail),
  });
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
  const rows = auditRows(db, {
    before: opts.before ?? Number.MAX_SAFE_INTEGER,
    what: opts.what || null,
    who: opts.who || null,
    from: opts.from || null,
    to: opts.to || null,
    limit: opts.limit + 1,
  });
  const page = rows.slice(0, opts.limit);
  const names = entityNames(db, [
    ...page.flatMap((r) => (r.actor_id !== null && (r.actor_type === 'staff' || r.actor_type === 'device') ? [`${r.actor_type}:${r.actor_id}`] : [])),
    ...page.flatMap((r) => (r.target !== null ? [r.target] : [])),
  ]);
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at,
      actorType: r.actor_type as ActorType,
      actorId: r.actor_id,
      actorLabel: r.actor_id !== null && (r.actor_type === 'staff' || r.actor_type === 'device') ? (names.get(`${r.actor_type}:${r.actor_id}`) ?? null) : null,
      action: r.action,
      target: r.target,
      targetLabel: r.target !== null ? (names.get(r.target) ?? null) : null,
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    })),
    next: rows.length > opts.limit ? page[page.length - 1]!.id : null,
  };
}

/**
 * The names of `kind:id` references as they are now, asked of each owning feature's store
 * once per kind: staff by e-mail, an invite by its function, a device by its label and
 * function ("Telefon bil 3 (Fältassistenter)", the function alone while it has no label),
 * a place with its area, a picture by its week/version. Something removed has none.
 */
function entityNames(db: Db, refs: string[]): Map<string, string> {
  const ids = new Map<string, Set<string>>();
  for (const ref of refs) {
    const colon = ref.indexOf(':');
    if (colon <= 0) continue;
    const kind = ref.slice(0, colon);
    if (!ids.has(kind)) ids.set(kind, new Set());
    ids.get(kind)!.add(ref.slice(colon + 1));
  }
  const of = (kind: string) => [...(ids.get(kind) ?? [])];
  const names = new Map<string, string>();
  const put = (kind: string, found: Map<string, string>) => found.forEach((name, id) => names.set(`${kind}:${id}`, name));
  // A page names few kinds: a store is asked only for the kinds on it.
  const ask = <T>(lookup: (db: Db, ids: readonly string[]) => Map<string, T>, ids: string[]) => (ids.length === 0 ? new Map<string, T>() : lookup(db, ids));
  put('staff', ask(staffEmails, of('staff')));
  put('organisation', ask(organisationNames, of('organisation')));
  put('area', ask(areaNames, of('area')));
  put('place', ask(placeLabels, of('place')));
  const devices = ask(devicesByIds, of('device'));
  const invites = ask(inviteFunctionIds, of('invite'));
  const fnNames = ask(functionNames, [...new Set([...of('function'), ...[...devices.values()].map((d) => d.functionId), ...invites.values()])]);
  put('function', new Map(of('function').flatMap((id) => (fnNames.has(id) ? [[id, fnNames.get(id)!]] : []))));
  put('invite', new Map([...invites].flatMap(([id, f]) => (fnNames.has(f) ? [[id, fnNames.get(f)!]] : []))));
  put(
    'device',
    new Map(
      [...devices].flatMap(([id, d]) => {
        const fn = fnNames.get(d.functionId);
        return fn === undefined ? [] : [[id, d.label === null ? fn : `${d.label} (${fn})`]];
      }),
    ),
  );
  for (const week of of('picture')) names.set(`picture:${week}`, week);
  return names;
}
