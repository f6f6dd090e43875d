import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as v from 'valibot';
import { LoginSchema, SetupSchema, type Me, type SessionState } from '../../shared/admin';
import { describeIssues } from '../../shared/schemas';
import { audit } from '../audit/log';
import { apiError, readJson } from '../http/errors';
import { SESSION_COOKIE, clientAddress, isHttps, type AuthDeps, type AuthEnv } from './context';
import { burnVerification, hashPassword, verifyPassword } from './password';
import { ABSOLUTE_MS, createSession, deleteSession, sessionFor } from './sessions';
import { consumeSetupCode } from './setup';
import { countActiveAdmins, findStaffByEmail, insertStaff, toMe, type StaffRow } from './staff';
import { clearAccount, lockedFor, recordFailure, throttleKeys } from './throttle';
import { hashSecret } from './tokens';

const BAD_LOGIN = 'Wrong e-mail address or password.';

/** Starts a fresh session (a new id at every log-in) and drops the one the request came with. */
function startSession(c: Context, deps: AuthDeps, staff: StaffRow): void {
  const old = getCookie(c, SESSION_COOKIE);
  if (old) deleteSession(deps.db, old);
  const session = createSession(deps.db, staff.id, deps.now());
  setCookie(c, SESSION_COOKIE, session.id, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c, deps),
    maxAge: Math.floor(ABSOLUTE_MS / 1000),
  });
}

export function authRoutes(deps: AuthDeps) {
  const app = new Hono<AuthEnv>();

  app.post('/auth/login', async (c) => {
    const body = v.safeParse(LoginSchema, await readJson(c));
    if (!body.success) return apiError(c, 400, 'bad_request', `Expected {"email", "password"}: ${describeIssues(body.issues)}`);
    const { email, password } = body.output;
    const address = clientAddress(c, deps);
    const keys = throttleKeys(email, address);
    const now = deps.now();
    const wait = lockedFor(deps.db, keys, now);
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60);
      c.header('Retry-After', String(wait));
      return apiError(c, 429, 'too_many_attempts', `Too many failed log-in attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`);
    }
    const staff = findStaffByEmail(deps.db, email);
    const ok = staff ? await verifyPassword(password, staff.password_hash) : (await burnVerification(password), false);
    if (!ok || !staff || staff.disabled_at) {
      recordFailure(deps.db, keys, now);
      audit(deps.db, {
        actor: { type: 'anonymous' },
        action: 'auth.login_failed',
        target: staff ? `staff:${staff.id}` : null,
        detail: { reason: !staff ? 'unknown_account' : staff.disabled_at && ok ? 'disabled' : 'wrong_password', address },
        at: now,
      });
      return apiError(c, 401, 'invalid_credentials', BAD_LOGIN);
    }
    clearAccount(deps.db, email);
    startSession(c, deps, staff);
    audit(deps.db, { actor: { type: 'staff', id: staff.id }, action: 'auth.login', target: `staff:${staff.id}`, detail: { address }, at: now });
    return c.json<Me>(toMe(staff));
  });

  app.post('/auth/logout', (c) => {
    const sid = getCookie(c, SESSION_COOKIE);
    if (sid) deleteSession(deps.db, sid);
    deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c, deps) });
    const staff = c.get('staff');
    audit(deps.db, { actor: { type: 'staff', id: staff.id }, action: 'auth.logout', target: `staff:${staff.id}`, at: deps.now() });
    return c.json({ ok: true });
  });

  // Public (rules.ts): the app asks before anyone has signed in, and "not signed in" is an answer, not an error.
  app.get('/auth/me', (c) => {
    const sid = getCookie(c, SESSION_COOKIE);
    const session = sid ? sessionFor(deps.db, sid, deps.now()) : undefined;
    if (!session?.ok) return c.json<SessionState>(session?.reason === 'expired' ? { signedIn: false, expired: true } : { signedIn: false });
    return c.json<SessionState>({ signedIn: true, ...toMe(session.staff) });
  });

  /** Lets the setup screen say at once whether its link still works. */
  app.get('/setup/:code', (c) => {
    const usable =
      countActiveAdmins(deps.db) === 0 &&
      deps.db.prepare('SELECT 1 FROM setup_codes WHERE code_hash = ?').get(hashSecret(c.req.param('code'))) !== undefined;
    return usable ? c.json({ ok: true }) : apiError(c, 410, 'setup_used', 'This setup link has already been used or has been replaced. Log in instead.');
  });

  app.post('/setup', async (c) => {
    const body = v.safeParse(SetupSchema, await readJson(c));
    if (!body.success) return apiError(c, 400, 'bad_request', `Expected {"code", "email", "password"}: ${describeIssues(body.issues)}`);
    const { code, email, name, password } = body.output;
    const known = deps.db.prepare('SELECT 1 FROM setup_codes WHERE code_hash = ?').get(hashSecret(code)) !== undefined;
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
