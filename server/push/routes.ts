/**
 * Push endpoints, mounted under /api/v1 by the app:
 *   GET    /push/public-key     (public)  → {publicKey}  the VAPID application server key
 *   PUT    /push/subscription   (device)  {endpoint, keys: {p256dh, auth}} → {ok, created}
 *   DELETE /push/subscription   (device)  {endpoint} → {ok, deleted}
 *   GET    /push/status         (coordination) → per function: has it a working subscription?
 * The app PUTs its subscription on every open: that is what keeps it from being pruned.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { describeIssues } from '../../shared/schemas';
import { PushSubscriptionSchema, PushUnsubscribeSchema, type PushPublicKeyResponse, type PushSubscriptionResponse } from '../../shared/push';
import { apiError, readJson } from '../http/errors';
import type { AppDeps, DeviceEnv } from '../http/deps';
import { requireDevice } from '../informant/auth';
import { ensureVapidKeys } from './settings';
import { deleteDeviceSubscription, functionPushStatus, upsertDeviceSubscription } from './subscriptions';

export function pushRoutes(deps: AppDeps) {
  const app = new Hono<DeviceEnv>();

  app.get('/push/public-key', (c) => {
    const { publicKey } = ensureVapidKeys(deps.db, deps.now());
    c.header('cache-control', 'no-cache');
    return c.json<PushPublicKeyResponse>({ publicKey });
  });

  app.put('/push/subscription', requireDevice(deps), async (c) => {
    const body = v.safeParse(PushSubscriptionSchema, await readJson(c));
    if (!body.success) {
      return apiError(
        c,
        400,
        'bad_request',
        `Expected the browser's push subscription {"endpoint": "https://…", "keys": {"p256dh": "…", "auth": "…"}}: ${describeIssues(body.issues)}`,
      );
    }
    const result = upsertDeviceSubscription(deps.db, c.get('device'), body.output, deps.now());
    return c.json<PushSubscriptionResponse>({ ok: true, created: result.created }, result.created ? 201 : 200);
  });

  app.delete('/push/subscription', requireDevice(deps), async (c) => {
    const body = v.safeParse(PushUnsubscribeSchema, await readJson(c));
    if (!body.success) return apiError(c, 400, 'bad_request', `Expected {"endpoint": "https://…"}: ${describeIssues(body.issues)}`);
    const deleted = deleteDeviceSubscription(deps.db, c.get('device').deviceId, body.output.endpoint);
    return c.json({ ok: true as const, deleted });
  });

  app.get('/push/status', (c) => c.json({ functions: functionPushStatus(deps.db, deps.now()) }));

  return app;
}
