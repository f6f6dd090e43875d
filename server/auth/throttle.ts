import { createHmac } from 'node:crypto';
import type { Db } from '../db/open';
import { serverSecret } from '../db/secrets';
import { deleteLoginFailure, deleteLoginFailuresOf, insertLoginFailure, loginFailuresSince, pruneLoginFailures } from './store';

/**
 * Log-in throttling, kept in SQLite so a restart does not reset it.
 *
 * Three counters, each over a 15-minute window:
 * - per (account, address): locks after MAX_PER_ACCOUNT failures. Someone guessing
 *   from one place is stopped; the owner at another address is not locked out by it.
 * - per address: locks after MAX_PER_ADDRESS (higher: many staff share an office NAT).
 * - per account alone: never locks. From MAX_PER_ACCOUNT failures on, each further
 *   try must wait a delay that doubles with every failure (1 s, 2 s, 4 s, … up to
 *   MAX_ACCOUNT_DELAY_S). Guessing one password from many addresses stays slow, while
 *   the owner waits seconds, not a quarter of an hour.
 *
 * Accounts are keyed by the e-mail as typed, whether or not the account exists, so the
 * answer never tells which accounts exist. Keys are stored as an HMAC under a secret
 * of this server: the e-mail field may hold a password typed into the wrong box, and
 * the table must not hold it (nor addresses) in clear.
 *
 * An attempt is counted BEFORE its password is hashed, in one transaction with the
 * check: a parallel burst cannot slip more tries past the limit than it allows. A
 * successful log-in takes its own count back and clears the account's.
 */
export const WINDOW_MS = 15 * 60_000;
export const MAX_PER_ACCOUNT = 5;
export const MAX_PER_ADDRESS = 20;
export const MAX_ACCOUNT_DELAY_S = 120;

export interface ThrottleKeys {
  pair: string;
  account: string;
  address: string;
}

const SECRET_NAME = 'login_throttle_hmac';
const secrets = new WeakMap<Db, Buffer>();

/** The server's throttle secret: generated on first use, kept in the database. */
function throttleSecret(db: Db): Buffer {
  let secret = secrets.get(db);
  if (secret) return secret;
  secret = serverSecret(db, SECRET_NAME);
  secrets.set(db, secret);
  return secret;
}

export function throttleKeys(db: Db, email: string, address: string): ThrottleKeys {
  const secret = throttleSecret(db);
  const mac = (kind: string, value: string) => `${kind}:${createHmac('sha256', secret).update(value).digest('base64url')}`;
  const account = email.trim().toLowerCase();
  return {
    pair: mac('pair', `${account}\u0000${address}`),
    account: mac('account', account),
    address: mac('address', address),
  };
}

export type AttemptDecision =
  | { allowed: true; attemptIds: number[] }
  | { allowed: false; retryAfterSeconds: number };

/** The delay the account asks of the next try after `n` failures. */
export function accountDelaySeconds(n: number): number {
  if (n < MAX_PER_ACCOUNT) return 0;
  return Math.min(2 ** (n - MAX_PER_ACCOUNT), MAX_ACCOUNT_DELAY_S);
}

/**
 * Decides whether a log-in may be tried now and, if so, counts it as a failure at
 * once (the caller takes it back with `attemptSucceeded` when the password was right,
 * or with `attemptNotMade` when it never got to check it).
 */
export function beginAttempt(db: Db, keys: ThrottleKeys, now: Date): AttemptDecision {
  return db
    .transaction((): AttemptDecision => {
      const nowMs = now.getTime();
      const since = new Date(nowMs - WINDOW_MS).toISOString();
      pruneLoginFailures(db, since);
      let wait = 0;
      for (const [key, max] of [[keys.pair, MAX_PER_ACCOUNT], [keys.address, MAX_PER_ADDRESS]] as const) {
        const at = loginFailuresSince(db, key, since);
        // The max-th most recent failure has to leave the window before another try.
        if (at.length >= max) wait = Math.max(wait, Math.ceil((Date.parse(at[max - 1]!) + WINDOW_MS - nowMs) / 1000));
      }
      const accountFailures = loginFailuresSince(db, keys.account, since);
      const delay = accountDelaySeconds(accountFailures.length);
      if (delay > 0) {
        const free = Date.parse(accountFailures[0]!) + delay * 1000;
        if (free > nowMs) wait = Math.max(wait, Math.ceil((free - nowMs) / 1000));
      }
      if (wait > 0) return { allowed: false, retryAfterSeconds: wait };
      const at = now.toISOString();
      const attemptIds = [keys.pair, keys.account, keys.address].map((key) => insertLoginFailure(db, key, at));
      return { allowed: true, attemptIds };
    })
    .immediate();
}

/** The password was never checked (the server was too busy): the try does not count. */
export function attemptNotMade(db: Db, attemptIds: number[]): void {
  db.transaction(() => attemptIds.forEach((id) => deleteLoginFailure(db, id)))();
}

/**
 * A successful log-in: its own try is taken back, and the account's failures (from
 * this address and in total) are cleared; the address's other failures stay.
 */
export function attemptSucceeded(db: Db, keys: ThrottleKeys, attemptIds: number[]): void {
  db.transaction(() => {
    attemptNotMade(db, attemptIds);
    deleteLoginFailuresOf(db, [keys.pair, keys.account]);
  })();
}
