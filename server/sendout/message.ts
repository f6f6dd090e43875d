/**
 * The send-out e-mail of one published version to one recipient, built from the same
 * document as the printed page (shared/picture-document.ts): subject, plain-text and
 * HTML parts, the link to the web version, and the one-click unsubscribe headers of
 * RFC 8058. Pure: links and the Message-ID domain come in as arguments.
 */
import type { PublishedPicture } from '../../shared/pictures';
import { escapeHtml, pictureDocument, pictureMailSubject, renderPictureHtml, renderPictureText } from '../../shared/picture-document';

export interface PictureMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /**
   * The same for every attempt of this (version, recipient): should a crash make the
   * sender repeat a message the SMTP server had already accepted, mail clients that
   * collapse duplicates by Message-ID show it once.
   */
  messageId: string;
}

export interface MailLinks {
  /** The web version of this version (a signed link; no account needed). */
  web: string;
  /** One-click unsubscribe for this recipient (GET shows a button, POST unsubscribes). */
  unsubscribe: string;
}

type Picture = Pick<PublishedPicture, 'week' | 'registerNumber' | 'version' | 'content' | 'publishedAt' | 'footer'>;

export function pictureMail(picture: Picture, links: MailLinks, opts: { recipientId: number; domain: string }): PictureMail {
  const doc = pictureDocument(picture);
  const correction = picture.version > 1 ? `Rättelse: denna version (${picture.version}) ersätter tidigare utskick av ${picture.registerNumber}.` : null;
  const text = [
    ...(correction ? [correction, ''] : []),
    renderPictureText(doc),
    '',
    `Webbversion: ${links.web}`,
    '',
    'Du får detta utskick som mottagare av veckans samlade lägesbild.',
    `Avregistrera dig: ${links.unsubscribe}`,
  ].join('\n');
  const html = [
    '<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(pictureMailSubject(picture))}</title></head><body style="margin:0;padding:16px;background:#fff">`,
    correction ? `<p style="font-family:Arial,Helvetica,sans-serif;background:#fff4d6;padding:8px;border:1px solid #c9a227"><strong>${escapeHtml(correction)}</strong></p>` : '',
    renderPictureHtml(doc),
    `<p style="font-family:Arial,Helvetica,sans-serif;font-size:14px"><a href="${escapeHtml(links.web)}">Öppna lägesbilden i webbläsaren</a></p>`,
    `<p style="font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#555">Du får detta utskick som mottagare av veckans samlade lägesbild. <a href="${escapeHtml(links.unsubscribe)}">Avregistrera dig</a></p>`,
    '</body></html>',
  ].join('\n');
  return {
    subject: pictureMailSubject(picture),
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${links.unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    messageId: `<${picture.registerNumber}.v${picture.version}.r${opts.recipientId}@${opts.domain}>`,
  };
}
