import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { LoginSchema, SetupSchema, type Me, type SessionState } from '../../shared/admin';
import { audit } from '../audit/log';
import { apiError } from '../http/errors';
import { jsonBody } from '../http/request';
import { SESSION_COOKIE, clientAddress, isHttps, readSessionCookie, sessionCookieName, type AuthDeps, type AuthEnv } from './context';
import { HashingBusy, burnVerification, hashPassword, verifyPassword } from './password';
import { moveLegacySession } from './middleware';
import { ABSOLUTE_MS, createSession, deleteSession, sessionFor } from './sessions';
import { consumeSetupCode, isSetupCode } from './setup';
import { countActiveAdmins, findStaffByEmail, insertStaff, toMe } from './staff';
import type { StaffRow } from './store';
import { attemptNotMade, attemptSucceeded, beginAttempt, throttleKeys } from './throttle';
import { hashSecret } from './tokens';

const BAD_LOGIN = 'Wrong e-mail address or password.';

/** Starts a fresh session (a new id at every log-in) and drops the one the request came with. */
function startSession(c: Context, deps: AuthDeps, staff: StaffRow): void {
  const old = readSessionCookie(c, deps);
  if (old) deleteSession(deps.db, old.id);
  if (old?.legacy) deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
  const session = createSession(deps.db, staff.id, deps.now());
  setCookie(c, sessionCookieName(c, deps), session.id, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c, deps),
    maxAge: Math.floor(ABSOLUTE_MS / 1000),
  });
}

export function authRoutes(deps: AuthDeps) {
  const app = new Hono<AuthEnv>();

  app.post('/auth/login', jsonBody(LoginSchema, { shape: '{"email", "password"}' }), async (c) => {
    const { email, password } = c.get('body');
    const address = clientAddress(c, deps);
    const keys = throttleKeys(deps.db, email, address);
    const now = deps.now();
    const attempt = beginAttempt(deps.db, keys, now);
    if (!attempt.allowed) {
      const wait = attempt.retryAfterSeconds;
      c.header('Retry-After', String(wait));
      const when = wait < 60 ? `${wait} second${wait === 1 ? '' : 's'}` : `${Math.ceil(wait / 60)} minute${Math.ceil(wait / 60) === 1 ? '' : 's'}`;
      return apiError(c, 429, 'too_many_attempts', `Too many failed log-in attempts. Wait ${when} and try again.`);
    }
    const staff = findStaffByEmail(deps.db, email);
    let ok: boolean;
    try {
      ok = staff ? await verifyPassword(password, staff.password_hash) : (await burnVerification(password), false);
    } catch (err) {
      if (!(err instanceof HashingBusy)) throw err;
      attemptNotMade(deps.db, attempt.attemptIds);
      c.header('Retry-After', '2');
      return apiError(c, 429, 'busy', 'Many log-ins are being checked right now. Try again in a few seconds.');
    }
    if (!ok || !staff || staff.disabled_at) {
      audit(deps.db, {
        actor: { type: 'anonymous' },
        action: 'auth.login_failed',
        target: staff ? `staff:${staff.id}` : null,
        detail: { reason: !staff ? 'unknown_account' : staff.disabled_at && ok ? 'disabled' : 'wrong_password', address },
        at: now,
      });
      return apiError(c, 401, 'invalid_credentials', BAD_LOGIN);
    }
    attemptSucceeded(deps.db, keys, attempt.attemptIds);
    startSession(c, deps, staff);
    audit(deps.db, { actor: { type: 'staff', id: staff.id }, action: 'auth.login', target: `staff:${staff.id}`, detail: { address }, at: now });
    return c.json<Me>(toMe(staff));
  });

  app.post('/auth/logout', (c) => {
    const sid = readSessionCookie(c, deps);
    if (sid) deleteSession(deps.db, sid.id);
    deleteCookie(c, sessionCookieName(c, deps), { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c, deps) });
    if (sid?.legacy) deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
    const staff = c.get('staff');
    audit(deps.db, { actor: { type: 'staff', id: staff.id }, action: 'auth.logout', target: `staff:${staff.id}`, at: deps.now() });
    return c.json({ ok: true });
  });

  // Public (rules.ts): the app asks before anyone has signed in, and "not signed in" is an answer, not an error.
  app.get('/auth/me', (c) => {
    const cookie = readSessionCookie(c, deps);
    const session = cookie ? sessionFor(deps.db, cookie.id, deps.now()) : undefined;
    if (!session?.ok) return c.json<SessionState>(session?.reason === 'expired' ? { signedIn: false, expired: true } : { signedIn: false });
    if (cookie!.legacy) moveLegacySession(c, cookie!.id);
    return c.json<SessionState>({ signedIn: true, ...toMe(session.staff) });
  });

  /** Lets the setup screen say at once whether its link still works. */
  app.get('/setup/:code', (c) => {
    const usable =
      countActiveAdmins(deps.db) === 0 &&
      isSetupCode(deps.db, c.req.param('code'));
    return usable ? c.json({ ok: true }) : apiError(c, 410, 'setup_used', 'This setup link has already been used or has been replaced. Log in instead.');
  });

  app.post('/setup', jsonBody(SetupSchema, { shape: '{"code", "email", "password"}' }), async (c) => {
    const { code, email, name, password } = c.get('body');
    const known = isSetupCode(deps.db, code);
    if (!known || countActiveAdmins(deps.db) > 0) {
      return apiError(c, 410, 'setup_used', 'This setup link has already been used or has been replaced. Log in instead.');
    }
    const passwordHash = await hashPassword(password);
    const now = deps.now();
    const created = deps.db.transaction((): StaffRow | 'used' | 'taken' => {
      if (findStaffByEmail(deps.db, email)) return 'taken';
      if (!consumeSetupCode(deps.db, code)) return 'used';
      const staff = insertStaff(deps.db, { email, name: name ?? '', role: 'admin', passwordHash }, now);
      audit(deps.db, { actor: { type: 'system' }, action: 'auth.setup', target: `staff:${staff.id}`, detail: { role: 'admin' }, at: now });
      return staff;
    }).immediate();
    if (created === 'used') return apiError(c, 410, 'setup_used', 'This setup link has already been used or has been replaced. Log in instead.');
    if (created === 'taken') return apiError(c, 409, 'email_taken', 'email: an account with this e-mail address already exists.');
    startSession(c, deps, created);
    return c.json<Me>(toMe(created), 201);
  });

  return app;
}
