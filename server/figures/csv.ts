/**
 * Reading a figures CSV as people export it from their own systems.
 * Pure: text in, rows and per-row errors out. The parsing itself is csv-parse
 * (quotes, embedded delimiters, CRLF); this module decides what the columns
 * mean and reads weeks and counts. What is accepted (also in docs/figures.md):
 *
 * - UTF-8 with or without a byte-order mark; `;`, `,` or tab as the delimiter,
 *   detected from the header line (the one of them it holds most of);
 * - a header row, Swedish or English, in any case, with stray spaces, accents or
 *   not, and a trailing explanation after `/`, `(` or a space:
 *     week     – vecka, v, v., veckonr, veckonummer, år-vecka, week, week no, iso week
 *     area     – område, omrade, stadsdel, områdesnamn, area, district, neighbourhood
 *     category – kategori, brottstyp, brottskategori, typ, händelsetyp, category, type, offence
 *     count    – antal, antal brott, anmälda brott, summa, count, number, total, value
 *     year     – år, ar, year (optional: then the week column may hold just the number)
 *   e.g. `Vecka `, `Område/stadsdel`, `Antal (st)`, `Category name`; other columns are ignored;
 * - weeks as `2026-W48`, `2026W48`, `2026 W48`, `2026-48`, `2026/48`, `v48 2026`,
 *   `v. 48 2026`, `V48-2026`, `vecka 48 2026`, `week 48 2026`; or `48` / `v48`
 *   when a year column is present;
 * - counts as whole numbers ≥ 0; spaces as thousands separators (`1 234`) are allowed.
 * Row numbers are the file's line numbers, the header being row 1 (as a spreadsheet shows them).
 */
import { parse } from 'csv-parse/sync';
import { formatWeek, weeksInYear, type IsoWeek } from '../../shared/weeks';
import { MAX_IMPORT_ROWS, type ImportColumn, type ImportRowError } from '../../shared/figures';
import { normaliseName } from './match';

export interface CsvFigureRow {
  row: number;
  week: IsoWeek;
  area: string;
  category: string;
  count: number;
}

export interface ParsedCsv {
  delimiter: ';' | ',' | '\t';
  /** Column → the header text it was recognised from. */
  columns: Partial<Record<ImportColumn, string>>;
  rows: CsvFigureRow[];
  /** Data rows read, good or bad (blank lines not counted). */
  rowCount: number;
  errors: ImportRowError[];
}

const HEADER_WORDS: Record<ImportColumn, readonly string[]> = {
  week: ['vecka', 'v', 'veckonr', 'veckonummer', 'ar-vecka', 'ar vecka', 'arvecka', 'week', 'week no', 'week number', 'iso week', 'isoweek', 'wk'],
  area: ['omrade', 'omraden', 'omradesnamn', 'stadsdel', 'stadsdelsomrade', 'area', 'area name', 'district', 'neighbourhood', 'neighborhood'],
  category: ['kategori', 'brottstyp', 'brottskategori', 'brott', 'typ', 'handelsetyp', 'category', 'category name', 'type', 'offence', 'offense', 'crime type'],
  count: ['antal', 'antal brott', 'anmalda brott', 'antal anmalda brott', 'summa', 'count', 'number', 'total', 'value', 'n'],
  year: ['ar', 'year'],
};

/** The column a header cell names, or null. Exact word first, then its first word / the part before "/" or "(". */
export function headerColumn(cell: string): ImportColumn | null {
  const norm = normaliseName(cell.replace(/[.:]+$/, ''));
  const candidates = [norm, norm.split(/[/(]/)[0]!.trim(), norm.split(' ')[0]!.replace(/[/(].*$/, '')];
  for (const c of candidates) {
    for (const col of Object.keys(HEADER_WORDS) as ImportColumn[]) {
      if (HEADER_WORDS[col].includes(c)) return col;
    }
  }
  return null;
}

/** The delimiter of the header line: the most frequent of `;`, `,` and tab outside quotes (`;` on a tie). */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts['\t'] > counts[';'] && counts['\t'] > counts[',']) return '\t';
  return counts[','] > counts[';'] ? ',' : ';';
}

const WEEK_FORMATS: { re: RegExp; year: number; week: number }[] = [
  { re: /^(\d{4})\s*-?\s*w\s*(\d{1,2})$/i, year: 1, week: 2 }, // 2026-W48, 2026W48, 2026 W48
  { re: /^(\d{4})\s*[-/]\s*(\d{1,2})$/, year: 1, week: 2 }, // 2026-48, 2026/48
  { re: /^(?:v|v\.|vecka|vnr|w|wk|week)\s*(\d{1,2})\s*[,/-]?\s*(\d{4})$/i, year: 2, week: 1 }, // v48 2026, v. 48 2026, vecka 48 2026, V48-2026
];

export type WeekParse = { ok: true; week: IsoWeek } | { ok: false; message: string };

/**
 * An ISO week in one of the accepted spellings. `yearColumn`: the row's year
 * when the file has a year column (then "48" and "v48" are enough).
 */
export function parseWeekText(raw: string, yearColumn?: string): WeekParse {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (text === '') return { ok: false, message: 'the week is missing' };
  let year: number | undefined;
  let week: number | undefined;
  for (const f of WEEK_FORMATS) {
    const m = f.re.exec(text);
    if (m) {
      year = Number(m[f.year]);
      week = Number(m[f.week]);
      break;
    }
  }
  if (year === undefined && yearColumn !== undefined) {
    const m = /^(?:v|v\.|vecka|w|wk|week)?\s*(\d{1,2})$/i.exec(text);
    const y = yearColumn.trim();
    if (m && /^\d{4}$/.test(y)) {
      year = Number(y);
      week = Number(m[1]);
    } else if (m) {
      return { ok: false, message: `the year "${y.slice(0, 20)}" is not a four-digit year` };
    }
  }
  if (year === undefined || week === undefined) {
    return { ok: false, message: `"${text.slice(0, 40)}" is not a week: write it like 2026-W48, 2026-48 or v48 2026` };
  }
  if (year < 2000 || year > 2100) return { ok: false, message: `the year ${year} is out of range (2000–2100)` };
  const max = weeksInYear(year);
  if (week < 1 || week > max) return { ok: false, message: `${year} has weeks 1–${max}, not ${week}` };
  return { ok: true, week: formatWeek(year, week) };
}

export type CountParse = { ok: true; count: number } | { ok: false; message: string };

/** A whole number ≥ 0; spaces (also no-break spaces) as thousands separators are allowed. */
export function parseCount(raw: string): CountParse {
  const text = raw.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (text === '') return { ok: false, message: 'the count is missing' };
  if (/^-\d/.test(text)) return { ok: false, message: `${text.slice(0, 20)} is negative: a count is 0 or more` };
  if (/^\d+[.,]\d+$/.test(text) && !/^\d+[.,]0+$/.test(text)) return { ok: false, message: `${text.slice(0, 20)} is not a whole number` };
  const m = /^(\d+)(?:[.,]0+)?$/.exec(text);
  if (!m) return { ok: false, message: `"${raw.trim().slice(0, 20)}" is not a number` };
  const n = Number(m[1]);
  if (!Number.isSafeInteger(n) || n > 1_000_000) return { ok: false, message: `${m[1]!.slice(0, 20)} is implausibly large` };
  return { ok: true, count: n };
}

const REQUIRED: readonly ImportColumn[] = ['week', 'area', 'category', 'count'];
const COLUMN_NAMES: Record<ImportColumn, string> = {
  week: 'vecka/week',
  area: 'område/area',
  category: 'kategori/category',
  count: 'antal/count',
  year: 'år/year',
};

/** Parses the file; never throws. A header it cannot read gives one error on row 1 and no rows. */
export function parseFiguresCsv(text: string): ParsedCsv {
  const delimiter = detectDelimiter(text);
  const out: ParsedCsv = { delimiter, columns: {}, rows: [], rowCount: 0, errors: [] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      info: true,
      max_record_size: 100_000,
      to_line: MAX_IMPORT_ROWS + 100,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const lines = (e as { lines?: number }).lines;
    out.errors.push({ row: typeof lines === 'number' ? lines : 1, column: null, message: `the file cannot be read as CSV: ${(e as Error).message.replace(/^Invalid [^:]*:\s*/, '').slice(0, 200)}` });
    return out;
  }
  const [header, ...data] = records;
  if (!header) {
    out.errors.push({ row: 1, column: null, message: 'the file has no header row' });
    return out;
  }
  const index: Partial<Record<ImportColumn, number>> = {};
  header.record.forEach((cell, i) => {
    const col = headerColumn(cell);
    if (col && index[col] === undefined) {
      index[col] = i;
      out.columns[col] = cell;
    }
  });
  const missing = REQUIRED.filter((c) => index[c] === undefined);
  if (missing.length > 0) {
    out.errors.push({
      row: header.info.lines,
      column: null,
      message: `the header row must name the columns vecka;område;kategori;antal (or week,area,category,count); missing: ${missing.map((c) => COLUMN_NAMES[c]).join(', ')} (found: ${header.record.map((h) => `"${h.slice(0, 30)}"`).join(', ')})`,
    });
    return out;
  }
  if (data.length > MAX_IMPORT_ROWS) {
    out.errors.push({ row: 1, column: null, message: `the file has more than ${MAX_IMPORT_ROWS} rows: split it` });
    return out;
  }

  out.rowCount = data.length;
  for (const { record, info } of data) {
    const row = info.lines;
    const cell = (c: ImportColumn) => (index[c] === undefined ? undefined : record[index[c]!]);
    let bad = false;
    const fail = (column: ImportColumn, message: string) => {
      out.errors.push({ row, column, message });
      bad = true;
    };
    const rawWeek = cell('week');
    const week = rawWeek === undefined ? ({ ok: false, message: 'the row has no week column' } as const) : parseWeekText(rawWeek, cell('year'));
    if (!week.ok) fail(index.year !== undefined && /year/.test(week.message) ? 'year' : 'week', week.message);
    const area = (cell('area') ?? '').trim();
    if (area === '') fail('area', 'the area is missing');
    else if (area.length > 200) fail('area', 'the area name is longer than 200 characters');
    const category = (cell('category') ?? '').trim();
    if (category === '') fail('category', 'the category is missing');
    else if (category.length > 200) fail('category', 'the category name is longer than 200 characters');
    const rawCount = cell('count');
    const count = rawCount === undefined ? ({ ok: false, message: 'the row has no count column' } as const) : parseCount(rawCount);
    if (!count.ok) fail('count', count.message);
    if (!bad && week.ok && count.ok) out.rows.push({ row, week: week.week, area, category, count: count.count });
  }
  return out;
}
