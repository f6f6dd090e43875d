import { describe, expect, it } from 'vitest';
import { detectDelimiter, headerColumn, parseCount, parseFiguresCsv, parseWeekText } from '../../server/figures/csv';
import { normaliseName, resolveFigures, suggestAreas } from '../../server/figures/match';
import { figureKey, planImport } from '../../server/figures/plan';

const AREAS = [
  { id: 'a-norr', name: 'Norrby' },
  { id: 'a-soder', name: 'Söderby' },
  { id: 'a-ang', name: 'Ängen' },
  { id: 'a-cent', name: 'Centrum Östra' },
];
const CATEGORIES = [
  { id: 'c-mh', name: 'Misshandel' },
  { id: 'c-sk', name: 'Skadegörelse' },
  { id: 'c-nk', name: 'Narkotikabrott' },
];

/** As a police export looks: BOM, CRLF, a messy header, a column we do not use, names in other spellings. */
const POLICE_CSV =
  '\uFEFFVecka ;Område/stadsdel;Brottstyp;Antal (st);Kommentar\r\n' +
  '2026-W45;NORRBY;Misshandel;3;\r\n' +
  '2026-45;soderby;skadegörelse;12;\r\n' +
  'v45 2026;Angen;Narkotikabrott;1;\r\n' +
  '\r\n' +
  'v. 46 2026;Norrby;Misshandel;4;\r\n' +
  '2026-W46;Norrby C;Misshandel;2;\r\n' + // unmatched name
  '2026-W46;Söderby;Skadegörelse;-2;\r\n' + // negative
  '2026-W54;Söderby;Skadegörelse;5;\r\n' + // no week 54 in 2026
  '2026-W46;Söderby;Inbrott;5;\r\n' + // unknown category
  '2026-W46;Industriområdet;Skadegörelse;7;\r\n' + // unmatched name
  '2026-W46;Ängen;Narkotikabrott;tre;\r\n'; // not a number

describe('weeks as people write them', () => {
  it.each([
    ['2026-W48', '2026-W48'],
    ['2026W48', '2026-W48'],
    ['2026 w 48', '2026-W48'],
    ['2026-48', '2026-W48'],
    ['2026/8', '2026-W08'],
    ['v48 2026', '2026-W48'],
    ['V48 2026', '2026-W48'],
    ['v. 48 2026', '2026-W48'],
    ['v.48, 2026', '2026-W48'],
    ['vecka 48 2026', '2026-W48'],
    ['week 1 2026', '2026-W01'],
    ['v48-2026', '2026-W48'],
    ['2026-W53', '2026-W53'], // 2026 has 53 ISO weeks
  ])('%s → %s', (raw, week) => {
    expect(parseWeekText(raw)).toEqual({ ok: true, week });
  });

  it.each([
    ['', 'missing'],
    ['48', 'not a week'],
    ['2025-W53', '2025 has weeks 1–52'],
    ['2026-W00', 'weeks 1–53'],
    ['1999-W10', 'out of range'],
    ['2026-11-27', 'not a week'],
  ])('refuses %j (%s)', (raw, why) => {
    const r = parseWeekText(raw);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toContain(why);
  });

  it('takes the number alone when a year column is given', () => {
    expect(parseWeekText('48', '2026')).toEqual({ ok: true, week: '2026-W48' });
    expect(parseWeekText('v 7', '2027')).toEqual({ ok: true, week: '2027-W07' });
    expect(parseWeekText('48', 'tjugo').ok).toBe(false);
  });
});

describe('counts and headers', () => {
  it('reads whole numbers with thousands spaces, refuses the rest', () => {
    expect(parseCount('1 234')).toEqual({ ok: true, count: 1234 });
    expect(parseCount('7,0')).toEqual({ ok: true, count: 7 });
    expect(parseCount(' 0 ')).toEqual({ ok: true, count: 0 });
    expect(parseCount('-2').ok).toBe(false);
    expect(parseCount('2,5').ok).toBe(false);
    expect(parseCount('tre').ok).toBe(false);
    expect(parseCount('').ok).toBe(false);
  });

  it('recognises Swedish and English headers in messy spellings', () => {
    expect(headerColumn('Vecka ')).toBe('week');
    expect(headerColumn('VECKA:')).toBe('week');
    expect(headerColumn('week')).toBe('week');
    expect(headerColumn('Område/stadsdel')).toBe('area');
    expect(headerColumn('omrade')).toBe('area');
    expect(headerColumn('Area name')).toBe('area');
    expect(headerColumn('Brottstyp')).toBe('category');
    expect(headerColumn('Category')).toBe('category');
    expect(headerColumn('Antal (st)')).toBe('count');
    expect(headerColumn('Antal anmälda brott')).toBe('count');
    expect(headerColumn('count')).toBe('count');
    expect(headerColumn('År')).toBe('year');
    expect(headerColumn('Kommentar')).toBeNull();
  });

  it('detects the delimiter from the header line', () => {
    expect(detectDelimiter('vecka;område;kategori;antal\n1,2')).toBe(';');
    expect(detectDelimiter('\uFEFFweek,area,category,count\n')).toBe(',');
    expect(detectDelimiter('week\tarea\tcategory\tcount')).toBe('\t');
    expect(detectDelimiter('"a;b",c,d\n')).toBe(',');
  });

  it('refuses a file whose header names no usable columns, saying what it found', () => {
    const p = parseFiguresCsv('datum;plats;antal\n2026-11-02;Norrby;3\n');
    expect(p.rows).toEqual([]);
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]!.row).toBe(1);
    expect(p.errors[0]!.message).toContain('missing: vecka/week, område/area, kategori/category');
    expect(p.errors[0]!.message).toContain('"datum"');
  });
});

describe('a police-style CSV', () => {
  it('parses with a BOM and CRLF, numbers rows as a spreadsheet does, and lists every bad row with its column', () => {
    const p = parseFiguresCsv(POLICE_CSV);
    expect(p.delimiter).toBe(';');
    expect(p.columns).toEqual({ week: 'Vecka', area: 'Område/stadsdel', category: 'Brottstyp', count: 'Antal (st)' });
    expect(p.rowCount).toBe(10);
    expect(p.errors).toEqual([
      { row: 8, column: 'count', message: expect.stringContaining('negative') },
      { row: 9, column: 'week', message: expect.stringContaining('2026 has weeks 1–53, not 54') },
      { row: 12, column: 'count', message: expect.stringContaining('"tre" is not a number') },
    ]);
    expect(p.rows.map((r) => r.row)).toEqual([2, 3, 4, 6, 7, 10, 11]);
    expect(p.rows[0]).toEqual({ row: 2, week: '2026-W45', area: 'NORRBY', category: 'Misshandel', count: 3 });
  });

  it('matches names case- and accent-insensitively and asks about the rest', () => {
    const plan = planImport({ parsed: parseFiguresCsv(POLICE_CSV), areas: AREAS, categories: CATEGORIES, remembered: new Map(), given: {}, stored: new Map() });
    expect(plan.preview.ok).toBe(false);
    expect(plan.preview.unmatched.map((u) => [u.name, u.rows])).toEqual([['Industriområdet', 1], ['Norrby C', 1]]);
    expect(plan.preview.unmatched.find((u) => u.name === 'Norrby C')!.suggestions[0]).toEqual({ id: 'a-norr', name: 'Norrby' });
    // Row errors from parsing and from matching, in row order.
    expect(plan.preview.errors.map((e) => [e.row, e.column])).toEqual([[8, 'count'], [9, 'week'], [10, 'category'], [12, 'count']]);
    expect(plan.preview.errors[2]!.message).toContain('"Inbrott" is not a category of this source (it has: Misshandel, Skadegörelse, Narkotikabrott)');
    expect(plan.preview.errorCount).toBe(4);
  });

  it('once fixed and mapped, plans every figure, and a second run replaces without changing anything', () => {
    const fixed = POLICE_CSV.replace('Skadegörelse;-2', 'Skadegörelse;2').replace('2026-W54', '2026-W47').replace('Inbrott', 'Skadegörelse').replace('Skadegörelse;5;\r\n2026-W46;Industri', 'Skadegörelse;5;\r\n2026-W46;Industri').replace('Narkotikabrott;tre', 'Narkotikabrott;3');
    // "Söderby;Skadegörelse" in W46 now occurs twice (rows 8 and 10): the second is an error.
    const withDuplicate = planImport({ parsed: parseFiguresCsv(fixed), areas: AREAS, categories: CATEGORIES, remembered: new Map(), given: { 'Norrby C': 'a-norr', Industriområdet: null }, stored: new Map() });
    expect(withDuplicate.preview.errors).toEqual([{ row: 10, column: 'area', message: expect.stringContaining('as row 8') }]);

    const clean = fixed.replace('2026-W46;Söderby;Skadegörelse;5', '2026-W46;Söderby;Narkotikabrott;5');
    const first = planImport({ parsed: parseFiguresCsv(clean), areas: AREAS, categories: CATEGORIES, remembered: new Map(), given: { 'Norrby C': 'a-norr', Industriområdet: null }, stored: new Map() });
    expect(first.preview.errors).toEqual([]);
    expect(first.preview.ok).toBe(true);
    // "Norrby" and "Norrby C" both land in Norrby, W46, Misshandel: summed (4 + 2).
    const norrby46 = first.figures.find((f) => f.week === '2026-W46' && f.areaId === 'a-norr')!;
    expect(norrby46).toEqual({ week: '2026-W46', areaId: 'a-norr', categoryId: 'c-mh', count: 6, rows: [6, 7] });
    expect(first.preview.summary).toMatchObject({ rows: 10, figures: 8, ignoredRows: 1, replaces: 0, firstWeek: '2026-W45', lastWeek: '2026-W47' });
    expect([...first.remember.values()]).toEqual([{ name: 'Norrby C', areaId: 'a-norr' }, { name: 'Industriområdet', areaId: null }]);

    // Next time: the remembered mappings are enough, and the same counts replace themselves.
    const stored = new Map(first.figures.map((f) => [figureKey(f), f.count]));
    const remembered = new Map([...first.remember].map(([k, v]) => [k, v.areaId]));
    const again = planImport({ parsed: parseFiguresCsv(clean), areas: AREAS, categories: CATEGORIES, remembered, given: {}, stored });
    expect(again.preview.ok).toBe(true);
    expect(again.figures).toEqual(first.figures);
    expect(again.preview.summary).toMatchObject({ figures: 8, replaces: 8, changes: 0 });
  });

  it('reads a comma-separated English file with quotes and a year column', () => {
    const p = parseFiguresCsv('Year,Week,Area,Category,Count\n2026,48,"Centrum  östra",Misshandel,"1 020"\n');
    expect(p.errors).toEqual([]);
    expect(p.rows).toEqual([{ row: 2, week: '2026-W48', area: 'Centrum  östra', category: 'Misshandel', count: 1020 }]);
    const r = resolveFigures({ rows: p.rows, areas: AREAS, categories: CATEGORIES, remembered: new Map(), given: {} });
    expect(r.figures[0]!.areaId).toBe('a-cent');
  });

  it('reports a broken quote as an error on its row, not a crash', () => {
    const p = parseFiguresCsv('vecka;område;kategori;antal\n2026-W48;"Norrby;Misshandel;3\n');
    expect(p.rows).toEqual([]);
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]!.message).toContain('cannot be read as CSV');
  });

  it('says so when there are no data rows', () => {
    const plan = planImport({ parsed: parseFiguresCsv('week,area,category,count\n'), areas: AREAS, categories: CATEGORIES, remembered: new Map(), given: {}, stored: new Map() });
    expect(plan.preview.ok).toBe(false);
    expect(plan.preview.errors[0]!.message).toContain('no data rows');
  });
});

describe('names', () => {
  it('normalises case, accents and spaces', () => {
    expect(normaliseName('  SÖDERBY ')).toBe('soderby');
    expect(normaliseName('Centrum\u00a0  Östra')).toBe('centrum ostra');
    expect(normaliseName('Ängen - Väst')).toBe('angen-vast');
    expect(normaliseName('Söderby')).not.toBe(normaliseName('Söder by'));
  });

  it('suggests close names', () => {
    expect(suggestAreas('Sodrby', AREAS).map((a) => a.name)[0]).toBe('Söderby');
    expect(suggestAreas('Centrum', AREAS).map((a) => a.name)).toEqual(['Centrum Östra']);
    expect(suggestAreas('Flygplatsen', AREAS)).toEqual([]);
  });

  it('a mapping to an area that no longer exists is an error, not a silent write', () => {
    const r = resolveFigures({
      rows: [{ row: 2, week: '2026-W48', area: 'Norrby C', category: 'Misshandel', count: 1 }],
      areas: AREAS,
      categories: CATEGORIES,
      remembered: new Map(),
      given: { 'Norrby C': 'gone' },
    });
    expect(r.figures).toEqual([]);
    expect(r.errors[0]!.message).toContain('no longer exists');
  });
});
