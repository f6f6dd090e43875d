import { createMiddleware } from 'hono/factory';
import { apiError } from '../http/errors';
import type { AppDeps, DeviceEnv } from '../http/deps';
import { deviceForToken } from './devices';

/**
 * Informant endpoints: a valid, unrevoked device token or 401 with a code the app understands.
 * In the composed app the central `authorize` middleware (server/auth) has already
 * identified the device from the same token; then this only passes it on.
 */
export function requireDevice(deps: AppDeps) {
  return createMiddleware<DeviceEnv>(async (c, next) => {
    if (c.get('device')) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return apiError(c, 401, 'unauthorized', 'Missing device token: enrol this device with an invite link first.');
    const found = deviceForToken(deps.db, match[1]!, deps.now());
    if (!found.ok) {
      return found.revoked
        ? apiError(c, 401, 'device_revoked', 'This device has been revoked. Ask your coordinator for a new invite link.')
        : apiError(c, 401, 'unauthorized', 'Unknown device token: enrol this device with an invite link.');
    }
    c.set('device', found.device);
    await next();
  });
}
