/**
 * The weekly compiled picture over HTTP (docs/domain.md "The compiled picture").
 * Routes only load rows, call the pure functions (compileWeek, compileDraft, the
 * guard) and the store, and serialise. Who may call what: server/auth/rules.ts.
 *
 *   GET  /pictures/drafts/:week           coordinator: the week's draft (created on first open,
 *                                         prefilled by compileDraft); facts refreshed, text kept
 *   PUT  /pictures/drafts/:week           {version, content} autosave; stale version → 409 + current draft
 *   POST /pictures/drafts/:week/publish   {version} guard → 422 with findings, else the next
 *                                         immutable version (register number <prefix>-YYYY-WW)
 *   GET  /pictures                        readers+: published pictures, newest week first
 *   GET  /pictures/:week/:version         readers+: one version, or `latest`
 *   GET  /informant/pictures/latest       devices, only when INFORMANTS_SEE_PICTURES=1
 *
 * Configuration (environment, read when the app is composed):
 *   REGISTER_PREFIX            prefix of the register number (diarienummer), default "EST"
 *   INFORMANTS_SEE_PICTURES=1  informant devices may read the latest published picture
 */
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import {
  DraftSaveSchema,
  PublishSchema,
  type DraftConflict,
  type DraftSaved,
  type FieldActivityRow,
  type PictureContent,
  type PictureDraft,
  type PictureFacts,
  type PublishBlocked,
  type PublishedPicture,
  type PublishedSummary,
} from '../../shared/pictures';
import { describeIssues } from '../../shared/schemas';
import { isValidWeek, type IsoWeek } from '../../shared/weeks';
import type { AuthEnv } from '../auth/context';
import type { AppDeps } from '../http/deps';
import { badWeek, weekParam } from '../http/week-param';
import { apiError, readJson } from '../http/errors';
import { compileWeek } from '../weekview/compile';
import { weekviewStore } from '../weekview/store';
import { prefillPicture } from './prefill';
import { publishPicture } from './publish';
import { pictureStore, type StoredDraft } from './store';

export interface PicturesDeps extends AppDeps {
  /** Register-number prefix; default env REGISTER_PREFIX, else "EST". */
  registerPrefix?: string;
  /** Whether informant devices may read the latest picture; default env INFORMANTS_SEE_PICTURES === "1". */
  informantsSeePictures?: boolean;
  /** The quarter's prioritised areas for a week (as for the week view); none until decided. */
  prioritisedAreaIds?: (week: IsoWeek) => string[];
  /** Interventions decided in a week, one line per area, for the prefill (interventions feature). */
  interventions?: (week: IsoWeek) => { areaId: string; text: string }[];
}

const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;

export function registerPrefixFrom(env: NodeJS.ProcessEnv): string {
  const raw = env.REGISTER_PREFIX?.trim();
  if (!raw) return 'EST';
  if (!PREFIX.test(raw)) {
    throw new Error(`REGISTER_PREFIX must be 1–20 letters, digits, ".", "_" or "-" starting with a letter or digit, not "${raw.slice(0, 40)}"`);
  }
  return raw;
}



export function picturesRoutes(deps: PicturesDeps) {
  const app = new Hono<AuthEnv>();
  const { db } = deps;
  const prefix = deps.registerPrefix ?? registerPrefixFrom(process.env);
  const informantsSee = deps.informantsSeePictures ?? process.env.INFORMANTS_SEE_PICTURES === '1';
  const prioritised = deps.prioritisedAreaIds ?? (() => []);
  const store = pictureStore(db);

  /** The prefill and facts from today's data (prefill.ts). */
  const compiled = (week: IsoWeek) => prefillPicture(db, week, { prioritisedAreaIds: prioritised(week), interventions: deps.interventions?.(week) });
  const asDraft = (d: StoredDraft, facts: PictureFacts): PictureDraft => ({ week: d.week, version: d.version, content: d.content, facts, updatedAt: d.updatedAt });
  const staffId = (c: Context<AuthEnv>) => c.get('staff')?.id ?? null;

  const conflict = (c: Context, week: IsoWeek, what: 'save' | 'publish') => {
    const current = store.draft(week)!;
    return c.json<DraftConflict>(
      {
        error:
          what === 'save'
            ? `Someone else saved this draft in the meantime (now version ${current.version}). Your change was not saved; review their version and apply your change to it.`
            : `The draft changed since you loaded it (now version ${current.version}). Review the current version before publishing it.`,
        code: 'draft_conflict',
        current: asDraft(current, compiled(week).facts),
      },
      409,
    );
  };

  async function body<S extends v.GenericSchema>(c: Context, schema: S, shape: string): Promise<v.InferOutput<S> | Response> {
    const raw = await readJson(c);
    if (raw === undefined) return apiError(c, 400, 'bad_request', `The request body must be JSON: ${shape}.`);
    const parsed = v.safeParse(schema, raw);
    if (!parsed.success) return apiError(c, 400, 'bad_request', `Invalid request: ${describeIssues(parsed.issues)}.`);
    return parsed.output;
  }

  app.get('/pictures/drafts/:week', (c) => {
    const week = weekParam(c.req.param('week') ?? '', deps.now());
    if (!week) return badWeek(c, c.req.param('week') ?? '');
    const fresh = compiled(week);
    // Created on first open; afterwards the stored text is kept and only the facts are refreshed.
    const draft = store.draft(week) ?? store.ensureDraft(week, fresh.content, deps.now(), staffId(c));
    return c.json<PictureDraft>(asDraft(draft, fresh.facts));
  });

  app.put('/pictures/drafts/:week', async (c) => {
    const week = weekParam(c.req.param('week') ?? '', deps.now());
    if (!week) return badWeek(c, c.req.param('week') ?? '');
    const b = await body(c, DraftSaveSchema, '{"version": <number>, "content": {…}}');
    if (b instanceof Response) return b;
    const outcome = store.saveDraft(week, b.version, b.content, deps.now(), staffId(c));
    if (!outcome.ok && outcome.reason === 'missing') {
      return apiError(c, 404, 'no_draft', `There is no draft for ${week} yet: open it first (GET /api/v1/pictures/drafts/${week}).`);
    }
    if (!outcome.ok) return conflict(c, week, 'save');
    return c.json<DraftSaved>({ week, version: outcome.version, updatedAt: outcome.updatedAt });
  });

  app.post('/pictures/drafts/:week/publish', async (c) => {
    const week = weekParam(c.req.param('week') ?? '', deps.now());
    if (!week) return badWeek(c, c.req.param('week') ?? '');
    const b = await body(c, PublishSchema, '{"version": <number>}');
    if (b instanceof Response) return b;
    const now = deps.now();
    const by = staffId(c);
    const facts = compiled(week).facts;
    const result = publishPicture(db, { week, draftVersion: b.version, facts, prefix, by, now });
    switch (result.kind) {
      case 'missing':
        return apiError(c, 404, 'no_draft', `There is no draft for ${week} to publish: open it first.`);
      case 'conflict':
        return conflict(c, week, 'publish');
      case 'blocked': {
        const paths = [...new Set(result.findings.map((f) => f.path))];
        return c.json<PublishBlocked>(
          {
            error: `Not published: the picture seems to contain personal data (${result.findings.map((f) => `${f.kind} in ${f.path}`).join(', ')}). Remove it and publish again. Fields: ${paths.join(', ')}.`,
            code: 'personal_data',
            findings: result.findings,
          },
          422,
        );
      }
      case 'ok':
        return c.json<PublishedPicture>(result.picture, 201);
    }
  });

  app.get('/pictures', (c) => c.json<{ pictures: PublishedSummary[] }>({ pictures: store.list() }));

  app.get('/pictures/:week/:version', (c) => {
    const week = c.req.param('week');
    if (!isValidWeek(week)) return badWeek(c, week);
    const rawVersion = c.req.param('version');
    let version: number | undefined;
    if (rawVersion !== 'latest') {
      if (!/^[1-9]\d{0,5}$/.test(rawVersion)) {
        return apiError(c, 400, 'bad_version', `"${rawVersion.slice(0, 20)}" is not a version: use a whole number from 1, or "latest".`);
      }
      version = Number(rawVersion);
    }
    const picture = store.published(week, version);
    if (!picture) {
      return apiError(c, 404, 'not_found', version === undefined ? `No picture has been published for ${week}.` : `There is no version ${version} of the picture for ${week}.`);
    }
    return c.json<PublishedPicture>(picture);
  });

  app.get('/informant/pictures/latest', (c) => {
    if (!informantsSee) {
      return apiError(c, 403, 'pictures_not_shared', 'Published pictures are not shared with informant devices here (INFORMANTS_SEE_PICTURES is off).');
    }
    const latest = store.list()[0];
    const picture = latest ? store.published(latest.week) : undefined;
    if (!picture) return apiError(c, 404, 'not_found', 'No picture has been published yet.');
    // Informants get the text and the footer; the detailed facts stay with staff.
    const { facts: _facts, ...rest } = picture;
    return c.json(rest);
  });

  return app;
}
