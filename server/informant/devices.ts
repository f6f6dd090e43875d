import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import { hashSecret, newSecret } from '../auth/tokens';

export interface DeviceIdentity {
  deviceId: string;
  functionId: string;
}

export type DeviceLookup = { ok: true; device: DeviceIdentity } | { ok: false; revoked: boolean };

export type EnrolOutcome =
  | { ok: true; token: string; functionId: string; name: string; deviceId: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'full' };

const SEEN_THROTTLE_MS = 60_000;

/** Creates an invite and returns its code – the only time the code exists in clear. */
export function createInvite(
  db: Db,
  functionId: string,
  opts: { now: Date; validDays?: number; maxDevices?: number; demo?: boolean },
): { id: string; code: string; expiresAt: string } {
  const code = newSecret(18);
  const id = randomUUID();
  const expiresAt = new Date(opts.now.getTime() + (opts.validDays ?? 14) * 86_400_000).toISOString();
  db.prepare(
    'INSERT INTO invites (id, function_id, code_hash, expires_at, max_devices, demo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(id, functionId, hashSecret(code), expiresAt, opts.maxDevices ?? 5, opts.demo ? 1 : 0, opts.now.toISOString());
  return { id, code, expiresAt };
}

/** Exchanges an invite code for a device token, within the invite's expiry and device limit. */
export function enrolDevice(db: Db, code: string, now: Date): EnrolOutcome {
  return db.transaction((): EnrolOutcome => {
    const invite = db
      .prepare<[string], { id: string; function_id: string; expires_at: string; max_devices: number; revoked_at: string | null; name: string }>(
        `SELECT i.id, i.function_id, i.expires_at, i.max_devices, i.revoked_at, f.name
           FROM invites i JOIN functions f ON f.id = i.function_id WHERE i.code_hash = ?`,
      )
      .get(hashSecret(code));
    if (!invite) return { ok: false, reason: 'unknown' };
    if (invite.revoked_at) return { ok: false, reason: 'revoked' };
    if (invite.expires_at <= now.toISOString()) return { ok: false, reason: 'expired' };
    const used = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM devices WHERE invite_id = ?').get(invite.id)!.n;
    if (used >= invite.max_devices) return { ok: false, reason: 'full' };
    const token = newSecret(32);
    const deviceId = randomUUID();
    db.prepare(
      'INSERT INTO devices (id, function_id, invite_id, token_hash, enrolled_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(deviceId, invite.function_id, invite.id, hashSecret(token), now.toISOString(), now.toISOString());
    return { ok: true, token, functionId: invite.function_id, name: invite.name, deviceId };
  }).immediate();
}

type TokenRow = { id: string; function_id: string; revoked_at: string | null; last_seen_at: string | null };
const tokenStatements = prepared((db) => ({
  find: db.prepare<[string], TokenRow>('SELECT id, function_id, revoked_at, last_seen_at FROM devices WHERE token_hash = ?'),
  seen: db.prepare<[string, string]>('UPDATE devices SET last_seen_at = ? WHERE id = ?'),
}));

/**
 * Resolves a bearer token (every informant request: statements prepared once per
 * database); marks the device seen at most once a minute (saves a write per request).
 */
export function deviceForToken(db: Db, token: string, now: Date): DeviceLookup {
  const st = tokenStatements(db);
  const row = st.find.get(hashSecret(token));
  if (!row) return { ok: false, revoked: false };
  if (row.revoked_at) return { ok: false, revoked: true };
  if (!row.last_seen_at || now.getTime() - Date.parse(row.last_seen_at) > SEEN_THROTTLE_MS) {
    st.seen.run(now.toISOString(), row.id);
  }
  return { ok: true, device: { deviceId: row.id, functionId: row.function_id } };
}

export function revokeDevice(db: Db, deviceId: string, now: Date): boolean {
  return db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now.toISOString(), deviceId).changes === 1;
}
