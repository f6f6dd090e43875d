import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, report, observation, type TestServer } from '../support/fixture';
import { addStaff, asAdmin, request, sessionCookie } from '../support/staff';
import type { AdminDevice, AdminFunction, AdminInvite, AuditPage, CreatedInvite } from '../../shared/admin';

const NOW = new Date('2026-11-25T12:00:00Z');
let t: TestServer;
let call: Awaited<ReturnType<typeof asAdmin>>['call'];
beforeEach(async () => {
  t = await startTestServer({ now: NOW });
  call = (await asAdmin(t)).call;
});
afterEach(async () => t.close());

const json = async <T>(res: Response) => (await res.json()) as T;
const enrol = (code: string) => t.post('/api/v1/enrol', { code });

async function newFunction(name = 'Hemtjänst Natt'): Promise<string> {
  const res = await call('POST', '/api/v1/admin/functions', { name, organisationId: t.fixture.org, areaIds: [t.fixture.areaA, t.fixture.areaB] });
  expect(res.status).toBe(201);
  return (await json<{ id: string }>(res)).id;
}

describe('functions', () => {
  it('creates, lists, updates and refuses bad references naming the field', async () => {
    const id = await newFunction();
    const list = await json<AdminFunction[]>(await call('GET', '/api/v1/admin/functions'));
    expect(list.find((f) => f.id === id)).toMatchObject({ name: 'Hemtjänst Natt', organisation: 'Testbostäder AB', activeDevices: 0 });
    expect(list.find((f) => f.id === id)!.areaIds.sort()).toEqual([t.fixture.areaA, t.fixture.areaB].sort());
    expect((await call('PATCH', `/api/v1/admin/functions/${id}`, { areaIds: [t.fixture.areaA] })).status).toBe(200);
    const bad = await call('POST', '/api/v1/admin/functions', { name: 'X', organisationId: t.fixture.org, areaIds: ['nope'] });
    expect(bad.status).toBe(400);
    expect((await json<{ error: string }>(bad)).error).toMatch(/areaIds\[0\]/);
    const dup = await call('POST', '/api/v1/admin/functions', { name: 'Hemtjänst Natt', organisationId: t.fixture.org, areaIds: [] });
    expect(dup.status).toBe(409);
    const noName = await call('POST', '/api/v1/admin/functions', { name: '  ', organisationId: t.fixture.org, areaIds: [] });
    expect(noName.status).toBe(400);
    expect((await json<{ error: string }>(noName)).error).toMatch(/name: must not be empty/);
  });
});

describe('invites and devices', () => {
  it('creates an invite with link and QR code; the code is stored hashed and enrols a device', async () => {
    const fn = await newFunction();
    const res = await call('POST', `/api/v1/admin/functions/${fn}/invites`, { validDays: 7, maxDevices: 2 });
    expect(res.status).toBe(201);
    const invite = await json<CreatedInvite>(res);
    expect(invite.url).toBe(`${t.url}/enrol/${invite.code}`);
    expect(invite.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(invite.maxDevices).toBe(2);
    expect(invite.expiresAt).toBe(new Date(NOW.getTime() + 7 * 86_400_000).toISOString());
    expect(JSON.stringify(t.db.prepare('SELECT * FROM invites').all())).not.toContain(invite.code);
    const enrolled = await enrol(invite.code);
    expect(enrolled.status).toBe(200);
    expect((await json<{ functionId: string }>(enrolled)).functionId).toBe(fn);
    const list = await json<AdminInvite[]>(await call('GET', `/api/v1/admin/functions/${fn}/invites`));
    expect(list).toEqual([expect.objectContaining({ id: invite.id, devices: 1, maxDevices: 2, status: 'active' })]);
    expect(JSON.stringify(list)).not.toContain(invite.code);
  });

  it('refuses enrolment after expiry', async () => {
    const fn = await newFunction();
    const invite = await json<CreatedInvite>(await call('POST', `/api/v1/admin/functions/${fn}/invites`, { validDays: 1 }));
    t.clock.now = new Date(NOW.getTime() + 86_400_000 + 1);
    const res = await enrol(invite.code);
    expect(res.status).toBe(410);
    expect((await json<{ code: string }>(res)).code).toBe('invite_expired');
    call = (await asAdmin(t)).call; // a day later the admin's own session has expired too
    const list = await json<AdminInvite[]>(await call('GET', `/api/v1/admin/functions/${fn}/invites`));
    expect(list[0]!.status).toBe('expired');
  });

  it('refuses devices past the limit', async () => {
    const fn = await newFunction();
    const invite = await json<CreatedInvite>(await call('POST', `/api/v1/admin/functions/${fn}/invites`, { maxDevices: 2 }));
    expect((await enrol(invite.code)).status).toBe(200);
    expect((await enrol(invite.code)).status).toBe(200);
    const third = await enrol(invite.code);
    expect(third.status).toBe(403);
    expect((await json<{ code: string }>(third)).code).toBe('invite_full');
    expect((await json<AdminInvite[]>(await call('GET', `/api/v1/admin/functions/${fn}/invites`)))[0]!.status).toBe('full');
  });

  it('withdraws an invite: it no longer enrols, devices already enrolled keep working', async () => {
    const fn = await newFunction();
    const invite = await json<CreatedInvite>(await call('POST', `/api/v1/admin/functions/${fn}/invites`, {}));
    const token = (await json<{ token: string }>(await enrol(invite.code))).token;
    expect((await call('DELETE', `/api/v1/admin/invites/${invite.id}`)).status).toBe(200);
    const res = await enrol(invite.code);
    expect(res.status).toBe(410);
    expect((await json<{ code: string }>(res)).code).toBe('invite_revoked');
    expect((await t.get('/api/v1/informant/context', token)).status).toBe(200);
  });

  it('lists devices with enrolled, last seen and last report; a revoked device\'s queued reports are refused with 401 device_revoked', async () => {
    const fn = await newFunction();
    const invite = await json<CreatedInvite>(await call('POST', `/api/v1/admin/functions/${fn}/invites`, {}));
    const token = (await json<{ token: string }>(await enrol(invite.code))).token;
    t.clock.now = new Date(NOW.getTime() + 3600_000);
    const sent = await t.post('/api/v1/reports', { reports: [report({ observations: [observation(t.fixture.areaA, { note: 'Klotter på gaveln' })] }, NOW)] }, token);
    expect(sent.status).toBe(200);
    let devices = await json<AdminDevice[]>(await call('GET', `/api/v1/admin/functions/${fn}/devices`));
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ enrolledAt: NOW.toISOString(), lastSeenAt: t.clock.now.toISOString(), lastReportAt: t.clock.now.toISOString(), revokedAt: null });

    expect((await call('POST', `/api/v1/admin/devices/${devices[0]!.id}/revoke`)).status).toBe(200);
    devices = await json<AdminDevice[]>(await call('GET', `/api/v1/admin/functions/${fn}/devices`));
    expect(devices[0]!.revokedAt).toBe(t.clock.now.toISOString());
    const queued = await t.post('/api/v1/reports', { reports: [report({ calm: true }, NOW)] }, token);
    expect(queued.status).toBe(401);
    expect(await queued.json()).toMatchObject({ code: 'device_revoked', error: expect.stringMatching(/revoked/) });
    expect((await call('POST', '/api/v1/admin/devices/00000000-0000-4000-8000-000000000000/revoke')).status).toBe(404);

    // The audit log has enrol, invite and revoke, and never the note or the code.
    const log = JSON.stringify(t.db.prepare('SELECT * FROM audit_log').all());
    for (const action of ['invite.create', 'device.enrol', 'device.revoke', 'function.create']) expect(log).toContain(action);
    expect(log).not.toContain('Klotter');
    expect(log).not.toContain(invite.code);
    expect(log).not.toContain(token);
  });

  it('validates invite options naming the field', async () => {
    const fn = await newFunction();
    const res = await call('POST', `/api/v1/admin/functions/${fn}/invites`, { maxDevices: 0 });
    expect(res.status).toBe(400);
    expect((await json<{ error: string }>(res)).error).toMatch(/maxDevices: must be at least 1/);
    expect((await call('POST', '/api/v1/admin/functions/nope/invites', {})).status).toBe(404);
  });

  it('uses PUBLIC_URL for the invite link when configured', async () => {
    const s = await startTestServer({ now: NOW, publicUrl: 'https://lagesbild.example' });
    try {
      const admin = await asAdmin(s);
      const res = await fetch(`${s.url}/api/v1/admin/functions/${s.fixture.fnA}/invites`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: admin.cookie, origin: 'https://lagesbild.example' },
        body: '{}',
      });
      expect(res.status).toBe(201);
      expect((await json<CreatedInvite>(res)).url).toMatch(/^https:\/\/lagesbild\.example\/enrol\//);
    } finally {
      await s.close();
    }
  });
});

describe('device labels', () => {
  async function enrolledDevice(): Promise<{ fn: string; device: string; token: string }> {
    const fn = await newFunction();
    const invite = await json<CreatedInvite>(await call('POST', `/api/v1/admin/functions/${fn}/invites`, {}));
    const token = (await json<{ token: string }>(await enrol(invite.code))).token;
    const [device] = await json<AdminDevice[]>(await call('GET', `/api/v1/admin/functions/${fn}/devices`));
    return { fn, device: device!.id, token };
  }
  const label = (id: string, value: string | null) => call('PATCH', `/api/v1/admin/devices/${id}`, { label: value });
  const labelOf = async (fn: string) => (await json<AdminDevice[]>(await call('GET', `/api/v1/admin/functions/${fn}/devices`)))[0]!.label;

  it('names a device (trimmed, NFKC), renames and clears it; each change is in the audit log, where the device is called by its name', async () => {
    const { fn, device, token } = await enrolledDevice();
    expect(await labelOf(fn)).toBeNull();

    const set = await label(device, '  Telefon bil ３  ');
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ id: device, label: 'Telefon bil 3' });
    expect(await labelOf(fn)).toBe('Telefon bil 3');
    const page = await json<AuditPage>(await call('GET', '/api/v1/admin/audit?what=device.label'));
    expect(page.entries).toEqual([
      expect.objectContaining({ action: 'device.label', target: `device:${device}`, targetLabel: 'Telefon bil 3 (Hemtjänst Natt)', detail: { functionId: fn, label: 'Telefon bil 3' } }),
    ]);

    expect((await label(device, 'Telefon bil 4')).status).toBe(200);
    expect(await labelOf(fn)).toBe('Telefon bil 4');

    const cleared = await label(device, null);
    expect(cleared.status).toBe(200);
    expect(await labelOf(fn)).toBeNull();
    expect((await label(device, '   ')).status).toBe(200);
    expect(await labelOf(fn)).toBeNull();
    const after = await json<AuditPage>(await call('GET', '/api/v1/admin/audit?what=device.label'));
    expect(after.entries.map((e) => e.detail?.label ?? null)).toEqual([null, null, 'Telefon bil 4', 'Telefon bil 3']);
    // Without a label the device goes by its function, as before.
    expect(after.entries[0]!.targetLabel).toBe('Hemtjänst Natt');

    // The phone is not told what the admin calls it.
    await label(device, 'Telefon bil 5');
    const context = await (await t.get('/api/v1/informant/context', token)).text();
    expect(context).not.toContain('Telefon bil 5');
  });

  it('refuses a phone number, control characters and a label over 40 characters with a Swedish sentence; nothing is written', async () => {
    const { fn, device } = await enrolledDevice();
    await label(device, 'Telefon bil 3');
    const cases: [string, string, RegExp][] = [
      ['Annas telefon 070-123 45 67', 'personal_data', /telefonnummer.*Telefon bil 3.*inte efter en person/],
      ['Bil\u00073', 'control', /styrtecken/],
      ['Bil 3\u202e', 'control', /styrtecken/],
      ['Telefon\nbil 3', 'control', /styrtecken/],
      ['x'.repeat(41), 'too_long', /högst 40 tecken/],
    ];
    for (const [text, problem, sentence] of cases) {
      const res = await label(device, text);
      expect(res.status, text).toBe(400);
      const body = await json<{ code: string; error: string; problem: string }>(res);
      expect(body).toMatchObject({ code: 'device_label', problem });
      expect(body.error).toMatch(sentence);
    }
    expect(await labelOf(fn)).toBe('Telefon bil 3');
    expect((await label(device, 'x'.repeat(40))).status).toBe(200);
    expect(await labelOf(fn)).toBe('x'.repeat(40));
    const log = JSON.stringify(t.db.prepare('SELECT * FROM audit_log').all());
    expect(log).not.toContain('070-123');
    expect((await call('PATCH', `/api/v1/admin/devices/${device}`, { label: 3 })).status).toBe(400);
    expect((await label('00000000-0000-4000-8000-000000000000', 'Bil 9')).status).toBe(404);
  });

  it('is for admins only: a coordinator is refused with 403 and the label stays', async () => {
    const { fn, device } = await enrolledDevice();
    const coordinator = await addStaff(t, 'coordinator');
    const res = await request(t, 'PATCH', `/api/v1/admin/devices/${device}`, { cookie: sessionCookie(t, coordinator.id), body: { label: 'Bil 9' } });
    expect(res.status).toBe(403);
    expect(await labelOf(fn)).toBeNull();
  });
});
