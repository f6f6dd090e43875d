import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { apiError } from './http/errors';
import type { AppDeps } from './http/deps';
import { clientRoutes } from './http/static';
import { informantRoutes } from './informant/routes';
import { reportRoutes } from './reports/routes';

export interface AppOptions extends AppDeps {
  /** Directory of the built client; omitted in API tests. */
  clientDir?: string;
  log?: (message: string) => void;
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

  app.get('/api/health', (c) => c.json({ ok: true, version: opts.version }));
  app.route('/api/v1', informantRoutes(opts));
  app.route('/api/v1', reportRoutes(opts));
  app.all('/api/*', (c) => apiError(c, 404, 'not_found', `No such endpoint: ${c.req.method} ${c.req.path}`));

  if (opts.clientDir) app.route('/', clientRoutes(opts.clientDir));
  return app;
}
