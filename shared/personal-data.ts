/**
 * The personal-data guard. EST works on "function, not person" and must never hold
 * personal data (docs/domain.md), so free text is checked before it is stored or sent.
 *
 * Approach: the text is first *normalised* (see `normaliseForGuard`) so that the same
 * number or address written with other digits, invisible characters or odd separators
 * looks like the plain form; small regexes then find *candidates* in the normalised
 * text and verification functions decide (Luhn check digit, real calendar date, Swedish
 * phone-number length, …). The rules are tuned so that ordinary report text – dates,
 * times, postcodes, amounts, case numbers, week references – is not flagged.
 *
 * Findings always point into the ORIGINAL text (the phone highlights them as the user
 * types): normalisation keeps, for every normalised code unit, the span of original
 * code units it came from.
 *
 * Pure TypeScript without I/O, without regex lookbehind (older Safari lacks it) and
 * without Unicode tables of its own (`\p{…}` classes and `normalize` are built in, so
 * the phone's bundle stays small): runs in the browser and in Node, one implementation
 * for both. Indices are UTF-16 code-unit indices.
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
// Normalisation
// ---------------------------------------------------------------------------

/**
 * Text as the guard reads it, with the way back: `start[i]`/`end[i]` are the span of
 * original code units that normalised code unit `i` came from (several normalised units
 * may share one span, e.g. NFKC's "½" → "1⁄2"). `null` spans mean "identical to the
 * original" – the common all-ASCII case costs nothing.
 */
export interface GuardText {
  text: string;
  start: number[] | null;
  end: number[] | null;
}

/**
 * Invisible characters are dropped: format characters (Cf: zero-width space and joiners,
 * soft hyphen, bidi marks, BOM, …) and the other default-ignorable code points
 * (variation selectors, Hangul fillers, combining grapheme joiner). Written between the
 * digits of a number they hide it from a plain regex but not from a reader.
 */
const INVISIBLE_RE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const DECIMAL_DIGIT_RE = /\p{Nd}/u;
const PLAIN_RE = /^[\t\n\r\x20-\x7e]*$/;
const INVISIBLE_ANY_RE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const OTHER_DIGIT_RE = /(?![0-9])\p{Nd}/u;

/**
 * The value of a decimal digit of any script. Unicode assigns every script's digits
 * 0–9 as one contiguous run of ten (a stability guarantee), and runs that touch
 * (Mathematical digits) are whole multiples of ten, so the value is the distance from
 * the start of the run, modulo 10. No table needed.
 */
function digitValue(cp: number): number {
  let first = cp;
  while (first > 0 && DECIMAL_DIGIT_RE.test(String.fromCodePoint(first - 1))) first--;
  return (cp - first) % 10;
}

/**
 * NFKC per code point (full-width digits and "＠" become ASCII, no-break and other
 * spaces become a plain space, ligatures and superscripts are unfolded), invisible
 * characters dropped, decimal digits of every script (Arabic-Indic "٠١٢", Devanagari,
 * …) mapped to ASCII. Per code point rather than over the whole string so that every
 * output unit keeps the position it came from.
 */
export function normaliseForGuard(input: string): GuardText {
  if (PLAIN_RE.test(input)) return { text: input, start: null, end: null };
  // Ordinary Swedish text (å, ä, ö, dashes, emoji) is already what the guard reads.
  if (!INVISIBLE_ANY_RE.test(input) && !OTHER_DIGIT_RE.test(input) && input.normalize('NFKC') === input) {
    return { text: input, start: null, end: null };
  }
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < input.length; ) {
    const cp = input.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const ch = input.slice(i, i + width);
    if (!INVISIBLE_RE.test(ch)) {
      let n = cp < 0x80 ? ch : ch.normalize('NFKC');
      if (cp >= 0x80) {
        n = Array.from(n, (c) => {
          if (INVISIBLE_RE.test(c)) return '';
          const v = c.codePointAt(0)!;
          return v >= 0x80 && DECIMAL_DIGIT_RE.test(c) ? String(digitValue(v)) : c;
        }).join('');
      }
      for (let k = 0; k < n.length; k++) {
        text += n[k];
        start.push(i);
        end.push(i + width);
      }
    }
    i += width;
  }
  return { text, start, end };
}

/** The original span of normalised units [s, e). */
function originalSpan(t: GuardText, s: number, e: number): [number, number] {
  if (t.start === null || t.end === null) return [s, e];
  return [t.start[s]!, t.end[e - 1]!];
}

/**
 * Replaces every match of `re` in `t` by `by`, each replacement unit spanning the
 * original text of the whole match (so an e-mail written "anna (at) orebro.se" is
 * highlighted including the "(at)").
 */
function rewrite(t: GuardText, re: RegExp, by: string): GuardText {
  re.lastIndex = 0;
  if (!re.test(t.text)) return t;
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  const copy = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const [s, e] = originalSpan(t, k, k + 1);
      text += t.text[k];
      start.push(s);
      end.push(e);
    }
  };
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(t.text); m !== null; m = re.exec(t.text)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    copy(last, m.index);
    const [s, e] = originalSpan(t, m.index, m.index + m[0].length);
    for (const c of by) {
      text += c;
      start.push(s);
      end.push(e);
    }
    last = m.index + m[0].length;
  }
  copy(last, t.text.length);
  return { text, start, end };
}

/**
 * Separators inside number candidates: spaces (after NFKC also no-break and the other
 * Zs spaces), tab, dot, underscore, slash, every dash (Pd) and the minus sign; a run of
 * up to three ("070 .  123"). The soft hyphen is invisible and already dropped.
 */
const SEP = String.raw`[\p{Zs}\t._/\p{Pd}\u2212]`;
/** A single space or hyphen – also after the bracketed area code of "(08) 123 456 78". */
const isStrictSeparator = (sep: string): boolean => /^\)?[ -]?$/.test(sep) && sep !== '';

interface Group {
  start: number;
  end: number;
  digits: string;
  /** The separator text before this group (empty for the first group of a run). */
  sepBefore: string;
}

const GROUP_RE = /\d+/g;

function groupsOf(runStart: number, run: string): Group[] {
  const groups: Group[] = [];
  let prevEnd = 0;
  GROUP_RE.lastIndex = 0;
  for (let g = GROUP_RE.exec(run); g !== null; g = GROUP_RE.exec(run)) {
    groups.push({
      start: runStart + g.index,
      end: runStart + g.index + g[0].length,
      digits: g[0],
      sepBefore: groups.length === 0 ? '' : run.slice(prevEnd, g.index),
    });
    prevEnd = g.index + g[0].length;
  }
  return groups;
}

/** A finding in normalised coordinates (mapped back at the end). */
interface Candidate {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------
// Personnummer / samordningsnummer
// ---------------------------------------------------------------------------

/**
 * Candidate runs: digit groups joined by separators (and the "+" that marks an age of
 * 100 or more). Within a run every stretch of whole groups holding 10 digits
 * (YYMMDDNNNC) or 12 (YYYYMMDDNNNC) is checked – the number may be split anywhere
 * ("8112 18–98 76", "811218 9876", "8 1 1 2 1 8 9 8 7 6"), but a stretch never cuts
 * a group, which keeps the old rule that a number inside a longer digit run is none.
 */
const ID_RUN_RE = new RegExp(String.raw`\d+(?:(?:${SEP}{1,3}|\+)\d+)*`, 'gu');

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

const isYear = (g: Group | undefined) => g !== undefined && /^(?:19|20)\d\d$/.test(g.digits);
const isHourMinute = (h: Group | undefined, m: Group | undefined) =>
  h !== undefined && m !== undefined && h.digits.length === 2 && m.digits.length === 2 &&
  Number(h.digits) <= 23 && Number(m.digits) <= 59;

/**
 * How many groups from i make a full date: 3 for YYYY-MM-DD or DD.MM.YYYY (one
 * separator of "-", ".", "/" repeated) and for "27/11 2026"; 1 for YYYYMMDD written as
 * one group of eight; 0 if none. A real calendar day in 1900–2099.
 */
function dateGroupsAt(groups: Group[], i: number): number {
  const isDate = (year: string, month: string, day: string) => {
    const [y, m, d] = [Number(year), Number(month), Number(day)];
    return /^(?:19|20)\d\d$/.test(year) && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(m, y);
  };
  const [a, b, c] = [groups[i], groups[i + 1], groups[i + 2]];
  if (a && a.digits.length === 8 && isDate(a.digits.slice(0, 4), a.digits.slice(4, 6), a.digits.slice(6))) return 1;
  if (!a || !b || !c) return 0;
  const dayMonthYear = a.digits.length <= 2 && b.digits.length <= 2 && c.digits.length === 4;
  if (dayMonthYear && b.sepBefore === '/' && /^[\p{Zs}\t]+$/u.test(c.sepBefore)) {
    return isDate(c.digits, b.digits, a.digits) ? 3 : 0;
  }
  if (b.sepBefore !== c.sepBefore || !/^[-./]$/.test(b.sepBefore)) return 0;
  if (a.digits.length === 4 && b.digits.length === 2 && c.digits.length === 2 && isDate(a.digits, b.digits, c.digits)) return 3;
  if (dayMonthYear && isDate(c.digits, b.digits, a.digits)) return 3;
  return 0;
}

/** Groups k, k+1 are a clock time "22.30". */
const isClockAt = (groups: Group[], k: number) =>
  groups[k + 1]?.sepBefore === '.' && isHourMinute(groups[k], groups[k + 1]);

/**
 * Dates and clock times run together with other numbers hold 10 or 12 digits that pass
 * the check digit by chance (one in ten): "2026-11-23–2026-11-29", "2026-01-05 14 00",
 * "01.06.2000–25.02.2023", "17/10 2022 09.00", "5/10 2007–2015-08-17". So a reading
 * never cuts a date or a clock time in two, and contains a full date only in the
 * written forms of a 12-digit number, "1981-12-18-9876" and "19811218-9876": the date
 * first and the last four digits in one group that does not open the next date of a
 * range. The price: a personnummer written as a date followed by more than one group
 * ("1981-12-18 98 76") is not flagged – that text reads as a date and other numbers.
 */
function cutsDateOrTime(groups: Group[], i: number, j: number): boolean {
  for (let k = Math.max(0, i - 2); k <= j; k++) {
    const n = dateGroupsAt(groups, k) || (isClockAt(groups, k) ? 2 : 0);
    if (n === 0) continue;
    const last = k + n - 1;
    if (last < i) continue;
    if (k < i || last > j) return true; // cut in two
    if (isClockAt(groups, k) && n === 2) continue; // a whole clock time inside: "811218 12.34"
    const tail = groups[j]!;
    const twelveDigitForm = k === i && last === j - 1 && tail.digits.length === 4;
    const opensNextDate = isYear(tail) && dateGroupsAt(groups, j) > 0;
    if (!twelveDigitForm || opensNextDate) return true;
  }
  return false;
}

function findIdNumbers(text: string): Candidate[] {
  const out: Candidate[] = [];
  ID_RUN_RE.lastIndex = 0;
  for (let m = ID_RUN_RE.exec(text); m !== null; m = ID_RUN_RE.exec(text)) {
    const groups = groupsOf(m.index, m[0]);
    let i = 0;
    while (i < groups.length) {
      let found = -1;
      let foundKind: ReturnType<typeof classifyIdNumber> = null;
      let digits = '';
      for (let j = i; j < groups.length && digits.length < 12; j++) {
        digits += groups[j]!.digits;
        if (digits.length !== 10 && digits.length !== 12) continue;
        const seps = groups.slice(i + 1, j + 1).map((g) => g.sepBefore);
        const hasPlus = seps.includes('+');
        let kind: ReturnType<typeof classifyIdNumber> = null;
        if (digits.length === 12) {
          // The century must be plausible for a living (or recently living) person;
          // "+" belongs to the 10-digit form only.
          const century = Number(digits.slice(0, 2));
          if (century >= 18 && century <= 20 && !hasPlus && !cutsDateOrTime(groups, i, j)) {
            kind = classifyIdNumber(digits.slice(2), century);
          }
        } else {
          // "+" only in its place (YYMMDD+NNNC). A 10-digit number that starts with 0
          // and is written like a phone number ("0701234567", "070-123 45 67") is
          // reported as a phone number instead; it is flagged either way.
          const plusInPlace =
            !hasPlus || (seps.filter((s) => s === '+').length === 1 && j === i + 1 && groups[i]!.digits.length === 6);
          const personnummerForm = j === i + 1 && groups[i]!.digits.length === 6 && /^[-+]$/.test(seps[0]!);
          const phoneShaped =
            !personnummerForm && seps.every(isStrictSeparator) && isSwedishPhoneDigits(digits, false);
          if (plusInPlace && !phoneShaped && !cutsDateOrTime(groups, i, j)) kind = classifyIdNumber(digits, null);
        }
        // The longest valid reading wins: "2005066457 04" is the 12-digit 20050664-5704.
        if (kind) {
          found = j;
          foundKind = kind;
        }
      }
      if (found >= 0 && foundKind) out.push({ kind: foundKind, start: groups[i]!.start, end: groups[found]!.end });
      i = found >= 0 ? found + 1 : i + 1;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Swedish phone numbers
// ---------------------------------------------------------------------------

/**
 * A "run": digit groups joined by separators, optionally led by "+46" (with an
 * optional "(0)") or by an area code in brackets ("(08) 123 456 78"). Each run is then
 * split into phone numbers by `phonesInRun`.
 *
 * Only a single space or hyphen is an ordinary separator. The other separators (dot,
 * slash, underscore, en dash, runs of spaces) are accepted only for mobile numbers
 * (ten digits, 07x) and never for what reads as clock times: "kl 08.00–17.00" is
 * eight digits that would make a valid Stockholm number, and "22.30–23.15",
 * "27/11 2026" or "2019–2024" must stay clean.
 */
const RUN_RE = new RegExp(
  String.raw`(\+46${SEP}{0,3}(?:\(0\)${SEP}{0,3})?)?(?:\(0\d{1,3}\)${SEP}{0,3})?\d+(?:${SEP}{1,3}\d+)*`,
  'gu',
);

/** Mobile prefixes 070, 072, 073, 076, 079: always 10 digits in total. */
const MOBILE_RE = /^7[02369]/;

/**
 * The national significant number (NSN) of these digits if they are a Swedish phone
 * number, else null. `international` means they followed "+46"; otherwise a leading
 * "0046" also counts as the country code. A national number is 0 + 7–9 digits whose
 * first digit is not 0.
 */
function swedishNsn(digits: string, international: boolean): string | null {
  let nsn: string;
  if (international) {
    nsn = digits.startsWith('0') ? digits.slice(1) : digits; // tolerate "+46 070 …"
  } else if (digits.startsWith('0046')) {
    nsn = digits.slice(4);
    if (nsn.startsWith('0')) nsn = nsn.slice(1);
  } else if (digits.startsWith('0')) {
    nsn = digits.slice(1);
  } else {
    return null;
  }
  if (nsn.length < 7 || nsn.length > 9 || nsn.startsWith('0')) return null;
  if (MOBILE_RE.test(nsn) && nsn.length !== 9) return null;
  return nsn;
}

function isSwedishPhoneDigits(digits: string, international: boolean): boolean {
  return swedishNsn(digits, international) !== null;
}

/**
 * Do the groups from `i` on read as clock times ("07.30-16.00 08.15") at least up to
 * group `last`? Pairs HH.MM (or HH:MM is never a run) joined by anything but a dot.
 */
function timesCover(groups: Group[], i: number, last: number): boolean {
  let k = i;
  while (k + 1 < groups.length) {
    if (groups[k + 1]!.sepBefore !== '.' || !isHourMinute(groups[k], groups[k + 1])) break;
    if (k > i && groups[k]!.sepBefore === '.') break;
    k += 2;
  }
  return k - 1 >= last;
}

/** Does any full date ("07.04.2028", "2026-07-03") share a group with i..j? */
function overlapsDate(groups: Group[], i: number, j: number): boolean {
  for (let k = Math.max(0, i - 2); k <= j; k++) {
    const n = dateGroupsAt(groups, k);
    if (n > 0 && k + n - 1 >= i) return true;
  }
  return false;
}

function phonesInRun(text: string, runStart: number, run: string, prefix: string): Candidate[] {
  const out: Candidate[] = [];
  const groups = groupsOf(runStart + prefix.length, run.slice(prefix.length));
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
      let strict = true;
      for (let j = i; j < groups.length && digits.length <= 13; j++) {
        if (j > i && !isStrictSeparator(groups[j]!.sepBefore)) strict = false;
        digits += groups[j]!.digits;
        const nsn = swedishNsn(digits, intl);
        if (nsn === null) continue;
        if (overlapsDate(groups, i, j)) continue;
        if (strict || (MOBILE_RE.test(nsn) && !timesCover(groups, i, j))) best = j;
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
        out.push({ kind: 'phone', start, end: last.end });
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

function findPhones(text: string): Candidate[] {
  const out: Candidate[] = [];
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
 * (\p{L}, with combining marks) so "åsa.öberg@örebro.se" is found. "kl. 22@home" and
 * "@handle" have no domain with a dot and are not matched.
 */
const EMAIL_RE =
  /[\p{L}\p{M}\p{N}_%+-](?:[\p{L}\p{M}\p{N}._%+-]*[\p{L}\p{M}\p{N}_%+-])?@(?:[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?\.)+\p{L}{2,}(?![\p{L}\p{M}\p{N}])/gu;

/**
 * The common ways of writing an address so that a plain pattern misses it, rewritten to
 * "@" and "." before the pattern runs: spaces around "@" ("anna @ orebro.se"),
 * "(at)", "[at]", "{at}", "<at>", "(snabel-a)" and the bare word " at " / " snabel-a ";
 * "(dot)", "[punkt]", … and the bare " dot " / " punkt ". The bare words are
 * unambiguous only because the result must still be a whole address (a local part,
 * "@", a dotted domain and a top-level domain) – "ungdomar at centrum" or "en punkt
 * där" never become one.
 */
const SP = String.raw`[\p{Zs}\t]`;
const AT_WORD = String.raw`(?:at|snabel-?a)`;
const DOT_WORD = String.raw`(?:dot|punkt)`;
const OPEN = String.raw`[(\[{<]`;
const CLOSE = String.raw`[)\]}>]`;
const AT_RE = new RegExp(
  String.raw`${SP}*(?:@|${OPEN}${SP}*${AT_WORD}${SP}*${CLOSE})${SP}*|${SP}+${AT_WORD}${SP}+`,
  'giu',
);
const DOT_RE = new RegExp(String.raw`${SP}*${OPEN}${SP}*${DOT_WORD}${SP}*${CLOSE}${SP}*|${SP}+${DOT_WORD}${SP}+`, 'giu');

function findEmails(t: GuardText): Array<[number, number]> {
  const view = rewrite(rewrite(t, AT_RE, '@'), DOT_RE, '.');
  const out: Array<[number, number]> = [];
  EMAIL_RE.lastIndex = 0;
  for (let m = EMAIL_RE.exec(view.text); m !== null; m = EMAIL_RE.exec(view.text)) {
    out.push(originalSpan(view, m.index, m.index + m[0].length));
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
  const t = normaliseForGuard(text);
  const candidates: Candidate[] = [
    ...findIdNumbers(t.text).map((c) => toOriginal(t, c)),
    ...findEmails(t).map(([start, end]): Candidate => ({ kind: 'email', start, end })),
    ...findPhones(t.text).map((c) => toOriginal(t, c)),
  ];
  const accepted: PersonalDataFinding[] = [];
  for (const f of candidates) {
    if (!accepted.some((a) => f.start < a.end && a.start < f.end)) {
      accepted.push({ ...f, text: text.slice(f.start, f.end) });
    }
  }
  return accepted.sort((a, b) => a.start - b.start);
}

function toOriginal(t: GuardText, c: Candidate): Candidate {
  const [start, end] = originalSpan(t, c.start, c.end);
  return { kind: c.kind, start, end };
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
