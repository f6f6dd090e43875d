/**
 * The weekly send-out over HTTP. Who may call what: server/auth/rules.ts.
 *
 *   admin        GET/POST admin/recipients, PATCH/DELETE admin/recipients/:id,
 *                POST admin/recipients/import (CSV), POST admin/recipient-lists,
 *                PATCH/DELETE admin/recipient-lists/:id – addresses are personal data
 *   coordinator  GET sendout/status (per published version: sent, waiting, failed and why),
 *                POST sendout/:week/:version/resend, GET sendout/preview/:week (from the draft)
 *   anyone       GET/POST sendout/unsubscribe/:token (RFC 8058 one-click: POST unsubscribes at
 *                once, GET shows a button), GET sendout/web/:token (the web version of a message)
 */
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { PICTURE_FOOTER_SV, registerNumber, type PublishedPicture } from '../../shared/pictures';
import { escapeHtml, pictureDocument, renderPictureHtml } from '../../shared/picture-document';
import {
  RecipientCreateSchema,
  RecipientImportSchema,
  RecipientListSchema,
  RecipientUpdateSchema,
  type RecipientImportRefused,
  type RecipientImportResult,
  type RecipientsResponse,
  type SendoutPreview,
  type SendoutStatusResponse,
} from '../../shared/sendout';
import { isValidWeek } from '../../shared/weeks';
import { Refusal, constraint, notFound } from '../admin/refusal';
import { audit } from '../audit/log';
import { publicOrigin, type AuthDeps, type AuthEnv } from '../auth/context';
import { apiError, sendRefusal } from '../http/errors';
import { MB, jsonBody } from '../http/request';
import { badWeek, weekParam } from '../http/week-param';
import { pictureStore } from '../pictures/store';
import { parseRecipientsCsv } from './csv';
import { pictureMail } from './message';
import { resendFailed } from './queue';
import { mailDomain } from './sender';
import { sendoutStore } from './store';
import { linkSecret, readUnsubscribeToken, readWebVersionToken } from './tokens';
import type { MailConfig } from './transport';
import { isWithdrawn } from './withdrawals';

export interface SendoutDeps extends AuthDeps {
  /** Null: SMTP_URL/MAIL_FROM not set, nothing is e-mailed (the screens say so). */
  mail: MailConfig | null;
  registerPrefix?: string;
}


const Id = v.pipe(v.string(), v.regex(/^[1-9]\d{0,14}$/));
const idParam = (c: Context) => (v.is(Id, c.req.param('id')) ? Number(c.req.param('id')) : null);

export function sendoutRoutes(deps: SendoutDeps) {
  const app = new Hono<AuthEnv>();
  const { db } = deps;
  const store = sendoutStore(db);
  const prefix = deps.registerPrefix ?? 'EST';
  const enabled = deps.mail !== null;
  const by = <E extends AuthEnv>(c: Context<E>) => ({ type: 'staff' as const, id: c.get('staff')?.id ?? null });

  /** Refuses list ids that do not exist (a 400 naming them), else null. */
  const unknownLists = (ids: number[]): Refusal | null => {
    const missing = ids.filter((id) => !store.list(id));
    return missing.length > 0 ? new Refusal(400, 'unknown_list', `No such recipient list: ${missing.join(', ')}.`) : null;
  };
  const duplicate = 'A recipient with this e-mail address exists already: edit that one, or add it to another list.';

  // ---- admin: recipients and lists ------------------------------------------------------

  app.get('/admin/recipients', (c) =>
    c.json<RecipientsResponse>({ enabled, from: deps.mail?.from ?? null, lists: store.lists(), recipients: store.recipients() }),
  );

  app.post('/admin/recipients', jsonBody(RecipientCreateSchema), async (c) => {
    const body = c.get('body');
    const bad = unknownLists(body.lists);
    if (bad) return sendRefusal(c, bad);
    try {
      const id = db.transaction(() => {
        const id = store.createRecipient(body, deps.now());
        // The address and the name are personal data: the audit log names the recipient by id.
        audit(db, { actor: by(c), action: 'recipient.create', target: `recipient:${id}`, detail: { lists: body.lists.map((l) => store.list(l)!.name) }, at: deps.now() });
        return id;
      })();
      return c.json(store.recipient(id), 201);
    } catch (err) {
      return sendRefusal(c, constraint(err, duplicate));
    }
  });

  app.patch('/admin/recipients/:id', jsonBody(RecipientUpdateSchema), async (c) => {
    const id = idParam(c);
    const current = id === null ? undefined : store.recipient(id);
    if (!current) return sendRefusal(c, notFound('recipient'));
    const body = c.get('body');
    const bad = body.lists ? unknownLists(body.lists) : null;
    if (bad) return sendRefusal(c, bad);
    try {
      db.transaction(() => {
        store.updateRecipient(
          current.id,
          { name: body.name ?? current.name, email: body.email ?? current.email, organisation: body.organisation ?? current.organisation, ...(body.lists ? { lists: body.lists } : {}) },
          deps.now(),
        );
        const changed = (['name', 'email', 'organisation', 'lists'] as const).filter((k) => body[k] !== undefined);
        audit(db, { actor: by(c), action: 'recipient.update', target: `recipient:${current.id}`, detail: { changed: [...changed], ...(body.lists ? { lists: body.lists.map((l) => store.list(l)!.name) } : {}) }, at: deps.now() });
      })();
      return c.json(store.recipient(current.id));
    } catch (err) {
      return sendRefusal(c, constraint(err, duplicate));
    }
  });

  app.delete('/admin/recipients/:id', (c) => {
    const id = idParam(c);
    if (id === null) return sendRefusal(c, notFound('recipient'));
    const removed = db.transaction(() => {
      if (!store.deleteRecipient(id)) return false;
      audit(db, { actor: by(c), action: 'recipient.delete', target: `recipient:${id}`, at: deps.now() });
      return true;
    })();
    return removed ? c.json({ ok: true }) : sendRefusal(c, notFound('recipient'));
  });

  app.post('/admin/recipients/import', jsonBody(RecipientImportSchema, { limit: 2 * MB }), async (c) => {
    const body = c.get('body');
    const list = store.list(body.listId);
    if (!list) return sendRefusal(c, new Refusal(400, 'unknown_list', `No such recipient list: ${body.listId}.`));
    const parsed = parseRecipientsCsv(body.csv);
    if (!parsed.ok) {
      return c.json<RecipientImportRefused>(
        { error: `Nothing was imported: ${parsed.errors.length} row(s) need fixing (line ${parsed.errors[0]!.line}: ${parsed.errors[0]!.reason}).`, code: 'import_invalid', errors: parsed.errors },
        400,
      );
    }
    const result = db.transaction((): RecipientImportResult => {
      let created = 0;
      let existing = 0;
      for (const r of parsed.rows) {
        const known = store.recipientIdByEmail(r.email);
        if (known !== undefined) {
          store.addMember(list.id, known);
          existing++;
        } else {
          store.createRecipient({ ...r, lists: [list.id] }, deps.now());
          created++;
        }
      }
      audit(db, { actor: by(c), action: 'recipient.import', target: `recipient-list:${list.id}`, detail: { list: list.name, created, existing }, at: deps.now() });
      return { created, existing };
    })();
    return c.json<RecipientImportResult>(result);
  });

  app.post('/admin/recipient-lists', jsonBody(RecipientListSchema), async (c) => {
    const body = c.get('body');
    try {
      const id = db.transaction(() => {
        const id = store.createList(body.name, deps.now());
        audit(db, { actor: by(c), action: 'recipient-list.create', target: `recipient-list:${id}`, detail: { name: body.name }, at: deps.now() });
        return id;
      })();
      return c.json(store.list(id), 201);
    } catch (err) {
      return sendRefusal(c, constraint(err, 'A recipient list with this name exists already.'));
    }
  });

  app.patch('/admin/recipient-lists/:id', jsonBody(RecipientListSchema), async (c) => {
    const id = idParam(c);
    if (id === null || !store.list(id)) return sendRefusal(c, notFound('recipient list'));
    const body = c.get('body');
    try {
      db.transaction(() => {
        store.renameList(id, body.name);
        audit(db, { actor: by(c), action: 'recipient-list.update', target: `recipient-list:${id}`, detail: { name: body.name }, at: deps.now() });
      })();
      return c.json(store.list(id));
    } catch (err) {
      return sendRefusal(c, constraint(err, 'A recipient list with this name exists already.'));
    }
  });

  app.delete('/admin/recipient-lists/:id', (c) => {
    const id = idParam(c);
    const list = id === null ? undefined : store.list(id);
    if (!list) return sendRefusal(c, notFound('recipient list'));
    if (list.isDefault) return apiError(c, 409, 'default_list', `"${list.name}" is the default list and cannot be deleted; remove its recipients instead.`);
    db.transaction(() => {
      store.deleteList(list.id);
      audit(db, { actor: by(c), action: 'recipient-list.delete', target: `recipient-list:${list.id}`, detail: { name: list.name, members: list.members }, at: deps.now() });
    })();
    return c.json({ ok: true });
  });

  // ---- coordinators: status, resend, preview ------------------------------------------

  app.get('/sendout/status', (c) => c.json<SendoutStatusResponse>({ enabled, versions: store.status() }));

  app.post('/sendout/:week/:version/resend', (c) => {
    const week = c.req.param('week');
    if (!isValidWeek(week)) return badWeek(c, week);
    const version = Number(c.req.param('version'));
    const picture = Number.isInteger(version) && version > 0 ? pictureStore(db).published(week, version) : undefined;
    if (!picture) return apiError(c, 404, 'not_found', `There is no published version ${c.req.param('version').slice(0, 10)} of ${week}.`);
    if (!enabled) return apiError(c, 409, 'sendout_off', 'E-mail is not configured on this server (SMTP_URL and MAIL_FROM), so nothing can be sent.');
    if (isWithdrawn(db, week, version)) return apiError(c, 409, 'withdrawn', `${picture.registerNumber} version ${version} has been withdrawn and is not sent.`);
    const queued = resendFailed(db, picture, deps.now());
    if (queued > 0) audit(db, { actor: by(c), action: 'sendout.resend', target: `picture:${picture.registerNumber}/${version}`, detail: { queued }, at: deps.now() });
    return c.json({ queued });
  });

  app.get('/sendout/preview/:week', (c) => {
    const week = weekParam(c.req.param('week') ?? '', deps.now());
    if (!week) return badWeek(c, c.req.param('week') ?? '');
    const draft = pictureStore(db).draft(week);
    if (!draft) return apiError(c, 404, 'no_draft', `There is no draft for ${week} yet: open it first.`);
    // The next version number counts withdrawn versions too.
    const latest = pictureStore(db).list().filter((p) => p.week === week)[0];
    // The message as it would go out if the draft were published now (links are per recipient).
    const origin = publicOrigin(c, deps);
    const asPublished = { week, registerNumber: registerNumber(prefix, week), version: (latest?.version ?? 0) + 1, content: draft.content, publishedAt: deps.now().toISOString(), footer: PICTURE_FOOTER_SV };
    const mail = pictureMail(asPublished, { web: `${origin}/api/v1/sendout/web/…`, unsubscribe: `${origin}/api/v1/sendout/unsubscribe/…` }, { recipientId: 0, domain: mailDomain(origin) });
    return c.json<SendoutPreview>({ enabled, subject: mail.subject, text: mail.text, html: mail.html, recipients: store.pictureRecipients().length });
  });

  // ---- anyone with a signed link ---------------------------------------------------------

  app.get('/sendout/unsubscribe/:token', (c) => {
    const id = readUnsubscribeToken(linkSecret(db), c.req.param('token'));
    if (id === null) return page(c, 404, 'Länken fungerar inte', '<p>Länken är ogiltig eller ofullständig. Kopiera hela länken från e-postmeddelandet.</p>');
    const r = store.recipient(id);
    if (!r || r.unsubscribedAt) return page(c, 200, 'Du är avregistrerad', '<p>Du får inga fler utskick av veckans lägesbild till den här adressen.</p>');
    return page(
      c,
      200,
      'Avregistrera dig från veckans lägesbild',
      `<p>Vill du sluta få veckans samlade lägesbild med e-post?</p>
       <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" style="font-size:18px;padding:12px 20px;min-height:44px">Avregistrera mig</button></form>`,
    );
  });

  app.post('/sendout/unsubscribe/:token', (c) => {
    const id = readUnsubscribeToken(linkSecret(db), c.req.param('token'));
    if (id === null) return page(c, 404, 'Länken fungerar inte', '<p>Länken är ogiltig eller ofullständig. Kopiera hela länken från e-postmeddelandet.</p>');
    db.transaction(() => {
      if (store.unsubscribe(id, deps.now())) audit(db, { actor: { type: 'anonymous' }, action: 'recipient.unsubscribe', target: `recipient:${id}`, at: deps.now() });
    })();
    // Also when the recipient is gone or had unsubscribed already: the answer is the same.
    return page(c, 200, 'Du är avregistrerad', '<p>Du får inga fler utskick av veckans lägesbild till den här adressen.</p>');
  });

  app.get('/sendout/web/:token', (c) => {
    const ref = readWebVersionToken(linkSecret(db), c.req.param('token'));
    const picture: PublishedPicture | undefined = ref ? pictureStore(db).published(ref.week, ref.version) : undefined;
    if (!ref || !picture) return page(c, 404, 'Länken fungerar inte', '<p>Lägesbilden finns inte, eller länken är ofullständig.</p>');
    if (isWithdrawn(db, ref.week, ref.version)) return page(c, 410, 'Lägesbilden är tillbakadragen', `<p>${escapeHtml(picture.registerNumber)} version ${ref.version} har dragits tillbaka.</p>`);
    return page(c, 200, pictureDocument(picture).title, renderPictureHtml(pictureDocument(picture)), { heading: false });
  });

  return app;
}

/** A small Swedish HTML page for people who came from an e-mail (no app, no script). */
function page(c: Context, status: 200 | 404 | 410, title: string, body: string, opts: { heading?: boolean } = {}) {
  return c.html(
    `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,Arial,sans-serif;max-width:720px;margin:24px auto;padding:0 16px;line-height:1.5">
${opts.heading === false ? '' : `<h1 style="font-size:24px">${escapeHtml(title)}</h1>`}${body}</body></html>`,
    status,
  );
}
