import { createHash, randomBytes } from 'node:crypto';

/** A fresh secret for a bearer token or an invite code (URL-safe). */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Tokens and invite codes are high-entropy random strings, so a plain SHA-256 is
 * enough to keep a stolen database from yielding usable secrets (no KDF needed).
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
