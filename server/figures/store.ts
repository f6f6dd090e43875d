/**
 * All SQL of other sources' figures and of the statutory lägesbild's texts
 * (server/db/migrations/0010-figures.sql). Statements are prepared once per database.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import type { FigureSource, SourceTokenCreated } from '../../shared/figures';
import { AVERAGE_WEEKS } from '../../shared/weekview';
import { addWeeks, type IsoWeek } from '../../shared/weeks';
import { hashSecret, newSecret } from '../auth/tokens';
import { Refusal } from '../http/errors';
import type { AreaRow } from '../weekview/compile';
import type { FigureRow, FigureSeriesInput, FigureWeekInput, SourceRow } from './compile';
import { normaliseName, type FigureToWrite } from './match';

/** Source tokens carry this prefix so the auth middleware knows which table to look in. */
export const SOURCE_TOKEN_PREFIX = 'lbsrc_';

export interface SourceIdentity {
  sourceId: string;
  tokenId: string;
}

export interface TextsRow {
  texts: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

function prepare(db: Db) {
  return {
    sources: db.prepare<[], { id: string; name: string; provider: string }>('SELECT id, name, provider FROM figure_sources ORDER BY name'),
    source: db.prepare<[string], { id: string; name: string; provider: string }>('SELECT id, name, provider FROM figure_sources WHERE id = ?'),
    categories: db.prepare<[], { id: string; sourceId: string; name: string }>(
      'SELECT id, source_id AS sourceId, name FROM figure_categories ORDER BY source_id, position, name',
    ),
    sourceCategories: db.prepare<[string], { id: string; name: string }>('SELECT id, name FROM figure_categories WHERE source_id = ? ORDER BY position, name'),
    category: db.prepare<[string], { id: string; sourceId: string; name: string }>('SELECT id, source_id AS sourceId, name FROM figure_categories WHERE id = ?'),
    insertSource: db.prepare<[string, string, string, string]>('INSERT INTO figure_sources (id, name, provider, created_at) VALUES (?, ?, ?, ?)'),
    updateSource: db.prepare<[string, string, string]>('UPDATE figure_sources SET name = ?, provider = ? WHERE id = ?'),
    deleteSource: db.prepare<[string]>('DELETE FROM figure_sources WHERE id = ?'),
    insertCategory: db.prepare<[string, string, string, string, string]>(
      `INSERT INTO figure_categories (id, source_id, name, name_key, position)
       VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM figure_categories WHERE source_id = ?))`,
    ),
    renameCategory: db.prepare<[string, string, string]>('UPDATE figure_categories SET name = ?, name_key = ? WHERE id = ?'),
    deleteCategory: db.prepare<[string]>('DELETE FROM figure_categories WHERE id = ?'),
    figuresOfCategory: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM figures WHERE category_id = ?'),
    figuresOfSource: db.prepare<[string], { n: number; first: string | null; last: string | null }>(
      'SELECT count(*) AS n, min(week) AS first, max(week) AS last FROM figures WHERE source_id = ?',
    ),
    lastImport: db.prepare<[string], { at: string }>('SELECT at FROM figure_imports WHERE source_id = ? ORDER BY at DESC LIMIT 1'),
    tokens: db.prepare<[string], { id: string; created_at: string; label: string }>(
      'SELECT id, created_at, label FROM figure_source_tokens WHERE source_id = ? AND revoked_at IS NULL ORDER BY created_at',
    ),
    insertToken: db.prepare<[string, string, string, string, string]>(
      'INSERT INTO figure_source_tokens (id, source_id, token_hash, label, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    revokeToken: db.prepare<[string, string]>('UPDATE figure_source_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    tokenByHash: db.prepare<[string], { id: string; source_id: string; revoked_at: string | null }>(
      'SELECT id, source_id, revoked_at FROM figure_source_tokens WHERE token_hash = ?',
    ),
    token: db.prepare<[string], { id: string; source_id: string }>('SELECT id, source_id FROM figure_source_tokens WHERE id = ?'),
    mappings: db.prepare<[string], { name_key: string; name: string; area_id: string | null }>(
      'SELECT name_key, name, area_id FROM figure_area_mappings WHERE source_id = ? ORDER BY name',
    ),
    upsertMapping: db.prepare<[string, string, string, string | null]>(
      `INSERT INTO figure_area_mappings (source_id, name_key, name, area_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (source_id, name_key) DO UPDATE SET name = excluded.name, area_id = excluded.area_id`,
    ),
    deleteMapping: db.prepare<[string, string]>('DELETE FROM figure_area_mappings WHERE source_id = ? AND name_key = ?'),
    areas: db.prepare<[], AreaRow>('SELECT id, name FROM areas'),
    /** ?1 = source, ?2, ?3 = weeks (primary key range). */
    sourceFigures: db.prepare<[string, string, string], { week: string; areaId: string; categoryId: string; count: number }>(
      'SELECT week, area_id AS areaId, category_id AS categoryId, count FROM figures WHERE source_id = ? AND week BETWEEN ? AND ?',
    ),
    /** ?1, ?2 = weeks (figures_week). */
    figuresBetween: db.prepare<[string, string], FigureRow>(
      'SELECT source_id AS sourceId, category_id AS categoryId, area_id AS areaId, week, count FROM figures WHERE week BETWEEN ? AND ?',
    ),
    upsertFigure: db.prepare<[string, string, string, string, number, string, string]>(
      `INSERT INTO figures (source_id, week, area_id, category_id, count, import_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source_id, week, area_id, category_id) DO UPDATE SET count = excluded.count, import_id = excluded.import_id, updated_at = excluded.updated_at`,
    ),
    insertImport: db.prepare<[string, string, string, string, string | null, string | null, number, number, string | null, string | null]>(
      `INSERT INTO figure_imports (id, source_id, at, actor_type, actor_id, file_name, rows, figures, first_week, last_week)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    texts: db.prepare<[string], TextsRow>('SELECT texts, version, updated_at, updated_by FROM lagesbild_texts WHERE scope = ?'),
    insertTexts: db.prepare<[string, string, string, string | null]>(
      'INSERT INTO lagesbild_texts (scope, texts, version, updated_at, updated_by) VALUES (?, ?, 1, ?, ?)',
    ),
    updateTexts: db.prepare<[string, string, string | null, string, number]>(
      'UPDATE lagesbild_texts SET texts = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE scope = ? AND version = ?',
    ),
  };
}

/** One set of statements per open database. */
const q = prepared(prepare);

function constraintRefusal(err: unknown, unique: string): Refusal {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new Refusal(409, 'exists', unique);
  throw err;
}

/** The sources with their categories (for compile and matching). */
export function sourceRows(db: Db): SourceRow[] {
  const s = q(db);
  const cats = new Map<string, { id: string; name: string }[]>();
  for (const c of s.categories.all()) {
    const l = cats.get(c.sourceId);
    if (l) l.push({ id: c.id, name: c.name });
    else cats.set(c.sourceId, [{ id: c.id, name: c.name }]);
  }
  return s.sources.all().map((r) => ({ ...r, categories: cats.get(r.id) ?? [] }));
}

export function sourceRow(db: Db, id: string): SourceRow | null {
  const s = q(db);
  const r = s.source.get(id);
  return r ? { ...r, categories: s.sourceCategories.all(id) } : null;
}

/** The admin's view of every source. */
export function listSources(db: Db): FigureSource[] {
  const s = q(db);
  return sourceRows(db).map((r) => {
    const f = s.figuresOfSource.get(r.id)!;
    return {
      ...r,
      tokens: s.tokens.all(r.id).map((t) => ({ id: t.id, createdAt: t.created_at, label: t.label })),
      mappings: s.mappings.all(r.id).map((m) => ({ name: m.name, areaId: m.area_id })),
      figures: { rows: f.n, firstWeek: f.first, lastWeek: f.last, lastImportAt: s.lastImport.get(r.id)?.at ?? null },
    };
  });
}

export function getSource(db: Db, id: string): FigureSource | null {
  return listSources(db).find((s) => s.id === id) ?? null;
}

export function createSource(db: Db, input: { name: string; provider: string; categories: string[] }, now: Date): FigureSource | Refusal {
  const s = q(db);
  const id = randomUUID();
  const keys = new Set<string>();
  for (const [i, name] of input.categories.entries()) {
    const key = normaliseName(name);
    if (keys.has(key)) return new Refusal(400, 'bad_request', `categories[${i}]: "${name}" is given twice.`);
    keys.add(key);
  }
  try {
    db.transaction(() => {
      s.insertSource.run(id, input.name, input.provider, now.toISOString());
      for (const name of input.categories) s.insertCategory.run(randomUUID(), id, name, normaliseName(name), id);
    })();
  } catch (e) {
    return constraintRefusal(e, `name: a source named "${input.name}" already exists.`);
  }
  return getSource(db, id)!;
}

export function patchSource(db: Db, id: string, patch: { name?: string; provider?: string }): FigureSource | Refusal {
  const s = q(db);
  const cur = s.source.get(id);
  if (!cur) return new Refusal(404, 'not_found', 'No such source.');
  try {
    s.updateSource.run(patch.name ?? cur.name, patch.provider ?? cur.provider, id);
  } catch (e) {
    return constraintRefusal(e, `name: a source named "${patch.name ?? ''}" already exists.`);
  }
  return getSource(db, id)!;
}

/** A source with figures cannot be removed: its figures are part of earlier pictures and lägesbilder. */
export function deleteSource(db: Db, id: string): true | Refusal {
  const s = q(db);
  if (!s.source.get(id)) return new Refusal(404, 'not_found', 'No such source.');
  const n = s.figuresOfSource.get(id)!.n;
  if (n > 0) return new Refusal(409, 'in_use', `The source has ${n} figure(s); they are part of the follow-up and cannot be removed with it.`);
  s.deleteSource.run(id);
  return true;
}

export function addCategory(db: Db, sourceId: string, name: string): FigureSource | Refusal {
  const s = q(db);
  if (!s.source.get(sourceId)) return new Refusal(404, 'not_found', 'No such source.');
  try {
    s.insertCategory.run(randomUUID(), sourceId, name, normaliseName(name), sourceId);
  } catch (e) {
    return constraintRefusal(e, `name: the source already has a category "${name}".`);
  }
  return getSource(db, sourceId)!;
}

export function renameCategory(db: Db, categoryId: string, name: string): FigureSource | Refusal {
  const s = q(db);
  const cat = s.category.get(categoryId);
  if (!cat) return new Refusal(404, 'not_found', 'No such category.');
  try {
    s.renameCategory.run(name, normaliseName(name), categoryId);
  } catch (e) {
    return constraintRefusal(e, `name: the source already has a category "${name}".`);
  }
  return getSource(db, cat.sourceId)!;
}

export function deleteCategory(db: Db, categoryId: string): FigureSource | Refusal {
  const s = q(db);
  const cat = s.category.get(categoryId);
  if (!cat) return new Refusal(404, 'not_found', 'No such category.');
  const n = s.figuresOfCategory.get(categoryId)!.n;
  if (n > 0) return new Refusal(409, 'in_use', `The category has ${n} figure(s) and cannot be removed (rename it instead).`);
  s.deleteCategory.run(categoryId);
  return getSource(db, cat.sourceId)!;
}

/** A new API token for the source; the only time it exists in clear. */
export function createSourceToken(db: Db, sourceId: string, label: string, now: Date): SourceTokenCreated | Refusal {
  const s = q(db);
  if (!s.source.get(sourceId)) return new Refusal(404, 'not_found', 'No such source.');
  const token = SOURCE_TOKEN_PREFIX + newSecret(32);
  const id = randomUUID();
  s.insertToken.run(id, sourceId, hashSecret(token), label, now.toISOString());
  return { id, token, label, createdAt: now.toISOString() };
}

export function revokeSourceToken(db: Db, tokenId: string, now: Date): { sourceId: string } | Refusal {
  const s = q(db);
  const t = s.token.get(tokenId);
  if (!t) return new Refusal(404, 'not_found', 'No such token.');
  s.revokeToken.run(now.toISOString(), tokenId);
  return { sourceId: t.source_id };
}

export type SourceLookup = { ok: true; source: SourceIdentity } | { ok: false; revoked: boolean };

export function sourceForToken(db: Db, token: string): SourceLookup {
  const t = q(db).tokenByHash.get(hashSecret(token));
  if (!t) return { ok: false, revoked: false };
  if (t.revoked_at) return { ok: false, revoked: true };
  return { ok: true, source: { sourceId: t.source_id, tokenId: t.id } };
}

export function areaRefs(db: Db): AreaRow[] {
  return q(db).areas.all();
}

/** Remembered mappings of a source, by normalised name. */
export function rememberedMappings(db: Db, sourceId: string): Map<string, string | null> {
  return new Map(q(db).mappings.all(sourceId).map((m) => [m.name_key, m.area_id]));
}

/** Forgets one remembered mapping (the next import asks again). */
export function forgetMapping(db: Db, sourceId: string, name: string): void {
  q(db).deleteMapping.run(sourceId, normaliseName(name));
}

/** Stored counts of a source between two weeks, keyed `week|areaId|categoryId`. */
export function storedCounts(db: Db, sourceId: string, from: IsoWeek, to: IsoWeek): Map<string, number> {
  return new Map(q(db).sourceFigures.all(sourceId, from, to).map((r) => [`${r.week}|${r.areaId}|${r.categoryId}`, r.count]));
}

export interface WriteImport {
  sourceId: string;
  figures: FigureToWrite[];
  remember: Map<string, { name: string; areaId: string | null }>;
  actor: { type: 'staff' | 'source'; id: string | null };
  fileName: string | null;
  rows: number;
  now: Date;
}

/** Writes the figures (replacing stored counts of the same key) and the remembered mappings. Call inside a transaction. */
export function writeImport(db: Db, w: WriteImport): { importId: string } {
  const s = q(db);
  const importId = randomUUID();
  const at = w.now.toISOString();
  let first: string | null = null;
  let last: string | null = null;
  for (const f of w.figures) {
    s.upsertFigure.run(w.sourceId, f.week, f.areaId, f.categoryId, f.count, importId, at);
    if (first === null || f.week < first) first = f.week;
    if (last === null || f.week > last) last = f.week;
  }
  for (const [key, m] of w.remember) s.upsertMapping.run(w.sourceId, key, m.name, m.areaId);
  s.insertImport.run(importId, w.sourceId, at, w.actor.type, w.actor.id, w.fileName, w.rows, w.figures.length, first, last);
  return { importId };
}

/** The rows for compileFigureWeek: the week and the AVERAGE_WEEKS before. */
export function figureWeekInput(db: Db, week: IsoWeek): FigureWeekInput {
  return db.transaction(() => ({
    week,
    sources: sourceRows(db),
    areas: q(db).areas.all(),
    figures: q(db).figuresBetween.all(addWeeks(week, -AVERAGE_WEEKS), week),
  }))();
}

/** The rows for compileFigureSeries over `weeks` (ascending, within `range`) and the comparison range. */
export function figureSeriesInput(db: Db, range: { from: IsoWeek; to: IsoWeek }, weeks: IsoWeek[], previous: { from: IsoWeek; to: IsoWeek }): FigureSeriesInput {
  return db.transaction(() => ({
    range,
    weeks,
    previous,
    sources: sourceRows(db),
    areas: q(db).areas.all(),
    figures: [...(weeks.length ? q(db).figuresBetween.all(weeks[0]!, weeks[weeks.length - 1]!) : []), ...q(db).figuresBetween.all(previous.from, previous.to)],
  }))();
}

// ---- the lägesbild's texts ---------------------------------------------------------

export function lagesbildTexts(db: Db, scope: string): TextsRow | null {
  return q(db).texts.get(scope) ?? null;
}

/** Saves with the version the text was read at (0 = never saved); false when someone saved in between. */
export function saveLagesbildTexts(db: Db, scope: string, version: number, texts: string, now: Date, by: string | null): { ok: true; version: number } | { ok: false } {
  const s = q(db);
  return db.transaction(() => {
    const cur = s.texts.get(scope);
    if (!cur) {
      if (version !== 0) return { ok: false as const };
      s.insertTexts.run(scope, texts, now.toISOString(), by);
      return { ok: true as const, version: 1 };
    }
    const r = s.updateTexts.run(texts, now.toISOString(), by, scope, version);
    return r.changes === 1 ? { ok: true as const, version: version + 1 } : { ok: false as const };
  }).immediate();
}

