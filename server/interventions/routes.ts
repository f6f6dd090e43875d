/**
 * Interventions (insatser) and follow-ups, mounted under /api/v1. Who may call
 * what: server/auth/rules.ts.
 *
 *   GET   /interventions                 ?decidedWeek= &activeIn= (YYYY-Www) &areaId= &status=
 *                                        → { interventions: Intervention[] }
 *   POST  /interventions                 InterventionCreate → 201 Intervention
 *   GET   /interventions/:id             → InterventionDetail (with before/after counts as of this week)
 *   PATCH /interventions/:id             InterventionPatch (with version) → Intervention; 409 on a stale version
 *   GET   /interventions/:id/counts      ?asOf=YYYY-Www → BeforeAfter
 *   POST  /interventions/:id/followups   FollowUpCreate → 201 FollowUp (decision "end" ends the intervention)
 */
import { Hono } from 'hono';
import {
  FOLLOWUP_TEXT_FIELDS,
  FollowUpCreateSchema,
  INTERVENTION_STATUSES,
  INTERVENTION_TEXT_FIELDS,
  InterventionCreateSchema,
  InterventionPatchSchema,
  type BeforeAfter,
  type FollowUp,
  type Intervention,
  type InterventionDetail,
  type InterventionStatus,
} from '../../shared/interventions';
import { isValidWeek, weekOf, type IsoWeek } from '../../shared/weeks';
import type { AppDeps } from '../http/deps';
import { apiError, sendRefusal } from '../http/errors';
import { jsonBody } from '../http/request';
import { INTERVENTION_BODY_LIMIT, actorId, personalDataRefusal } from './http';
import { interventionStore } from './store';

const WEEK_HINT = 'write it as year, "-W" and a two-digit week number, e.g. "2026-W48"';

export function interventionsRoutes(deps: AppDeps) {
  const app = new Hono();
  const store = () => interventionStore(deps.db);

  app.get('/interventions', (c) => {
    const filter: { decidedWeek?: IsoWeek; activeIn?: IsoWeek; areaId?: string; status?: InterventionStatus } = {};
    for (const key of ['decidedWeek', 'activeIn'] as const) {
      const w = c.req.query(key);
      if (w === undefined) continue;
      if (!isValidWeek(w)) return apiError(c, 400, 'bad_request', `${key}: "${w.slice(0, 40)}" is not an ISO week; ${WEEK_HINT}.`);
      filter[key] = w;
    }
    const status = c.req.query('status');
    if (status !== undefined) {
      if (!(INTERVENTION_STATUSES as readonly string[]).includes(status)) {
        return apiError(c, 400, 'bad_request', 'status: must be "planned", "active" or "ended".');
      }
      filter.status = status as InterventionStatus;
    }
    const areaId = c.req.query('areaId');
    if (areaId) filter.areaId = areaId;
    return c.json<{ interventions: Intervention[] }>({ interventions: store().list(filter) });
  });

  app.post('/interventions', jsonBody(InterventionCreateSchema, { limit: INTERVENTION_BODY_LIMIT, what: 'intervention' }), async (c) => {
    const body = c.get('body');
    const personal = personalDataRefusal(body, INTERVENTION_TEXT_FIELDS);
    if (personal) return sendRefusal(c, personal);
    const now = deps.now();
    const out = store().create(
      { ...body, status: body.status ?? 'planned', decidedWeek: body.decidedWeek ?? weekOf(now) },
      { now, by: actorId(c) },
    );
    if (!out.ok) return sendRefusal(c, out);
    return c.json<Intervention>(out.value, 201);
  });

  app.get('/interventions/:id', (c) => {
    const i = store().get(c.req.param('id'));
    if (!i) return apiError(c, 404, 'not_found', 'There is no such intervention.');
    return c.json<InterventionDetail>({ ...i, beforeAfter: store().counts(i, weekOf(deps.now())) });
  });

  app.patch('/interventions/:id', jsonBody(InterventionPatchSchema, { limit: INTERVENTION_BODY_LIMIT, what: 'change' }), async (c) => {
    const body = c.get('body');
    const personal = personalDataRefusal(body, INTERVENTION_TEXT_FIELDS);
    if (personal) return sendRefusal(c, personal);
    const out = store().update(c.req.param('id'), body, { now: deps.now(), by: actorId(c) });
    if (!out.ok) return sendRefusal(c, out);
    return c.json<Intervention>(out.value);
  });

  app.get('/interventions/:id/counts', (c) => {
    const i = store().get(c.req.param('id'));
    if (!i) return apiError(c, 404, 'not_found', 'There is no such intervention.');
    const asOf = c.req.query('asOf') ?? weekOf(deps.now());
    if (!isValidWeek(asOf)) return apiError(c, 400, 'bad_request', `asOf: "${asOf.slice(0, 40)}" is not an ISO week; ${WEEK_HINT}.`);
    return c.json<BeforeAfter>(store().counts(i, asOf));
  });

  app.post('/interventions/:id/followups', jsonBody(FollowUpCreateSchema, { limit: INTERVENTION_BODY_LIMIT, what: 'follow-up' }), async (c) => {
    const body = c.get('body');
    const personal = personalDataRefusal(body, FOLLOWUP_TEXT_FIELDS);
    if (personal) return sendRefusal(c, personal);
    const out = store().addFollowUp(
      c.req.param('id'),
      { ...body, week: body.week ?? weekOf(deps.now()) },
      { now: deps.now(), by: actorId(c) },
    );
    if (!out.ok) return sendRefusal(c, out);
    return c.json<FollowUp>(out.value, 201);
  });

  return app;
}
