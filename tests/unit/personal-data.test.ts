import { describe, expect, it } from 'vitest';
import {
  containsPersonalData,
  findPersonalData,
  luhnCheckDigit,
  type PersonalDataFinding,
} from '../../shared/personal-data';

/** Independent Luhn helper for building valid numbers in tests. */
function luhn(nine: string): number {
  const sum = [...nine]
    .map((c, i) => Number(c) * (i % 2 === 0 ? 2 : 1))
    .reduce((acc, v) => acc + Math.floor(v / 10) + (v % 10), 0);
  return (10 - (sum % 10)) % 10;
}

/** "YYMMDD" + "NNN" → valid 10-digit number (check digit appended). */
function pnr(yymmdd: string, nnn: string): string {
  return `${yymmdd}${nnn}${luhn(yymmdd + nnn)}`;
}

/** Same number with a wrong check digit. */
function badPnr(yymmdd: string, nnn: string): string {
  return `${yymmdd}${nnn}${(luhn(yymmdd + nnn) + 1) % 10}`;
}

const kinds = (text: string) => findPersonalData(text).map((f) => [f.kind, f.text]);

describe('luhn', () => {
  it('matches known numbers', () => {
    expect(luhn('121212121')).toBe(2); // Skatteverket's example 121212-1212
    expect(luhnCheckDigit('121212121')).toBe(2);
    expect(luhn('811218987')).toBe(6); // so 811218-9876 is valid, 811218-9877 is not
    for (const nine of ['000000000', '999999999', '640823323', '701063240']) {
      expect(luhnCheckDigit(nine)).toBe(luhn(nine));
    }
  });
});

describe('personnummer', () => {
  it.each([
    '121212-1212',
    '1212121212',
    '19121212-1212',
    '191212121212',
    '121212+1212',
    '811218-9876',
    '8112189876',
    `${pnr('850101', '123').slice(0, 6)}-${pnr('850101', '123').slice(6)}`,
    pnr('991231', '000'),
    `20${pnr('000229', '345')}`, // 2000 was a leap year
    `19${pnr('840229', '111')}`,
  ])('finds %s', (n) => {
    expect(kinds(n)).toEqual([['personnummer', n]]);
  });

  it('finds generated numbers in every month, with all separators', () => {
    for (let month = 1; month <= 12; month++) {
      const mm = String(month).padStart(2, '0');
      const ten = pnr(`87${mm}28`, '482');
      const dashed = `${ten.slice(0, 6)}-${ten.slice(6)}`;
      const plus = `${ten.slice(0, 6)}+${ten.slice(6)}`;
      for (const form of [ten, dashed, plus, `19${ten}`, `19${dashed}`]) {
        const text = `Anmälare ${form} hörde av sig.`;
        const found = findPersonalData(text);
        expect(found).toEqual([{ kind: 'personnummer', start: 9, end: 9 + form.length, text: form }]);
      }
    }
  });

  it('accepts 29 February with a two-digit year but checks leap years when the century is known', () => {
    const feb29 = pnr('010229', '123'); // 1901 or 2001 – neither leap, but unknown century
    const dashed = `${feb29.slice(0, 6)}-${feb29.slice(6)}`; // bare, it would start with 0 → phone
    expect(kinds(dashed)).toEqual([['personnummer', dashed]]);
    const feb29b = pnr('970229', '123'); // 1897 / 1997, neither leap
    expect(kinds(feb29b)).toEqual([['personnummer', feb29b]]);
    expect(kinds(`19${feb29b}`)).toEqual([]);
    expect(kinds(`20${feb29}`)).toEqual([]); // 2001 is not a leap year
    expect(kinds(`19${pnr('000229', '123')}`)).toEqual([]); // 1900 was not a leap year
    expect(kinds(`20${pnr('000229', '123')}`)).toHaveLength(1); // 2000 was
  });

  it.each([
    ['wrong check digit', '121212-1213'],
    ['wrong check digit (bare)', '8112189877'],
    ['generated, wrong check digit', badPnr('850101', '123')],
    ['month 13', pnr('851301', '123')],
    ['month 00', pnr('850001', '123')],
    ['day 00', pnr('850100', '123')],
    ['31 April', pnr('850431', '123')],
    ['30 February', pnr('850230', '123')],
    ['day 32', pnr('850132', '123')],
    ['organisationsnummer (month ≥ 20)', '556677-8899'],
    ['implausible century', `23${pnr('121212', '121')}`],
    ['12 digits with +', '19121212+1212'],
  ])('rejects %s: %s', (_label, n) => {
    expect(findPersonalData(n)).toEqual([]);
  });

  it('is not found inside longer digit runs', () => {
    expect(findPersonalData('91212121212')).toEqual([]); // 11 digits
    expect(findPersonalData('1191212121212')).toEqual([]); // 13 digits
    expect(findPersonalData('x121212-12123')).toEqual([]);
    expect(findPersonalData('3121212-1212')).toEqual([]);
  });

  it('is found next to letters and punctuation', () => {
    expect(kinds('pnr:121212-1212.')).toEqual([['personnummer', '121212-1212']]);
    expect(kinds('(19121212-1212)')).toEqual([['personnummer', '19121212-1212']]);
  });
});

describe('samordningsnummer', () => {
  it('finds numbers with day + 60', () => {
    const s1 = pnr('701063', '240'); // 3 October 1970 → day 63
    expect(kinds(`${s1.slice(0, 6)}-${s1.slice(6)}`)).toEqual([
      ['samordningsnummer', `${s1.slice(0, 6)}-${s1.slice(6)}`],
    ]);
    const s2 = pnr('900161', '555'); // day 61 = 1st
    expect(kinds(s2)).toEqual([['samordningsnummer', s2]]);
    const s3 = pnr('881291', '777'); // day 91 = 31st December
    expect(kinds(`19${s3}`)).toEqual([['samordningsnummer', `19${s3}`]]);
    const s4 = pnr('000289', '321'); // 29 Feb + 60, century 2000 is leap
    expect(kinds(`20${s4}`)).toEqual([['samordningsnummer', `20${s4}`]]);
  });

  it('rejects impossible coordination days and bad check digits', () => {
    expect(findPersonalData(pnr('900160', '555'))).toEqual([]); // day 60 → 0
    expect(findPersonalData(pnr('900192', '555'))).toEqual([]); // day 92 → 32
    expect(findPersonalData(pnr('900491', '555'))).toEqual([]); // 31 April
    expect(findPersonalData(`19${pnr('000289', '321')}`)).toEqual([]); // 1900 not leap
    expect(findPersonalData(badPnr('900161', '555'))).toEqual([]);
    // days 33–60 are neither personnummer nor samordningsnummer
    expect(findPersonalData(pnr('900145', '555'))).toEqual([]);
  });
});

describe('phone numbers', () => {
  it.each([
    '070-123 45 67',
    '070-1234567',
    '0701234567',
    '070 123 45 67',
    '073-987 65 43',
    '+46 70 123 45 67',
    '+46701234567',
    '+46-70-123 45 67',
    '+46 (0)70-123 45 67',
    '0046 70 123 45 67',
    '0046701234567',
    '08-123 456 78',
    '08-12 34 56',
    '08-123 45 67',
    '(08) 123 456 78',
    '031-123 45 67',
    '0171-123 45',
    '019-12 34 56',
    '019-123456',
    '+46 8 123 456 78',
    '+46 19 12 34 56',
    '070\u00a0123\u00a045\u00a067',
  ])('finds %s', (n) => {
    expect(kinds(n)).toEqual([['phone', n]]);
  });

  it('finds phone numbers embedded in Swedish sentences with correct positions', () => {
    const text = 'ring 070-123 45 67 efter kl 18';
    const found = findPersonalData(text);
    expect(found).toEqual([{ kind: 'phone', start: 5, end: 18, text: '070-123 45 67' }]);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe('070-123 45 67');

    expect(kinds('Vaktmästaren (tel. 019-12 34 56) var på plats.')).toEqual([['phone', '019-12 34 56']]);
    expect(kinds('Nås på 08-123 456 78, annars 0701234567.')).toEqual([
      ['phone', '08-123 456 78'],
      ['phone', '0701234567'],
    ]);
  });

  it('splits lists of numbers in one run', () => {
    expect(kinds('0701234567 0709876543')).toEqual([
      ['phone', '0701234567'],
      ['phone', '0709876543'],
    ]);
  });

  it('finds a strong-form number following other digits', () => {
    expect(kinds('2026-11-27 070-123 45 67')).toEqual([['phone', '070-123 45 67']]);
    expect(kinds('v. 48 08-123 456 78')).toEqual([['phone', '08-123 456 78']]);
  });

  it('rejects wrong lengths', () => {
    expect(findPersonalData('070-123 45')).toEqual([]); // mobile must be 10 digits
    expect(findPersonalData('070-123 45 678')).toEqual([]);
    expect(findPersonalData('08-123 45')).toEqual([]); // 0 + 6 digits
    expect(findPersonalData('08-1234567890')).toEqual([]); // 0 + 11 digits in one group
    expect(findPersonalData('0701234567890')).toEqual([]);
    expect(findPersonalData('0012 34 56 78')).toEqual([]); // 00 is not a Swedish area code
  });

  it('takes the longest valid phone prefix of a run (over-long numbers are still flagged)', () => {
    expect(kinds('08-123 456 78 9')).toEqual([['phone', '08-123 456 78']]);
    expect(kinds('08-12 34 56 78 90')).toEqual([['phone', '08-12 34 56 78']]);
  });

  it('a bare 10-digit number starting with 07 is a phone number even if it passes Luhn', () => {
    const n = pnr('070123', '456'); // also a valid-looking personnummer for 2007-01-23
    expect(kinds(n)).toEqual([['phone', n]]);
    // …but written with the personnummer dash it is a personnummer.
    const dashed = `${n.slice(0, 6)}-${n.slice(6)}`;
    expect(kinds(dashed)).toEqual([['personnummer', dashed]]);
  });
});

describe('e-mail addresses', () => {
  it.each([
    'anna.svensson@orebro.se',
    'a@b.se',
    'fältgruppen+est@orebro.se',
    'åsa.öberg@örebro.se',
    'bovärd_3@obo.example.com',
    'x-y@sub-domain.example.org',
  ])('finds %s', (e) => {
    expect(kinds(e)).toEqual([['email', e]]);
  });

  it('finds e-mails in Swedish sentences, without trailing punctuation', () => {
    const text = 'mejla anna.svensson@orebro.se.';
    expect(findPersonalData(text)).toEqual([{ kind: 'email', start: 6, end: 29, text: 'anna.svensson@orebro.se' }]);
    expect(kinds('Kontakt: <kalle@example.com>, tack!')).toEqual([['email', 'kalle@example.com']]);
  });

  it.each(['kl. 22@home', '@anna', 'hej @bovärden', 'anna@orebro', 'anna@.se', 'anna@orebro.s', '@orebro.se', 'a@b.c1'])(
    'does not flag %j',
    (t) => {
      expect(findPersonalData(t)).toEqual([]);
    },
  );
});

describe('near-misses that must not be flagged', () => {
  it.each([
    '2026-11-27',
    '27/11 2026',
    '27/11-2026',
    '20261127',
    'den 2026-01-05 kl 22:30',
    '22:30',
    '22.30–23.15',
    '22.30-23.15',
    'kl 08-17',
    '08:00-09:00',
    '702 14 Örebro',
    '702 14',
    'ärende 4711-2026',
    'order 123456',
    'order 1234567890',
    '1 500 kr',
    '1 000 000 000 kr',
    '1 050 000 kr',
    '2019–2024',
    '2019-2024',
    'v. 48',
    'vecka 48, 2026-W48',
    'Storgatan 12',
    'Storgatan 12 B, lgh 1102',
    'ABC 123',
    'ABC 12A',
    '8112189877',
    '2026-01-05 14 00',
    '12 st ungdomar 19-23',
    'Gruppen var 15-20 personer',
    '',
  ])('%j', (t) => {
    expect(findPersonalData(t)).toEqual([]);
    expect(containsPersonalData(t)).toBe(false);
  });

  it('a typical clean report', () => {
    const report =
      'Vecka 48 (2026-11-23–2026-11-29): ca 15–20 ungdomar vid Vivalla centrum fre 22.30–23.15, ' +
      'klotter på Storgatan 12, ärende 4711-2026. Skadan uppskattas till 12 500 kr. 702 14 Örebro.';
    expect(findPersonalData(report)).toEqual([]);
  });
});

describe('findPersonalData: several findings', () => {
  it('returns findings sorted, non-overlapping and with slice-exact positions', () => {
    const p = pnr('850101', '123');
    const pDashed = `${p.slice(0, 6)}-${p.slice(6)}`;
    const s = pnr('701063', '240');
    const text =
      `Ring 070-123 45 67 eller mejla anna.svensson@orebro.se – hon (${pDashed}) ` +
      `och hennes bror ${s} bor på 08-12 34 56. 🙂 Se även +46701234567!`;
    const found = findPersonalData(text);
    expect(found.map((f) => [f.kind, f.text])).toEqual([
      ['phone', '070-123 45 67'],
      ['email', 'anna.svensson@orebro.se'],
      ['personnummer', pDashed],
      ['samordningsnummer', s],
      ['phone', '08-12 34 56'],
      ['phone', '+46701234567'],
    ]);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.text);
    for (let i = 1; i < found.length; i++) expect(found[i]!.start).toBeGreaterThanOrEqual(found[i - 1]!.end);
    expect(containsPersonalData(text)).toBe(true);
  });

  it('uses UTF-16 indices (emoji before the match)', () => {
    const text = '🙂🙂 070-123 45 67';
    const [f] = findPersonalData(text) as [PersonalDataFinding];
    expect(f.start).toBe(5);
    expect(f.end).toBe(text.length);
  });

  it('resolves overlaps: identity number beats e-mail and phone', () => {
    expect(kinds('121212-1212@example.com')).toEqual([['personnummer', '121212-1212']]);
    const dashed = `${pnr('070123', '456').slice(0, 6)}-${pnr('070123', '456').slice(6)}`;
    expect(kinds(dashed)).toEqual([['personnummer', dashed]]);
  });

  it('is stable across repeated calls (no leaked regex state)', () => {
    const text = 'mejla a@b.se eller ring 0701234567, pnr 121212-1212';
    const first = findPersonalData(text);
    expect(findPersonalData(text)).toEqual(first);
    expect(findPersonalData(text.slice(1))).toHaveLength(3);
    expect(first).toHaveLength(3);
  });

  it('handles non-string input defensively', () => {
    expect(findPersonalData(undefined as unknown as string)).toEqual([]);
    expect(containsPersonalData(null as unknown as string)).toBe(false);
  });
});
