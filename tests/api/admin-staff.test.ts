import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, report, observation, type TestServer } from '../support/fixture';
import { addStaff, asAdmin, login, request, sessionCookie } from '../support/staff';
import type { AdminStaff, AuditPage } from '../../shared/admin';
import { audit } from '../../server/audit/log';

const NOW = new Date('2026-11-25T12:00:00Z');
let t: TestServer;
let admin: Awaited<ReturnType<typeof asAdmin>>;
beforeEach(async () => {
  t = await startTestServer({ now: NOW });
  admin = await asAdmin(t);
});
afterEach(async () => t.close());

const json = async <T>(res: Response) => (await res.json()) as T;
const PASSWORD = 'korrekt hästbatteri häftklammer';

describe('staff accounts', () => {
  it('creates an account that can log in; refuses short passwords and duplicates naming the field', async () => {
    const res = await admin.call('POST', '/api/v1/admin/staff', { email: 'Samordnare@Kommun.example', role: 'coordinator', password: PASSWORD });
    expect(res.status).toBe(201);
    const created = await json<AdminStaff>(res);
    expect(created).toMatchObject({ email: 'samordnare@kommun.example', role: 'coordinator', disabled: false });
    expect((await login(t, 'samordnare@kommun.example', PASSWORD)).res.status).toBe(200);
    const stored = t.db.prepare('SELECT password_hash FROM staff WHERE id = ?').get(created.id) as { password_hash: string };
    expect(stored.password_hash).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(stored.password_hash).not.toContain(PASSWORD);

    const short = await admin.call('POST', '/api/v1/admin/staff', { email: 'x@kommun.example', role: 'reader', password: 'elva tecken' });
    expect(short.status).toBe(400);
    expect((await json<{ error: string }>(short)).error).toMatch(/password: must be at least 12 characters/);
    const role = await admin.call('POST', '/api/v1/admin/staff', { email: 'x@kommun.example', role: 'boss', password: PASSWORD });
    expect((await json<{ error: string }>(role)).error).toMatch(/role: must be admin, coordinator or reader/);
    const email = await admin.call('POST', '/api/v1/admin/staff', { email: 'not-an-address', role: 'reader', password: PASSWORD });
    expect((await json<{ error: string }>(email)).error).toMatch(/email: must be an e-mail address/);
    expect((await admin.call('POST', '/api/v1/admin/staff', { email: 'samordnare@kommun.example', role: 'reader', password: PASSWORD })).status).toBe(409);
    const list = await json<AdminStaff[]>(await admin.call('GET', '/api/v1/admin/staff'));
    expect(list.map((s) => s.email)).toContain('samordnare@kommun.example');
    expect(JSON.stringify(list)).not.toMatch(/hash|scrypt/);
  });

  it('disables an account (ending its sessions) and changes roles, but never removes the last admin', async () => {
    const other = await json<AdminStaff>(await admin.call('POST', '/api/v1/admin/staff', { email: 'r@kommun.example', role: 'reader', password: PASSWORD }));
    const cookie = sessionCookie(t, other.id);
    expect(await (await request(t, 'GET', '/api/v1/auth/me', { cookie })).json()).toMatchObject({ signedIn: true });
    expect((await admin.call('PATCH', `/api/v1/admin/staff/${other.id}`, { disabled: true })).status).toBe(200);
    expect(await (await request(t, 'GET', '/api/v1/auth/me', { cookie })).json()).toEqual({ signedIn: false });
    expect((await login(t, 'r@kommun.example', PASSWORD)).res.status).toBe(401);
    expect((await admin.call('PATCH', `/api/v1/admin/staff/${other.id}`, { disabled: false, role: 'coordinator' })).status).toBe(200);
    expect(((await json<{ role: string }>((await login(t, 'r@kommun.example', PASSWORD)).res))).role).toBe('coordinator');

    const self = await admin.call('PATCH', `/api/v1/admin/staff/${admin.staff.id}`, { role: 'reader' });
    expect(self.status).toBe(409);
    expect((await json<{ code: string }>(self)).code).toBe('last_admin');
    expect((await admin.call('PATCH', `/api/v1/admin/staff/${admin.staff.id}`, { disabled: true })).status).toBe(409);
  });

  it('resets a password: the old one stops working and every session ends', async () => {
    const other = await json<AdminStaff>(await admin.call('POST', '/api/v1/admin/staff', { email: 'c@kommun.example', role: 'coordinator', password: PASSWORD }));
    const cookie = sessionCookie(t, other.id);
    const res = await admin.call('POST', `/api/v1/admin/staff/${other.id}/password`, { password: 'ett helt nytt lösenord' });
    expect(res.status).toBe(200);
    expect(await (await request(t, 'GET', '/api/v1/auth/me', { cookie })).json()).toEqual({ signedIn: false });
    expect((await login(t, 'c@kommun.example', PASSWORD)).res.status).toBe(401);
    expect((await login(t, 'c@kommun.example', 'ett helt nytt lösenord')).res.status).toBe(200);
  });
});

describe('audit log', () => {
  it('records log-in success and failure, log-out and account changes, pages newest first, and never holds passwords or notes', async () => {
    const created = await json<AdminStaff>(await admin.call('POST', '/api/v1/admin/staff', { email: 'a@kommun.example', role: 'reader', password: PASSWORD }));
    await login(t, 'a@kommun.example', 'fel lösenord som är hemligt');
    await login(t, 'ingen@kommun.example', 'ett annat hemligt försök');
    const ok = await login(t, 'a@kommun.example', PASSWORD);
    await request(t, 'POST', '/api/v1/auth/logout', { cookie: ok.cookie! });
    await admin.call('POST', `/api/v1/admin/staff/${created.id}/password`, { password: 'nytt hemligt lösenord 2' });
    const token = await t.enrol();
    await t.post('/api/v1/reports', { reports: [report({ observations: [observation(t.fixture.areaA, { note: 'Sprutor i buskaget' })] }, NOW)] }, token);
    // A careless caller cannot put a password or a note in the detail.
    audit(t.db, { actor: { type: 'system' }, action: 'test.scrub', detail: { password: 'x', note: 'Sprutor', token: 't', ok: 1 } });

    const page1 = await json<AuditPage>(await admin.call('GET', '/api/v1/admin/audit?limit=3'));
    expect(page1.entries).toHaveLength(3);
    expect(page1.entries[0]!.action).toBe('test.scrub');
    expect(page1.entries[0]!.detail).toEqual({ ok: 1 });
    expect(page1.next).toBe(page1.entries[2]!.id);
    const all: AuditPage['entries'] = [...page1.entries];
    for (let next = page1.next; next !== null; ) {
      const page = await json<AuditPage>(await admin.call('GET', `/api/v1/admin/audit?limit=3&before=${next}`));
      all.push(...page.entries);
      next = page.next;
    }
    const actions = all.map((e) => e.action);
    for (const a of ['staff.create', 'auth.login_failed', 'auth.login', 'auth.logout', 'staff.password_reset', 'device.enrol']) expect(actions).toContain(a);
    const failures = all.filter((e) => e.action === 'auth.login_failed');
    expect(failures.map((f) => f.detail!.reason).sort()).toEqual(['unknown_account', 'wrong_password']);
    const login1 = all.find((e) => e.action === 'auth.login')!;
    expect(login1.actorLabel).toBe('a@kommun.example');
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));

    const raw = JSON.stringify(t.db.prepare('SELECT * FROM audit_log').all());
    for (const secret of [PASSWORD, 'fel lösenord som är hemligt', 'ett annat hemligt försök', 'nytt hemligt lösenord 2', 'Sprutor', 'ingen@kommun.example']) {
      expect(raw).not.toContain(secret);
    }
    expect((await admin.call('GET', '/api/v1/admin/audit?limit=0')).status).toBe(400);
  });

  it('names targets at read time ("(borttagen)" once removed), filters by who/what/when, and exports CSV to admins only', async () => {
    const org = await json<{ id: string }>(await admin.call('POST', '/api/v1/admin/organisations', { name: 'Bostadsbolaget' }));
    const other = await json<{ id: string }>(await admin.call('POST', '/api/v1/admin/organisations', { name: 'Att ta bort' }));
    expect((await admin.call('DELETE', `/api/v1/admin/organisations/${other.id}`)).status).toBe(200);
    const page = await json<AuditPage>(await admin.call('GET', '/api/v1/admin/audit?what=organisation'));
    expect(page.entries.map((e) => [e.action, e.targetLabel])).toEqual([
      ['organisation.delete', null],
      ['organisation.create', null],
      ['organisation.create', 'Bostadsbolaget'],
    ]);
    expect(page.entries[2]!.target).toBe(`organisation:${org.id}`);
    const exact = await json<AuditPage>(await admin.call('GET', '/api/v1/admin/audit?what=organisation.delete'));
    expect(exact.entries).toHaveLength(1);
    const mine = await json<AuditPage>(await admin.call('GET', `/api/v1/admin/audit?who=${admin.staff.id}`));
    expect(mine.entries.length).toBeGreaterThanOrEqual(3);
    expect(mine.entries.every((e) => e.actorId === admin.staff.id)).toBe(true);
    const today = t.clock.now.toISOString().slice(0, 10);
    expect((await json<AuditPage>(await admin.call('GET', `/api/v1/admin/audit?from=${today}&to=${today}&what=organisation`))).entries).toHaveLength(3);
    expect((await json<AuditPage>(await admin.call('GET', '/api/v1/admin/audit?to=2000-01-01'))).entries).toHaveLength(0);
    expect((await admin.call('GET', '/api/v1/admin/audit?from=igår')).status).toBe(400);
    expect((await admin.call('GET', "/api/v1/admin/audit?what=x'--")).status).toBe(400);

    const csv = await admin.call('GET', '/api/v1/admin/audit.csv?what=organisation');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = (await csv.text()).replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('tid,vem,händelse,kod,gäller,detaljer');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('Organisation borttagen,organisation.delete,(borttagen)');
    expect(lines[3]).toContain('Organisation tillagd,organisation.create,Bostadsbolaget');
    const coordinator = await addStaff(t, 'coordinator');
    expect((await request(t, 'GET', '/api/v1/admin/audit.csv', { cookie: sessionCookie(t, coordinator.id) })).status).toBe(403);
  });
});
