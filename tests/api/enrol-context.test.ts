import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, report, observation, type TestServer } from '../support/fixture';
import { createInvite, revokeDevice } from '../../server/informant/devices';
import { addWeeks } from '../../shared/weeks';

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday of 2026-W48
let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ now: NOW });
});
afterEach(async () => t.close());

describe('GET /api/health', () => {
  it('answers ok with the build version', async () => {
    const res = await t.get('/api/health');
    expect(res.status).toBe(200);
    // `{ok, version}` stay for compatibility; tests/api/ops-health.test.ts covers the rest.
    expect(await res.json()).toMatchObject({ ok: true, version: 'test', database: { ok: true } });
  });
});

describe('POST /api/v1/enrol', () => {
  it('exchanges an invite code for a device token of that function', async () => {
    const res = await t.post('/api/v1/enrol', { code: t.fixture.inviteA.code });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; functionId: string; name: string };
    expect(body.functionId).toBe(t.fixture.fnA);
    expect(body.name).toBe('Bovärdar Norr');
    expect(body.token.length).toBeGreaterThanOrEqual(40);
    // Only hashes are stored.
    const stored = t.db.prepare('SELECT token_hash FROM devices').all() as { token_hash: string }[];
    expect(stored.some((r) => r.token_hash === body.token)).toBe(false);
    const codes = t.db.prepare('SELECT code_hash FROM invites').all() as { code_hash: string }[];
    expect(codes.some((r) => r.code_hash === t.fixture.inviteA.code)).toBe(false);
  });

  it('refuses an unknown code with 404 and a sentence', async () => {
    const res = await t.post('/api/v1/enrol', { code: 'nope' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'invite_unknown', error: expect.stringMatching(/invite link/) });
  });

  it('refuses an expired invite with 410', async () => {
    const old = createInvite(t.db, t.fixture.fnA, { now: new Date('2026-10-01T00:00:00Z'), validDays: 7 });
    const res = await t.post('/api/v1/enrol', { code: old.code });
    expect(res.status).toBe(410);
    expect(((await res.json()) as { code: string }).code).toBe('invite_expired');
  });

  it('refuses a device past the invite limit with 403', async () => {
    const one = createInvite(t.db, t.fixture.fnA, { now: NOW, maxDevices: 1 });
    expect((await t.post('/api/v1/enrol', { code: one.code })).status).toBe(200);
    const res = await t.post('/api/v1/enrol', { code: one.code });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('invite_full');
  });

  it.each([
    ['not JSON', '{code:'],
    ['no code', {}],
    ['code not a string', { code: 42 }],
    ['an array', []],
  ])('answers 400 for a malformed body (%s)', async (_name, body) => {
    const res = await t.post('/api/v1/enrol', body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/code/);
  });
});

describe('GET /api/v1/informant/context', () => {
  it('is 401 without a token, with an unknown token and for a revoked device', async () => {
    expect((await t.get('/api/v1/informant/context')).status).toBe(401);
    expect((await t.get('/api/v1/informant/context', 'made-up-token')).status).toBe(401);
    const token = await t.enrol();
    const deviceId = (t.db.prepare('SELECT id FROM devices').get() as { id: string }).id;
    revokeDevice(t.db, deviceId, NOW);
    const res = await t.get('/api/v1/informant/context', token);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'device_revoked' });
  });

  it('gives the function, the week, all areas with its own first, and its reports of this and last week', async () => {
    const token = await t.enrol();
    const lastWeek = report({ week: addWeeks('2026-W48', -1), observations: [observation(t.fixture.areaA, { placeId: t.fixture.placeA, note: 'Klotter' })] }, NOW);
    const thisWeek = report({ week: '2026-W48', calm: true }, NOW);
    const older = report({ week: addWeeks('2026-W48', -3), calm: true }, NOW);
    const res = await t.post('/api/v1/reports', { reports: [lastWeek, thisWeek, older] }, token);
    expect(((await res.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['created', 'created', 'created']);

    const ctx = (await (await t.get('/api/v1/informant/context', token)).json()) as any;
    expect(ctx.function).toEqual({ id: t.fixture.fnA, name: 'Bovärdar Norr', organisation: 'Testbostäder AB' });
    expect(ctx.week).toBe('2026-W48');
    expect(ctx.areas.map((a: any) => [a.name, a.own])).toEqual([['Norrby', true], ['Söderby', false]]);
    expect(ctx.areas[0].places).toEqual([{ id: t.fixture.placeA, name: 'Torget' }]);
    expect(ctx.categories).toHaveLength(8);
    expect(ctx.reports.thisWeek).toEqual([thisWeek]);
    expect(ctx.reports.lastWeek).toEqual([lastWeek]);
  });

  it('never shows another function\'s reports', async () => {
    const tokenA = await t.enrol();
    const tokenB = await t.enrol(t.fixture.inviteB.code);
    await t.post('/api/v1/reports', { reports: [report({ calm: true }, NOW)] }, tokenB);
    const ctx = (await (await t.get('/api/v1/informant/context', tokenA)).json()) as any;
    expect(ctx.reports.thisWeek).toEqual([]);
  });
});
