/**
 * The picture as a document: one model for the printed page and the e-mail; the subject;
 * typed text never becomes markup; CSV import of recipients; SMTP failures classified.
 */
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { documentWords, pictureDocument, pictureMailSubject, renderPictureHtml, renderPictureText } from '../../shared/picture-document';
import { PICTURE_FOOTER_SV, type PublishedPicture } from '../../shared/pictures';
import { pictureMail } from '../../server/sendout/message';
import { parseRecipientsCsv } from '../../server/sendout/csv';
import { classifySendError, smtpSender } from '../../server/sendout/transport';
import { readConfig } from '../../server/config';
import { scrubAddresses } from '../../server/sendout/sender';
import { htmlWords, pictureContent } from '../support/sendout';

const picture = (over: Partial<PublishedPicture> = {}): PublishedPicture => ({
  week: '2026-W48',
  registerNumber: 'EST-2026-48',
  version: 1,
  content: pictureContent(),
  facts: {} as PublishedPicture['facts'],
  publishedAt: '2026-11-26T13:03:00Z',
  footer: PICTURE_FOOTER_SV,
  withdrawn: null,
  ...over,
});

describe('the picture document', () => {
  it('says the same in text and HTML, with the footer and the register number', () => {
    const doc = pictureDocument(picture());
    expect(doc.title).toBe('Samlad lägesbild vecka 48');
    expect(doc.meta).toBe('Diarienummer EST-2026-48, version 1 · publicerad 26 november 2026 kl. 14:03');
    expect(pictureDocument(picture({ publishedAt: '2026-07-01T22:05:00Z' })).meta).toContain('publicerad 2 juli 2026 kl. 00:05');
    const text = renderPictureText(doc);
    expect(htmlWords(renderPictureHtml(doc))).toBe(documentWords(text));
    expect(text).toContain(PICTURE_FOOTER_SV);
    expect(text).toContain('EST-2026-48 v1');
    expect(text).toContain('Fältgruppen | Norrby | fre–lör 21–03 | Torget');
  });

  it('escapes what coordinators typed and shows "–" for empty sections', () => {
    const doc = pictureDocument(picture({ content: pictureContent({ events: '', overallSituation: '<script>alert(1)</script> & "citat"' }) }));
    const html = renderPictureHtml(doc);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;citat&quot;');
    expect(doc.sections.find((s) => s.heading === 'ARRANGEMANG')!.blocks).toEqual([{ type: 'p', text: '–' }]);
  });

  it('names the week and register number in the subject, and a correction its version', () => {
    expect(pictureMailSubject(picture())).toBe('Samlad lägesbild v. 48 – EST-2026-48');
    expect(pictureMailSubject(picture({ version: 2 }))).toBe('Samlad lägesbild v. 48 – EST-2026-48, version 2 (rättelse)');
  });

  it('builds a message with one-click unsubscribe headers and a stable Message-ID', () => {
    const links = { web: 'https://lb.example/api/v1/sendout/web/x', unsubscribe: 'https://lb.example/api/v1/sendout/unsubscribe/7.abc' };
    const a = pictureMail(picture({ version: 2 }), links, { recipientId: 7, domain: 'lb.example' });
    expect(a.headers).toEqual({ 'List-Unsubscribe': `<${links.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(a.messageId).toBe('<EST-2026-48.v2.r7@lb.example>');
    expect(a.text.startsWith('Rättelse: denna version (2) ersätter')).toBe(true);
    expect(pictureMail(picture({ version: 2 }), links, { recipientId: 7, domain: 'lb.example' })).toEqual(a);
  });
});

describe('recipients from CSV', () => {
  it('reads Swedish Excel (semicolons, BOM) and plain commas, with quoted fields', () => {
    expect(parseRecipientsCsv('\uFEFFNamn;E-post;Organisation\r\nTiB;tib@k.example;Kommunen\r\n')).toEqual({ ok: true, rows: [{ name: 'TiB', email: 'tib@k.example', organisation: 'Kommunen' }] });
    expect(parseRecipientsCsv('email,name\n"a@b.example","Polisen, Norrby"\n')).toEqual({ ok: true, rows: [{ name: 'Polisen, Norrby', email: 'a@b.example', organisation: '' }] });
  });
  it('refuses the whole file with line numbers', () => {
    expect(parseRecipientsCsv('foo;bar\n1;2\n')).toMatchObject({ ok: false, errors: [{ line: 1, reason: expect.stringContaining('"namn" and "e-post" missing') }] });
    expect(parseRecipientsCsv('namn;e-post\n;a@b.example\nX;nope\n')).toMatchObject({ ok: false, errors: [{ line: 2 }, { line: 3 }] });
  });
});

describe('SMTP configuration and failures', () => {
  it('needs both SMTP_URL and MAIL_FROM, or neither', () => {
    const mail = (env: NodeJS.ProcessEnv) => readConfig(env, []).mail;
    expect(mail({})).toBeNull();
    expect(() => mail({ SMTP_URL: 'smtp://h:25' })).toThrow(/MAIL_FROM/);
    expect(() => mail({ MAIL_FROM: 'a@b.example' })).toThrow(/SMTP_URL/);
    expect(() => mail({ SMTP_URL: 'http://h', MAIL_FROM: 'a@b.example' })).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(() => mail({ SMTP_URL: 'smtps://u:p@h:465', MAIL_FROM: 'Lägesbild' })).toThrow(/MAIL_FROM must be an e-mail address/);
    expect(mail({ SMTP_URL: 'smtps://u:p@mail.k.example:465', MAIL_FROM: 'Lägesbild <lb@k.example>' })).toEqual({ smtpUrl: 'smtps://u:p@mail.k.example:465', from: 'Lägesbild <lb@k.example>' });
  });

  it('4xx and connection errors are temporary, 5xx permanent; reasons never hold the address', async () => {
    expect(classifySendError(Object.assign(new Error('x'), { responseCode: 451, response: '451 4.3.0 busy' }))).toEqual({ temporary: true, reason: '451 4.3.0 busy' });
    expect(classifySendError(Object.assign(new Error('x'), { responseCode: 550, response: '550 5.1.1 unknown user' }))).toEqual({ temporary: false, reason: '550 5.1.1 unknown user' });
    expect(scrubAddresses('550 5.1.1 <anna@k.example>: no such user')).toBe('550 5.1.1 <adressen>: no such user');
    // A real connection refused: a port that was free a moment ago.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const sender = smtpSender({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'lb@k.example' });
    const err = await sender.send({ ...pictureMail(picture(), { web: 'w', unsubscribe: 'u' }, { recipientId: 1, domain: 'x' }), to: { name: 'A', address: 'a@b.example' } }).catch((e: unknown) => e);
    sender.close();
    expect(classifySendError(err)).toMatchObject({ temporary: true, reason: expect.stringMatching(/ECONNECTION|ECONNREFUSED/) });
  });
});
