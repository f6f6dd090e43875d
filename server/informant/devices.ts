import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import { hashSecret, newSecret } from '../auth/tokens';
import { functionById } from '../admin/store';
import {
  deviceByTokenHash,
  devicesEnrolledWith,
  insertDevice,
  insertInvite,
  inviteByCodeHash,
  markDeviceRevoked,
  markDeviceSeen,
} from './store';

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
  insertInvite(db, {
    id,
    functionId,
    codeHash: hashSecret(code),
    expiresAt,
    maxDevices: opts.maxDevices ?? 5,
    demo: opts.demo ?? false,
    createdAt: opts.now.toISOString(),
  });
  return { id, code, expiresAt };
}

/** Exchanges an invite code for a device token, within the invite's expiry and device limit. */
export function enrolDevice(db: Db, code: string, now: Date): EnrolOutcome {
  return db.transaction((): EnrolOutcome => {
    const invite = inviteByCodeHash(db, hashSecret(code));
    // An invite always has its function (foreign key); the name is the function's.
    const fn = invite && functionById(db, invite.function_id);
    if (!invite || !fn) return { ok: false, reason: 'unknown' };
    if (invite.revoked_at) return { ok: false, reason: 'revoked' };
    if (invite.expires_at <= now.toISOString()) return { ok: false, reason: 'expired' };
    if (devicesEnrolledWith(db, invite.id) >= invite.max_devices) return { ok: false, reason: 'full' };
    const token = newSecret(32);
    const deviceId = randomUUID();
    insertDevice(db, { id: deviceId, functionId: invite.function_id, inviteId: invite.id, tokenHash: hashSecret(token), enrolledAt: now.toISOString() });
    return { ok: true, token, functionId: invite.function_id, name: fn.name, deviceId };
  }).immediate();
}

/**
 * Resolves a bearer token (every informant request: the store's statements are
 * prepared once per database); marks the device seen at most once a minute (saves a write per request).
 */
export function deviceForToken(db: Db, token: string, now: Date): DeviceLookup {
  const row = deviceByTokenHash(db, hashSecret(token));
  if (!row) return { ok: false, revoked: false };
  if (row.revoked_at) return { ok: false, revoked: true };
  if (!row.last_seen_at || now.getTime() - Date.parse(row.last_seen_at) > SEEN_THROTTLE_MS) {
    markDeviceSeen(db, row.id, now.toISOString());
  }
  return { ok: true, device: { deviceId: row.id, functionId: row.function_id } };
}

export function revokeDevice(db: Db, deviceId: string, now: Date): boolean {
  return markDeviceRevoked(db, deviceId, now.toISOString());
}
