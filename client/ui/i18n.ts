/**
 * The one i18n module: every string the informant sees goes through `t()`.
 * Swedish is the default; English is selectable and remembered on the device.
 */
import { createSignal } from 'solid-js';
import type { IngestRule } from '../../shared/api';
import { indicator, type Category } from '../../shared/indicators';

export type Lang = 'sv' | 'en';

const sv = {
  appName: 'Lägesbild',
  week: 'Vecka {n}',
  reported: 'Rapporterat denna vecka',
  notReported: 'Inte rapporterat denna vecka',
  calmButton: 'Lugn vecka – inget att rapportera',
  calmSaved: 'Lugn vecka sparad.',
  calmUndone: 'Ångrat – inget sparat.',
  calmAlready: 'Veckan är redan rapporterad – ingen lugn vecka tillagd.',
  undoTooLate: 'För sent att ångra – rapporten är redan på väg.',
  undo: 'Ångra',
  reportButton: 'Rapportera iakttagelser',
  queueTitle: 'Dina rapporter',
  queueEmpty: 'Inga rapporter ännu denna och förra veckan.',
  stateWaiting: 'Väntar på att skickas',
  stateSent: 'Skickad',
  stateRefused: 'Avvisad',
  calmReport: 'Lugn vecka (v. {n})',
  obsReport: '{count} iakttagelse(r) (v. {n})',
  fix: 'Rätta',
  edit: 'Ändra',
  reason_network: 'ingen anslutning',
  reason_busy: 'servern är upptagen',
  reason_server: 'servern svarar inte',
  reason_client: 'appen skickade något servern inte förstod – rapporterna ligger kvar',
  discard: 'Ta bort',
  discardConfirm: 'Ta bort den avvisade rapporten? Den har inte kommit fram till servern.',
  staleWarning:
    'Några rapporter har väntat på att skickas i mer än ett dygn. Öppna appen när du har nät, så skickas de. Stäng inte av telefonen för länge.',
  storageNote:
    'Webbläsaren gav inte appen beständig lagring. Rapporter som inte skickats kan försvinna om telefonen rensar utrymme – se till att vara uppkopplad ibland.',
  revoked:
    'Den här enheten är inte längre registrerad. Dina rapporter finns kvar på telefonen men kan inte skickas. Be din samordnare om en ny inbjudningslänk och öppna den på den här telefonen – då skickas de väntande rapporterna.',
  notEnrolled:
    'Den här enheten är inte registrerad. Öppna inbjudningslänken (eller skanna QR-koden) som du fått av din samordnare.',
  persistTitle: 'Kvarstår det från förra veckan?',
  persistIntro: 'Rapportera igen det som finns kvar – då syns det att problemet inte är löst.',
  persistButton: 'Kvarstår',
  persistAdded: 'Tillagd i rapporten',
  persistReported: 'Rapporterad igen',
  persistEmpty: 'Inga iakttagelser förra veckan.',
  syncError: 'Kunde inte skicka just nu ({reason}). Försöker igen automatiskt.',
  lastSync: 'Senast kontakt med servern: {time}',
  offlineNote: 'Du är offline – rapporterna sparas på telefonen och skickas senare.',
  insecureTitle: 'Appen är inte säkert ansluten',
  insecureContext:
    'Den här adressen använder inte https. Därför fungerar appen bara när du har nät: den kan inte starta utan uppkoppling, inte spara rapporter till senare och inte påminna dig. Be den som gav dig inbjudan – eller er IT-avdelning – om en länk som börjar med https://.',
  back: 'Tillbaka',
  reportTitle: 'Rapportera – vecka {n}',
  chooseIndicator: 'Vad har du sett?',
  area: 'Område',
  place: 'Plats (valfritt)',
  noPlace: 'Ingen särskild plats',
  timeOfDay: 'När på dygnet?',
  tod_day: 'Dag',
  tod_evening: 'Kväll',
  tod_night: 'Natt',
  tod_unknown: 'Okänt',
  persists: 'Kvarstår sedan tidigare',
  note: 'Kort anteckning (valfritt)',
  noteHelp: 'Beskriv platsen och vad som händer – aldrig vem.',
  pdWarning:
    'Anteckningen innehåller något som ser ut som en personuppgift (markerat nedan). EST får aldrig innehålla personuppgifter, eftersom lägesbilden delas mellan organisationer och blir en allmän handling – ta bort det för att kunna spara.',
  pd_personnummer: 'personnummer',
  pd_samordningsnummer: 'samordningsnummer',
  pd_phone: 'telefonnummer',
  pd_email: 'e-postadress',
  addObservation: 'Lägg till en iakttagelse till',
  removeObservation: 'Ta bort',
  observationN: 'Iakttagelse {n}',
  save: 'Spara rapport',
  saveHint: 'Välj minst en indikator för att kunna spara.',
  saved: 'Rapporten är sparad och skickas så fort det finns nät.',
  noContext: 'Områdena har inte hämtats ännu. Anslut till nätet en gång så hämtas de.',
  enrolTitle: 'Registrera enheten',
  enrolling: 'Registrerar enheten…',
  enrolled: 'Klart! Enheten är registrerad för {name}.',
  enrol_not_found: 'Inbjudan finns inte. Kontrollera länken eller be din samordnare om en ny.',
  enrol_expired: 'Inbjudan har gått ut. Be din samordnare om en ny inbjudningslänk.',
  enrol_full: 'Inbjudan har redan använts av så många enheter som tillåts. Be din samordnare om en ny.',
  enrol_network: 'Ingen kontakt med servern. Enheten måste vara uppkopplad för att registreras – försök igen.',
  enrol_server: 'Något gick fel på servern. Försök igen om en stund.',
  retry: 'Försök igen',
  goHome: 'Till startsidan',
  updateAvailable: 'En ny version av appen finns.',
  updateReload: 'Uppdatera',
  updateLater: 'Senare',
  close: 'Stäng',
  rule_schema: 'Rapporten var ofullständig eller felaktig.',
  rule_calm_mismatch: 'En lugn vecka får inte innehålla iakttagelser.',
  rule_unknown_area: 'Området finns inte längre. Välj ett annat område.',
  rule_unknown_place: 'Platsen finns inte längre. Välj en annan plats eller ingen.',
  rule_week_out_of_range: 'Veckan kan inte längre rapporteras. Rapportera i stället för den här veckan.',
  rule_personal_data: 'Anteckningen innehöll personuppgifter. Ta bort dem och spara igen.',
  rule_id_conflict: 'Servern har redan en annan rapport med samma id. Rätta och spara igen.',
  rule_unknown: 'Servern tog inte emot rapporten.',
  picLink: 'Senaste lägesbilden',
  pushTitle: 'Påminnelser',
  pushOffer: 'Få en påminnelse varje vecka – en lugn vecka rapporterar du direkt i den.',
  pushOfferOn: 'Påminn mig varje vecka',
  pushFailed: 'Det gick inte just nu. Försök igen senare.',
  push_on: 'Påminnelser på.',
  push_off: 'Av.',
  push_blocked: 'Blockerade – tillåt aviseringar i inställningarna.',
  'push_ios-not-installed': 'Lägg först till appen på hemskärmen (Dela → Lägg till på hemskärmen) och öppna den därifrån.',
  'push_no-push': 'Webbläsaren kan inte ta emot påminnelser.',
};

export type Key = keyof typeof sv;


// English is a separate chunk, fetched only when chosen (and precached for offline use),
// so the Swedish default costs no bytes for it.
const dictionaries: Partial<Record<Lang, Record<Key, string>>> = { sv };

const [lang, setLangSignal] = createSignal<Lang>('sv');
export { lang };

/** Switch language; the `lang` attribute follows once the dictionary is there. */
export async function setLang(next: Lang): Promise<void> {
  if (!dictionaries[next]) dictionaries[next] = (await import('./i18n-en')).en;
  setLangSignal(next);
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

export function t(key: Key, params?: Record<string, string | number>): string {
  let s = (dictionaries[lang()] ?? sv)[key];
  if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function indicatorText(key: Category): { label: string; hint: string } {
  return indicator(key)[lang()];
}

export function ruleText(rule: IngestRule | undefined): string {
  return rule ? t(`rule_${rule}` as Key) : t('rule_unknown');
}

/** The flusher's technical lastError ("network: …", "http 503 …") as a short phrase. */
export function syncReasonText(lastError: string): string {
  if (lastError.startsWith('network')) return t('reason_network');
  const status = Number(/^http (\d{3})/.exec(lastError)?.[1]);
  if (status === 429) return t('reason_busy');
  if (status >= 400 && status < 500) return t('reason_client');
  return t('reason_server');
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(lang() === 'sv' ? 'sv-SE' : 'en-GB', {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}
