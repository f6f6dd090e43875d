import { Hono } from 'hono';
import { EnrolRequestSchema } from '../../shared/schemas';
import type { EnrolResponse, InformantContext } from '../../shared/api';
import { audit } from '../audit/log';
import { apiError } from '../http/errors';
import { jsonBody } from '../http/request';
import type { AppDeps, DeviceEnv } from '../http/deps';
import { requireDevice } from './auth';
import { informantContext } from './context';
import { enrolDevice } from './devices';

const ENROL_REFUSALS = {
  unknown: [404, 'invite_unknown', 'This invite link is not valid. Check that the whole link was opened, or ask for a new one.'],
  expired: [410, 'invite_expired', 'This invite link has expired. Ask your coordinator for a new one.'],
  revoked: [410, 'invite_revoked', 'This invite link has been withdrawn. Ask your coordinator for a new one.'],
  full: [403, 'invite_full', 'This invite link has been used by as many devices as it allows. Ask your coordinator for a new one.'],
} as const;

export function informantRoutes(deps: AppDeps & { informantsSeePictures?: boolean }) {
  const app = new Hono<DeviceEnv>();

  app.post('/enrol', jsonBody(EnrolRequestSchema, { shape: '{"code": "<invite code>"}' }), (c) => {
    const outcome = enrolDevice(deps.db, c.get('body').code, deps.now());
    if (!outcome.ok) {
      const [status, code, message] = ENROL_REFUSALS[outcome.reason];
      return apiError(c, status, code, message);
    }
    audit(deps.db, { actor: { type: 'device', id: outcome.deviceId }, action: 'device.enrol', target: `function:${outcome.functionId}`, at: deps.now() });
    return c.json<EnrolResponse>({ token: outcome.token, functionId: outcome.functionId, name: outcome.name });
  });

  app.get('/informant/context', requireDevice(deps), (c) => {
    const context = informantContext(deps.db, c.get('device').functionId, deps.now());
    if (!context) return apiError(c, 401, 'unauthorized', 'This device belongs to a function that no longer exists.');
    return c.json<InformantContext>({ ...context, picturesShared: deps.informantsSeePictures === true });
  });

  return app;
}
