/**
 * The eight EST indicators (docs/domain.md, handbook "Indikatorer"). The keys are the
 * stable wire format; labels and hints are for the UI in both languages.
 */
export const INDICATOR_KEYS = [
  'vandalism',
  'fire',
  'staff_incident',
  'event',
  'youth_gathering',
  'disorder',
  'unsafe_place',
  'other',
] as const;

export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export interface Indicator {
  key: IndicatorKey;
  sv: { label: string; hint: string };
  en: { label: string; hint: string };
}

export const INDICATORS: readonly Indicator[] = [
  {
    key: 'vandalism',
    sv: { label: 'Skadegörelse', hint: 'Krossade rutor på hus eller bilar, nedskräpning, klotter.' },
    en: { label: 'Vandalism', hint: 'Broken windows on buildings or cars, littering, graffiti.' },
  },
  {
    key: 'fire',
    sv: { label: 'Brand', hint: 'Misstänkt anlagd brand, liten (papperskorg) eller stor (bilbrand).' },
    en: { label: 'Fire', hint: 'Presumed arson, small (waste bins) or large (car fires).' },
  },
  {
    key: 'staff_incident',
    sv: { label: 'Incident mot anställd', hint: 'Personal hindrad i arbetet, hotad eller provocerad i tjänsten.' },
    en: { label: 'Incident against staff', hint: 'Staff hindered in their work, threatened or provoked on duty.' },
  },
  {
    key: 'event',
    sv: { label: 'Arrangemang', hint: 'Sammankomster som kan störa eller öka tryggheten: fester, matcher, konserter.' },
    en: { label: 'Event', hint: 'Gatherings that may disturb or raise safety: parties, sports, concerts.' },
  },
  {
    key: 'youth_gathering',
    sv: { label: 'Samlingsplats för ungdomar', hint: 'Platser där unga samlas på ett sätt som upplevs störande eller hotfullt.' },
    en: { label: 'Youth gathering place', hint: 'Public places where young people gather in a way felt as disturbing or threatening.' },
  },
  {
    key: 'disorder',
    sv: { label: 'Annat ordningsstörande', hint: 'Våld, bråk, droger, inbrott, olaglig trafik (t.ex. mopeder).' },
    en: { label: 'Other disorder', hint: 'Violence, fights, drugs, burglary, illegal traffic (e.g. mopeds).' },
  },
  {
    key: 'unsafe_place',
    sv: { label: 'Otrygg plats', hint: 'Platser som känns otrygga: dålig belysning, buskage, få flyktvägar.' },
    en: { label: 'Unsafe place', hint: 'Places felt unsafe: poor lighting, overgrown bushes, few escape routes.' },
  },
  {
    key: 'other',
    sv: { label: 'Övrigt', hint: 'Annat som rör otrygghet, t.ex. rykten i sociala medier.' },
    en: { label: 'Other', hint: 'Anything else tied to unsafety, e.g. rumours on social media.' },
  },
];

const byKey = new Map(INDICATORS.map((i) => [i.key, i]));

export function indicator(key: IndicatorKey): Indicator {
  const found = byKey.get(key);
  if (!found) throw new Error(`unknown indicator ${key}`);
  return found;
}

export function isIndicatorKey(value: unknown): value is IndicatorKey {
  return typeof value === 'string' && byKey.has(value as IndicatorKey);
}
