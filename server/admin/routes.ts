import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import {
  AreaSchema,
  AreaUpdateSchema,
  DeviceUpdateSchema,
  FunctionSchema,
  FunctionUpdateSchema,
  InviteSchema,
  OrganisationSchema,
  PasswordResetSchema,
  PlaceSchema,
  PlaceUpdateSchema,
  StaffCreateSchema,
  StaffUpdateSchema,
  type AuditPage,
} from '../../shared/admin';
import { auditActionText } from '../../shared/audit';
import { audit, listAudit, type AuditEntry, type AuditFilter } from '../audit/log';
import { BOM, csvField } from '../export/format';
import { publicOrigin, type AuthDeps, type AuthEnv } from '../auth/context';
import { listStaff } from '../auth/staff';
import { apiError, sendRefusal } from '../http/errors';
import { MB, jsonBody } from '../http/request';
import * as fns from './functions';
import * as geo from './geography';
import { Refusal } from './refusal';
import { addStaff, changeStaff, resetPassword } from './staff';

/** At most this many entries in one CSV export (filter by date for more). */
const AUDIT_CSV_MAX = 20_000;
const REMOVED = '(borttagen)';

/**
 * The admin API under /api/v1/admin. Routes only parse, call the model and
 * serialise; who may call them is in server/auth/rules.ts (admin only).
 */
const GEOJSON_LIMIT = 5 * MB;

export function adminRoutes(deps: AuthDeps) {
  const app = new Hono<AuthEnv>();
  const { db } = deps;
  /** Sends a refusal, or records the change in the audit log and answers with `ok`. */
  const done = <T, E extends AuthEnv>(c: Context<E>, result: T | Refusal, entry?: Omit<AuditEntry, 'actor' | 'at'>, status: 200 | 201 = 200) => {
    if (result instanceof Refusal) return sendRefusal(c, result);
    if (entry) audit(db, { ...entry, actor: { type: 'staff', id: c.get('staff').id }, at: deps.now() });
    return c.json(result === true ? { ok: true } : (result as object), status);
  };

  // Organisations
  app.get('/organisations', (c) => c.json(geo.listOrganisations(db)));
  app.post('/organisations', jsonBody(OrganisationSchema), async (c) => {
    const body = c.get('body');
    const r = geo.createOrganisation(db, body.name);
    return done(c, r, r instanceof Refusal ? undefined : { action: 'organisation.create', target: `organisation:${r.id}`, detail: { name: body.name } }, 201);
  });
  app.patch('/organisations/:id', jsonBody(OrganisationSchema), async (c) => {
    const body = c.get('body');
    return done(c, geo.renameOrganisation(db, c.req.param('id'), body.name), { action: 'organisation.update', target: `organisation:${c.req.param('id')}`, detail: { name: body.name } });
  });
  app.delete('/organisations/:id', (c) =>
    done(c, geo.deleteOrganisation(db, c.req.param('id')), { action: 'organisation.delete', target: `organisation:${c.req.param('id')}` }),
  );

  // Areas and places
  app.get('/areas', (c) => c.json(geo.listAreas(db)));
  app.post('/areas', jsonBody(AreaSchema), async (c) => {
    const body = c.get('body');
    const r = geo.createArea(db, body);
    return done(c, r, r instanceof Refusal ? undefined : { action: 'area.create', target: `area:${r.id}`, detail: { name: body.name } }, 201);
  });
  // A municipality's areas with their outlines: a few MB of GeoJSON.
  app.post('/areas/import', jsonBody(v.unknown(), { limit: GEOJSON_LIMIT, shape: 'a GeoJSON FeatureCollection' }), (c) => {
    const r = geo.importGeoJson(db, c.get('body'));
    return done(c, r, r instanceof Refusal ? undefined : { action: 'area.import', detail: { ...r } });
  });
  app.patch('/areas/:id', jsonBody(AreaUpdateSchema), async (c) => {
    const body = c.get('body');
    return done(c, geo.updateArea(db, c.req.param('id'), body), { action: 'area.update', target: `area:${c.req.param('id')}`, detail: body.name ? { name: body.name } : {} });
  });
  app.delete('/areas/:id', (c) => done(c, geo.deleteArea(db, c.req.param('id')), { action: 'area.delete', target: `area:${c.req.param('id')}` }));
  app.post('/areas/:id/places', jsonBody(PlaceSchema), async (c) => {
    const body = c.get('body');
    const r = geo.createPlace(db, c.req.param('id'), body);
    return done(c, r, r instanceof Refusal ? undefined : { action: 'place.create', target: `place:${r.id}`, detail: { name: body.name, areaId: r.areaId } }, 201);
  });
  app.patch('/places/:id', jsonBody(PlaceUpdateSchema), async (c) => {
    const body = c.get('body');
    return done(c, geo.updatePlace(db, c.req.param('id'), body), { action: 'place.update', target: `place:${c.req.param('id')}` });
  });
  app.delete('/places/:id', (c) => done(c, geo.deletePlace(db, c.req.param('id')), { action: 'place.delete', target: `place:${c.req.param('id')}` }));

  // Informant functions, invites, devices
  app.get('/functions', (c) => c.json(fns.listFunctions(db)));
  app.post('/functions', jsonBody(FunctionSchema), async (c) => {
    const body = c.get('body');
    const r = fns.createFunction(db, body);
    return done(c, r, r instanceof Refusal ? undefined : { action: 'function.create', target: `function:${r.id}`, detail: { name: body.name } }, 201);
  });
  app.patch('/functions/:id', jsonBody(FunctionUpdateSchema), async (c) => {
    const body = c.get('body');
    return done(c, fns.updateFunction(db, c.req.param('id'), body), { action: 'function.update', target: `function:${c.req.param('id')}` });
  });
  app.delete('/functions/:id', (c) => done(c, fns.deleteFunction(db, c.req.param('id')), { action: 'function.delete', target: `function:${c.req.param('id')}` }));
  app.get('/functions/:id/invites', (c) => done(c, fns.listInvites(db, c.req.param('id'), deps.now())));
  app.post('/functions/:id/invites', jsonBody(InviteSchema), async (c) => {
    const body = c.get('body');
    const r = await fns.issueInvite(db, c.req.param('id'), { ...body, origin: publicOrigin(c, deps), now: deps.now() });
    return done(
      c,
      r,
      r instanceof Refusal ? undefined : { action: 'invite.create', target: `invite:${r.id}`, detail: { functionId: c.req.param('id'), maxDevices: r.maxDevices, expiresAt: r.expiresAt } },
      201,
    );
  });
  app.delete('/invites/:id', (c) => {
    const r = fns.withdrawInvite(db, c.req.param('id'), deps.now());
    return done(c, r instanceof Refusal ? r : true, r instanceof Refusal ? undefined : { action: 'invite.withdraw', target: `invite:${c.req.param('id')}`, detail: { functionId: r.functionId } });
  });
  app.get('/functions/:id/devices', (c) => done(c, fns.listDevices(db, c.req.param('id'))));
  // The admin's name for a device; its audit entry is written with it (labelDevice).
  app.patch('/devices/:id', jsonBody(DeviceUpdateSchema), (c) =>
    done(c, fns.labelDevice(db, c.req.param('id'), c.get('body').label, { staffId: c.get('staff').id, now: deps.now() })),
  );
  app.post('/devices/:id/revoke', (c) => {
    const r = fns.revoke(db, c.req.param('id'), deps.now());
    if (r instanceof Refusal || r.already) return done(c, r instanceof Refusal ? r : true);
    return done(c, true, { action: 'device.revoke', target: `device:${c.req.param('id')}`, detail: { functionId: r.functionId } });
  });

  // Staff accounts
  app.get('/staff', (c) => c.json(listStaff(db)));
  app.post('/staff', jsonBody(StaffCreateSchema), async (c) => {
    const body = c.get('body');
    const r = await addStaff(db, body, deps.now());
    return done(c, r, r instanceof Refusal ? undefined : { action: 'staff.create', target: `staff:${r.id}`, detail: { email: r.email, role: r.role } }, 201);
  });
  app.patch('/staff/:id', jsonBody(StaffUpdateSchema), async (c) => {
    const body = c.get('body');
    const r = changeStaff(db, c.req.param('id'), body, c.get('staff').id, deps.now());
    const detail: Record<string, string | boolean> = {};
    if (body.role !== undefined) detail.role = body.role;
    if (body.disabled !== undefined) detail.disabled = body.disabled;
    if (body.name !== undefined) detail.name = body.name;
    return done(c, r, r instanceof Refusal ? undefined : { action: 'staff.update', target: `staff:${r.id}`, detail });
  });
  app.post('/staff/:id/password', jsonBody(PasswordResetSchema), async (c) => {
    const body = c.get('body');
    const r = await resetPassword(db, c.req.param('id'), body.password, deps.now());
    return done(c, r, { action: 'staff.password_reset', target: `staff:${c.req.param('id')}` });
  });

  /** The log's filters from the query: ?what=<action or group>&who=<staff id | system | device | anonymous>&from&to=YYYY-MM-DD. */
  const auditFilter = (c: Context): AuditFilter | Refusal => {
    const q = (k: string) => c.req.query(k) || undefined;
    const f: AuditFilter = { what: q('what') ?? q('action'), who: q('who'), from: q('from'), to: q('to') };
    if (f.what !== undefined && !/^[a-z_]+(\.[a-z_]+)?$/.test(f.what)) return new Refusal(400, 'bad_request', 'what: an event such as "invite.withdraw" or a group such as "invite".');
    if (f.who !== undefined && !/^[A-Za-z0-9-]{1,64}$/.test(f.who)) return new Refusal(400, 'bad_request', 'who: a staff account id, or system, device or anonymous.');
    for (const k of ['from', 'to'] as const) {
      if (f[k] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(f[k]!)) return new Refusal(400, 'bad_request', `${k}: a date as YYYY-MM-DD.`);
    }
    return f;
  };

  // Audit log, newest first: ?limit=1..200 (default 50) &before=<id of the last entry seen> + the filters above
  app.get('/audit', (c) => {
    const limit = Number(c.req.query('limit') ?? 50);
    const before = c.req.query('before');
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) return apiError(c, 400, 'bad_request', 'limit: must be a whole number from 1 to 200.');
    if (before !== undefined && !/^\d+$/.test(before)) return apiError(c, 400, 'bad_request', 'before: must be the id of an audit entry.');
    const filter = auditFilter(c);
    if (filter instanceof Refusal) return sendRefusal(c, filter);
    return c.json<AuditPage>(listAudit(db, { limit, ...(before ? { before: Number(before) } : {}), ...filter }));
  });

  // The filtered log as CSV (Swedish headings and event names), for the municipality's records.
  app.get('/audit.csv', (c) => {
    const filter = auditFilter(c);
    if (filter instanceof Refusal) return sendRefusal(c, filter);
    const { entries } = listAudit(db, { limit: AUDIT_CSV_MAX, ...filter });
    const line = (cells: (string | number | null)[]) => cells.map((v) => csvField(v)).join(',') + '\r\n';
    const body =
      BOM +
      line(['tid', 'vem', 'händelse', 'kod', 'gäller', 'detaljer']) +
      entries
        .map((e) =>
          line([
            e.at,
            e.actorLabel ?? (e.actorType === 'staff' ? REMOVED : e.actorType),
            auditActionText(e.action, 'sv'),
            e.action,
            e.target ? (e.targetLabel ?? REMOVED) : null,
            e.detail ? JSON.stringify(e.detail) : null,
          ]),
        )
        .join('');
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="granskningslogg-${deps.now().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    });
  });

  return app;
}
