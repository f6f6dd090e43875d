/**
 * The informant's i18n: every string the informant sees goes through `t()`.
 * Swedish (i18n-sv.ts) is the default; English (i18n-en.ts) is selectable and
 * remembered on the device. The staff screens have their own (client/staff/i18n.ts).
 */
import { createSignal } from 'solid-js';
import type { IngestRule } from '../../shared/api';
import { indicator, type IndicatorKey } from '../../shared/indicators';
import { sv, type Key } from './i18n-sv';

export type Lang = 'sv' | 'en';

export type { Key };

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

export function indicatorText(key: IndicatorKey): { label: string; hint: string } {
  return indicator(key)[lang()];
}

/**
 * The refusal as a sentence. `schema` covers several things a person can fix; the
 * server's English detail (`error`) says which, so the more helpful sentence is chosen.
 */
export function ruleText(rule: IngestRule | undefined, error?: string): string {
  if (rule === 'schema' && error) {
    if (/: contains (an invisible control|a text-direction control|a broken) character/.test(error)) return t('rule_schema_text');
    if (/createdAt:/.test(error)) return t('rule_schema_clock');
    if (/occurredOn:/.test(error)) return t('rule_schema_date');
  }
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
