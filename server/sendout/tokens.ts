/**
 * Signed links of the send-out: one-click unsubscribe (RFC 8058) per recipient, and the
 * web version of a published picture. HMAC-SHA-256 under a random secret generated on
 * first use and kept in the database (server_secrets, with the server's other secrets), like the VAPID keys: a
 * link cannot be forged or pointed at another recipient, and needs no session.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/open';
import { serverSecret } from '../db/secrets';

const SECRET = 'sendout_links';

/** The secret, created once (INSERT OR IGNORE + read back: a racing first start agrees on one). */
export function linkSecret(db: Db, now: Date = new Date()): Buffer {
  return serverSecret(db, SECRET, now);
}

function mac(secret: Buffer, purpose: string, subject: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${subject}`).digest('base64url').slice(0, 32);
}

function verify(secret: Buffer, purpose: string, subject: string, given: string): boolean {
  const want = Buffer.from(mac(secret, purpose, subject));
  const got = Buffer.from(given);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** "17.<mac>": unsubscribes recipient 17. */
export function unsubscribeToken(secret: Buffer, recipientId: number): string {
  return `${recipientId}.${mac(secret, 'unsubscribe', String(recipientId))}`;
}

export function readUnsubscribeToken(secret: Buffer, token: string): number | null {
  const m = /^([1-9]\d{0,14})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m || !verify(secret, 'unsubscribe', m[1]!, m[2]!)) return null;
  return Number(m[1]);
}

/** "2026-W48.2.<mac>": the web version of one published version. */
export function webVersionToken(secret: Buffer, week: string, version: number): string {
  return `${week}.${version}.${mac(secret, 'web', `${week}/${version}`)}`;
}

export function readWebVersionToken(secret: Buffer, token: string): { week: string; version: number } | null {
  const m = /^(\d{4}-W\d{2})\.([1-9]\d{0,5})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m || !verify(secret, 'web', `${m[1]}/${m[2]}`, m[3]!)) return null;
  return { week: m[1]!, version: Number(m[2]) };
}
