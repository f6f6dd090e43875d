import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { deleteCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { apiError } from '../http/errors';
import { deviceForToken } from '../informant/devices';
import { SOURCE_TOKEN_PREFIX, sourceForToken } from '../figures/store';
import { SESSION_COOKIE, SESSION_COOKIE_HTTPS, readSessionCookie, type AuthDeps, type AuthEnv } from './context';
import { allows, ruleFor, type Principal } from './rules';
import { ABSOLUTE_MS, sessionFor } from './sessions';
import { UNSUBSCRIBE_PATH } from '../sendout/paths';

/**
 * The one authorisation middleware: looks up the request's rule in RULES
 * (./rules.ts), identifies the caller only when the rule is not public, and
 * answers 401/403 itself. Identification: a Bearer token means a device (its
 * 401 codes are the informant contract: `unauthorized`, `device_revoked`);
 * otherwise the session cookie means a staff member; otherwise anonymous.
 */
export function authorize(deps: AuthDeps) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const match = ruleFor(c.req.method, c.req.path);
    if (!match) return apiError(c, 404, 'not_found', `No such endpoint: ${c.req.method} ${c.req.path}`);
    if (match.rule === 'public') return next();

    let principal: Principal | 'anonymous' = 'anonymous';
    const bearer = bearerToken(c.req.header('authorization'));
    if (bearer?.startsWith(SOURCE_TOKEN_PREFIX)) {
      // A system that pushes figures (police, property management): its own token, never a device's.
      const found = sourceForToken(deps.db, bearer);
      if (!found.ok) {
        return apiError(c, 401, 'unauthorized', found.revoked ? 'This source token has been revoked. Ask an administrator for a new one.' : 'Unknown source token.');
      }
      c.set('source', found.source);
      principal = 'source';
    } else if (bearer) {
      const found = deviceForToken(deps.db, bearer, deps.now());
      if (!found.ok) {
        return found.revoked
          ? apiError(c, 401, 'device_revoked', 'This device has been revoked. Ask your coordinator for a new invite link.')
          : apiError(c, 401, 'unauthorized', 'Unknown device token: enrol this device with an invite link.');
      }
      c.set('device', found.device);
      principal = 'device';
    } else {
      const cookie = readSessionCookie(c, deps);
      if (cookie) {
        const sid = cookie.id;
        const session = sessionFor(deps.db, sid, deps.now());
        if (!session.ok) {
          return session.reason === 'expired'
            ? apiError(c, 401, 'session_expired', 'Your session has expired. Log in again.')
            : apiError(c, 401, 'unauthorized', 'You are not logged in. Log in and try again.');
        }
        c.set('staff', session.staff);
        principal = session.staff.role;
        if (cookie.legacy) moveLegacySession(c, sid);
      }
    }

    if (allows(match.rule, principal)) return next();
    if (principal === 'anonymous') {
      const deviceOnly = match.rule.every((p) => p === 'device');
      return deviceOnly
        ? apiError(c, 401, 'unauthorized', 'Missing device token: enrol this device with an invite link first.')
        : apiError(c, 401, 'unauthorized', 'You are not logged in. Log in and try again.');
    }
    return apiError(c, 403, 'forbidden', 'Your account does not have access to this.');
  });
}

const UNSAFE = /^(POST|PUT|PATCH|DELETE)$/i;

/**
 * CSRF protection for cookie sessions. Hono's `csrf()` only inspects
 * form-like content types (application/x-www-form-urlencoded, multipart,
 * text/plain) and lets `application/json` through, and our JSON reader does not
 * look at the content type, so we check explicitly: an unsafe request that
 * carries the session cookie – or is a log-in/setup (log-in CSRF) – must come
 * from our own origin: `Origin` equal to PUBLIC_URL's origin (or, without PUBLIC_URL,
 * the request's), agreeing with `Sec-Fetch-Site` when both are sent; or, without
 * `Origin`, `Sec-Fetch-Site: same-origin`. Bearer-token (device) requests carry no
 * ambient credentials and are not checked; nor are cookie-less requests without
 * any browser header (non-browser clients cannot be forged by a web page).
 */
export function csrfGuard(deps: AuthDeps) {
  return createMiddleware(async (c, next) => {
    if (!UNSAFE.test(c.req.method)) return next();
    // RFC 8058 one-click unsubscribe: mail providers POST it cross-site by design. Safe
    // without the check: it needs no session, acts only on the recipient its signed token
    // names, and can only stop mail.
    if (UNSUBSCRIBE_PATH.test(c.req.path)) return next();
    // The same test as authorize(): only a bearer token makes a request a device's.
    if (bearerToken(c.req.header('authorization'))) return next();
    const hasCookie = readSessionCookie(c, deps) !== undefined;
    const sessionless = c.req.path === '/api/v1/auth/login' || c.req.path === '/api/v1/setup';
    if (!hasCookie && !sessionless) return next();

    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    // With PUBLIC_URL set, only that origin is ours (behind a proxy the request's own
    // origin is an internal address nobody browses to).
    const ours = deps.publicUrl ? new URL(deps.publicUrl).origin : new URL(c.req.url).origin;
    // When the browser says where a request comes from twice, both must agree: a
    // cross-site or same-site (sibling subdomain) fetch is refused whatever its Origin.
    const ok =
      origin !== undefined
        ? origin === ours && (site === undefined || site === 'same-origin')
        : site === 'same-origin' || (site === undefined && !hasCookie);
    if (!ok) return apiError(c, 403, 'csrf', 'This request did not come from Lägesbild itself and was refused. Reload the page and try again.');
    return next();
  });
}

/** The Content Security Policy of the built app (no inline scripts, no eval). */
export const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"], // Solid may set inline style attributes
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

/**
 * The CSP with the basemap's tile origin (MAP_TILE_URL) added to img-src – exactly that
 * origin and only for images. Leaflet needs nothing else: its tiles are <img> elements,
 * it positions with element.style (CSSOM, which style-src does not govern) and its CSS
 * is a file of our own origin.
 */
export function cspFor(tileOrigin: string | undefined): typeof CSP {
  return tileOrigin ? { ...CSP, imgSrc: [...CSP.imgSrc, tileOrigin] } : CSP;
}

/**
 * Secure headers on every response. Referrer-Policy is `same-origin` (not Hono's
 * `no-referrer`): with `no-referrer` browsers send `Origin: null` on same-origin
 * POSTs, which the CSRF check would have to special-case. HSTS only when served over https.
 */
export function securityHeaders(deps: AuthDeps) {
  const https = deps.publicUrl?.startsWith('https:') ?? false;
  return secureHeaders({
    contentSecurityPolicy: cspFor(deps.mapTiles?.origin),
    referrerPolicy: 'same-origin',
    strictTransportSecurity: https ? 'max-age=15552000; includeSubDomains' : false,
    xFrameOptions: 'DENY',
    crossOriginEmbedderPolicy: false,
  });
}

/** The device token of an `Authorization: Bearer <token>` header, if that is what it is. */
function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}

/** A session found under the cookie's old name: the same session under the `__Host-` name; the old cookie is dropped. */
export function moveLegacySession(c: Context, sid: string): void {
  setCookie(c, SESSION_COOKIE_HTTPS, sid, { path: '/', httpOnly: true, sameSite: 'Strict', secure: true, maxAge: Math.floor(ABSOLUTE_MS / 1000) });
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
}
