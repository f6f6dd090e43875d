/**
 * The log-in throttle counts an attempt before hashing, caps
 * concurrent hashes, locks per (account, address) and only slows an account down.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/fixture';
import { addStaff, login, type TestStaff } from '../support/staff';
import { MAX_HASHING, hashingLoad } from '../../server/auth/password';
import { MAX_PER_ACCOUNT, WINDOW_MS, accountDelaySeconds } from '../../server/auth/throttle';

const NOW = new Date('2026-11-25T12:00:00Z');
let t: TestServer;
let owner: TestStaff;
beforeEach(async () => {
  t = await startTestServer({ now: NOW, trustProxy: true });
  owner = await addStaff(t, 'coordinator');
  hashingLoad.peak = 0;
});
afterEach(async () => t.close());

const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
const advance = (ms: number) => (t.clock.now = new Date(t.clock.now.getTime() + ms));

describe('a parallel burst', () => {
  it('is counted before hashing: 18 wrong and then the right password in parallel → the throttle engages', async () => {
    const tries = [...Array.from({ length: 18 }, (_, i) => `wrong-${i}`), owner.password];
    const answers = await Promise.all(tries.map((pw) => login(t, owner.email, pw, from('203.0.113.7'))));
    const statuses = answers.map((a) => a.res.status);
    // Only MAX_PER_ACCOUNT tries get to the password at all; the rest wait.
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(MAX_PER_ACCOUNT);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(tries.length - MAX_PER_ACCOUNT);
    for (const a of answers.filter((x) => x.res.status === 429)) {
      expect(Number(a.res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(hashingLoad.peak).toBeGreaterThan(0);
    expect(hashingLoad.peak).toBeLessThanOrEqual(MAX_HASHING);
  }, 120_000);

  it('never hashes more than the cap at once; beyond a short queue it answers 429 busy with Retry-After', async () => {
    // Different accounts and addresses: no throttle counter is reached, only the hash cap.
    const answers = await Promise.all(
      Array.from({ length: 14 }, (_, i) => login(t, `nobody-${i}@test.example`, 'wrong', from(`198.51.100.${i + 1}`))),
    );
    const statuses = answers.map((a) => a.res.status);
    expect(hashingLoad.peak).toBeLessThanOrEqual(MAX_HASHING);
    const busy = answers.filter((a) => a.res.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    for (const a of busy) {
      expect(a.res.headers.get('retry-after')).toBe('2');
      expect(((await a.res.json()) as { code: string }).code).toBe('busy');
    }
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // A refused-as-busy try does not count against its account: the owner of such an
    // address and account can still log in at once.
    expect(hashingLoad.running).toBe(0);
  }, 120_000);
});

describe('nobody can lock someone else out', () => {
  it('locks (account, address) but lets the owner in from another address after a short delay', async () => {
    for (let i = 0; i < MAX_PER_ACCOUNT; i++) {
      expect((await login(t, owner.email, `wrong-${i}`, from('203.0.113.7'))).res.status).toBe(401);
    }
    const attacker = await login(t, owner.email, owner.password, from('203.0.113.7'));
    expect(attacker.res.status).toBe(429);
    expect(Number(attacker.res.headers.get('retry-after'))).toBe(WINDOW_MS / 1000);

    // From the owner's own address: slowed down by seconds, not locked for 15 minutes.
    const first = await login(t, owner.email, owner.password, from('192.0.2.44'));
    expect(first.res.status).toBe(429);
    const wait = Number(first.res.headers.get('retry-after'));
    expect(wait).toBe(accountDelaySeconds(MAX_PER_ACCOUNT));
    expect(((await first.res.json()) as { error: string }).error).toMatch(/Wait 1 second/);
    advance(wait * 1000);
    const owners = await login(t, owner.email, owner.password, from('192.0.2.44'));
    expect(owners.res.status).toBe(200);
    // The attacker's address stays locked for this account.
    expect((await login(t, owner.email, owner.password, from('203.0.113.7'))).res.status).toBe(429);
  }, 120_000);

  it('slows an account down progressively when guesses come from many addresses', async () => {
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      let res = (await login(t, owner.email, `wrong-${i}`, from(`203.0.113.${i + 1}`))).res;
      if (res.status === 429) {
        const wait = Number(res.headers.get('retry-after'));
        waits.push(wait);
        advance(wait * 1000);
        res = (await login(t, owner.email, `wrong-${i}`, from(`203.0.113.${i + 1}`))).res;
      }
      expect(res.status).toBe(401);
    }
    // Growing delays (1, 2, 4, 8, 16 s), never the 15-minute lock.
    expect(waits).toEqual([1, 2, 4, 8, 16]);
    expect(Math.max(...waits)).toBeLessThan(WINDOW_MS / 1000);
    // The owner, after the current delay, gets in.
    advance(32_000);
    expect((await login(t, owner.email, owner.password, from('192.0.2.44'))).res.status).toBe(200);
  }, 120_000);
});

describe('throttle keys', () => {
  it('are stored hashed: no e-mail, no password typed into the e-mail box, no address in clear', async () => {
    const typedPassword = 'Hemligt-lösen0rd-7';
    await login(t, typedPassword, 'x', from('203.0.113.99'));
    await login(t, owner.email, 'wrong', from('203.0.113.99'));
    const rows = t.db.prepare('SELECT key FROM login_failures').all() as { key: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const all = rows.map((r) => r.key).join('\n');
    for (const secret of [typedPassword, typedPassword.toLowerCase(), owner.email, '203.0.113.99']) {
      expect(all).not.toContain(secret);
    }
    for (const { key } of rows) expect(key).toMatch(/^(pair|account|address):[A-Za-z0-9_-]{43}$/);
  }, 60_000);
});
