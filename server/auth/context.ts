import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { getCookie } from 'hono/cookie';
import type { AppDeps } from '../http/deps';
import type { DeviceIdentity } from '../informant/devices';
import type { StaffRow } from './store';
import type { SourceIdentity } from '../figures/store';

/** What the auth features need beyond the common deps. */
export interface AuthDeps extends AppDeps {
  /** The public origin (PUBLIC_URL) when configured: used in links, the Origin check and the Secure cookie flag. */
  publicUrl?: string;
  /** Take the client address from X-Forwarded-For (only behind a reverse proxy you run). */
  trustProxy?: boolean;
  /** The configured basemap (MAP_TILE_URL): its origin is the only foreign one the CSP allows, for images. */
  mapTiles?: import('../../shared/map').MapTiles | null;
}

/** Set by `authorize`: exactly one of them for a non-public route. */
export type AuthEnv = {
  Variables: {
    device: DeviceIdentity;
    staff: StaffRow;
    source: SourceIdentity;
  };
};

/** The session cookie on plain http (development, tests on 127.0.0.1). */
export const SESSION_COOKIE = 'lb_session';
/**
 * On https the cookie is `__Host-` prefixed: the browser then only accepts it Secure,
 * from this exact host, for Path=/ – a sibling subdomain cannot plant or shadow it.
 */
export const SESSION_COOKIE_HTTPS = '__Host-lb_session';

export function sessionCookieName(c: Context, deps: AuthDeps): string {
  return isHttps(c, deps) ? SESSION_COOKIE_HTTPS : SESSION_COOKIE;
}

/**
 * The session id the request carries. On https a cookie under the old name (set before
 * the `__Host-` prefix) is still read, once: `authorize` moves it to the new name, so
 * nobody is logged out by the upgrade.
 */
export function readSessionCookie(c: Context, deps: AuthDeps): { id: string; legacy: boolean } | undefined {
  const name = sessionCookieName(c, deps);
  const id = getCookie(c, name);
  if (id) return { id, legacy: false };
  if (name === SESSION_COOKIE) return undefined;
  const old = getCookie(c, SESSION_COOKIE);
  return old ? { id: old, legacy: true } : undefined;
}

/** The origin the browser sees: PUBLIC_URL if set, else the request's own. */
export function publicOrigin(c: Context, deps: AuthDeps): string {
  return deps.publicUrl ? new URL(deps.publicUrl).origin : new URL(c.req.url).origin;
}

export function isHttps(c: Context, deps: AuthDeps): boolean {
  if (deps.publicUrl?.startsWith('https:')) return true;
  if (new URL(c.req.url).protocol === 'https:') return true;
  return deps.trustProxy === true && c.req.header('x-forwarded-proto') === 'https';
}

/** The client's address for throttling. Behind a trusted proxy: the address the proxy appended last. */
export function clientAddress(c: Context, deps: AuthDeps): string {
  if (deps.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').map((s) => s.trim()).filter(Boolean).pop();
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
