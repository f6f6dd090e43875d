import type { MiddlewareHandler } from 'hono';
import { clientAddress, type AuthDeps } from '../auth/context';
import { loggablePath, type Logger } from '../log';

/**
 * One log line per request: method, path (codes masked, no query string), status,
 * duration, client address, the refusal code of a 4xx and the device that asked.
 * Never headers or bodies: they hold tokens, cookies, passwords and report notes.
 */
export function requestLog(logger: Logger, deps: Pick<AuthDeps, 'trustProxy'>): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const status = c.res.status;
      const device = c.get('device' as never) as { deviceId?: string } | undefined;
      const line = {
        method: c.req.method,
        path: loggablePath(c.req.path),
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        client: clientAddress(c, deps as AuthDeps),
        ...(c.get('refusal') ? { refusal: c.get('refusal') } : {}),
        ...(device?.deviceId ? { device: device.deviceId } : {}),
      };
      if (status >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    }
  };
}
