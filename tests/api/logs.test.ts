import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startChildServer, type ChildServer } from '../support/child-server';
import { SESSION_COOKIE } from '../../server/auth/context';
import { weekOf } from '../../shared/weeks';
import type { IngestResult } from '../../shared/api';

let dir: string;
let server: ChildServer | undefined;
afterEach(async () => {
  await server?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('the server log', () => {
  it('has one JSON line per event and none of the notes, tokens, codes, passwords, cookies or e-mail addresses that passed through', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lagesbild-logs-'));
    server = await startChildServer(dir);
    const url = server.url;
    const setupCode = server.setupUrl!.split('/').pop()!;
    const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(url + path, {
        method,
        headers: { origin: url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });

    const email = 'samordnare.loggtest@kommun.example';
    const password = `Lösen-${randomUUID()}`;
    const wrongPassword = `Fel-${randomUUID()}`;
    // First run: the setup link, opened in a browser and used.
    await call('GET', `/setup/${setupCode}`);
    expect((await call('GET', `/api/v1/setup/${setupCode}`)).status).toBe(200);
    expect((await call('POST', '/api/v1/setup', { code: setupCode, email, password })).status).toBe(201);
    // Failed log-ins: a wrong password, an unknown account.
    expect((await call('POST', '/api/v1/auth/login', { email, password: wrongPassword })).status).toBe(401);
    expect((await call('POST', '/api/v1/auth/login', { email: 'okand.person@kommun.example', password: wrongPassword })).status).toBe(401);
    const login = await call('POST', '/api/v1/auth/login', { email, password });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0]!;
    const session = cookie.split('=')[1]!;
    const admin = (method: string, path: string, body?: unknown) => call(method, path, body, { cookie });

    const org = (await (await admin('POST', '/api/v1/admin/organisations', { name: 'Loggbostäder AB' })).json()) as { id: string };
    const area = (await (await admin('POST', '/api/v1/admin/areas', { name: 'Loggby' })).json()) as { id: string };
    const fn = (await (await admin('POST', '/api/v1/admin/functions', { name: 'Bovärdar Logg', organisationId: org.id, areaIds: [area.id] })).json()) as { id: string };
    const invite = (await (await admin('POST', `/api/v1/admin/functions/${fn.id}/invites`, { maxDevices: 2 })).json()) as { code: string };
    expect(invite.code).toMatch(/^[\w-]{20,}$/);

    // The phone opens the invite link and enrols.
    await call('GET', `/enrol/${invite.code}`);
    const enrol = await call('POST', '/api/v1/enrol', { code: invite.code });
    expect(enrol.status).toBe(200);
    const { token } = (await enrol.json()) as { token: string };
    const bearer = { authorization: `Bearer ${token}` };

    const notes = [`Klotter på gaveln vid tvättstugan ${randomUUID()}`, `Trasig belysning i gången ${randomUUID()}`];
    const phone = '070-123 45 67';
    const report = (note: string) => ({
      id: randomUUID(),
      week: weekOf(new Date()),
      createdAt: new Date().toISOString(),
      calm: false,
      observations: [{ id: randomUUID(), category: 'vandalism', areaId: area.id, timeOfDay: 'evening', persists: false, note }],
    });
    const sent = await call('POST', '/api/v1/reports', { reports: [report(notes[0]!), report(notes[1]!), report(`Ring mig på ${phone}`)] }, bearer);
    const { results } = (await sent.json()) as { results: IngestResult[] };
    expect(results.map((r) => r.status)).toEqual(['created', 'created', 'invalid']);
    expect((await call('GET', '/api/v1/informant/context', undefined, bearer)).status).toBe(200);
    const forged = `${token.slice(0, -4)}AAAA`;
    expect((await call('GET', '/api/v1/informant/context', undefined, { authorization: `Bearer ${forged}` })).status).toBe(401);
    expect((await admin('POST', '/api/v1/auth/logout')).status).toBeLessThan(300);
    await server.kill();

    const output = server.output();
    // The start-up lines are for the person who started the server (one of them holds the setup link).
    const startup = /^(listening|setup|invite|staff|demo): /;
    const lines = output.split('\n').filter((l) => l !== '' && !startup.test(l));
    // Every other line is one JSON event.
    const events = lines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${l.slice(0, 300)}`);
      }
    });
    const requests = events.filter((e) => e.msg === 'request');
    const find = (method: string, path: string, status: number) => requests.find((e) => e.method === method && e.path === path && e.status === status);
    // The log is there and useful: it is not silent about what happened.
    expect(find('GET', '/api/v1/setup/:code', 200)).toBeDefined();
    // The app's own pages (200 with a built client, 503 without one).
    expect(requests.find((e) => e.method === 'GET' && e.path === '/setup/:code')).toBeDefined();
    expect(requests.find((e) => e.method === 'GET' && e.path === '/enrol/:code')).toBeDefined();
    expect(find('POST', '/api/v1/auth/login', 401)).toMatchObject({ refusal: expect.any(String), client: '127.0.0.1' });
    expect(find('POST', '/api/v1/reports', 200)).toMatchObject({ device: expect.any(String), ms: expect.any(Number) });
    expect(find('GET', '/api/v1/informant/context', 401)).toMatchObject({ refusal: 'unauthorized' });

    const secrets = { setupCode, password, wrongPassword, inviteCode: invite.code, token, forged, session, note0: notes[0]!, note1: notes[1]!, phone, email, unknownEmail: 'okand.person@kommun.example' };
    const rest = lines.join('\n');
    for (const [name, secret] of Object.entries(secrets)) {
      expect(rest.includes(secret), `${name} found in the log`).toBe(false);
    }
    // Nor anything that gives a secret away in part (a token's first half, a note's words).
    expect(rest).not.toContain(token.slice(0, 16));
    expect(rest).not.toContain('tvättstugan');
  }, 60_000);
});
