/**
 * An import, planned before anything is written: parsed rows resolved to
 * figures, with every error and every unmatched area name, and what it would
 * replace. The preview shows exactly this plan; the confirm writes it only when
 * it is `ok` (all or nothing). Pure.
 */
import { MAX_LISTED_ERRORS, type ImportPreview, type ImportRowError, type ImportSummary, type Mappings } from '../../shared/figures';
import type { CsvFigureRow, ParsedCsv } from './csv';
import { resolveFigures, type FigureToWrite, type NamedRef } from './match';

export interface PlanInput {
  parsed: Pick<ParsedCsv, 'rows' | 'rowCount' | 'errors' | 'columns' | 'delimiter'>;
  areas: NamedRef[];
  categories: NamedRef[];
  remembered: ReadonlyMap<string, string | null>;
  given: Mappings;
  /** Stored counts of the source, keyed `week|areaId|categoryId` (at least for the weeks of the file). */
  stored: ReadonlyMap<string, number>;
}

export interface ImportPlan {
  preview: ImportPreview;
  figures: FigureToWrite[];
  /** Mappings to remember: normalised key → { name as written, area id or null }. */
  remember: Map<string, { name: string; areaId: string | null }>;
}

export const figureKey = (f: { week: string; areaId: string; categoryId: string }) => `${f.week}|${f.areaId}|${f.categoryId}`;

export function planImport(input: PlanInput): ImportPlan {
  const resolved = resolveFigures({
    rows: input.parsed.rows as CsvFigureRow[],
    areas: input.areas,
    categories: input.categories,
    remembered: input.remembered,
    given: input.given,
  });
  const errors: ImportRowError[] = [...input.parsed.errors, ...resolved.errors].sort((a, b) => a.row - b.row);
  const headerBroken = input.parsed.rowCount === 0 && input.parsed.errors.length > 0;
  let replaces = 0;
  let changes = 0;
  let firstWeek: string | null = null;
  let lastWeek: string | null = null;
  for (const f of resolved.figures) {
    const old = input.stored.get(figureKey(f));
    if (old !== undefined) {
      replaces++;
      if (old !== f.count) changes++;
    }
    if (firstWeek === null || f.week < firstWeek) firstWeek = f.week;
    if (lastWeek === null || f.week > lastWeek) lastWeek = f.week;
  }
  const summary: ImportSummary | null = headerBroken
    ? null
    : {
        rows: input.parsed.rowCount,
        figures: resolved.figures.length,
        ignoredRows: resolved.ignoredRows,
        replaces,
        changes,
        firstWeek,
        lastWeek,
        columns: input.parsed.columns,
        delimiter: input.parsed.delimiter,
      };
  const ok = errors.length === 0 && resolved.unmatched.length === 0 && input.parsed.rowCount > 0;
  if (input.parsed.rowCount === 0 && errors.length === 0) {
    errors.push({ row: 2, column: null, message: 'the file has a header but no data rows' });
  }
  return {
    preview: {
      ok,
      summary,
      errorCount: errors.length,
      errors: errors.slice(0, MAX_LISTED_ERRORS),
      unmatched: resolved.unmatched,
      mapped: [...resolved.mapped.values()],
    },
    figures: resolved.figures,
    remember: resolved.mapped,
  };
}
