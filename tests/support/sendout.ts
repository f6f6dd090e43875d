/**
 * Helpers for the send-out tests: the picture's text as the printed page says it, HTML to
 * words, and a withdrawal as the withdrawal feature records it.
 */
import type { Db } from '../../server/db/open';
import { pictureStore } from '../../server/pictures/store';
import { documentWords, pictureDocument, renderPictureText } from '../../shared/picture-document';
import type { PictureContent, PublishedPicture } from '../../shared/pictures';

/** What the printed page says, as words. */
export function printedWords(p: PublishedPicture): string {
  return documentWords(renderPictureText(pictureDocument(p)));
}

/** The words of an HTML part (tags dropped, entities decoded). */
export function htmlWords(html: string): string {
  const text = html
    .replace(/<(style|title)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return documentWords(text);
}

/** Withdraws a published version through the pictures feature (as the admin's withdraw route does). */
export function withdraw(db: Db, week: string, version: number, by: string, now: Date): void {
  const r = pictureStore(db).withdraw(week, version, 'Fel område angivet', by, now);
  if (!r.ok) throw new Error(`withdraw ${week}/${version}: ${r.reason}`);
}

export function pictureContent(over: Partial<PictureContent> = {}): PictureContent {
  return {
    date: '261126',
    weekendWeather: 'Kallt, minus fem, snö lördag',
    importantInformation: 'Första advent på söndag.\nJulmarknad på torget lördag 10–16.',
    overallSituation: 'Lugnare än förra veckan. Klotter & skadegörelse i Norrby <b>fortsätter</b>.',
    prioritisedAreas: [{ areaId: 'a1', areaName: 'Norrby', priority: 1, situation: 'Ungdomar samlas vid torget kvällstid.', interventions: 'Fältgruppen och väktare fredag–lördag.' }],
    otherAreas: 'Söderby: inget att rapportera.',
    events: 'Julmarknad på torget lördag.',
    fieldActivities: [{ organisation: 'Fältgruppen', area: 'Norrby', when: 'fre–lör 21–03', priority: 'Torget' }],
    ...over,
  };
}
