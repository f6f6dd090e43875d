/**
 * Other sources' figures and the statutory lägesbild over HTTP.
 * Routes parse, call the store and the pure functions, and serialise; who may
 * call what is in server/auth/rules.ts.
 *
 *   GET    /figures/sources                      admin: sources, categories, tokens, mappings
 *   POST   /figures/sources                      {name, provider?, categories?}
 *   PATCH  /figures/sources/:id                  {name?, provider?}
 *   DELETE /figures/sources/:id                  409 while it has figures
 *   POST   /figures/sources/:id/categories       {name}
 *   PATCH  /figures/categories/:id               {name}
 *   DELETE /figures/categories/:id               409 while it has figures
 *   POST   /figures/sources/:id/tokens           {label?} → {id, token} (shown once)
 *   DELETE /figures/tokens/:id                   revoke
 *   POST   /figures/sources/:id/imports/preview  {csv, mappings?} → ImportPreview (writes nothing)
 *   POST   /figures/sources/:id/imports          {csv, mappings?, fileName?} → ImportDone | 422 ImportRefused
 *   POST   /figures                              {sourceId?, figures: [{week, area, category, count}]} (source token or admin)
 *   GET    /figures/weeks/:week                  FigureWeek (the week view's group)
 *   GET    /figures/series?from&to[&prevFrom&prevTo]  FigureSeries (against prevFrom–prevTo, or as many weeks just before)
 *   GET    /figures/years/:year                  FigureSeries of the ISO year against the previous year
 *   GET    /lagesbild/:year                      LagesbildDocument
 *   PUT    /lagesbild/:year/texts                {version, texts} → texts state | 409 | 422 personal_data
 *   GET    /lagesbild/:year/document.docx        the document as Word
 */
import { Hono, type Context } from 'hono';
import {
  CategoryCreateSchema,
  CategoryPatchSchema,
  FigurePostSchema,
  ImportSchema,
  SourceCreateSchema,
  SourcePatchSchema,
  TokenCreateSchema,
  type FigureSeries,
  type FigureWeek,
  type ImportDone,
  type ImportPreview,
  type ImportRefused,
  type Mappings,
} from '../../shared/figures';
import { periodsOfYear, yearWeeks, type PeriodKind } from '../../shared/followup';
import { LAGESBILD_SECTIONS, LagesbildTextsSaveSchema, type LagesbildDocument, type LagesbildTexts } from '../../shared/lagesbild';
import { findPersonalData, PERSONAL_DATA_KIND_NAMES } from '../../shared/personal-data';
import { addWeeks, isValidWeek, parseWeek, weekEnd, weekOf, weekRange, type IsoWeek } from '../../shared/weeks';
import { audit, type AuditEntry } from '../audit/log';
import type { AuthDeps, AuthEnv } from '../auth/context';
import { Refusal, apiError, sendRefusal } from '../http/errors';
import { MB, jsonBody } from '../http/request';
import { badWeek, weekParam } from '../http/week-param';
import { compileQuarter } from '../periods/quarter';
import { periodStore } from '../periods/store';
import { compileYear } from '../periods/year';
import { compileFigureSeries, compileFigureWeek } from './compile';
import { weekviewStore } from '../weekview/store';
import { parseFiguresCsv, parseWeekText, type CsvFigureRow, type ParsedCsv } from './csv';
import { lagesbildDocx } from './docx';
import { compileLagesbild } from './lagesbild';
import { planImport } from './plan';
import * as store from './store';

export interface FiguresDeps extends AuthDeps {
  periodKind?: PeriodKind;
  /** Shown on the document's first page, e.g. "Älvstads kommun" (Config.municipality). */
  municipality?: string;
}

/** A CSV of MAX_CSV_CHARS in JSON, with escapes, stays under this. */
const MAX_IMPORT_BODY = 12 * MB;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export function figuresRoutes(deps: FiguresDeps) {
  const app = new Hono<AuthEnv>();
  const { db } = deps;
  const kind: PeriodKind = deps.periodKind ?? 'quarter';
  const municipality = deps.municipality || undefined;
  const staffActor = <E extends AuthEnv>(c: Context<E>) => ({ type: 'staff' as const, id: c.get('staff')?.id ?? null });
  const done = <T, E extends AuthEnv>(c: Context<E>, result: T | Refusal, entry?: Omit<AuditEntry, 'actor' | 'at'>, status: 200 | 201 = 200) => {
    if (result instanceof Refusal) return sendRefusal(c, result);
    if (entry) audit(db, { ...entry, actor: staffActor(c), at: deps.now() });
    return c.json(result === true ? { ok: true } : (result as object), status);
  };

  // ---- sources, categories, tokens (admin) ------------------------------------------
  app.get('/figures/sources', (c) => c.json({ sources: store.listSources(db) }));
  app.post('/figures/sources', jsonBody(SourceCreateSchema), async (c) => {
    const body = c.get('body');
    const r = store.createSource(db, body, deps.now());
    return done(c, r, r instanceof Refusal ? undefined : { action: 'figures.source.create', target: `figure_source:${r.id}`, detail: { name: r.name, categories: r.categories.length } }, 201);
  });
  app.patch('/figures/sources/:id', jsonBody(SourcePatchSchema), async (c) => {
    const body = c.get('body');
    const r = store.patchSource(db, c.req.param('id'), body);
    return done(c, r, { action: 'figures.source.update', target: `figure_source:${c.req.param('id')}`, detail: { ...(body.name ? { name: body.name } : {}) } });
  });
  app.delete('/figures/sources/:id', (c) =>
    done(c, store.deleteSource(db, c.req.param('id')), { action: 'figures.source.delete', target: `figure_source:${c.req.param('id')}` }),
  );
  app.post('/figures/sources/:id/categories', jsonBody(CategoryCreateSchema), async (c) => {
    const body = c.get('body');
    return done(c, store.addCategory(db, c.req.param('id'), body.name), { action: 'figures.category.create', target: `figure_source:${c.req.param('id')}`, detail: { name: body.name } }, 201);
  });
  app.patch('/figures/categories/:id', jsonBody(CategoryPatchSchema), async (c) => {
    const body = c.get('body');
    return done(c, store.renameCategory(db, c.req.param('id'), body.name), { action: 'figures.category.update', target: `figure_category:${c.req.param('id')}`, detail: { name: body.name } });
  });
  app.delete('/figures/categories/:id', (c) =>
    done(c, store.deleteCategory(db, c.req.param('id')), { action: 'figures.category.delete', target: `figure_category:${c.req.param('id')}` }),
  );
  app.post('/figures/sources/:id/tokens', jsonBody(TokenCreateSchema), async (c) => {
    const body = c.get('body');
    const r = store.createSourceToken(db, c.req.param('id'), body.label, deps.now());
    return done(c, r, r instanceof Refusal ? undefined : { action: 'figures.token.create', target: `figure_source:${c.req.param('id')}`, detail: { id: r.id, label: r.label } }, 201);
  });
  app.delete('/figures/tokens/:id', (c) => {
    const r = store.revokeSourceToken(db, c.req.param('id'), deps.now());
    return done(c, r instanceof Refusal ? r : true, r instanceof Refusal ? undefined : { action: 'figures.token.revoke', target: `figure_source:${r.sourceId}`, detail: { id: c.req.param('id') } });
  });

  // ---- import: preview, then confirm (all or nothing) --------------------------------
  type Outcome = { kind: 'preview'; preview: ImportPreview } | { kind: 'refused'; preview: ImportPreview } | { kind: 'done'; done: ImportDone };

  /** Plans the import from the current data and, when `write` and sound, writes it in the same transaction. */
  function runImport(
    sourceId: string,
    parsed: ParsedCsv,
    mappings: Mappings,
    write: null | { actor: { type: 'staff' | 'source'; id: string | null }; fileName: string | null; via: 'csv' | 'api' },
  ): Outcome | Refusal {
    return db.transaction((): Outcome | Refusal => {
      const source = store.sourceRow(db, sourceId);
      if (!source) return new Refusal(404, 'not_found', 'No such source.');
      const weeks = parsed.rows.map((r) => r.week).sort();
      const plan = planImport({
        parsed,
        areas: store.areaRefs(db),
        categories: source.categories,
        remembered: store.rememberedMappings(db, sourceId),
        given: mappings,
        stored: weeks.length ? store.storedCounts(db, sourceId, weeks[0]!, weeks[weeks.length - 1]!) : new Map(),
      });
      if (!write) return { kind: 'preview', preview: plan.preview };
      if (!plan.preview.ok) return { kind: 'refused', preview: plan.preview };
      const { importId } = store.writeImport(db, {
        sourceId,
        figures: plan.figures,
        remember: plan.remember,
        actor: write.actor,
        fileName: write.fileName,
        rows: parsed.rowCount,
        now: deps.now(),
      });
      const s = plan.preview.summary!;
      audit(db, {
        actor: write.actor.type === 'staff' ? { type: 'staff', id: write.actor.id } : { type: 'system', id: `figure_source_token:${write.actor.id ?? ''}` },
        action: write.via === 'csv' ? 'figures.import' : 'figures.push',
        target: `figure_source:${sourceId}`,
        detail: {
          import: importId,
          source: source.name,
          fileName: write.fileName,
          rows: s.rows,
          figures: s.figures,
          replaces: s.replaces,
          changes: s.changes,
          ignoredRows: s.ignoredRows,
          firstWeek: s.firstWeek,
          lastWeek: s.lastWeek,
          mappedNames: plan.remember.size,
        },
        at: deps.now(),
      });
      return { kind: 'done', done: { importId, summary: s } };
    }).immediate();
  }

  const answer = <E extends AuthEnv>(c: Context<E>, out: Outcome | Refusal) => {
    if (out instanceof Refusal) return sendRefusal(c, out);
    if (out.kind === 'preview') return c.json<ImportPreview>(out.preview);
    if (out.kind === 'done') return c.json<ImportDone>(out.done, 201);
    const p = out.preview;
    const unmatchedOnly = p.errorCount === 0 && p.unmatched.length > 0;
    return c.json<ImportRefused>(
      {
        ...p,
        code: unmatchedOnly ? 'unmatched_areas' : 'import_invalid',
        error: unmatchedOnly
          ? `Nothing was imported: ${p.unmatched.length} area name(s) match no area (${p.unmatched.slice(0, 5).map((u) => `"${u.name}"`).join(', ')}). Map each to an area or to "ignore" and send again.`
          : `Nothing was imported: ${p.errorCount} row error(s)${p.unmatched.length ? ` and ${p.unmatched.length} unmatched area name(s)` : ''}. Fix them and import the whole file again.`,
      },
      422,
    );
  };

  app.post('/figures/sources/:id/imports/preview', jsonBody(ImportSchema, { limit: MAX_IMPORT_BODY }), async (c) => {
    const body = c.get('body');
    return answer(c, runImport(c.req.param('id'), parseFiguresCsv(body.csv), body.mappings, null));
  });
  app.post('/figures/sources/:id/imports', jsonBody(ImportSchema, { limit: MAX_IMPORT_BODY }), async (c) => {
    const body = c.get('body');
    return answer(c, runImport(c.req.param('id'), parseFiguresCsv(body.csv), body.mappings, { actor: staffActor(c), fileName: body.fileName ?? null, via: 'csv' }));
  });

  /** Systems that push: the same checks as a file; "row" is the figure's position in the list, from 1. */
  app.post('/figures', jsonBody(FigurePostSchema, { limit: MAX_IMPORT_BODY }), async (c) => {
    const body = c.get('body');
    const source = c.get('source');
    const sourceId = source?.sourceId ?? body.sourceId;
    if (!sourceId) return apiError(c, 400, 'bad_request', 'sourceId: name the source the figures come from (a source token names it by itself).');
    const parsed: ParsedCsv = { delimiter: ',', columns: { week: 'week', area: 'area', category: 'category', count: 'count' }, rows: [], rowCount: body.figures.length, errors: [] };
    body.figures.forEach((f, i) => {
      const week = parseWeekText(f.week);
      if (!week.ok) parsed.errors.push({ row: i + 1, column: 'week', message: week.message });
      else if (f.area.trim() === '') parsed.errors.push({ row: i + 1, column: 'area', message: 'the area is missing' });
      else if (f.category.trim() === '') parsed.errors.push({ row: i + 1, column: 'category', message: 'the category is missing' });
      else parsed.rows.push({ row: i + 1, week: week.week, area: f.area.trim(), category: f.category.trim(), count: f.count } satisfies CsvFigureRow);
    });
    const actor = source ? { type: 'source' as const, id: source.tokenId } : staffActor(c);
    return answer(c, runImport(sourceId, parsed, {}, { actor, fileName: null, via: 'api' }));
  });

  // ---- reading (coordinators) ----------------------------------------------------------
  app.get('/figures/weeks/:week', (c) => {
    const week = weekParam(c.req.param('week') ?? '', deps.now());
    if (!week) return badWeek(c, c.req.param('week') ?? '');
    return c.json<FigureWeek>(compileFigureWeek(store.figureWeekInput(db, week)));
  });

  app.get('/figures/series', (c) => {
    const from = c.req.query('from') ?? '';
    const to = c.req.query('to') ?? '';
    if (!isValidWeek(from) || !isValidWeek(to) || from > to) {
      return apiError(c, 400, 'bad_range', 'Give the weeks as ?from=2026-W40&to=2026-W52 (ISO weeks, from not after to).');
    }
    const weeks = weekRange(from, to);
    if (weeks.length > 106) return apiError(c, 400, 'bad_range', 'A series covers at most two years (106 weeks).');
    // The comparison: the given weeks (e.g. the previous period), else as many weeks just before.
    const prevFrom = c.req.query('prevFrom');
    const prevTo = c.req.query('prevTo');
    if ((prevFrom !== undefined || prevTo !== undefined) && (!isValidWeek(prevFrom) || !isValidWeek(prevTo) || prevFrom! > prevTo! || prevTo! >= from)) {
      return apiError(c, 400, 'bad_range', 'Give the comparison weeks as &prevFrom=2026-W27&prevTo=2026-W39, both before from.');
    }
    const previous = prevFrom && prevTo ? { from: prevFrom, to: prevTo } : { from: addWeeks(from, -weeks.length), to: addWeeks(from, -1) };
    return c.json<FigureSeries>(compileFigureSeries(store.figureSeriesInput(db, { from, to }, weeks, previous)));
  });

  const yearParam = (c: Context): number | Response => {
    const raw = c.req.param('year') ?? '';
    const year = raw === 'current' ? parseWeek(weekOf(deps.now()))!.year : /^\d{4}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      return apiError(c, 400, 'bad_year', `"${raw.slice(0, 40)}" is not a year: write four digits, e.g. "2026", or "current".`);
    }
    return year;
  };
  /**
   * The year's weeks that are over against the previous ISO year – the year review's
   * rule (a running week is not a low week, a future one no zero), so both agree.
   */
  const yearSeries = (year: number): FigureSeries => {
    const y = yearWeeks(year);
    const p = yearWeeks(year - 1);
    const now = deps.now().getTime();
    const over = weekRange(y.first, y.last).filter((w) => weekEnd(w).getTime() <= now);
    return compileFigureSeries(store.figureSeriesInput(db, { from: y.first, to: y.last }, over, { from: p.first, to: p.last }));
  };

  app.get('/figures/years/:year', (c) => {
    const year = yearParam(c);
    if (year instanceof Response) return year;
    return c.json<FigureSeries>(yearSeries(year));
  });

  // ---- the statutory lägesbild -----------------------------------------------------------
  const scopeOf = (year: number) => String(year);
  function lagesbild(year: number): LagesbildDocument {
    const f = periodStore(db);
    const now = deps.now();
    const review = compileYear(f.yearInput(year, kind, weekOf(now), now));
    const periods = periodsOfYear(year, kind).map((p) => compileQuarter(f.quarterInput(p)));
    // Time of day over the same weeks as the review: the periods' split less the weeks not over yet.
    const notOver = review.weeks.slice(review.weeksOver).filter((w) => w <= addWeeks(weekOf(now), 1));
    const notOverObservations = notOver.flatMap((w) => weekviewStore(db).weekViewInput(w, []).observations);
    const stored = store.lagesbildTexts(db, scopeOf(year));
    return compileLagesbild({
      review,
      figures: yearSeries(year),
      periods,
      notOverTimeOfDay: notOverObservations.map((o) => o.timeOfDay),
      texts: stored ? { version: stored.version, updatedAt: stored.updated_at, values: JSON.parse(stored.texts) as LagesbildTexts } : { version: 0, updatedAt: null, values: null },
    });
  }

  app.get('/lagesbild/:year', (c) => {
    const year = yearParam(c);
    if (year instanceof Response) return year;
    return c.json<LagesbildDocument>(lagesbild(year));
  });

  app.put('/lagesbild/:year/texts', jsonBody(LagesbildTextsSaveSchema, { limit: 1 * MB }), async (c) => {
    const year = yearParam(c);
    if (year instanceof Response) return year;
    const body = c.get('body');
    const findings = LAGESBILD_SECTIONS.flatMap((s) => findPersonalData(body.texts[s]).map((f) => ({ path: `texts.${s}`, kind: f.kind, start: f.start, end: f.end })));
    if (findings.length > 0) {
      const paths = [...new Set(findings.map((f) => f.path))];
      return c.json(
        {
          error: `Not saved: the text seems to contain personal data (${findings.map((f) => `${PERSONAL_DATA_KIND_NAMES[f.kind]} in ${f.path}`).join(', ')}). Remove it; the lägesbild must not point out individuals. Fields: ${paths.join(', ')}.`,
          code: 'personal_data',
          findings,
          fields: paths,
        },
        422,
      );
    }
    const by = c.get('staff')?.id ?? null;
    const saved = store.saveLagesbildTexts(db, scopeOf(year), body.version, JSON.stringify(body.texts), deps.now(), by);
    if (!saved.ok) {
      return c.json({ error: 'Someone else saved the analysis in the meantime. Your text was not saved: compare with their version and apply your change to it.', code: 'texts_conflict', current: lagesbild(year).texts }, 409);
    }
    audit(db, { actor: { type: 'staff', id: by }, action: 'lagesbild.texts.save', target: `lagesbild:${year}`, detail: { version: saved.version }, at: deps.now() });
    return c.json(lagesbild(year).texts);
  });

  app.get('/lagesbild/:year/document.docx', async (c) => {
    const year = yearParam(c);
    if (year instanceof Response) return year;
    const buffer = await lagesbildDocx(lagesbild(year), { ...(municipality ? { municipality } : {}), generatedAt: deps.now() });
    return c.body(new Uint8Array(buffer), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': `attachment; filename="lagesbild-${year}.docx"`,
      'cache-control': 'no-store',
    });
  });

  return app;
}
