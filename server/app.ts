import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { apiError } from './http/errors';
import { adminRoutes } from './admin/routes';
import type { AuthDeps } from './auth/context';
import { authorize, csrfGuard, securityHeaders } from './auth/middleware';
import { authRoutes } from './auth/routes';
import { routesWithoutRule } from './auth/rules';
import { clientRoutes } from './http/static';
import { informantRoutes } from './informant/routes';
import { reportRoutes } from './reports/routes';
import { pushRoutes } from './push/routes';
import { weekviewRoutes } from './weekview/routes';
import { mapRoutes } from './map/routes';
import { picturesRoutes } from './pictures/routes';
import { exportRoutes } from './export/routes';
import { interventionsRoutes } from './interventions/routes';
import { pictureInterventions } from './interventions/store';
import { followupRoutes } from './followup/routes';
import { prioritisedAreaIds } from './followup/store';
import type { PeriodKind } from '../shared/followup';

export interface AppOptions extends AuthDeps {
  /** Directory of the built client; omitted in API tests. */
  clientDir?: string;
  log?: (message: string) => void;
  /** Quarters (Örebro) or tertials (Kumla, Uppsala): the EST follow-up period. */
  periodKind?: PeriodKind;
  /** Informant devices may read the latest published picture (default: env INFORMANTS_SEE_PICTURES=1). */
  informantsSeePictures?: boolean;
}

/** Composes the features; each feature's routes live in its own folder. */
export function createApp(opts: AppOptions) {
  const log = opts.log ?? ((m) => console.error(m));
  const app = new Hono();

  // No request may produce a stack trace: log it here, answer with a sentence.
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) {
      return apiError(c, err.status as 400, 'bad_request', err.message || 'The request could not be read.');
    }
    log(`error: ${c.req.method} ${c.req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return apiError(c, 500, 'internal', 'Something went wrong on the server. Nothing you sent was half-saved; try again.');
  });

  // Security: headers on everything; CSRF check, then the one rule table (server/auth/rules.ts) for /api.
  app.use('*', securityHeaders(opts));
  app.use('/api/*', csrfGuard(opts));
  app.use('/api/*', authorize(opts));

  app.get('/api/health', (c) => c.json({ ok: true, version: opts.version }));
  // One answer to "may informants read the latest picture?" for the context and the picture route.
  const informantsSeePictures = opts.informantsSeePictures ?? process.env.INFORMANTS_SEE_PICTURES === '1';
  app.route('/api/v1', informantRoutes({ ...opts, informantsSeePictures }));
  app.route('/api/v1', reportRoutes(opts));
  app.route('/api/v1', authRoutes(opts));
  app.route('/api/v1/admin', adminRoutes(opts));
  // The week view lists the areas prioritised for the period first.
  app.route('/api/v1', weekviewRoutes({ ...opts, prioritisedAreaIds: (week) => prioritisedAreaIds(opts.db, week) }));
  app.route('/api/v1', mapRoutes(opts));
  // The draft picture: prioritised areas of the period and the interventions decided in the week.
  app.route('/api/v1', picturesRoutes({ ...opts, informantsSeePictures, prioritisedAreaIds: (week) => prioritisedAreaIds(opts.db, week), interventions: (week) => pictureInterventions(opts.db, week) }));
  app.route('/api/v1', exportRoutes(opts));
  app.route('/api/v1', pushRoutes(opts));
  app.route('/api/v1', interventionsRoutes(opts));
  app.route('/api/v1', followupRoutes({ ...opts, periodKind: opts.periodKind ?? 'quarter' }));
  app.all('/api/*', (c) => apiError(c, 404, 'not_found', `No such endpoint: ${c.req.method} ${c.req.path}`));

  if (opts.clientDir) app.route('/', clientRoutes(opts.clientDir));
  // A route without a rule is refused (404) for everyone; say so at once.
  for (const missing of routesWithoutRule(app.routes)) log(`auth: no rule in server/auth/rules.ts for ${missing}; it is refused`);
  return app;
}
