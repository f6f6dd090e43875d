import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import { ReportBatchSchema, describeIssues } from '../../shared/schemas';
import type { IngestResponse } from '../../shared/api';
import { apiError, readJson } from '../http/errors';
import type { AppDeps, DeviceEnv } from '../http/deps';
import { requireDevice } from '../informant/auth';
import { ingestBatch } from './ingest';
import { reportStore } from './store';

/** 500 reports with full notes stay well under this. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export function reportRoutes(deps: AppDeps) {
  const app = new Hono<DeviceEnv>();
  app.post(
    '/reports',
    requireDevice(deps),
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => apiError(c, 413, 'too_large', 'The batch is too large: send at most 500 reports per request.'),
    }),
    async (c) => {
      const body = await readJson(c);
      if (body === undefined) return apiError(c, 400, 'bad_request', 'The request body must be JSON: {"reports": [...]}.');
      const envelope = v.safeParse(ReportBatchSchema, body);
      if (!envelope.success) {
        return apiError(c, 400, 'bad_request', `Expected {"reports": [...]}: ${describeIssues(envelope.issues)}`);
      }
      const { functionId, deviceId } = c.get('device');
      const results = ingestBatch(reportStore(deps.db), envelope.output.reports, { functionId, deviceId }, deps.now());
      return c.json<IngestResponse>({ results });
    },
  );
  return app;
}
