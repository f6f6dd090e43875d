import { Hono } from 'hono';
import { ReportBatchSchema } from '../../shared/schemas';
import type { IngestResponse } from '../../shared/api';
import { Refusal } from '../http/errors';
import { MB, jsonBody } from '../http/request';
import type { AppDeps, DeviceEnv } from '../http/deps';
import { requireDevice } from '../informant/auth';
import { ingestBatch } from './ingest';
import { reportStore } from './store';

/** 500 reports with full notes stay well under this. */
const MAX_BODY_BYTES = 8 * MB;

export function reportRoutes(deps: AppDeps) {
  const app = new Hono<DeviceEnv>();
  app.post(
    '/reports',
    requireDevice(deps),
    jsonBody(ReportBatchSchema, {
      limit: MAX_BODY_BYTES,
      shape: '{"reports": [...]}',
      tooLarge: new Refusal(413, 'too_large', 'The batch is too large: send at most 500 reports per request.'),
    }),
    (c) => {
      const { functionId, deviceId } = c.get('device');
      const results = ingestBatch(reportStore(deps.db), c.get('body').reports, { functionId, deviceId }, deps.now());
      return c.json<IngestResponse>({ results });
    },
  );
  return app;
}
