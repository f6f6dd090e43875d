import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import type { Db } from '../db/open';
import { checkDeviceLabel, deviceLabelProblemText, type AdminDevice, type AdminFunction, type AdminInvite, type CreatedInvite, type InviteStatus } from '../../shared/admin';
import { audit } from '../audit/log';
import { createInvite, revokeDevice } from '../informant/devices';
import {
  activeDeviceCounts,
  deviceFunctionId,
  devicesOfFunction,
  inviteFunctionId,
  setDeviceLabel,
  invitesOfFunction,
  markInviteWithdrawn,
} from '../informant/store';
import { reportStore } from '../reports/store';
import { Refusal, constraint, notFound } from './refusal';
import {
  areaExists,
  functionAreaLinks,
  functionExists,
  functionRows,
  insertFunction,
  organisationExists,
  removeFunction,
  setFunctionAreas,
  setFunctionName,
  setFunctionOrganisation,
} from './store';

/** Informant functions, their invites and their devices. */

export function listFunctions(db: Db): AdminFunction[] {
  const active = activeDeviceCounts(db);
  const areas = functionAreaLinks(db);
  return functionRows(db).map((r) => ({
    id: r.id,
    name: r.name,
    organisationId: r.organisation_id,
    organisation: r.organisation,
    areaIds: areas.filter((a) => a.function_id === r.id).map((a) => a.area_id),
    activeDevices: active.get(r.id) ?? 0,
  }));
}

function checkRefs(db: Db, organisationId: string | undefined, areaIds: string[] | undefined): Refusal | undefined {
  if (organisationId !== undefined && !organisationExists(db, organisationId)) {
    return new Refusal(400, 'bad_request', 'organisationId: no such organisation.');
  }
  for (const [i, areaId] of (areaIds ?? []).entries()) {
    if (!areaExists(db, areaId)) return new Refusal(400, 'bad_request', `areaIds[${i}]: no such area.`);
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
      insertFunction(db, id, fn.organisationId, fn.name);
      setFunctionAreas(db, id, new Set(fn.areaIds));
    })();
  } catch (e) {
    return constraint(e, FUNCTION_TAKEN);
  }
  return { id };
}

export function updateFunction(db: Db, id: string, change: { name?: string; organisationId?: string; areaIds?: string[] }): true | Refusal {
  if (!functionExists(db, id)) return notFound('informant function');
  const bad = checkRefs(db, change.organisationId, change.areaIds);
  if (bad) return bad;
  try {
    db.transaction(() => {
      if (change.name !== undefined) setFunctionName(db, id, change.name);
      if (change.organisationId !== undefined) setFunctionOrganisation(db, id, change.organisationId);
      if (change.areaIds !== undefined) setFunctionAreas(db, id, new Set(change.areaIds));
    })();
  } catch (e) {
    return constraint(e, FUNCTION_TAKEN);
  }
  return true;
}

/** A function that has reported is part of the record: it stays (revoke its devices instead). */
export function deleteFunction(db: Db, id: string): true | Refusal {
  if (!functionExists(db, id)) return notFound('informant function');
  if (reportStore(db).functionHasReports(id)) {
    return new Refusal(409, 'in_use', 'This function has filed reports, so it cannot be removed. Revoke its devices and withdraw its invites instead.');
  }
  removeFunction(db, id);
  return true;
}

/** Creates an invite; its code exists in clear only in this answer (URL and QR code). */
export async function issueInvite(
  db: Db,
  functionId: string,
  opts: { validDays: number; maxDevices: number; origin: string; now: Date },
): Promise<CreatedInvite | Refusal> {
  if (!functionExists(db, functionId)) return notFound('informant function');
  const invite = createInvite(db, functionId, { now: opts.now, validDays: opts.validDays, maxDevices: opts.maxDevices });
  const url = `${opts.origin}/enrol/${invite.code}`;
  const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { id: invite.id, code: invite.code, url, qrSvg, expiresAt: invite.expiresAt, maxDevices: opts.maxDevices };
}

export function listInvites(db: Db, functionId: string, now: Date): AdminInvite[] | Refusal {
  if (!functionExists(db, functionId)) return notFound('informant function');
  return invitesOfFunction(db, functionId).map((r) => {
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
  const functionId = inviteFunctionId(db, id);
  if (functionId === undefined) return notFound('invite');
  markInviteWithdrawn(db, id, now.toISOString());
  return { functionId };
}

export function listDevices(db: Db, functionId: string): AdminDevice[] | Refusal {
  if (!functionExists(db, functionId)) return notFound('informant function');
  const lastReports = reportStore(db).lastReportPerDevice(functionId);
  return devicesOfFunction(db, functionId).map((d) => ({
      id: d.id,
      functionId,
      label: d.label,
      enrolledAt: d.enrolled_at,
      lastSeenAt: d.last_seen_at,
      lastReportAt: lastReports.get(d.id) ?? null,
      revokedAt: d.revoked_at,
    }));
}

export function revoke(db: Db, deviceId: string, now: Date): { functionId: string; already: boolean } | Refusal {
  const functionId = deviceFunctionId(db, deviceId);
  if (functionId === undefined) return notFound('device');
  return { functionId, already: !revokeDevice(db, deviceId, now) };
}

/**
 * Names a device ("Telefon bil 3") or clears its name, with its audit entry in the same
 * transaction. The label is refused with a Swedish sentence when it is too long, holds
 * control characters or looks like personal data (shared/admin.ts checkDeviceLabel).
 */
export function labelDevice(
  db: Db,
  deviceId: string,
  raw: string | null,
  opts: { staffId: string; now: Date },
): { id: string; label: string | null } | Refusal {
  const check = checkDeviceLabel(raw);
  if (!check.ok) {
    return new Refusal(400, 'device_label', deviceLabelProblemText(check, 'sv'), { problem: check.problem, ...(check.kind ? { kind: check.kind } : {}) });
  }
  return db.transaction((): { id: string; label: string | null } | Refusal => {
    const functionId = deviceFunctionId(db, deviceId);
    if (functionId === undefined) return notFound('device');
    setDeviceLabel(db, deviceId, check.label);
    audit(db, {
      actor: { type: 'staff', id: opts.staffId },
      action: 'device.label',
      target: `device:${deviceId}`,
      detail: { functionId, label: check.label },
      at: opts.now,
    });
    return { id: deviceId, label: check.label };
  })();
}
