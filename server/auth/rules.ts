/**
 * WHO MAY CALL WHAT – the one table. Every API route has exactly one entry,
 * keyed "<METHOD> <path pattern as registered in Hono>"; one middleware
 * (`authorize` in ./middleware.ts) consults it for every /api request, and
 * tests/api/auth-rules.test.ts fails if a route of the composed app has no
 * entry, then walks every route × every role.
 *
 * Adding an endpoint = adding ONE line here, e.g.
 *   'GET /api/v1/weeks/:week': COORDINATION,
 *   'POST /api/v1/pictures/:id/publish': ['coordinator'],
 *
 * Principals: 'anonymous' is nobody; 'device' is an enrolled informant device
 * (Bearer token, see informant/auth.ts); 'source' a system that pushes figures
 * (Bearer token starting "lbsrc_", see figures/store.ts); the staff roles come from a session
 * cookie. An entry lists the principals allowed; PUBLIC lets everyone in.
 * Refusals: not signed in (or a bad/revoked token) → 401; signed in with a role
 * that is not listed → 403 `forbidden`. A request with no matching entry is 404.
 */
import type { StaffRole } from '../../shared/admin';

export type Principal = 'device' | 'source' | StaffRole;
export type Rule = 'public' | readonly Principal[];

export const PUBLIC: Rule = 'public';
export const DEVICE: Rule = ['device'];
export const ADMIN: Rule = ['admin'];
/** Coordinators' work (reports, pictures, interventions); admins can see it too. */
export const COORDINATION: Rule = ['coordinator', 'admin'];
/** Anything a signed-in staff member may do about their own session. */
export const STAFF: Rule = ['admin', 'coordinator', 'reader'];
/** Published pictures: readers, coordinators, admins. */
export const READERS: Rule = ['reader', 'coordinator', 'admin'];

export const RULES: Readonly<Record<string, Rule>> = {
  // Public
  'GET /api/health': PUBLIC,
  'POST /api/v1/enrol': PUBLIC,
  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/setup': PUBLIC,
  'GET /api/v1/setup/:code': PUBLIC,
  'GET /api/v1/auth/me': PUBLIC, // answers {signedIn: false} to anyone not signed in

  // Informant devices
  'GET /api/v1/informant/context': DEVICE,
  'POST /api/v1/reports': DEVICE,

  // Staff session
  'POST /api/v1/auth/logout': STAFF,

  // Admin: organisations, areas, places
  'GET /api/v1/admin/organisations': ADMIN,
  'POST /api/v1/admin/organisations': ADMIN,
  'PATCH /api/v1/admin/organisations/:id': ADMIN,
  'DELETE /api/v1/admin/organisations/:id': ADMIN,
  'GET /api/v1/admin/areas': ADMIN,
  'POST /api/v1/admin/areas': ADMIN,
  'POST /api/v1/admin/areas/import': ADMIN,
  'PATCH /api/v1/admin/areas/:id': ADMIN,
  'DELETE /api/v1/admin/areas/:id': ADMIN,
  'POST /api/v1/admin/areas/:id/places': ADMIN,
  'PATCH /api/v1/admin/places/:id': ADMIN,
  'DELETE /api/v1/admin/places/:id': ADMIN,

  // Admin: informant functions, invites, devices
  'GET /api/v1/admin/functions': ADMIN,
  'POST /api/v1/admin/functions': ADMIN,
  'PATCH /api/v1/admin/functions/:id': ADMIN,
  'DELETE /api/v1/admin/functions/:id': ADMIN,
  'GET /api/v1/admin/functions/:id/invites': ADMIN,
  'POST /api/v1/admin/functions/:id/invites': ADMIN,
  'DELETE /api/v1/admin/invites/:id': ADMIN,
  'GET /api/v1/admin/functions/:id/devices': ADMIN,
  'POST /api/v1/admin/devices/:id/revoke': ADMIN,

  // Admin: staff accounts and the audit log
  'GET /api/v1/admin/staff': ADMIN,
  'POST /api/v1/admin/staff': ADMIN,
  'PATCH /api/v1/admin/staff/:id': ADMIN,
  'POST /api/v1/admin/staff/:id/password': ADMIN,
  'GET /api/v1/admin/audit': ADMIN,
  'GET /api/v1/admin/audit.csv': ADMIN,

  // Coordinators: the week view and participation
  'GET /api/v1/weeks/:week': COORDINATION,
  'GET /api/v1/weeks/:week/participation': COORDINATION,
  'GET /api/v1/weeks/:week/areas/:areaId/observations': COORDINATION,
  // The map: basemap configuration and the geography it draws (coordinators' and admins' map screens)
  'GET /api/v1/map': COORDINATION,

  // The compiled picture: drafts and publishing by coordinators; published pictures for readers+
  'GET /api/v1/pictures/drafts/:week': COORDINATION,
  'PUT /api/v1/pictures/drafts/:week': COORDINATION,
  'POST /api/v1/pictures/drafts/:week/publish': COORDINATION,
  'GET /api/v1/pictures': READERS,
  'GET /api/v1/pictures/:week/:version': READERS,
  // Taking a published version back is an admin's decision.
  'POST /api/v1/pictures/:week/:version/withdraw': ADMIN,
  'GET /api/v1/informant/pictures/latest': DEVICE, // answers 403 unless INFORMANTS_SEE_PICTURES=1

  // Export of observations for GIS (coordinators)
  'GET /api/v1/export/observations.csv': COORDINATION,
  'GET /api/v1/export/observations.geojson': COORDINATION,

  // Interventions (insatser) and follow-ups. Readers see published pictures only.
  'GET /api/v1/interventions': COORDINATION,
  'POST /api/v1/interventions': COORDINATION,
  'GET /api/v1/interventions/:id': COORDINATION,
  'PATCH /api/v1/interventions/:id': COORDINATION,
  'GET /api/v1/interventions/:id/counts': COORDINATION,
  'POST /api/v1/interventions/:id/followups': COORDINATION,

  // The period (quarter or tertial) and the year
  'GET /api/v1/periods/:period': COORDINATION,
  'GET /api/v1/periods/:period/analysis': COORDINATION,
  'GET /api/v1/periods/:period/priorities': COORDINATION,
  'PUT /api/v1/periods/:period/priorities': COORDINATION,
  'GET /api/v1/years/:year/review': COORDINATION,

  // Web Push
  'GET /api/v1/push/public-key': PUBLIC,
  'PUT /api/v1/push/subscription': DEVICE,
  'DELETE /api/v1/push/subscription': DEVICE,
  'GET /api/v1/push/status': COORDINATION,
  'PUT /api/v1/push/reader-subscription': READERS, // "new picture published" on this browser
  'DELETE /api/v1/push/reader-subscription': READERS,
  'GET /api/v1/admin/reminders': ADMIN, // the reminder times (Europe/Stockholm)
  'PUT /api/v1/admin/reminders': ADMIN,

  // Other sources' figures: admins manage sources and import; coordinators read;
  // a source's own token (or an admin) may push figures.
  'GET /api/v1/figures/sources': ADMIN,
  'POST /api/v1/figures/sources': ADMIN,
  'PATCH /api/v1/figures/sources/:id': ADMIN,
  'DELETE /api/v1/figures/sources/:id': ADMIN,
  'POST /api/v1/figures/sources/:id/categories': ADMIN,
  'PATCH /api/v1/figures/categories/:id': ADMIN,
  'DELETE /api/v1/figures/categories/:id': ADMIN,
  'POST /api/v1/figures/sources/:id/tokens': ADMIN,
  'DELETE /api/v1/figures/tokens/:id': ADMIN,
  'POST /api/v1/figures/sources/:id/imports/preview': ADMIN,
  'POST /api/v1/figures/sources/:id/imports': ADMIN,
  'POST /api/v1/figures': ['admin', 'source'],
  'GET /api/v1/figures/weeks/:week': COORDINATION,
  'GET /api/v1/figures/series': COORDINATION,
  'GET /api/v1/figures/years/:year': COORDINATION,

  // The statutory lägesbild (SFS 2023:196) for a year: facts, the coordinators' analysis, .docx
  'GET /api/v1/lagesbild/:year': COORDINATION,
  'PUT /api/v1/lagesbild/:year/texts': COORDINATION,
  'GET /api/v1/lagesbild/:year/document.docx': COORDINATION,

  // The weekly send-out by e-mail (server/sendout/): recipients' addresses are personal data, admin only
  'GET /api/v1/admin/recipients': ADMIN,
  'POST /api/v1/admin/recipients': ADMIN,
  'PATCH /api/v1/admin/recipients/:id': ADMIN,
  'DELETE /api/v1/admin/recipients/:id': ADMIN,
  'POST /api/v1/admin/recipients/import': ADMIN,
  'POST /api/v1/admin/recipient-lists': ADMIN,
  'PATCH /api/v1/admin/recipient-lists/:id': ADMIN,
  'DELETE /api/v1/admin/recipient-lists/:id': ADMIN,
  'GET /api/v1/sendout/status': COORDINATION, // per version: sent, waiting, failed and why (no addresses)
  'POST /api/v1/sendout/:week/:version/resend': COORDINATION,
  'GET /api/v1/sendout/preview/:week': COORDINATION,
  // Signed links in the e-mail: RFC 8058 one-click unsubscribe (exempt from the CSRF check) and the web version
  'GET /api/v1/sendout/unsubscribe/:token': PUBLIC,
  'POST /api/v1/sendout/unsubscribe/:token': PUBLIC,
  'GET /api/v1/sendout/web/:token': PUBLIC,
};

interface CompiledRule {
  method: string;
  pattern: string;
  regex: RegExp;
  rule: Rule;
  literal: boolean;
}

function compile(rules: Readonly<Record<string, Rule>>): CompiledRule[] {
  return Object.entries(rules)
    .map(([key, rule]) => {
      const [method, pattern] = key.split(' ') as [string, string];
      const source = pattern
        .split('/')
        .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      return { method, pattern, regex: new RegExp(`^${source}/?$`), rule, literal: !pattern.includes(':') };
    })
    // Literal paths win over parameterised ones (e.g. areas/import before areas/:id).
    .sort((a, b) => Number(b.literal) - Number(a.literal));
}

const compiled = compile(RULES);

/** The rule for a request; HEAD is treated as GET, as Hono routes it. */
export function ruleFor(method: string, path: string): { pattern: string; rule: Rule } | undefined {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const hit = compiled.find((r) => r.method === m && r.regex.test(path));
  return hit ? { pattern: `${hit.method} ${hit.pattern}`, rule: hit.rule } : undefined;
}

export function allows(rule: Rule, principal: Principal | 'anonymous'): boolean {
  return rule === 'public' || (principal !== 'anonymous' && rule.includes(principal));
}

/** Routes of a composed app (Hono's `app.routes`) that have no rule: must be empty. */
export function routesWithoutRule(routes: readonly { method: string; path: string }[]): string[] {
  const missing = new Set<string>();
  for (const r of routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/')) continue; // middleware and fallbacks
    const key = `${r.method} ${r.path}`;
    if (!(key in RULES)) missing.add(key);
  }
  return [...missing];
}
