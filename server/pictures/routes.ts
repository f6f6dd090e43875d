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
 *   POST /pictures/:week/:version/withdraw admin: {reason} takes a published version back; it is
 *                                         no longer shown (readers, informants, `latest`), the row
 *                                         stays, the audit log holds who, when and why
 *
 * Configuration (server/config.ts): REGISTER_PREFIX, INFORMANTS_SEE_PICTURES.
 */
import { Hono, type Context } from 'hono';
import {
  DraftSaveSchema,
  PublishSchema,
  WithdrawSchema,
  type DraftConflict,
  type DraftSaved,
  type FieldActivityRow,
  type PictureContent,
  type PictureDraft,
  type PictureFacts,
  type DraftBlocked,
  type PublishBlocked,
  type PublishedPicture,
  type PublishedSummary,
} from '../../shared/pictures';
import { PERSONAL_DATA_KIND_NAMES, findPersonalData } from '../../shared/personal-data';
import { isValidWeek, type IsoWeek } from '../../shared/weeks';
import { audit } from '../audit/log';
import type { AuthEnv } from '../auth/context';
import type { AppDeps } from '../http/deps';
import { badWeek, weekParam } from '../http/week-param';
import { apiError } from '../http/errors';
import { MB, jsonBody } from '../http/request';
import { compileWeek } from '../weekview/compile';
import { weekviewStore } from '../weekview/store';
import { compileDraft, tidyContent } from './draft';
import { findPersonalDataInPicture, type PictureFinding } from './guard';
import { publishPicture } from './publish';
import { pictureStore, type StoredDraft } from './store';

export interface PicturesDeps extends AppDeps {
  /** Register-number prefix (Config.registerPrefix); default "EST". */
  registerPrefix?: string;
  /** Whether informant devices may read the latest picture (Config.informantsSeePictures); default no. */
  informantsSeePictures?: boolean;
  /** The quarter's prioritised areas for a week (as for the week view); none until decided. */
  prioritisedAreaIds?: (week: IsoWeek) => string[];
  /** Interventions decided in a week, one line per area, for the prefill (interventions feature). */
  interventions?: (week: IsoWeek) => { areaId: string; text: string }[];
}

/** A draft is a page of text per area: far below this. */
const DRAFT_BODY_LIMIT = 1 * MB;

export function picturesRoutes(deps: PicturesDeps) {
  const app = new Hono<AuthEnv>();
  const { db } = deps;
  const prefix = deps.registerPrefix ?? 'EST';
  const informantsSee = deps.informantsSeePictures === true;
  const prioritised = deps.prioritisedAreaIds ?? (() => []);
  const store = pictureStore(db);

  /** The prefill and facts from today's data; field activities carried over from the last published picture. */
  function compiled(week: IsoWeek): { content: PictureContent; facts: PictureFacts } {
    const view = compileWeek(weekviewStore(db).weekViewInput(week, prioritised(week)));
    const previous = store.list().find((p) => p.week < week && !p.withdrawn);
    const previousFieldActivities: FieldActivityRow[] | undefined = previous ? store.published(previous.week)?.content.fieldActivities : undefined;
    const interventions = deps.interventions?.(week);
    return compileDraft({ view, ...(previousFieldActivities ? { previousFieldActivities } : {}), ...(interventions ? { interventions } : {}) });
  }
  const asDraft = (d: StoredDraft, facts: PictureFacts): PictureDraft => ({ week: d.week, version: d.version, content: d.content, facts, updatedAt: d.updatedAt });
  const staffId = <E extends AuthEnv>(c: Context<E>) => c.get('staff')?.id ?? null;

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

  /** The guard's answer: where and what kind, never the text it found. */
  const personalData = (c: Context, findings: PictureFinding[], what: 'save' | 'publish') => {
    const paths = [...new Set(findings.map((f) => f.path))];
    const found = findings.map((f) => `${f.kind} in ${f.path}`).join(', ');
    const error =
      what === 'save'
        ? `Not saved: the draft seems to contain personal data (${found}). Nothing of this save was stored; remove it and the draft saves again. Fields: ${paths.join(', ')}.`
        : `Not published: the picture seems to contain personal data (${found}). Remove it and publish again. Fields: ${paths.join(', ')}.`;
    return c.json<PublishBlocked | DraftBlocked>({ error, code: 'personal_data', findings }, 422);
  };

  app.get('/pictures/drafts/:week', (c) => {
    const week = weekParam(c.req.param('week') ?? '', deps.now());
    if (!week) return badWeek(c, c.req.param('week') ?? '');
    const fresh = compiled(week);
    // Created on first open; afterwards the stored text is kept and only the facts are refreshed.
    const draft = store.draft(week) ?? store.ensureDraft(week, fresh.content, deps.now(), staffId(c));
    return c.json<PictureDraft>(asDraft(draft, fresh.facts));
  });

  app.put('/pictures/drafts/:week', jsonBody(DraftSaveSchema, { limit: DRAFT_BODY_LIMIT }), (c) => {
    const week = weekParam(c.req.param('week') ?? '', deps.now());
    if (!week) return badWeek(c, c.req.param('week') ?? '');
    const b = c.get('body');
    // A draft is stored text too: personal data never reaches the database, not even
    // for a moment before publishing.
    const findings = findPersonalDataInPicture(b.content);
    if (findings.length > 0) return personalData(c, findings, 'save');
    const outcome = store.saveDraft(week, b.version, tidyContent(b.content), deps.now(), staffId(c));
    if (!outcome.ok && outcome.reason === 'missing') {
      return apiError(c, 404, 'no_draft', `There is no draft for ${week} yet: open it first (GET /api/v1/pictures/drafts/${week}).`);
    }
    if (!outcome.ok) return conflict(c, week, 'save');
    return c.json<DraftSaved>({ week, version: outcome.version, updatedAt: outcome.updatedAt });
  });

  app.post('/pictures/drafts/:week/publish', jsonBody(PublishSchema), (c) => {
    const week = weekParam(c.req.param('week') ?? '', deps.now());
    if (!week) return badWeek(c, c.req.param('week') ?? '');
    const b = c.get('body');
    const now = deps.now();
    const by = staffId(c);
    const facts = compiled(week).facts;
    const result = publishPicture(db, { week, draftVersion: b.version, facts, prefix, by, now });
    switch (result.kind) {
      case 'missing':
        return apiError(c, 404, 'no_draft', `There is no draft for ${week} to publish: open it first.`);
      case 'conflict':
        return conflict(c, week, 'publish');
      case 'blocked':
        return personalData(c, result.findings, 'publish');
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
      return apiError(c, 404, 'not_found', version === undefined ? `No picture has been published for ${week} (or every version was withdrawn).` : `There is no version ${version} of the picture for ${week}.`);
    }
    if (picture.withdrawn) {
      const shown = store.published(week);
      return apiError(
        c,
        410,
        'picture_withdrawn',
        `Version ${picture.version} of ${picture.registerNumber} was withdrawn (${picture.withdrawn.reason}).${shown ? ` Read version ${shown.version} instead.` : ''}`,
      );
    }
    return c.json<PublishedPicture>(picture);
  });

  app.get('/informant/pictures/latest', (c) => {
    if (!informantsSee) {
      return apiError(c, 403, 'pictures_not_shared', 'Published pictures are not shared with informant devices here (INFORMANTS_SEE_PICTURES is off).');
    }
    // The newest week that still has a version that is not withdrawn.
    const latest = store.list().find((p) => !p.withdrawn);
    const picture = latest ? store.published(latest.week) : undefined;
    if (!picture) return apiError(c, 404, 'not_found', 'No picture has been published yet.');
    // Informants get the text and the footer; the detailed facts stay with staff.
    const { facts: _facts, ...rest } = picture;
    return c.json(rest);
  });

  app.post('/pictures/:week/:version/withdraw', jsonBody(WithdrawSchema, { shape: '{"reason": "<why>"}' }), (c) => {
    const week = c.req.param('week');
    if (!isValidWeek(week)) return badWeek(c, week);
    const rawVersion = c.req.param('version');
    if (!/^[1-9]\d{0,5}$/.test(rawVersion)) {
      return apiError(c, 400, 'bad_version', `"${rawVersion.slice(0, 20)}" is not a version: use a whole number from 1.`);
    }
    const b = c.get('body');
    // The reason is stored and shown to readers: it is free text like any other.
    const found = findPersonalData(b.reason);
    if (found.length > 0) {
      return apiError(c, 422, 'personal_data', `Not withdrawn: the reason seems to contain ${PERSONAL_DATA_KIND_NAMES[found[0]!.kind]}. Say why without it.`);
    }
    const by = staffId(c)!;
    const now = deps.now();
    const version = Number(rawVersion);
    const outcome = db.transaction(() => {
      const o = store.withdraw(week, version, b.reason, by, now);
      if (o.ok) {
        audit(db, {
          actor: { type: 'staff', id: by },
          action: 'picture.withdraw',
          target: `picture:${o.picture.registerNumber}/${version}`,
          detail: { week, registerNumber: o.picture.registerNumber, version, reason: b.reason },
          at: now,
        });
      }
      return o;
    })();
    if (!outcome.ok && outcome.reason === 'missing') return apiError(c, 404, 'not_found', `There is no version ${version} of the picture for ${week}.`);
    if (!outcome.ok) return apiError(c, 409, 'already_withdrawn', `Version ${version} of the picture for ${week} is already withdrawn.`);
    return c.json<PublishedSummary>(outcome.picture);
  });

  return app;
}
