import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import type { Db } from '../db/open';
import type { AdminDevice, AdminFunction, AdminInvite, CreatedInvite, InviteStatus } from '../../shared/admin';
import { createInvite, revokeDevice } from '../informant/devices';
import { Refusal, constraint, notFound } from './refusal';

/** Informant functions, their invites and their devices. */

export function listFunctions(db: Db): AdminFunction[] {
  const rows = db
    .prepare<[], { id: string; name: string; organisation_id: string; organisation: string; active: number }>(
      `SELECT f.id, f.name, f.organisation_id, o.name AS organisation,
              (SELECT count(*) FROM devices d WHERE d.function_id = f.id AND d.revoked_at IS NULL) AS active
         FROM functions f JOIN organisations o ON o.id = f.organisation_id ORDER BY f.name COLLATE NOCASE`,
    )
    .all();
  const areas = db.prepare<[], { function_id: string; area_id: string }>('SELECT function_id, area_id FROM function_areas').all();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    organisationId: r.organisation_id,
    organisation: r.organisation,
    areaIds: areas.filter((a) => a.function_id === r.id).map((a) => a.area_id),
    activeDevices: r.active,
  }));
}

function checkRefs(db: Db, organisationId: string | undefined, areaIds: string[] | undefined): Refusal | undefined {
  if (organisationId !== undefined && !db.prepare('SELECT 1 FROM organisations WHERE id = ?').get(organisationId)) {
    return new Refusal(400, 'bad_request', 'organisationId: no such organisation.');
  }
  for (const [i, areaId] of (areaIds ?? []).entries()) {
    if (!db.prepare('SELECT 1 FROM areas WHERE id = ?').get(areaId)) return new Refusal(400, 'bad_request', `areaIds[${i}]: no such area.`);
  }
  return undefined;
}

const FUNCTION_TAKEN = 'name: an informant function with this name already exists.';

export function createFunction(db: Db, fn: { name: string; organisationId: string; areaIds: string[] }): { id: string } | Refusal {
  const bad = checkRefs(db, fn.organisationId, fn.areaIds);
  if (bad) return bad;
  const id = randomUUID();
  try {
    db.transaction(() => {
      db.prepare('INSERT INTO functions (id, organisation_id, name) VALUES (?, ?, ?)').run(id, fn.organisationId, fn.name);
      for (const areaId of new Set(fn.areaIds)) db.prepare('INSERT INTO function_areas (function_id, area_id) VALUES (?, ?)').run(id, areaId);
    })();
  } catch (e) {
    return constraint(e, FUNCTION_TAKEN);
  }
  return { id };
}

export function updateFunction(db: Db, id: string, change: { name?: string; organisationId?: string; areaIds?: string[] }): true | Refusal {
  if (!db.prepare('SELECT 1 FROM functions WHERE id = ?').get(id)) return notFound('informant function');
  const bad = checkRefs(db, change.organisationId, change.areaIds);
  if (bad) return bad;
  try {
    db.transaction(() => {
      if (change.name !== undefined) db.prepare('UPDATE functions SET name = ? WHERE id = ?').run(change.name, id);
      if (change.organisationId !== undefined) db.prepare('UPDATE functions SET organisation_id = ? WHERE id = ?').run(change.organisationId, id);
      if (change.areaIds !== undefined) {
        db.prepare('DELETE FROM function_areas WHERE function_id = ?').run(id);
        for (const areaId of new Set(change.areaIds)) db.prepare('INSERT INTO function_areas (function_id, area_id) VALUES (?, ?)').run(id, areaId);
      }
    })();
  } catch (e) {
    return constraint(e, FUNCTION_TAKEN);
  }
  return true;
}

/** A function that has reported is part of the record: it stays (revoke its devices instead). */
export function deleteFunction(db: Db, id: string): true | Refusal {
  if (!db.prepare('SELECT 1 FROM functions WHERE id = ?').get(id)) return notFound('informant function');
  if (db.prepare('SELECT 1 FROM reports WHERE function_id = ? LIMIT 1').get(id)) {
    return new Refusal(409, 'in_use', 'This function has filed reports, so it cannot be removed. Revoke its devices and withdraw its invites instead.');
  }
  db.prepare('DELETE FROM functions WHERE id = ?').run(id);
  return true;
}

/** Creates an invite; its code exists in clear only in this answer (URL and QR code). */
export async function issueInvite(
  db: Db,
  functionId: string,
  opts: { validDays: number; maxDevices: number; origin: string; now: Date },
): Promise<CreatedInvite | Refusal> {
  if (!db.prepare('SELECT 1 FROM functions WHERE id = ?').get(functionId)) return notFound('informant function');
  const invite = createInvite(db, functionId, { now: opts.now, validDays: opts.validDays, maxDevices: opts.maxDevices });
  const url = `${opts.origin}/enrol/${invite.code}`;
  const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { id: invite.id, code: invite.code, url, qrSvg, expiresAt: invite.expiresAt, maxDevices: opts.maxDevices };
}

export function listInvites(db: Db, functionId: string, now: Date): AdminInvite[] | Refusal {
  if (!db.prepare('SELECT 1 FROM functions WHERE id = ?').get(functionId)) return notFound('informant function');
  return db
    .prepare<[string], { id: string; created_at: string; expires_at: string; max_devices: number; revoked_at: string | null; devices: number }>(
      `SELECT i.id, i.created_at, i.expires_at, i.max_devices, i.revoked_at,
              (SELECT count(*) FROM devices d WHERE d.invite_id = i.id) AS devices
         FROM invites i WHERE i.function_id = ? AND i.demo = 0 ORDER BY i.created_at DESC`,
    )
    .all(functionId)
    .map((r) => {
      const status: InviteStatus = r.revoked_at
        ? 'withdrawn'
        : r.expires_at <= now.toISOString()
          ? 'expired'
          : r.devices >= r.max_devices
            ? 'full'
            : 'active';
      return { id: r.id, functionId, createdAt: r.created_at, expiresAt: r.expires_at, maxDevices: r.max_devices, devices: r.devices, status };
    });
}

export function withdrawInvite(db: Db, id: string, now: Date): { functionId: string } | Refusal {
  const row = db.prepare<[string], { function_id: string }>('SELECT function_id FROM invites WHERE id = ?').get(id);
  if (!row) return notFound('invite');
  db.prepare('UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now.toISOString(), id);
  return { functionId: row.function_id };
}

export function listDevices(db: Db, functionId: string): AdminDevice[] | Refusal {
  if (!db.prepare('SELECT 1 FROM functions WHERE id = ?').get(functionId)) return notFound('informant function');
  const lastReports = new Map(
    db
      .prepare<[string], { device_id: string; last: string }>(
        'SELECT device_id, max(received_at) AS last FROM reports WHERE function_id = ? AND device_id IS NOT NULL GROUP BY device_id',
      )
      .all(functionId)
      .map((r) => [r.device_id, r.last]),
  );
  return db
    .prepare<[string], { id: string; enrolled_at: string; last_seen_at: string | null; revoked_at: string | null }>(
      'SELECT id, enrolled_at, last_seen_at, revoked_at FROM devices WHERE function_id = ? ORDER BY enrolled_at DESC',
    )
    .all(functionId)
    .map((d) => ({
      id: d.id,
      functionId,
      enrolledAt: d.enrolled_at,
      lastSeenAt: d.last_seen_at,
      lastReportAt: lastReports.get(d.id) ?? null,
      revokedAt: d.revoked_at,
    }));
}

export function revoke(db: Db, deviceId: string, now: Date): { functionId: string; already: boolean } | Refusal {
  const row = db.prepare<[string], { function_id: string }>('SELECT function_id FROM devices WHERE id = ?').get(deviceId);
  if (!row) return notFound('device');
  return { functionId: row.function_id, already: !revokeDevice(db, deviceId, now) };
}
