import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import type { FigureSeries, FigureSource, FigureWeek, ImportDone, ImportPreview, ImportRefused, SourceTokenCreated } from '../../shared/figures';
import type { YearReview } from '../../shared/followup';
import type { LagesbildDocument, LagesbildTextsState } from '../../shared/lagesbild';
import { INDICATOR_KEYS } from '../../shared/indicators';
import { unpackWeek, type PackedWeekSummary } from '../../shared/weekview';
import { observation, report, startTestServer, type TestServer } from '../support/fixture';
import { addStaff, request, sessionCookie } from '../support/staff';

const NOW = new Date('2026-12-02T12:00:00Z'); // 2026-W49: W48 is over, so the year review counts it

/** A police export: BOM, messy header, one name that matches no area, two bad rows. */
const POLICE =
  '\uFEFFVecka ;Område/stadsdel;Brottstyp;Antal (st)\r\n' +
  '2026-W46;NORRBY;Misshandel;3\r\n' +
  '2026-46;soderby;skadegörelse;12\r\n' +
  'v47 2026;Norrby;Misshandel;5\r\n' +
  'v. 47 2026;Söderby;Skadegörelse;-1\r\n' +
  '2026-W48;Norrby;Misshandel;4\r\n' +
  '2026-W48;Norrby C;Skadegörelse;2\r\n' +
  '2026-W48;Söderby;Skadegörelse;x\r\n';
const FIXED = POLICE.replace('Skadegörelse;-1', 'Skadegörelse;9').replace('Skadegörelse;x', 'Skadegörelse;7');

describe('figures from other sources over HTTP', () => {
  let t: TestServer;
  let admin: string;
  let coordinator: string;
  let device: string;
  let source: FigureSource;
  const as = (cookie: string, method: string, path: string, body?: unknown) => request(t, method, path, { cookie, ...(body !== undefined ? { body } : {}) });
  const figureRows = () => (t.db.prepare('SELECT count(*) AS n, coalesce(sum(count), 0) AS s FROM figures').get() as { n: number; s: number });

  beforeAll(async () => {
    t = await startTestServer({ now: NOW });
    admin = sessionCookie(t, (await addStaff(t, 'admin')).id);
    coordinator = sessionCookie(t, (await addStaff(t, 'coordinator')).id);
    device = await t.enrol();
    // Informants' reports: W47 and W48 in Norrby (vandalism), so the indicators are not empty.
    const reports = [
      report({ week: '2026-W47', observations: [observation(t.fixture.areaA), observation(t.fixture.areaA, { category: 'fire' })] }, NOW),
      report({ week: '2026-W48', observations: [observation(t.fixture.areaA), observation(t.fixture.areaB, { placeId: t.fixture.placeB, timeOfDay: 'night' })] }, NOW),
    ];
    const res = await t.post('/api/v1/reports', { reports }, device);
    expect(((await res.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['created', 'created']);
  });
  afterAll(async () => t.close());

  it('an admin defines a source with its own categories', async () => {
    const res = await as(admin, 'POST', '/api/v1/figures/sources', { name: 'Polisen – anmälda brott', provider: 'Lokalpolisområde Testby', categories: ['Misshandel', 'Skadegörelse'] });
    expect(res.status).toBe(201);
    source = (await res.json()) as FigureSource;
    expect(source.categories.map((c) => c.name)).toEqual(['Misshandel', 'Skadegörelse']);
    const dup = await as(admin, 'POST', '/api/v1/figures/sources', { name: 'Polisen – anmälda brott' });
    expect(dup.status).toBe(409);
    const cat = await as(admin, 'POST', `/api/v1/figures/sources/${source.id}/categories`, { name: 'misshandel' });
    expect(cat.status).toBe(409);
  });

  it('previews a messy file: errors per row and unmatched names, nothing written', async () => {
    const res = await as(admin, 'POST', `/api/v1/figures/sources/${source.id}/imports/preview`, { csv: POLICE });
    expect(res.status).toBe(200);
    const p = (await res.json()) as ImportPreview;
    expect(p.ok).toBe(false);
    expect(p.errors).toEqual([
      { row: 5, column: 'count', message: expect.stringContaining('negative') },
      { row: 8, column: 'count', message: expect.stringContaining('"x" is not a number') },
    ]);
    expect(p.unmatched).toEqual([{ name: 'Norrby C', rows: 1, suggestions: [{ id: t.fixture.areaA, name: 'Norrby' }] }]);
    expect(figureRows().n).toBe(0);
  });

  it('refuses the whole file while any row is bad (all or nothing), and while a name is unmapped', async () => {
    const bad = await as(admin, 'POST', `/api/v1/figures/sources/${source.id}/imports`, { csv: POLICE });
    expect(bad.status).toBe(422);
    const b = (await bad.json()) as ImportRefused;
    expect(b.code).toBe('import_invalid');
    expect(b.errorCount).toBe(2);
    expect(figureRows().n).toBe(0);

    const unmapped = await as(admin, 'POST', `/api/v1/figures/sources/${source.id}/imports`, { csv: FIXED });
    expect(unmapped.status).toBe(422);
    expect(((await unmapped.json()) as ImportRefused).code).toBe('unmatched_areas');
    expect(figureRows().n).toBe(0);
  });

  it('imports the fixed file with a mapping, audits it, remembers the mapping, and re-importing is idempotent', async () => {
    const res = await as(admin, 'POST', `/api/v1/figures/sources/${source.id}/imports`, { csv: FIXED, fileName: 'polisen-v46-48.csv', mappings: { 'Norrby C': t.fixture.areaA } });
    expect(res.status).toBe(201);
    const done = (await res.json()) as ImportDone;
    expect(done.summary).toMatchObject({ rows: 7, figures: 7, replaces: 0, firstWeek: '2026-W46', lastWeek: '2026-W48' });
    expect(figureRows()).toEqual({ n: 7, s: 3 + 12 + 5 + 9 + 4 + 2 + 7 });

    const entry = t.db.prepare("SELECT action, target, detail FROM audit_log WHERE action = 'figures.import'").get() as { target: string; detail: string };
    expect(entry.target).toBe(`figure_source:${source.id}`);
    expect(JSON.parse(entry.detail)).toMatchObject({ fileName: 'polisen-v46-48.csv', rows: 7, figures: 7, mappedNames: 1 });

    // The next import needs no mapping and replaces the same counts.
    const again = await as(admin, 'POST', `/api/v1/figures/sources/${source.id}/imports`, { csv: FIXED });
    expect(again.status).toBe(201);
    expect(((await again.json()) as ImportDone).summary).toMatchObject({ figures: 7, replaces: 7, changes: 0 });
    expect(figureRows()).toEqual({ n: 7, s: 42 });

    // A corrected count replaces the stored one.
    const corrected = await as(admin, 'POST', `/api/v1/figures/sources/${source.id}/imports`, { csv: 'week,area,category,count\n2026-W48,Norrby,Misshandel,6\n' });
    expect(((await corrected.json()) as ImportDone).summary).toMatchObject({ figures: 1, replaces: 1, changes: 1 });
    expect(figureRows()).toEqual({ n: 7, s: 44 });

    const list = (await (await as(admin, 'GET', '/api/v1/figures/sources')).json()) as { sources: FigureSource[] };
    expect(list.sources[0]!.mappings).toEqual([{ name: 'Norrby C', areaId: t.fixture.areaA }]);
    expect(list.sources[0]!.figures).toMatchObject({ rows: 7, firstWeek: '2026-W46', lastWeek: '2026-W48' });
  });

  it('shows the figures beside the reports with the same deltas, and never sums them into the indicators', async () => {
    const view = unpackWeek((await (await as(coordinator, 'GET', '/api/v1/weeks/2026-W48')).json()) as PackedWeekSummary);
    // The informants' counts are exactly the two observations of W48: no police figure in them.
    expect(view.totals.all.count).toBe(2);
    expect(view.totals.all.previous).toBe(2);
    const dbObservations = (t.db.prepare("SELECT count(*) AS n FROM observations WHERE week = '2026-W48'").get() as { n: number }).n;
    expect(view.totals.all.count).toBe(dbObservations);

    const fw = (await (await as(coordinator, 'GET', '/api/v1/figures/weeks/2026-W48')).json()) as FigureWeek;
    const police = fw.sources[0]!;
    expect(police.delivered).toBe(true);
    expect(police.weeksInUse).toBe(2); // W46 and W47 in the average window
    const misshandel = source.categories[0]!.id;
    const norrby = police.areas.find((a) => a.areaId === t.fixture.areaA)!;
    // Norrby: W46 3, W47 5, W48 6 (+2 Skadegörelse via "Norrby C").
    expect(norrby.byCategory[misshandel]).toEqual({ count: 6, previous: 5, deltaPrevious: 1, average: 4, deltaAverage: 2 });
    expect(norrby.total).toMatchObject({ count: 8, previous: 5 });
    expect(police.totals.all).toMatchObject({ count: 15, previous: 14, average: 14.5 });
    // Keys of the figures are the source's categories, never the eight indicators.
    expect(Object.keys(norrby.byCategory).some((k) => (INDICATOR_KEYS as readonly string[]).includes(k))).toBe(false);
  });

  it('a source token may push figures; a device, a coordinator and a revoked token may not', async () => {
    const created = await as(admin, 'POST', `/api/v1/figures/sources/${source.id}/tokens`, { label: 'Polisens export' });
    expect(created.status).toBe(201);
    const { token, id } = (await created.json()) as SourceTokenCreated;
    expect(t.db.prepare('SELECT count(*) AS n FROM figure_source_tokens WHERE token_hash = ?').get(token)).toEqual({ n: 0 }); // stored hashed

    const body = { figures: [{ week: '2026-W45', area: 'söderby', category: 'Skadegörelse', count: 4 }] };
    const pushed = await request(t, 'POST', '/api/v1/figures', { token, body, origin: null });
    expect(pushed.status).toBe(201);
    expect(((await pushed.json()) as ImportDone).summary.figures).toBe(1);
    expect((t.db.prepare("SELECT action FROM audit_log WHERE action = 'figures.push'").get() as { action: string }).action).toBe('figures.push');

    const badRow = await request(t, 'POST', '/api/v1/figures', { token, origin: null, body: { figures: [{ week: 'förra veckan', area: 'Norrby', category: 'Misshandel', count: 1 }] } });
    expect(badRow.status).toBe(422);
    expect(((await badRow.json()) as ImportRefused).errors[0]).toMatchObject({ row: 1, column: 'week' });

    expect((await request(t, 'POST', '/api/v1/figures', { token: device, body, origin: null })).status).toBe(403);
    expect((await as(coordinator, 'POST', '/api/v1/figures', { ...body, sourceId: source.id })).status).toBe(403);
    // A source token opens nothing else.
    expect((await request(t, 'GET', '/api/v1/figures/weeks/2026-W48', { token })).status).toBe(403);
    expect((await request(t, 'GET', '/api/v1/informant/context', { token })).status).toBe(403);

    expect((await as(admin, 'DELETE', `/api/v1/figures/tokens/${id}`)).status).toBe(200);
    const revoked = await request(t, 'POST', '/api/v1/figures', { token, body, origin: null });
    expect(revoked.status).toBe(401);
  });

  it('keeps a source and a category with figures (409), as it keeps areas with figures', async () => {
    expect((await as(admin, 'DELETE', `/api/v1/figures/sources/${source.id}`)).status).toBe(409);
    expect((await as(admin, 'DELETE', `/api/v1/figures/categories/${source.categories[0]!.id}`)).status).toBe(409);
    expect((await as(admin, 'DELETE', `/api/v1/admin/areas/${t.fixture.areaB}`)).status).toBe(409);
  });

  it('the lägesbild document holds the year review\'s figures, computed from the same database', async () => {
    const review = (await (await as(coordinator, 'GET', '/api/v1/years/2026/review')).json()) as YearReview;
    const series = (await (await as(coordinator, 'GET', '/api/v1/figures/years/2026')).json()) as FigureSeries;
    const doc = (await (await as(coordinator, 'GET', '/api/v1/lagesbild/2026')).json()) as LagesbildDocument;

    expect(doc.other.indicators).toEqual(review.totals.byCategory);
    expect(doc.other.total).toEqual({ count: review.totals.total, previousYear: review.totals.previousYear });
    expect(doc.other.areas).toEqual(review.areas.map((a) => ({ id: a.id, name: a.name, total: a.total, previousYearTotal: a.previousYearTotal, byCategory: a.byCategory })));
    expect(doc.other.reports.total).toBe(review.totals.reports.reduce((a, b) => a + b, 0));
    expect(doc.actionPlan.summary).toEqual(review.summary);
    expect(doc.crime.sources.map(({ byPeriod: _p, ...s }) => s)).toEqual(series.sources);
    // And against the raw rows: 4 informant observations, and the police's 44 + 4.
    expect(doc.other.total.count).toBe(4);
    expect(doc.crime.sources[0]!.total).toBe(48);
    expect(doc.crime.sources[0]!.byPeriod.reduce((a, b) => a + b.count, 0)).toBe(48);
    expect(doc.other.timeOfDay).toEqual({ day: 0, evening: 3, night: 1, unknown: 0 });
    expect(doc.texts.version).toBe(0);
    expect(doc.texts.values.crime).toContain('Polisen – anmälda brott: 48 under 2026');
  });

  it('saves the analysis with a version, refuses personal data with the field paths, and a stale version', async () => {
    const doc = (await (await as(coordinator, 'GET', '/api/v1/lagesbild/2026')).json()) as LagesbildDocument;
    const texts = { ...doc.texts.values, analysis: 'Skadegörelsen i Norrby ökar under hösten; kvällstid dominerar.' };

    const pd = await as(coordinator, 'PUT', '/api/v1/lagesbild/2026/texts', { version: 0, texts: { ...texts, crime: 'Ring 070-123 45 67 om detta.' } });
    expect(pd.status).toBe(422);
    const pdBody = (await pd.json()) as { code: string; fields: string[] };
    expect(pdBody.code).toBe('personal_data');
    expect(pdBody.fields).toEqual(['texts.crime']);

    const saved = await as(coordinator, 'PUT', '/api/v1/lagesbild/2026/texts', { version: 0, texts });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as LagesbildTextsState).version).toBe(1);

    const stale = await as(coordinator, 'PUT', '/api/v1/lagesbild/2026/texts', { version: 0, texts });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { code: string; current: LagesbildTextsState }).current.values.analysis).toBe(texts.analysis);
  });

  it('downloads the document as .docx whose text holds the figures', async () => {
    const res = await as(coordinator, 'GET', '/api/v1/lagesbild/2026/document.docx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="lagesbild-2026.docx"');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const xml = strFromU8(files['word/document.xml']!);
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
    expect(text).toContain('Lägesbild 2026');
    expect(text).toContain('1. Brottslighet – omfattning och karaktär');
    expect(text).toContain('Totalt 48 (föregående år 0');
    expect(text).toContain('Skadegörelsen i Norrby ökar under hösten'); // the saved analysis
    expect(text).toContain('Informanternas iakttagelser: 4 (föregående år 0)');
    // The table cells: per area the police's total, per indicator the informants' count.
    expect(text).toContain('|Söderby|0|32|32|0|');
    expect(text).toContain('|Norrby|14|2|16|0|');
    expect(text).toContain('|Skadegörelse|34|0|jämförelse saknas|');
    expect(text).toContain('|Skadegörelse|3|0|'); // the indicator, from the informants
    expect(text).toContain('|Brand|1|0|');
    expect(text).toContain('4. Underlag till åtgärdsplan');
  });
});
