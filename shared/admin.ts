/**
 * Wire shapes of staff log-in and the admin API. The server validates
 * every body with these; the admin screens use the same schemas and types.
 * Messages name the field through `describeIssues` (e.g. `name: must not be empty`).
 */
import * as v from 'valibot';
import { safeText } from './schemas';

export const STAFF_ROLES = ['admin', 'coordinator', 'reader'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const MIN_PASSWORD_LENGTH = 12;

const Name = v.pipe(
  safeText('must be text'),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(120, 'must be at most 120 characters'),
);
const Ref = v.pipe(v.string('must be an id'), v.minLength(1, 'must not be empty'), v.maxLength(64, 'is too long'));
export const EmailSchema = v.pipe(
  v.string('must be an e-mail address'),
  v.trim(),
  v.toLowerCase(),
  v.email('must be an e-mail address like name@example.se'),
  v.maxLength(254, 'is too long'),
);
export const NewPasswordSchema = v.pipe(
  v.string('must be text'),
  v.minLength(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`),
  v.maxLength(1024, 'must be at most 1024 characters'),
);
const Role = v.picklist(STAFF_ROLES, 'must be admin, coordinator or reader');

// ---- log-in and first run --------------------------------------------------
/** The log-in form does not check the e-mail's format: a refusal never says which part was wrong. */
export const LoginSchema = v.object({
  email: v.pipe(v.string('must be text'), v.trim(), v.toLowerCase(), v.minLength(1, 'must not be empty'), v.maxLength(254, 'is too long')),
  password: v.pipe(v.string('must be text'), v.minLength(1, 'must not be empty'), v.maxLength(1024, 'is too long')),
});
export const SetupSchema = v.object({
  code: v.pipe(v.string('must be text'), v.minLength(1, 'must not be empty'), v.maxLength(200, 'is too long')),
  email: EmailSchema,
  name: v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(120, 'must be at most 120 characters'))),
  password: NewPasswordSchema,
});

// ---- GeoJSON ----------------------------------------------------------------
const Position = v.pipe(
  v.array(v.number('must be a number'), 'must be a position [lon, lat]'),
  v.minLength(2, 'must be a position [lon, lat]'),
  v.maxLength(3, 'must be a position [lon, lat]'),
  v.check((p) => p[0]! >= -180 && p[0]! <= 180 && p[1]! >= -90 && p[1]! <= 90, 'must be [lon, lat] within -180..180 and -90..90'),
);
const Ring = v.pipe(
  v.array(Position, 'must be a ring of positions'),
  v.minLength(4, 'a polygon ring needs at least 4 positions'),
  v.maxLength(10_000, 'a polygon ring may have at most 10000 positions'),
  v.check((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], 'a polygon ring must end where it starts'),
);
export const PointSchema = v.object({ type: v.literal('Point'), coordinates: Position });
export const PolygonSchema = v.object({
  type: v.literal('Polygon'),
  coordinates: v.pipe(v.array(Ring, 'must be a list of rings'), v.minLength(1, 'a polygon needs at least one ring'), v.maxLength(100, 'too many rings')),
});
export const GeometrySchema = v.variant('type', [PointSchema, PolygonSchema], 'must be a GeoJSON Point or Polygon');
export type Geometry = v.InferOutput<typeof GeometrySchema>;
const OptionalGeometry = v.optional(v.nullable(GeometrySchema));

// ---- organisations, areas, places ------------------------------------------
export const OrganisationSchema = v.object({ name: Name });
export const AreaSchema = v.object({ name: Name, geometry: OptionalGeometry });
/** `detachPlacesOutside`: save a new outline even though places lie outside it, dropping their points (server/admin/geography.ts). */
export const AreaUpdateSchema = v.object({ name: v.optional(Name), geometry: OptionalGeometry, detachPlacesOutside: v.optional(v.boolean('must be true or false')) });
export const PlaceSchema = v.object({ name: Name, geometry: OptionalGeometry });
export const PlaceUpdateSchema = v.object({ name: v.optional(Name), geometry: OptionalGeometry, areaId: v.optional(Ref) });

/**
 * Import convention: a FeatureCollection whose features each have
 * `properties.name`. A feature WITHOUT `properties.area` is an AREA; a feature
 * WITH `properties.area` (the name of an area, existing or in the same file)
 * is a PLACE in that area. Geometry is a Point, a Polygon or null. An area or
 * place whose name already exists is updated (its geometry replaced), so the
 * same file can be imported again. Any bad feature fails the whole import.
 */
export const ImportEnvelopeSchema = v.object({
  type: v.literal('FeatureCollection', 'must be "FeatureCollection"'),
  features: v.pipe(v.array(v.unknown(), 'must be an array of features'), v.maxLength(5000, 'at most 5000 features per import')),
});
export const ImportFeatureSchema = v.object({
  type: v.literal('Feature', 'must be "Feature"'),
  geometry: v.nullable(GeometrySchema),
  properties: v.object(
    {
      name: Name,
      area: v.optional(Name),
    },
    'must be an object with "name"',
  ),
});
export interface ImportFeatureError {
  index: number;
  name?: string;
  reason: string;
}
export interface ImportResult {
  areasCreated: number;
  areasUpdated: number;
  placesCreated: number;
  placesUpdated: number;
}

// ---- functions, invites, devices -------------------------------------------
export const FunctionSchema = v.object({
  name: Name,
  organisationId: Ref,
  areaIds: v.pipe(v.array(Ref, 'must be a list of area ids'), v.maxLength(500, 'too many areas')),
});
export const FunctionUpdateSchema = v.object({
  name: v.optional(Name),
  organisationId: v.optional(Ref),
  areaIds: v.optional(v.pipe(v.array(Ref, 'must be a list of area ids'), v.maxLength(500, 'too many areas'))),
});
export const InviteSchema = v.object({
  validDays: v.optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1, 'must be at least 1'), v.maxValue(90, 'must be at most 90')), 14),
  maxDevices: v.optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1, 'must be at least 1'), v.maxValue(200, 'must be at most 200')), 5),
});

// ---- staff accounts ---------------------------------------------------------
export const StaffCreateSchema = v.object({
  email: EmailSchema,
  name: v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(120, 'must be at most 120 characters')), ''),
  role: Role,
  password: NewPasswordSchema,
});
export const StaffUpdateSchema = v.object({
  name: v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(120, 'must be at most 120 characters'))),
  role: v.optional(Role),
  disabled: v.optional(v.boolean('must be true or false')),
});
export const PasswordResetSchema = v.object({ password: NewPasswordSchema });

// ---- response shapes --------------------------------------------------------
export interface Me {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}
/**
 * GET /auth/me: who is signed in. Not being signed in is an expected state (the first
 * visit), answered 200 like the other; `expired` says a session was there and ran out.
 */
export type SessionState = ({ signedIn: true } & Me) | { signedIn: false; expired?: true };
export interface AdminOrganisation {
  id: string;
  name: string;
  functions: number;
}
export interface AdminPlace {
  id: string;
  areaId: string;
  name: string;
  geometry: Geometry | null;
}
export interface AdminArea {
  id: string;
  name: string;
  geometry: Geometry | null;
  places: AdminPlace[];
}
export interface AdminFunction {
  id: string;
  name: string;
  organisationId: string;
  organisation: string;
  areaIds: string[];
  activeDevices: number;
}
export type InviteStatus = 'active' | 'expired' | 'withdrawn' | 'full';
export interface AdminInvite {
  id: string;
  functionId: string;
  createdAt: string;
  expiresAt: string;
  maxDevices: number;
  devices: number;
  status: InviteStatus;
}
export interface CreatedInvite {
  id: string;
  code: string;
  url: string;
  qrSvg: string;
  expiresAt: string;
  maxDevices: number;
}
export interface AdminDevice {
  id: string;
  functionId: string;
  enrolledAt: string;
  lastSeenAt: string | null;
  lastReportAt: string | null;
  revokedAt: string | null;
}
export interface AdminStaff {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  disabled: boolean;
  createdAt: string;
}
export interface AuditEntryView {
  id: number;
  at: string;
  actorType: 'staff' | 'device' | 'system' | 'anonymous';
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  target: string | null;
  /** The target's name now; null when it has been removed since. */
  targetLabel: string | null;
  detail: Record<string, unknown> | null;
}
export interface AuditPage {
  entries: AuditEntryView[];
  next: number | null;
}
