/**
 * Figures from other sources: counts that the police, property
 * management or the rescue service bring from their own systems, per
 * source × source category × area × ISO week. They are shown BESIDE the
 * informants' eight indicators and never summed with them: a source category
 * (e.g. "Misshandel" from the police) is not an indicator, and one event may
 * well be both reported by a caretaker and in the police's figures.
 *
 * API types and valibot schemas shared by server and staff screens. Pure.
 */
import * as v from 'valibot';
import type { CountStats } from './weekview';
import type { IsoWeek } from './weeks';

// ---- sources and their categories --------------------------------------------

export interface FigureCategory {
  id: string;
  name: string;
}

export interface FigureSource {
  id: string;
  name: string;
  /** Who delivers it, e.g. "Polisen, lokalpolisområde Älvstad" (optional). */
  provider: string;
  categories: FigureCategory[];
  /** Active (unrevoked) API tokens of the source. */
  tokens: { id: string; createdAt: string; label: string }[];
  /** Area names remembered from earlier imports: name → area id, or null = ignore. */
  mappings: { name: string; areaId: string | null }[];
  /** Weeks with figures and the latest import, for the admin's overview. */
  figures: { rows: number; firstWeek: IsoWeek | null; lastWeek: IsoWeek | null; lastImportAt: string | null };
}

const Name = v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(120, 'must be at most 120 characters'));
const Ref = v.pipe(v.string('must be an id'), v.minLength(1, 'must not be empty'), v.maxLength(64, 'is too long'));

export const MAX_SOURCE_CATEGORIES = 50;

export const SourceCreateSchema = v.object({
  name: Name,
  provider: v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(200, 'must be at most 200 characters')), ''),
  categories: v.optional(
    v.pipe(
      v.array(Name, 'must be a list of category names'),
      v.maxLength(MAX_SOURCE_CATEGORIES, `may have at most ${MAX_SOURCE_CATEGORIES} categories`),
    ),
    [],
  ),
});
export type SourceCreate = v.InferOutput<typeof SourceCreateSchema>;

export const SourcePatchSchema = v.object({
  name: v.optional(Name),
  provider: v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(200, 'must be at most 200 characters'))),
});

export const CategoryCreateSchema = v.object({ name: Name });
export const CategoryPatchSchema = v.object({ name: Name });

export const TokenCreateSchema = v.object({
  label: v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(120, 'must be at most 120 characters')), ''),
});
/** The token is shown once, when created; only its hash is kept. */
export interface SourceTokenCreated {
  id: string;
  token: string;
  label: string;
  createdAt: string;
}

// ---- import -----------------------------------------------------------------------

/** Largest CSV accepted (characters); a year of weekly figures for 50 areas × 20 categories is ~1 MB. */
export const MAX_CSV_CHARS = 4_000_000;
/** Most data rows in one import. */
export const MAX_IMPORT_ROWS = 100_000;
/** Errors listed per import (the total is always given). */
export const MAX_LISTED_ERRORS = 200;

export type ImportColumn = 'week' | 'area' | 'category' | 'count' | 'year';

/** One bad row: the file's line-based row number (the header is row 1), the column, and why. */
export interface ImportRowError {
  row: number;
  column: ImportColumn | null;
  message: string;
}

export interface UnmatchedArea {
  /** The name as written in the file (first spelling seen). */
  name: string;
  /** Data rows that carry it. */
  rows: number;
  /** Areas whose names are close, best first (at most 3). */
  suggestions: { id: string; name: string }[];
}

/** Area name → area id, or null to ignore that name's rows (remembered per source). */
export const MappingsSchema = v.pipe(
  v.record(
    v.pipe(v.string(), v.maxLength(200, 'area names are at most 200 characters')),
    v.nullable(Ref),
  ),
  v.check((r) => Object.keys(r).length <= 1000, 'may map at most 1000 names'),
);
export type Mappings = v.InferOutput<typeof MappingsSchema>;

export const ImportSchema = v.object({
  csv: v.pipe(v.string('must be the file\'s text'), v.minLength(1, 'the file is empty'), v.maxLength(MAX_CSV_CHARS, `the file is too large (at most ${MAX_CSV_CHARS} characters)`)),
  /** Optional: the file's name, for the audit log and the screen. */
  fileName: v.optional(v.pipe(v.string(), v.maxLength(200, 'is too long'))),
  mappings: v.optional(MappingsSchema, {}),
});
export type ImportInput = v.InferOutput<typeof ImportSchema>;

export interface ImportSummary {
  /** Data rows read (blank lines not counted). */
  rows: number;
  /** Figures (source × week × area × category) the import writes. */
  figures: number;
  /** Rows whose area is mapped to "ignore". */
  ignoredRows: number;
  /** Of `figures`, those that replace a stored count (and of those, with another value). */
  replaces: number;
  changes: number;
  firstWeek: IsoWeek | null;
  lastWeek: IsoWeek | null;
  /** The recognised header: which column holds what, and the delimiter. */
  columns: Partial<Record<ImportColumn, string>>;
  delimiter: ';' | ',' | '\t';
}

/**
 * The answer to a preview, and to a refused import (422 `import_invalid`).
 * `ok` means: confirming this file with these mappings writes `summary.figures` figures.
 */
export interface ImportPreview {
  ok: boolean;
  summary: ImportSummary | null;
  /** Total number of errors; `errors` lists the first MAX_LISTED_ERRORS. */
  errorCount: number;
  errors: ImportRowError[];
  unmatched: UnmatchedArea[];
  /** Names matched through a remembered or given mapping (shown so a wrong one can be corrected). */
  mapped: { name: string; areaId: string | null }[];
}

export interface ImportDone {
  importId: string;
  summary: ImportSummary;
}

/** A refused import: `{error, code: "import_invalid" | "unmatched_areas", ...preview}`. */
export interface ImportRefused extends ImportPreview {
  error: string;
  code: 'import_invalid' | 'unmatched_areas';
}

// ---- figures over the API ------------------------------------------------------

/** POST /figures: a system pushes figures (source token), or staff for a named source. */
export const FigurePostSchema = v.object({
  /** Required with a staff session; ignored with a source token (the token names the source). */
  sourceId: v.optional(Ref),
  figures: v.pipe(
    v.array(
      v.object({
        week: v.pipe(v.string('must be an ISO week like "2026-W48"'), v.maxLength(40, 'is too long')),
        area: v.pipe(v.string('must be the area\'s name'), v.maxLength(200, 'is too long')),
        category: v.pipe(v.string('must be the category\'s name'), v.maxLength(200, 'is too long')),
        count: v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0, 'must not be negative'), v.maxValue(1_000_000, 'is implausibly large')),
      }),
      'must be a list of figures',
    ),
    v.minLength(1, 'must hold at least one figure'),
    v.maxLength(10_000, 'may hold at most 10000 figures per request'),
  ),
});
export type FigurePost = v.InferOutput<typeof FigurePostSchema>;

// ---- the week view's figures -------------------------------------------------------

export interface FigureAreaWeek {
  areaId: string;
  areaName: string;
  /** Keyed by category id. */
  byCategory: Record<string, CountStats>;
  total: CountStats;
}

export interface FigureSourceWeek {
  id: string;
  name: string;
  provider: string;
  categories: FigureCategory[];
  /** Did the source deliver any figure for the shown week? (No figures ≠ zero.) */
  delivered: boolean;
  /** Weeks of the average window in which the source delivered figures (the average's divisor). */
  weeksInUse: number;
  /** Areas with figures in the shown week or the average window, by name. */
  areas: FigureAreaWeek[];
  totals: { byCategory: Record<string, CountStats>; all: CountStats };
}

export interface FigureWeek {
  week: IsoWeek;
  previousWeek: IsoWeek;
  averageWindow: { from: IsoWeek; to: IsoWeek };
  /** Sources by name; a source without any figure in the window is still listed (delivered: false). */
  sources: FigureSourceWeek[];
}

// ---- series over a period or a year ---------------------------------------------------

export type FigureTrend = 'up' | 'down' | 'flat' | 'new' | 'unknown';

export interface FigureCategorySeries extends FigureCategory {
  total: number;
  previousTotal: number;
  trend: FigureTrend;
  /** Per week of FigureSeries.weeks. */
  series: number[];
}

export interface FigureAreaSeries {
  areaId: string;
  areaName: string;
  total: number;
  previousTotal: number;
  trend: FigureTrend;
  /** Keyed by category id. */
  byCategory: Record<string, number>;
}

export interface FigureSourceSeries {
  id: string;
  name: string;
  provider: string;
  /** Weeks of the range with any figure from the source. */
  weeksDelivered: number;
  total: number;
  previousTotal: number;
  trend: FigureTrend;
  series: number[];
  categories: FigureCategorySeries[];
  /** Most first. */
  areas: FigureAreaSeries[];
}

export interface FigureSeries {
  from: IsoWeek;
  to: IsoWeek;
  weeks: IsoWeek[];
  previous: { from: IsoWeek; to: IsoWeek };
  sources: FigureSourceSeries[];
}

/** Relative change that counts as a trend (as the period analysis). */
export const FIGURE_TREND_THRESHOLD = 0.1;

export function figureTrend(now: number, before: number, deliveredBefore: boolean): FigureTrend {
  if (!deliveredBefore) return 'unknown';
  if (before === 0) return now === 0 ? 'flat' : 'new';
  const change = (now - before) / before;
  return change >= FIGURE_TREND_THRESHOLD ? 'up' : change <= -FIGURE_TREND_THRESHOLD ? 'down' : 'flat';
}
