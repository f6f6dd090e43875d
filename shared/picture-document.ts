/**
 * THE one rendering of a published picture (samlad lägesbild) as a document: what the
 * printed page shows and what the weekly e-mail (veckoutskick) says. Both the print view
 * (client/coordinator/Pictures.tsx) and the e-mail (server/sendout/message.ts) are drawn
 * from `pictureDocument()`, so they cannot drift apart; the text and HTML renderers below
 * are what the e-mail carries. Pure: no I/O, no DOM; Intl only for the date in
 * Europe/Stockholm (the same in every browser and on the server).
 */
import type { PublishedPicture } from './pictures';
import { weekNumber } from './weeks';

export type DocBlock =
  | { type: 'p'; text: string }
  | { type: 'h3' | 'h4'; text: string }
  | { type: 'table'; head: string[]; rows: string[][] };

export interface DocSection {
  heading: string;
  blocks: DocBlock[];
}

export interface PictureDoc {
  title: string;
  /** "Diarienummer EST-2026-48, version 2 · publicerad 26 november 2026 kl. 14:03" */
  meta: string;
  fields: { label: string; value: string }[];
  sections: DocSection[];
  /** The mandatory footer, then the register number and version. */
  footer: string[];
}

/** What an empty text field shows (the same on paper and in the e-mail). */
export const EMPTY = '–';

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const stockholm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "26 november 2026 kl. 14:03" in Europe/Stockholm, spelt out here so every browser and the server print the same. */
export function publishedAtText(iso: string): string {
  const part = (type: string) => Number(stockholm.formatToParts(new Date(iso)).find((p) => p.type === type)?.value);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${part('day')} ${MONTHS[part('month') - 1]} ${part('year')} kl. ${two(part('hour'))}:${two(part('minute'))}`;
}

/** Paragraphs of a multi-line text; a text with none is one "–". */
function paras(text: string): DocBlock[] {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.length > 0 ? lines.map((l) => ({ type: 'p' as const, text: l })) : [{ type: 'p', text: EMPTY }];
}

export function pictureDocument(p: Pick<PublishedPicture, 'week' | 'registerNumber' | 'version' | 'content' | 'publishedAt' | 'footer'>): PictureDoc {
  const c = p.content;
  return {
    title: `Samlad lägesbild vecka ${weekNumber(p.week)}`,
    meta: `Diarienummer ${p.registerNumber}, version ${p.version} · publicerad ${publishedAtText(p.publishedAt)}`,
    fields: [
      { label: 'DATUM:', value: c.date || EMPTY },
      { label: 'VÄDER I HELGEN:', value: c.weekendWeather.trim() || EMPTY },
    ],
    sections: [
      { heading: 'VIKTIG INFORMATION', blocks: paras(c.importantInformation) },
      { heading: 'OM TRYGGHETSLÄGET I KOMMUNEN', blocks: paras(c.overallSituation) },
      {
        heading: 'PRIORITERADE OMRÅDEN',
        blocks:
          c.prioritisedAreas.length === 0
            ? [{ type: 'p', text: EMPTY }]
            : c.prioritisedAreas.flatMap((a): DocBlock[] => [
                { type: 'h3', text: `Område ${a.priority}: ${a.areaName}` },
                ...paras(a.situation),
                { type: 'h4', text: 'Insatser' },
                ...paras(a.interventions),
              ]),
      },
      { heading: 'ÖVRIGA OMRÅDEN', blocks: paras(c.otherAreas) },
      { heading: 'ARRANGEMANG', blocks: paras(c.events) },
      {
        heading: 'VERKSAMHETER PÅ FÄLTET UNDER HELGEN',
        blocks:
          c.fieldActivities.length === 0
            ? [{ type: 'p', text: EMPTY }]
            : [{ type: 'table', head: ['Organisation', 'Område', 'När', 'Prioritering'], rows: c.fieldActivities.map((r) => [r.organisation, r.area, r.when, r.priority]) }],
      },
    ],
    footer: [p.footer, `${p.registerNumber} v${p.version}`],
  };
}

/** "Samlad lägesbild v. 48 – EST-2026-48", a correction "… – EST-2026-48, version 2 (rättelse)". */
export function pictureMailSubject(p: Pick<PublishedPicture, 'week' | 'registerNumber' | 'version'>): string {
  const base = `Samlad lägesbild v. ${weekNumber(p.week)} – ${p.registerNumber}`;
  return p.version > 1 ? `${base}, version ${p.version} (rättelse)` : base;
}

/** The document as plain text (the e-mail's text/plain part). */
export function renderPictureText(doc: PictureDoc): string {
  const out: string[] = [doc.title, doc.meta, ''];
  for (const f of doc.fields) out.push(`${f.label} ${f.value}`);
  for (const s of doc.sections) {
    out.push('', s.heading, '');
    for (const b of s.blocks) {
      if (b.type === 'p') out.push(b.text);
      else if (b.type === 'h3') out.push('', b.text);
      else if (b.type === 'h4') out.push(b.text);
      else if (b.type === 'table') {
        out.push(b.head.join(' | '));
        for (const r of b.rows) out.push(r.join(' | '));
      }
    }
  }
  out.push('', ...doc.footer);
  return out.join('\n');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Every text goes through this: nothing a coordinator typed becomes markup. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** The document as an HTML fragment (the e-mail's text/html part), inline-styled for mail clients. */
export function renderPictureHtml(doc: PictureDoc): string {
  const e = escapeHtml;
  const cell = 'style="border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top"';
  const parts: string[] = [
    `<article lang="sv" style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;color:#111;max-width:680px">`,
    `<h1 style="font-size:22px;margin:0 0 4px">${e(doc.title)}</h1>`,
    `<p style="margin:0 0 12px;color:#444">${e(doc.meta)}</p>`,
    `<dl style="margin:0 0 12px">${doc.fields.map((f) => `<div><dt style="display:inline;font-weight:bold">${e(f.label)}</dt> <dd style="display:inline;margin:0">${e(f.value)}</dd></div>`).join('')}</dl>`,
  ];
  for (const s of doc.sections) {
    parts.push(`<section><h2 style="font-size:16px;margin:18px 0 6px">${e(s.heading)}</h2>`);
    for (const b of s.blocks) {
      if (b.type === 'p') parts.push(`<p style="margin:0 0 8px">${e(b.text)}</p>`);
      else if (b.type === 'h3') parts.push(`<h3 style="font-size:15px;margin:12px 0 4px">${e(b.text)}</h3>`);
      else if (b.type === 'h4') parts.push(`<h4 style="font-size:14px;margin:8px 0 4px">${e(b.text)}</h4>`);
      else if (b.type === 'table') {
        parts.push(
          `<table style="border-collapse:collapse;width:100%"><thead><tr>${b.head.map((h) => `<th ${cell}>${e(h)}</th>`).join('')}</tr></thead>` +
            `<tbody>${b.rows.map((r) => `<tr>${r.map((x) => `<td ${cell}>${e(x)}</td>`).join('')}</tr>`).join('')}</tbody></table>`,
        );
      }
    }
    parts.push('</section>');
  }
  parts.push(`<footer style="margin-top:20px;border-top:1px solid #999;padding-top:8px;font-size:13px;color:#333">${doc.footer.map((l) => `<p style="margin:0 0 6px">${e(l)}</p>`).join('')}</footer>`, '</article>');
  return parts.join('\n');
}

/** The words of a rendering, for comparing what two of them say regardless of layout (table rules included). */
export function documentWords(text: string): string {
  return text.replace(/(^|\s)\|(?=\s|$)/g, ' ').replace(/\s+/g, ' ').trim();
}
