/**
 * The weekly send-out end to end in one process: the real app over HTTP, a real SMTP
 * server on 127.0.0.1 (tests/support/smtp-sink.ts) receiving what nodemailer sends, the
 * job runner ticked on an injected clock. Publish, correct, unsubscribe, withdraw: every
 * recipient gets each version once, saying what the printed page says, and nothing after
 * unsubscribing or a withdrawal. (The same across a SIGKILL: sendout-crash.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobRunner, type JobRunner } from '../../server/jobs/runner';
import { mailPictureHandler } from '../../server/sendout/sender';
import { smtpSender, type MailConfig } from '../../server/sendout/transport';
import type { PublishedPicture } from '../../shared/pictures';
import type { RecipientsResponse, SendoutPreview, SendoutStatusResponse } from '../../shared/sendout';
import { weekNumber, weekOf } from '../../shared/weeks';
import { startTestServer, type TestServer } from '../support/fixture';
import { htmlWords, pictureContent, printedWords, withdraw } from '../support/sendout';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { addStaff, asAdmin, request, sessionCookie } from '../support/staff';
import { documentWords } from '../../shared/picture-document';

let t: TestServer;
let sink: SmtpSink;
let runner: JobRunner;
let sender: ReturnType<typeof smtpSender>;
let admin: Awaited<ReturnType<typeof asAdmin>>;
let coord: (method: string, path: string, body?: unknown) => Promise<Response>;
let logs: string[];
const FROM = 'Lägesbild Älvstad <lagesbild@alvstad.example>';

beforeEach(async () => {
  sink = await startSmtpSink();
  const mail: MailConfig = { smtpUrl: sink.url, from: FROM };
  t = await startTestServer({ app: { mail } });
  logs = [];
  sender = smtpSender(mail);
  runner = createJobRunner({ db: t.db, now: () => t.clock.now, log: (m) => logs.push(m) });
  runner.register(mailPictureHandler({ db: t.db, send: sender.send, publicUrl: t.url, log: (m) => logs.push(m) }));
  admin = await asAdmin(t);
  const c = await addStaff(t, 'coordinator');
  const cookie = sessionCookie(t, c.id);
  coord = (method, path, body) => request(t, method, path, { cookie, body });
});

afterEach(async () => {
  await runner.stop();
  sender.close();
  await t.close();
  await sink.close();
});

const week = () => weekOf(t.clock.now);

async function json<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const body = await r.text();
  expect(r.status, body).toBe(status);
  return JSON.parse(body) as T;
}

async function defaultList(): Promise<number> {
  const r = await json<RecipientsResponse>(admin.call('GET', '/api/v1/admin/recipients'));
  return r.lists.find((l) => l.isDefault)!.id;
}

async function addRecipient(name: string, email: string, lists: number[], organisation = 'Polisen'): Promise<number> {
  return (await json<{ id: number }>(admin.call('POST', '/api/v1/admin/recipients', { name, email, organisation, lists }), 201)).id;
}

/** Writes the draft's text and publishes it; returns the published version. */
async function publish(over: Parameters<typeof pictureContent>[0] = {}): Promise<PublishedPicture> {
  const draft = await json<{ version: number }>(coord('GET', `/api/v1/pictures/drafts/${week()}`));
  const saved = await json<{ version: number }>(coord('PUT', `/api/v1/pictures/drafts/${week()}`, { version: draft.version, content: pictureContent(over) }));
  return json<PublishedPicture>(coord('POST', `/api/v1/pictures/drafts/${week()}/publish`, { version: saved.version }), 201);
}

const byRecipient = () => {
  const m = new Map<string, string[]>();
  for (const r of sink.received) m.set(r.to, [...(m.get(r.to) ?? []), r.subject]);
  return m;
};

describe('the weekly send-out', () => {
  it('publish, correct, unsubscribe, withdraw: each recipient gets each version once, with the printed text, nothing after unsubscribing or a withdrawal', async () => {
    const list = await defaultList();
    const other = (await json<{ id: number }>(admin.call('POST', '/api/v1/admin/recipient-lists', { name: 'Skola och fritid' }), 201)).id;
    await addRecipient('Polisen Norrby', 'polis.norrby@polisen.example', [list]);
    const tib = await addRecipient('TiB', 'tib@alvstad.example', [list, other], 'Älvstads kommun');
    // CSV as Swedish Excel writes it: semicolons, a BOM; one address already known (on two lists, still one message).
    const csv = '\uFEFFNamn;E-post;Organisation\nFältgruppen;falt@alvstad.example;Socialtjänsten\nTiB;TIB@alvstad.example;Älvstads kommun\nVäktare;vakt@bevakning.example;Bevakning AB\n';
    expect(await json(admin.call('POST', '/api/v1/admin/recipients/import', { listId: other, csv }))).toEqual({ created: 2, existing: 1 });

    const v1 = await publish();
    await runner.tick();
    await sink.waitFor(4);
    expect(sink.received).toHaveLength(4);
    const n = weekNumber(week());
    for (const m of sink.received) {
      expect(m.subject).toBe(`Samlad lägesbild v. ${n} – ${v1.registerNumber}`);
      // The same text as the printed page, in both parts.
      expect(documentWords(m.text)).toContain(printedWords(v1));
      expect(htmlWords(m.html)).toContain(printedWords(v1));
      expect(m.text).toContain(v1.footer);
      expect(m.html).toContain('Klotter &amp; skadegörelse i Norrby &lt;b&gt;fortsätter&lt;/b&gt;'); // typed text never becomes markup
      expect(m.text).toMatch(new RegExp(`Webbversion: ${t.url}/api/v1/sendout/web/\\S+`));
      expect(rawHeader(m.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      expect(rawHeader(m.raw, 'List-Unsubscribe')).toMatch(new RegExp(`^<${t.url}/api/v1/sendout/unsubscribe/\\d+\\.[\\w-]{32}>$`));
      expect(m.messageId).toMatch(new RegExp(`^<${v1.registerNumber}\\.v1\\.r\\d+@127\\.0\\.0\\.1>$`));
    }
    expect([...byRecipient().keys()].sort()).toEqual(['falt@alvstad.example', 'polis.norrby@polisen.example', 'tib@alvstad.example', 'vakt@bevakning.example']);

    // The web version, from the link in the message, without an account: the same words again.
    const webLink = /Webbversion: (\S+)/.exec(sink.received[0]!.text)![1]!;
    const web = await fetch(webLink);
    expect(web.status).toBe(200);
    expect(htmlWords(await web.text())).toContain(printedWords(v1));

    // Another tick sends nothing again.
    await runner.tick();
    expect(sink.received).toHaveLength(4);

    // TiB unsubscribes with one click, as a mail provider does it: a cross-site POST, no session.
    const tibMail = sink.received.find((m) => m.to === 'tib@alvstad.example')!;
    const unsubscribeUrl = /<([^>]+)>/.exec(String(rawHeader(tibMail.raw, 'List-Unsubscribe')))![1]!;
    const confirm = await fetch(unsubscribeUrl);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('<button type="submit"');
    const oneClick = await fetch(unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.provider.example', 'sec-fetch-site': 'cross-site' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    // A forged token does nothing.
    expect((await fetch(unsubscribeUrl.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), { method: 'POST' })).status).toBe(404);
    // Admins see it at once.
    const afterUnsub = await json<RecipientsResponse>(admin.call('GET', '/api/v1/admin/recipients'));
    expect(afterUnsub.recipients.find((r) => r.id === tib)!.unsubscribedAt).not.toBeNull();

    // A correction: version 2 to everyone still subscribed, noted in the subject.
    const v2 = await publish({ overallSituation: 'Rättat: lugnare än förra veckan.' });
    expect(v2.version).toBe(2);
    await runner.tick();
    await sink.waitFor(7);
    const v2Mails = sink.received.slice(4);
    expect(v2Mails.map((m) => m.to).sort()).toEqual(['falt@alvstad.example', 'polis.norrby@polisen.example', 'vakt@bevakning.example']);
    for (const m of v2Mails) {
      expect(m.subject).toBe(`Samlad lägesbild v. ${n} – ${v2.registerNumber}, version 2 (rättelse)`);
      expect(documentWords(m.text)).toContain(printedWords(v2));
      expect(htmlWords(m.html)).toContain(printedWords(v2));
    }

    // Version 3 is withdrawn before it goes out: nobody gets it.
    const v3 = await publish({ overallSituation: 'Fel text.' });
    withdraw(t.db, week(), v3.version, admin.staff.id, t.clock.now);
    await runner.tick();
    expect(sink.received).toHaveLength(7);

    // Each recipient got each version once; TiB nothing after unsubscribing.
    expect(Object.fromEntries(byRecipient())).toEqual({
      'polis.norrby@polisen.example': [expect.stringMatching(/– EST-\d{4}-\d{2}$/), expect.stringMatching(/version 2 \(rättelse\)$/)],
      'falt@alvstad.example': [expect.stringMatching(/– EST-\d{4}-\d{2}$/), expect.stringMatching(/version 2 \(rättelse\)$/)],
      'vakt@bevakning.example': [expect.stringMatching(/– EST-\d{4}-\d{2}$/), expect.stringMatching(/version 2 \(rättelse\)$/)],
      'tib@alvstad.example': [expect.stringMatching(/– EST-\d{4}-\d{2}$/)],
    });

    // Coordinators' status per version: counts, and why the withdrawn one was not sent.
    const status = await json<SendoutStatusResponse>(coord('GET', '/api/v1/sendout/status'));
    expect(status.enabled).toBe(true);
    expect(status.versions.map((v) => [v.version, v.sent, v.waiting, v.failed, v.skipped])).toEqual([
      [3, 0, 0, 0, 3],
      [2, 3, 0, 0, 0],
      [1, 4, 0, 0, 0],
    ]);
    expect(status.versions[0]!.problems.map((p) => p.error)).toEqual(['Versionen är tillbakadragen', 'Versionen är tillbakadragen', 'Versionen är tillbakadragen']);
    expect(JSON.stringify(status)).not.toMatch(/@/); // no addresses for coordinators
  });

  it('retries SMTP 4xx with backoff, fails 5xx with the reason; coordinators see why and resend the failures', async () => {
    const list = await defaultList();
    await addRecipient('Trafik', 'trafik@kollektiv.example', [list]);
    await addRecipient('Räddningstjänsten', 'rtj@raddning.example', [list]);
    await addRecipient('Skolan', 'rektor@skolan.example', [list]);
    let busy = true;
    let refuse = true;
    sink.answer = (to) =>
      to === 'trafik@kollektiv.example' && busy
        ? { code: 451, message: '4.3.0 Mailbox busy, try later' }
        : to === 'rtj@raddning.example' && refuse
          ? { code: 550, message: '5.1.1 <rtj@raddning.example>: Recipient address rejected' }
          : null;
    const v1 = await publish();
    await runner.tick();
    await sink.waitFor(1);
    expect(sink.received.map((m) => m.to)).toEqual(['rektor@skolan.example']);

    let status = (await json<SendoutStatusResponse>(coord('GET', '/api/v1/sendout/status'))).versions[0]!;
    expect([status.sent, status.waiting, status.failed]).toEqual([1, 1, 1]);
    expect(status.problems).toEqual([expect.objectContaining({ name: 'Räddningstjänsten', error: expect.stringContaining('550 5.1.1 <adressen>: Recipient address rejected') })]);

    // Before the backoff has passed nothing is tried; after it, the busy mailbox takes it.
    busy = false;
    t.clock.now = new Date(t.clock.now.getTime() + 10_000);
    await runner.tick();
    expect(sink.received).toHaveLength(1);
    t.clock.now = new Date(t.clock.now.getTime() + 30_000);
    await runner.tick();
    await sink.waitFor(2);
    expect(sink.received[1]!.to).toBe('trafik@kollektiv.example');

    // The refused address was fixed at the receiving end: the coordinator resends the failures.
    refuse = false;
    expect(await json(coord('POST', `/api/v1/sendout/${v1.week}/${v1.version}/resend`))).toEqual({ queued: 1 });
    await runner.tick();
    await sink.waitFor(3);
    expect(sink.received[2]!.to).toBe('rtj@raddning.example');
    status = (await json<SendoutStatusResponse>(coord('GET', '/api/v1/sendout/status'))).versions[0]!;
    expect([status.sent, status.waiting, status.failed, status.problems]).toEqual([3, 0, 0, []]);
    // Resending again queues nothing: no failures left, and sent ones are never sent twice.
    expect(await json(coord('POST', `/api/v1/sendout/${v1.week}/${v1.version}/resend`))).toEqual({ queued: 0 });
  });

  it('keeps recipients admin-only, audits changes without the address, and deletes for real with their pending messages', async () => {
    const list = await defaultList();
    expect((await coord('GET', '/api/v1/admin/recipients')).status).toBe(403);
    const id = await addRecipient('Anna Andersson', 'anna.andersson@alvstad.example', [list]);
    expect((await admin.call('POST', '/api/v1/admin/recipients', { name: 'Dubblett', email: 'ANNA.andersson@alvstad.example', lists: [list] })).status).toBe(409);
    const bad = await admin.call('POST', '/api/v1/admin/recipients', { name: '', email: 'inte en adress', lists: [list] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'bad_request', error: expect.stringMatching(/name|email/) });

    await publish(); // queued, not sent yet
    expect(t.db.prepare("SELECT count(*) FROM jobs WHERE kind = 'mail.picture' AND state = 'pending'").pluck().get()).toBe(1);
    expect(await json(admin.call('DELETE', `/api/v1/admin/recipients/${id}`))).toEqual({ ok: true });
    expect(t.db.prepare("SELECT count(*) FROM recipients").pluck().get()).toBe(0);
    expect(t.db.prepare("SELECT count(*) FROM mail_sends").pluck().get()).toBe(0);
    expect(t.db.prepare("SELECT count(*) FROM jobs WHERE kind = 'mail.picture'").pluck().get()).toBe(0);
    await runner.tick();
    expect(sink.received).toHaveLength(0);

    const audit = t.db.prepare("SELECT action, target, coalesce(detail, '') AS detail FROM audit_log WHERE action LIKE 'recipient%' ORDER BY id").all() as { action: string; target: string; detail: string }[];
    expect(audit.map((a) => [a.action, a.target])).toEqual([
      ['recipient.create', `recipient:${id}`],
      ['recipient.delete', `recipient:${id}`],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/anna|andersson|@/i);

    // A CSV with a bad row imports nothing and says which line.
    const refused = await admin.call('POST', '/api/v1/admin/recipients/import', { listId: list, csv: 'namn,e-post\nBo,bo@x.example\nCia,cia-at-x\nBo igen,BO@x.example\n' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'import_invalid', errors: [{ line: 3, reason: expect.stringContaining('e-mail') }, { line: 4, reason: 'the same address as line 2' }] });
    expect(t.db.prepare('SELECT count(*) FROM recipients').pluck().get()).toBe(0);
    // The default list stays.
    expect((await admin.call('DELETE', `/api/v1/admin/recipient-lists/${list}`)).status).toBe(409);
  });

  it('never sends a message whose record says sent, even when its job runs again (a crash between the SMTP answer and the job\'s end)', async () => {
    const list = await defaultList();
    const a = await addRecipient('A', 'a@x.example', [list]);
    await addRecipient('B', 'b@x.example', [list]);
    const v1 = await publish();
    // As a killed server leaves it: the record marked sent right after the SMTP answer, the job still to run.
    t.db.prepare("UPDATE mail_sends SET state = 'sent', sent_at = ? WHERE recipient_id = ?").run(t.clock.now.toISOString(), a);
    const summary = await runner.tick();
    await sink.waitFor(1);
    expect(sink.received.map((m) => m.to)).toEqual(['b@x.example']);
    expect(summary.results.map((r) => r.outcome).sort()).toEqual(['already-sent', 'sent']);
    expect(v1.version).toBe(1);
  });

  it('previews the e-mail from the draft before publishing', async () => {
    const list = await defaultList();
    await addRecipient('TiB', 'tib@alvstad.example', [list]);
    const draft = await json<{ version: number }>(coord('GET', `/api/v1/pictures/drafts/${week()}`));
    await json(coord('PUT', `/api/v1/pictures/drafts/${week()}`, { version: draft.version, content: pictureContent({ events: 'Luciatåg i Söderby.' }) }));
    const preview = await json<SendoutPreview>(coord('GET', `/api/v1/sendout/preview/${week()}`));
    expect(preview).toMatchObject({ enabled: true, recipients: 1, subject: expect.stringMatching(/^Samlad lägesbild v\. \d+ – EST-\d{4}-\d{2}$/) });
    expect(preview.text).toContain('Luciatåg i Söderby.');
    expect(preview.html).toContain('Luciatåg i Söderby.');
    expect(sink.received).toHaveLength(0);
    expect(t.db.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(0);
  });
});

describe('the send-out when SMTP is not configured', () => {
  it('says it is off, and publishing queues no mail', async () => {
    const off = await startTestServer({ app: { mail: null } });
    try {
      const a = await asAdmin(off);
      const r = await json<RecipientsResponse>(a.call('GET', '/api/v1/admin/recipients'));
      expect(r.enabled).toBe(false);
      await a.call('POST', '/api/v1/admin/recipients', { name: 'TiB', email: 'tib@alvstad.example', lists: [r.lists[0]!.id] });
      const w = weekOf(off.clock.now);
      const d = await json<{ version: number }>(a.call('GET', `/api/v1/pictures/drafts/${w}`));
      expect((await a.call('POST', `/api/v1/pictures/drafts/${w}/publish`, { version: d.version })).status).toBe(201);
      expect(off.db.prepare("SELECT count(*) FROM jobs WHERE kind = 'mail.picture'").pluck().get()).toBe(0);
      expect((await json<SendoutStatusResponse>(a.call('GET', '/api/v1/sendout/status'))).enabled).toBe(false);
    } finally {
      await off.close();
    }
  });
});

/** A header as it stands in the message (mailparser turns List-* headers into objects). */
function rawHeader(raw: string, name: string): string | undefined {
  const unfolded = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(unfolded)?.[1];
}
