/**
 * All SQL of the informant feature: invites and enrolled devices (migration
 * 0001-core.sql). Plain functions of the database handle; statements are prepared
 * once per database (every informant request resolves its token here).
 * Functions, areas and places belong to admin/store.ts, reports to reports/store.ts.
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';

export interface InviteRow {
  id: string;
  function_id: string;
  expires_at: string;
  max_devices: number;
  revoked_at: string | null;
}

export interface InviteListRow {
  id: string;
  created_at: string;
  expires_at: string;
  max_devices: number;
  revoked_at: string | null;
  devices: number;
}

export interface DeviceRow {
  id: string;
  /** The admin's name for it; never sent to the phone. */
  label: string | null;
  enrolled_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
}

export interface TokenRow {
  id: string;
  function_id: string;
  revoked_at: string | null;
  last_seen_at: string | null;
}

const sql = prepared((db: Db) => ({
  insertInvite: db.prepare<[string, string, string, string, number, number, string]>(
    'INSERT INTO invites (id, function_id, code_hash, expires_at, max_devices, demo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
  inviteByCode: db.prepare<[string], InviteRow>('SELECT id, function_id, expires_at, max_devices, revoked_at FROM invites WHERE code_hash = ?'),
  inviteFunction: db.prepare<[string], { function_id: string }>('SELECT function_id FROM invites WHERE id = ?'),
  inviteFunctions: db.prepare<[string], { id: string; function_id: string }>(
    'SELECT id, function_id FROM invites WHERE id IN (SELECT value FROM json_each(?))',
  ),
  invitesOf: db.prepare<[string], InviteListRow>(
    `SELECT i.id, i.created_at, i.expires_at, i.max_devices, i.revoked_at,
            (SELECT count(*) FROM devices d WHERE d.invite_id = i.id) AS devices
       FROM invites i WHERE i.function_id = ? AND i.demo = 0 ORDER BY i.created_at DESC`,
  ),
  withdrawInvite: db.prepare<[string, string]>('UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
  devicesOfInvite: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM devices WHERE invite_id = ?'),
  insertDevice: db.prepare<[string, string, string, string, string, string]>(
    'INSERT INTO devices (id, function_id, invite_id, token_hash, enrolled_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)',
  ),
  deviceByToken: db.prepare<[string], TokenRow>('SELECT id, function_id, revoked_at, last_seen_at FROM devices WHERE token_hash = ?'),
  seen: db.prepare<[string, string]>('UPDATE devices SET last_seen_at = ? WHERE id = ?'),
  revoke: db.prepare<[string, string]>('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
  deviceFunction: db.prepare<[string], { function_id: string }>('SELECT function_id FROM devices WHERE id = ?'),
  devicesByIds: db.prepare<[string], { id: string; function_id: string; label: string | null }>(
    'SELECT id, function_id, label FROM devices WHERE id IN (SELECT value FROM json_each(?))',
  ),
  devicesOf: db.prepare<[string], DeviceRow>(
    'SELECT id, label, enrolled_at, last_seen_at, revoked_at FROM devices WHERE function_id = ? ORDER BY enrolled_at DESC',
  ),
  setLabel: db.prepare<[string | null, string]>('UPDATE devices SET label = ? WHERE id = ?'),
  activeDevices: db.prepare<[], { id: string; function_id: string }>('SELECT id, function_id FROM devices WHERE revoked_at IS NULL'),
  revokedDeviceIds: db.prepare<[], string>('SELECT id FROM devices WHERE revoked_at IS NOT NULL').pluck(),
}));

// ---- invites ----------------------------------------------------------------
export function insertInvite(
  db: Db,
  invite: { id: string; functionId: string; codeHash: string; expiresAt: string; maxDevices: number; demo: boolean; createdAt: string },
): void {
  sql(db).insertInvite.run(invite.id, invite.functionId, invite.codeHash, invite.expiresAt, invite.maxDevices, invite.demo ? 1 : 0, invite.createdAt);
}

export function inviteByCodeHash(db: Db, codeHash: string): InviteRow | undefined {
  return sql(db).inviteByCode.get(codeHash);
}

/** The function an invite belongs to, if the invite exists. */
export function inviteFunctionId(db: Db, inviteId: string): string | undefined {
  return sql(db).inviteFunction.get(inviteId)?.function_id;
}

/** invite id → its function id, for the ids that exist (one query). */
export function inviteFunctionIds(db: Db, inviteIds: readonly string[]): Map<string, string> {
  return new Map(sql(db).inviteFunctions.all(JSON.stringify(inviteIds)).map((r) => [r.id, r.function_id]));
}

/** A function's invites (not the demo's), newest first, with how many devices each enrolled. */
export function invitesOfFunction(db: Db, functionId: string): InviteListRow[] {
  return sql(db).invitesOf.all(functionId);
}

export function markInviteWithdrawn(db: Db, inviteId: string, at: string): void {
  sql(db).withdrawInvite.run(at, inviteId);
}

export function devicesEnrolledWith(db: Db, inviteId: string): number {
  return sql(db).devicesOfInvite.get(inviteId)!.n;
}

// ---- devices ----------------------------------------------------------------
export function insertDevice(
  db: Db,
  device: { id: string; functionId: string; inviteId: string; tokenHash: string; enrolledAt: string },
): void {
  sql(db).insertDevice.run(device.id, device.functionId, device.inviteId, device.tokenHash, device.enrolledAt, device.enrolledAt);
}

export function deviceByTokenHash(db: Db, tokenHash: string): TokenRow | undefined {
  return sql(db).deviceByToken.get(tokenHash);
}

export function markDeviceSeen(db: Db, deviceId: string, at: string): void {
  sql(db).seen.run(at, deviceId);
}

/** True when the device was active and is revoked now. */
export function markDeviceRevoked(db: Db, deviceId: string, at: string): boolean {
  return sql(db).revoke.run(at, deviceId).changes === 1;
}

/** The function a device belongs to, if the device exists. */
export function deviceFunctionId(db: Db, deviceId: string): string | undefined {
  return sql(db).deviceFunction.get(deviceId)?.function_id;
}

/** device id → its function and label, for the ids that exist (one query). */
export function devicesByIds(db: Db, deviceIds: readonly string[]): Map<string, { functionId: string; label: string | null }> {
  return new Map(sql(db).devicesByIds.all(JSON.stringify(deviceIds)).map((r) => [r.id, { functionId: r.function_id, label: r.label }]));
}

/** Names the device (null clears the name); the label is checked by the caller. */
export function setDeviceLabel(db: Db, deviceId: string, label: string | null): void {
  sql(db).setLabel.run(label, deviceId);
}

/** A function's devices, newest enrolment first, revoked ones included. */
export function devicesOfFunction(db: Db, functionId: string): DeviceRow[] {
  return sql(db).devicesOf.all(functionId);
}

/** Every device not revoked → its function (reminder targets, push status, device counts). */
export function activeDeviceFunctions(db: Db): Map<string, string> {
  return new Map(sql(db).activeDevices.all().map((r) => [r.id, r.function_id]));
}

/** Active devices per function; functions without any are absent. */
export function activeDeviceCounts(db: Db): Map<string, number> {
  const counts = new Map<string, number>();
  for (const functionId of activeDeviceFunctions(db).values()) counts.set(functionId, (counts.get(functionId) ?? 0) + 1);
  return counts;
}

export function revokedDeviceIds(db: Db): string[] {
  return sql(db).revokedDeviceIds.all();
}
