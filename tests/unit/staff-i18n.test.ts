/**
 * The staff screens' words: one Swedish word for observations ("iakttagelse", as on
 * the phone) and plurals through the one helper of the i18n factory.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { t as adminT } from '../../client/admin/i18n';
import { t as coordT } from '../../client/coordinator/i18n';
import { dictionary, plural, setLang } from '../../client/staff/i18n';
import { sv as informantSv } from '../../client/ui/i18n-sv';

describe('plural forms', () => {
  it('picks the form by the count in Swedish and English', () => {
    const t = dictionary({ linked: '{n} {n:kopplad iakttagelse|kopplade iakttagelser}' }, { linked: '{n} linked {n:observation|observations}' });
    expect(t('linked', { n: 1 })).toBe('1 kopplad iakttagelse');
    expect(t('linked', { n: 2 })).toBe('2 kopplade iakttagelser');
    expect(t('linked', { n: 0 })).toBe('0 kopplade iakttagelser');
    // setLang also sets <html lang>: a stand-in document for the node test.
    (globalThis as { document?: unknown }).document ??= { documentElement: {} };
    setLang('en');
    try {
      expect(t('linked', { n: 1 })).toBe('1 linked observation');
      expect(t('linked', { n: 3 })).toBe('3 linked observations');
    } finally {
      setLang('sv');
    }
    expect(plural(1, 'vecka', 'veckor')).toBe('vecka');
  });

  it('is used where the screens count', () => {
    expect(coordT('iv_linkedN', { n: 1 })).toBe('1 kopplad iakttagelse');
    expect(coordT('reportsLine', { total: 1, calm: 1, obs: 1 })).toBe('1 rapport, varav 1 lugn; 1 iakttagelse.');
    expect(coordT('reportsLine', { total: 7, calm: 1, obs: 8 })).toBe('7 rapporter, varav 1 lugn; 8 iakttagelser.');
  });
});

describe('one word for observations', () => {
  /** The Swedish dictionary of a source file: the text between its start and its end marker. */
  const swedish = (file: string, from: string, to: string) => {
    const src = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
    const start = src.indexOf(from);
    const end = src.indexOf(to, start);
    expect(start, `${file}: ${from}`).toBeGreaterThanOrEqual(0);
    expect(end, `${file}: ${to}`).toBeGreaterThan(start);
    // Only the strings: keys (addObservation …) are code.
    return [...src.slice(start, end).matchAll(/:\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!);
  };

  it('the Swedish staff and phone texts say "iakttagelse", never "observation"', () => {
    const texts = [
      ...swedish('client/coordinator/i18n.ts', 'const sv = {', 'export type CoordKey'),
      ...swedish('client/coordinator/i18n-cycle.ts', 'export const cycleSv = {', 'export type CycleKey'),
      ...swedish('client/admin/i18n.ts', 'const sv = {', 'export type AdminKey'),
      ...swedish('client/staff/i18n.ts', 'export const shellSv = {', 'export type ShellKey'),
      ...Object.values(informantSv),
    ];
    expect(texts.length).toBeGreaterThan(300);
    expect(texts.filter((x) => /observation/i.test(x))).toEqual([]);
    expect(informantSv.lastSync).toMatch(/^Senaste kontakt/);
    expect(coordT('cellShow')).toBe('Visa iakttagelserna');
    expect(adminT('loginTitle')).toBe('Logga in');
  });
});
