import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Staff passwords: scrypt (memory-hard) with a per-user 16-byte salt. The
 * parameters travel in the stored string (`scrypt$N$r$p$salt$hash`), so they
 * can be raised later without invalidating existing hashes.
 *
 * N=2^15, r=8, p=3: 32 MiB per hash and the same work as OWASP's
 * N=2^17/r=8/p=1 recommendation (~0.3 s on a small server core). Runs on
 * libuv's thread pool (async `scrypt`), so a log-in never blocks the event loop.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
export const DEFAULT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };
/** Only for tests that create many accounts: never used by the server itself. */
export const TEST_PARAMS: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };
const KEY_LENGTH = 32;

/**
 * At most MAX_HASHING hashes run at once and at most MAX_WAITING wait for a turn;
 * beyond that a hash is refused with `HashingBusy` (the log-in answers 429 with
 * Retry-After). Each hash takes 32 MiB and a core for ~0.3 s: without a cap a burst of
 * log-ins keeps the CPU busy for seconds and the memory grows with the burst.
 */
export const MAX_HASHING = 2;
export const MAX_WAITING = 6;

export class HashingBusy extends Error {
  constructor() {
    super('too many password hashes at once');
  }
}

/** Hashes running now, and the most seen at once (read by tests and benchmarks). */
export const hashingLoad = { running: 0, waiting: 0, peak: 0 };
const queue: Array<() => void> = [];

async function withHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  if (hashingLoad.running >= MAX_HASHING) {
    if (hashingLoad.waiting >= MAX_WAITING) throw new HashingBusy();
    hashingLoad.waiting++;
    // The finishing hash hands its slot straight to us (`running` stays as it is), so
    // no newcomer can slip in between.
    await new Promise<void>((resolve) => queue.push(resolve));
    hashingLoad.waiting--;
  } else {
    hashingLoad.running++;
  }
  hashingLoad.peak = Math.max(hashingLoad.peak, hashingLoad.running);
  try {
    return await work();
  } finally {
    const next = queue.shift();
    if (next) next();
    else hashingLoad.running--;
  }
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return withHashingSlot(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Constant-time comparison of the derived key; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await derive(password, Buffer.from(parts[4]!, 'base64url'), { N, r, p });
  return expected.length === key.length && timingSafeEqual(expected, key);
}

let dummy: Promise<string> | undefined;
/**
 * Verifies against a throw-away hash, so a log-in for an account that does
 * not exist takes as long as one with a wrong password (no enumeration by timing).
 */
export async function burnVerification(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password-' + randomBytes(8).toString('hex'));
  await verifyPassword(password, await dummy);
}
