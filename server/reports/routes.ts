import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ReportBatchSchema } from '../../shared/schemas';
import type { IngestResponse } from '../../shared/api';
import { Refusal } from '../http/errors';
import { MB, jsonBody } from '../http/request';
import type { AppDeps, DeviceEnv } from '../http/deps';
import { requireDevice } from '../informant/auth';
import { groupCommitter, type Ticket } from './group-commit';
import { reportStore } from './store';

/** 500 reports with full notes stay well under this. */
const MAX_BODY_BYTES = 8 * MB;

export function reportRoutes(deps: AppDeps) {
  const app = new Hono<DeviceEnv & { Variables: { ticket: Ticket } }>();
  // Batches arriving together share one transaction; each is answered after its commit.
  const committer = groupCommitter(reportStore(deps.db), deps.now);
  app.post(
    '/reports',
    requireDevice(deps),
    // The ticket is taken before the body is read, so the group waits for this batch.
    createMiddleware<{ Variables: { ticket: Ticket } }>(async (c, next) => {
      const ticket = committer.ticket();
      c.set('ticket', ticket);
      try {
        await next();
      } finally {
        ticket.release();
      }
    }),
    jsonBody(ReportBatchSchema, {
      limit: MAX_BODY_BYTES,
      shape: '{"reports": [...]}',
      tooLarge: new Refusal(413, 'too_large', 'The batch is too large: send at most 500 reports per request.'),
    }),
    async (c) => {
      const { functionId, deviceId } = c.get('device');
      const results = await c.get('ticket').submit({ items: c.get('body').reports, reporter: { functionId, deviceId } });
      return c.json<IngestResponse>({ results });
    },
  );
  return app;
}
