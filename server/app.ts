import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { apiError } from './http/errors';
import { bodyLimits } from './http/request';
import { adminRoutes } from './admin/routes';
import type { AuthDeps } from './auth/context';
import { authorize, csrfGuard, securityHeaders } from './auth/middleware';
import { authRoutes } from './auth/routes';
import { HashingBusy } from './auth/password';
import { routesWithoutRule } from './auth/rules';
import { clientRoutes } from './http/static';
import { compressJson } from './http/compress';
import { informantRoutes } from './informant/routes';
import { reportRoutes } from './reports/routes';
import { pushRoutes } from './push/routes';
import { weekviewRoutes } from './weekview/routes';
import { mapRoutes } from './map/routes';
import { picturesRoutes } from './pictures/routes';
import { exportRoutes } from './export/routes';
import { interventionsRoutes } from './interventions/routes';
import { pictureInterventions } from './interventions/store';
import { periodsRoutes } from './periods/routes';
import { prioritisedAreaIds } from './periods/store';
import { figuresRoutes } from './figures/routes';
import { compileFigureWeek } from './figures/compile';
import { figureWeekInput } from './figures/store';
import type { PeriodKind } from '../shared/followup';
import { sendoutRoutes } from './sendout/routes';
import type { MailConfig } from './sendout/transport';
import { createLogger, loggablePath, type Logger } from './log';
import { requestLog } from './http/request-log';
import { healthReport } from './ops/health';

export interface AppOptions extends AuthDeps {
  /** Directory of the built client; omitted in API tests. */
  clientDir?: string;
  /** The one logger (server/log.ts); default: warnings and errors only. */
  logger?: Logger;
  /** DATA_DIR: /api/health reads the record of the last good backup there. */
  dataDir?: string;
  /** The job runner, for /api/health's liveness (main.ts passes it). */
  jobs?: { lastTickAt(): Date | null };
  /** Quarters (Örebro) or tertials (Kumla, Uppsala): the EST follow-up period. */
  periodKind?: PeriodKind;
  /** Informant devices may read the latest published picture (Config.informantsSeePictures; default no). */
  informantsSeePictures?: boolean;
  /** Prefix of register numbers (Config.registerPrefix; default "EST"). */
  registerPrefix?: string;
  /** The municipality's name on the statutory lägesbild (Config.municipality). */
  municipality?: string;
  /** The e-mail send-out's SMTP settings (Config.mail); null or unset = off. */
  mail?: MailConfig | null;
}

/** Composes the features; each feature's routes live in its own folder. */
export function createApp(opts: AppOptions) {
  const logger = opts.logger ?? createLogger({ level: 'warn' });
  const app = new Hono();

  app.use('*', requestLog(logger, opts));

  // No request may produce a stack trace: log it here, answer with a sentence.
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) {
      return apiError(c, err.status as 400, 'bad_request', err.message || 'The request could not be read.');
    }
    // Password hashing is capped (server/auth/password.ts): too many at once is a wait, not a fault.
    if (err instanceof HashingBusy) {
      c.header('Retry-After', '2');
      return apiError(c, 429, 'busy', 'The server is checking many passwords right now. Try again in a few seconds.');
    }
    logger.error({ err, method: c.req.method, path: loggablePath(c.req.path) }, 'request failed');
    return apiError(c, 500, 'internal', 'Something went wrong on the server. Nothing you sent was half-saved; try again.');
  });

  // Security: headers on everything; CSRF check, then the one rule table (server/auth/rules.ts) for /api.
  app.use('*', securityHeaders(opts));
  // API answers carry sessions, tokens (enrol) and staff lists: no browser or proxy may keep one.
  // First in the chain, so refusals (CSRF, 401, 404, 413, 500) get it too.
  app.use('/api/*', async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  });
  // JSON answers over ~1 KB go out compressed; static files come precompressed from the build.
  app.use('/api/*', compressJson());
  app.use('/api/*', csrfGuard(opts));
  app.use('/api/*', authorize(opts));
  // After the gate, so an unauthorised caller's body is never read; limits: server/http/request.ts.
  app.use('/api/*', bodyLimits());

  app.get('/api/health', (c) => {
    const { status, body } = healthReport(opts);
    return c.json(body, status);
  });
  // One answer to "may informants read the latest picture?" for the context and the picture route.
  const informantsSeePictures = opts.informantsSeePictures === true;
  app.route('/api/v1', informantRoutes({ ...opts, informantsSeePictures }));
  app.route('/api/v1', reportRoutes(opts));
  app.route('/api/v1', authRoutes(opts));
  app.route('/api/v1/admin', adminRoutes(opts));
  // The week view lists the areas prioritised for the period first.
  app.route('/api/v1', weekviewRoutes({ ...opts, prioritisedAreaIds: (week) => prioritisedAreaIds(opts.db, week) }));
  app.route('/api/v1', mapRoutes(opts));
  // The draft picture: prioritised areas of the period and the interventions decided in the week.
  const mail = opts.mail ?? null;
  app.route('/api/v1', picturesRoutes({ ...opts, informantsSeePictures, prioritisedAreaIds: (week) => prioritisedAreaIds(opts.db, week), mailEnabled: mail !== null, interventions: (week) => pictureInterventions(opts.db, week), figures: (week) => compileFigureWeek(figureWeekInput(opts.db, week)) }));
  app.route('/api/v1', exportRoutes(opts));
  app.route('/api/v1', sendoutRoutes({ ...opts, mail }));
  app.route('/api/v1', pushRoutes(opts));
  app.route('/api/v1', interventionsRoutes(opts));
  app.route('/api/v1', periodsRoutes({ ...opts, periodKind: opts.periodKind ?? 'quarter' }));
  // Other sources' figures (beside the reports, never mixed in) and the statutory lägesbild.
  app.route('/api/v1', figuresRoutes({ ...opts, periodKind: opts.periodKind ?? 'quarter' }));
  app.all('/api/*', (c) => apiError(c, 404, 'not_found', `No such endpoint: ${c.req.method} ${c.req.path}`));

  if (opts.clientDir) app.route('/', clientRoutes(opts.clientDir));
  // A route without a rule is refused (404) for everyone; say so at once.
  for (const missing of routesWithoutRule(app.routes)) logger.warn(`auth: no rule in server/auth/rules.ts for ${missing}; it is refused`);
  return app;
}
