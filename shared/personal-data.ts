/**
 * The personal-data guard. EST works on "function, not person" and must never hold
 * personal data (docs/domain.md), so free text is checked before it is stored or sent.
 *
 * Approach: small regexes find *candidates*; verification functions then decide
 * (Luhn check digit, real calendar date, Swedish phone-number length, …). The rules
 * are tuned so that ordinary report text – dates, times, postcodes, amounts, case
 * numbers, week references – is not flagged.
 *
 * Pure TypeScript without I/O and without regex lookbehind (older Safari lacks it):
 * runs in the browser and in Node. Indices are UTF-16 code-unit indices.
 */

export type PersonalDataKind = 'personnummer' | 'samordningsnummer' | 'phone' | 'email';

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  /** UTF-16 index of the first character. */
  start: number;
  /** UTF-16 index after the last character (exclusive). */
  end: number;
  /** input.slice(start, end) */
  text: string;
}

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

// ---------------------------------------------------------------------------
// Personnummer / samordningsnummer
// ---------------------------------------------------------------------------

/**
 * Candidate forms: YYYYMMDD-NNNC, YYYYMMDDNNNC (12 digits, century known) and
 * YYMMDD-NNNC, YYMMDD+NNNC (+ = aged 100 or more), YYMMDDNNNC (10 digits).
 * The 12-digit form is tried first so that "19121212-1212" is not read as "121212-1212"
 * preceded by digits. `(?!\d)` keeps us out of longer digit runs on the right; the left
 * side is checked by hand (no lookbehind).
 */
const PNR_RE = /(\d{8})(-?)(\d{4})(?!\d)|(\d{6})([-+]?)(\d{4})(?!\d)/g;

/** Luhn (mod 10) check digit over the nine digits YYMMDDNNN. */
export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let v = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (v > 9) v -= 9;
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(month: number, fullYear: number | null): number {
  // With only a two-digit year the century (and so leap year) is unknown: allow 29 Feb.
  if (month === 2) return fullYear === null || isLeapYear(fullYear) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Classifies a 10-digit YYMMDDNNNC string, or returns null if it is not a valid
 * identity number. Samordningsnummer (coordination numbers) carry day + 60.
 */
function classifyIdNumber(
  ten: string,
  century: number | null,
): 'personnummer' | 'samordningsnummer' | null {
  const yy = Number(ten.slice(0, 2));
  const month = Number(ten.slice(2, 4));
  let day = Number(ten.slice(4, 6));
  let kind: 'personnummer' | 'samordningsnummer' = 'personnummer';
  if (day > 60) {
    kind = 'samordningsnummer';
    day -= 60;
  }
  if (month < 1 || month > 12) return null;
  const fullYear = century === null ? null : century * 100 + yy;
  if (day < 1 || day > daysInMonth(month, fullYear)) return null;
  if (luhnCheckDigit(ten.slice(0, 9)) !== Number(ten[9])) return null;
  return kind;
}

function findIdNumbers(text: string): PersonalDataFinding[] {
  const out: PersonalDataFinding[] = [];
  PNR_RE.lastIndex = 0;
  for (let m = PNR_RE.exec(text); m !== null; m = PNR_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (isDigit(text[start - 1])) {
      // Inside a longer digit run: retry one character later (a global regex would
      // otherwise skip past the whole candidate).
      PNR_RE.lastIndex = start + 1;
      continue;
    }
    let kind: ReturnType<typeof classifyIdNumber> = null;
    if (m[1] !== undefined && m[3] !== undefined) {
      // 12 digits: the century must be plausible for a living (or recently living) person.
      const century = Number(m[1].slice(0, 2));
      if (century >= 18 && century <= 20) kind = classifyIdNumber(m[1].slice(2) + m[3], century);
    } else if (m[4] !== undefined && m[6] !== undefined) {
      const ten = m[4] + m[6];
      // A bare 10-digit run that starts with 0 and is phone-shaped ("0701234567") is
      // reported as a phone number instead; it is flagged either way.
      const phoneShaped = m[5] === '' && isSwedishPhoneDigits(ten, false);
      if (!phoneShaped) kind = classifyIdNumber(ten, null);
    }
    if (kind) out.push({ kind, start, end, text: m[0] });
    // Rejected: resume one character later rather than after the whole candidate.
    else PNR_RE.lastIndex = start + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Swedish phone numbers
// ---------------------------------------------------------------------------

/**
 * A "run": digit groups joined by single spaces (also no-break space) or hyphens,
 * optionally led by "+46" (with an optional "(0)") or by an area code in brackets
 * ("(08) 123 456 78"). En dashes, dots, colons and
 * slashes are *not* separators, which keeps "22.30–23.15", "22:30", "27/11" and
 * "2019–2024" apart. Each run is then split into phone numbers by `phonesInRun`.
 */
const RUN_RE = /(\+46[ \u00a0-]?(?:\(0\)[ \u00a0-]?)?)?(?:\(0\d{1,3}\)[ \u00a0-]?)?\d+(?:[ \u00a0-]\d+)*/g;
const GROUP_RE = /\d+/g;

/** Mobile prefixes 070, 072, 073, 076, 079: always 10 digits in total. */
const MOBILE_RE = /^7[02369]/;

/**
 * Are these digits a Swedish phone number? `international` means they followed
 * "+46"; otherwise a leading "0046" also counts as the country code. A national
 * number is 0 + 7–9 digits (the national significant number, NSN), whose first digit
 * is not 0.
 */
function isSwedishPhoneDigits(digits: string, international: boolean): boolean {
  let nsn: string;
  if (international) {
    nsn = digits.startsWith('0') ? digits.slice(1) : digits; // tolerate "+46 070 …"
  } else if (digits.startsWith('0046')) {
    nsn = digits.slice(4);
    if (nsn.startsWith('0')) nsn = nsn.slice(1);
  } else if (digits.startsWith('0')) {
    nsn = digits.slice(1);
  } else {
    return false;
  }
  if (nsn.length < 7 || nsn.length > 9 || nsn.startsWith('0')) return false;
  if (MOBILE_RE.test(nsn) && nsn.length !== 9) return false;
  return true;
}

interface Group {
  start: number;
  end: number;
  digits: string;
}

function phonesInRun(text: string, runStart: number, run: string, prefix: string): PersonalDataFinding[] {
  const out: PersonalDataFinding[] = [];
  const groups: Group[] = [];
  const body = run.slice(prefix.length);
  const bodyStart = runStart + prefix.length;
  GROUP_RE.lastIndex = 0;
  for (let g = GROUP_RE.exec(body); g !== null; g = GROUP_RE.exec(body)) {
    groups.push({ start: bodyStart + g.index, end: bodyStart + g.index + g[0].length, digits: g[0] });
  }
  const international = prefix !== '';

  // A phone number may start (a) at the start of the run, (b) right after a previous
  // phone number in the same run (lists: "0701234567 0709876543"), or (c) after other
  // digits only in a "strong" form – a 10-digit mobile number or "0X…-" preceded by a
  // space. Rule (c) keeps amounts ("1 000 000 000 kr", "1 050 000") and dates followed
  // by numbers from being read as phone numbers.
  let afterPhone = false;
  let i = 0;
  while (i < groups.length) {
    const first = groups[i]!;
    const intl = international && i === 0;
    const startsLikePhone = intl || (first.digits.startsWith('0') && !/^00(?!46)/.test(first.digits));
    let best = -1;
    if (startsLikePhone) {
      let digits = '';
      for (let j = i; j < groups.length && digits.length <= 13; j++) {
        digits += groups[j]!.digits;
        if (isSwedishPhoneDigits(digits, intl)) best = j;
      }
    }
    if (best >= 0) {
      const last = groups[best]!;
      const digits = groups.slice(i, best + 1).map((g) => g.digits).join('');
      const strong =
        (MOBILE_RE.test(digits.slice(1)) && digits.length === 10) ||
        (text[first.start - 1] === ' ' && text[first.end] === '-');
      if (i === 0 || afterPhone || strong) {
        const start = i === 0 ? runStart : first.start;
        out.push({ kind: 'phone', start, end: last.end, text: text.slice(start, last.end) });
        i = best + 1;
        afterPhone = true;
        continue;
      }
    }
    afterPhone = false;
    i++;
  }
  return out;
}

function findPhones(text: string): PersonalDataFinding[] {
  const out: PersonalDataFinding[] = [];
  RUN_RE.lastIndex = 0;
  for (let m = RUN_RE.exec(text); m !== null; m = RUN_RE.exec(text)) {
    // A run glued to a preceding digit (only possible before "+46") is not a phone start.
    if (isDigit(text[m.index - 1])) continue;
    out.push(...phonesInRun(text, m.index, m[0], m[1] ?? ''));
  }
  return out;
}

// ---------------------------------------------------------------------------
// E-mail addresses
// ---------------------------------------------------------------------------

/**
 * local@domain.tld: the local part may not start or end with a dot; the domain needs at
 * least one dot and a top-level domain of two or more letters. Letters are Unicode
 * (\p{L}) so "åsa.öberg@örebro.se" is found. "kl. 22@home" and "@handle" have no
 * domain with a dot and are not matched.
 */
const EMAIL_RE =
  /[\p{L}\p{N}_%+-](?:[\p{L}\p{N}._%+-]*[\p{L}\p{N}_%+-])?@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}(?![\p{L}\p{N}])/gu;

function findEmails(text: string): PersonalDataFinding[] {
  const out: PersonalDataFinding[] = [];
  EMAIL_RE.lastIndex = 0;
  for (let m = EMAIL_RE.exec(text); m !== null; m = EMAIL_RE.exec(text)) {
    out.push({ kind: 'email', start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * All personal data found in `text`, sorted by start and non-overlapping. When
 * candidates overlap, identity numbers win over e-mail addresses, which win over
 * phone numbers.
 */
export function findPersonalData(text: string): PersonalDataFinding[] {
  if (typeof text !== 'string' || text === '') return [];
  const accepted: PersonalDataFinding[] = [];
  for (const f of [...findIdNumbers(text), ...findEmails(text), ...findPhones(text)]) {
    if (!accepted.some((a) => f.start < a.end && a.start < f.end)) accepted.push(f);
  }
  return accepted.sort((a, b) => a.start - b.start);
}

export function containsPersonalData(text: string): boolean {
  return findPersonalData(text).length > 0;
}

/** How a finding is named in English server messages (never the text itself). */
export const PERSONAL_DATA_KIND_NAMES: Readonly<Record<PersonalDataKind, string>> = {
  personnummer: 'a personal identity number',
  samordningsnummer: 'a coordination number',
  phone: 'a phone number',
  email: 'an e-mail address',
};
