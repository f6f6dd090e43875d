/**
 * Matching the names in other systems' figures to our areas and the source's
 * categories, and turning parsed rows into figures to write. Pure.
 *
 * Names match case- and accent-insensitively: NFKD, combining marks removed,
 * lower case, runs of white space (and underscores) as one space, no space
 * around a hyphen: "Söderby", " SODERBY " and "söderby" match; "Söder by" and
 * "Söderby" do not (a space may separate two names), nor do "Norr" and "Norrby".
 * A name that matches no area goes to the admin's mapping step: an area, or
 * "ignore" (null). Mappings are remembered per source by normalised name.
 */
import type { ImportRowError, Mappings, UnmatchedArea } from '../../shared/figures';
import type { IsoWeek } from '../../shared/weeks';
import type { CsvFigureRow } from './csv';
import { svCompare } from '../../shared/swedish-order';

/** The key two names are compared by. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\s\u00a0_]+/g, ' ')
    .replace(/\s*-\s*/g, '-')
    .trim();
}

export interface NamedRef {
  id: string;
  name: string;
}

export interface FigureToWrite {
  week: IsoWeek;
  areaId: string;
  categoryId: string;
  count: number;
  /** The file rows summed into it (names mapped to the same area add up). */
  rows: number[];
}

export interface ResolveInput {
  rows: CsvFigureRow[];
  areas: NamedRef[];
  categories: NamedRef[];
  /** Remembered mappings of the source, by normalised name. */
  remembered: ReadonlyMap<string, string | null>;
  /** Mappings given with this request (by name as written; normalised here). They win over remembered ones. */
  given: Mappings;
}

export interface Resolved {
  figures: FigureToWrite[];
  errors: ImportRowError[];
  unmatched: UnmatchedArea[];
  /** Names resolved through a mapping (remembered or given), normalised key → area id or null. */
  mapped: Map<string, { name: string; areaId: string | null }>;
  ignoredRows: number;
}

/** Small edit distance for the suggestions (names are short). */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** Up to three areas whose names contain, or are close to, the unmatched one. */
export function suggestAreas(name: string, areas: NamedRef[]): NamedRef[] {
  const key = normaliseName(name);
  return areas
    .map((a) => {
      const k = normaliseName(a.name);
      const contains = k.includes(key) || key.includes(k);
      return { a, score: contains ? 0 : distance(key.replace(/[ -]/g, ''), k.replace(/[ -]/g, '')) };
    })
    .filter((s) => s.score <= Math.max(2, Math.floor(key.length / 4)))
    .sort((x, y) => x.score - y.score || svCompare(x.a.name, y.a.name))
    .slice(0, 3)
    .map((s) => ({ id: s.a.id, name: s.a.name }));
}

export function resolveFigures(input: ResolveInput): Resolved {
  const areaByKey = new Map<string, NamedRef>();
  for (const a of input.areas) areaByKey.set(normaliseName(a.name), a);
  const areaIds = new Set(input.areas.map((a) => a.id));
  const categoryByKey = new Map<string, NamedRef>();
  for (const c of input.categories) categoryByKey.set(normaliseName(c.name), c);
  const given = new Map<string, string | null>();
  for (const [name, areaId] of Object.entries(input.given)) given.set(normaliseName(name), areaId);

  const errors: ImportRowError[] = [];
  const unmatched = new Map<string, UnmatchedArea>();
  const mapped = new Map<string, { name: string; areaId: string | null }>();
  const figures = new Map<string, FigureToWrite>();
  /** The first row of each (week, name as normalised, category): the same line twice is a mistake, not a sum. */
  const seen = new Map<string, number>();
  let ignoredRows = 0;
  const knownCategories = input.categories.map((c) => c.name).join(', ');

  for (const r of input.rows) {
    const areaKey = normaliseName(r.area);
    const catKey = normaliseName(r.category);
    const category = categoryByKey.get(catKey);
    let bad = false;
    if (!category) {
      errors.push({
        row: r.row,
        column: 'category',
        message: input.categories.length === 0
          ? `"${r.category.slice(0, 60)}" is not a category of this source, which has none yet: add the source's categories first`
          : `"${r.category.slice(0, 60)}" is not a category of this source (it has: ${knownCategories.slice(0, 300)})`,
      });
      bad = true;
    }
    const dupKey = `${r.week}|${areaKey}|${catKey}`;
    const first = seen.get(dupKey);
    if (first !== undefined) {
      errors.push({ row: r.row, column: 'area', message: `the same week, area and category as row ${first}: give each combination once` });
      continue;
    }
    seen.set(dupKey, r.row);

    // An area: a mapping given now, then a direct match, then a remembered mapping.
    let areaId: string | null | undefined;
    if (given.has(areaKey)) {
      areaId = given.get(areaKey)!;
      if (areaId !== null && !areaIds.has(areaId)) {
        errors.push({ row: r.row, column: 'area', message: `"${r.area.slice(0, 60)}" is mapped to an area that no longer exists: map it again` });
        continue;
      }
      mapped.set(areaKey, { name: r.area, areaId });
    } else if (areaByKey.has(areaKey)) {
      areaId = areaByKey.get(areaKey)!.id;
    } else if (input.remembered.has(areaKey) && (input.remembered.get(areaKey) === null || areaIds.has(input.remembered.get(areaKey)!))) {
      areaId = input.remembered.get(areaKey)!;
      mapped.set(areaKey, { name: r.area, areaId });
    } else {
      const u = unmatched.get(areaKey);
      if (u) u.rows++;
      else unmatched.set(areaKey, { name: r.area, rows: 1, suggestions: suggestAreas(r.area, input.areas) });
      continue;
    }
    if (areaId === null) {
      ignoredRows++;
      continue;
    }
    if (bad || !category) continue;
    const key = `${r.week}|${areaId}|${category.id}`;
    const f = figures.get(key);
    if (f) {
      f.count += r.count;
      f.rows.push(r.row);
    } else {
      figures.set(key, { week: r.week, areaId, categoryId: category.id, count: r.count, rows: [r.row] });
    }
  }
  return {
    figures: [...figures.values()],
    errors,
    unmatched: [...unmatched.values()].sort((a, b) => b.rows - a.rows || svCompare(a.name, b.name)),
    mapped,
    ignoredRows,
  };
}
