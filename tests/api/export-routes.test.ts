/** Export of observations as CSV and GeoJSON (for the yearly GIS analysis). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField, representativePoint } from '../../server/export/format';
import { observation, report, startTestServer, type TestServer } from '../support/fixture';
import { addStaff, request, sessionCookie } from '../support/staff';

const NOW = new Date('2026-11-25T12:00:00Z'); // 2026-W48
let t: TestServer;
let coord: string;
let ids: { tricky: string; located: string; areaOnly: string; old: string };

beforeAll(async () => {
  t = await startTestServer({ now: NOW });
  coord = sessionCookie(t, (await addStaff(t, 'coordinator')).id);
  const { areaA, areaB, placeA } = t.fixture;
  t.db.prepare('UPDATE places SET geometry = ? WHERE id = ?').run(JSON.stringify({ type: 'Point', coordinates: [15.2, 59.27] }), placeA);
  t.db.prepare('UPDATE areas SET geometry = ? WHERE id = ?').run(
    JSON.stringify({ type: 'Polygon', coordinates: [[[15, 59], [15.2, 59], [15.2, 59.2], [15, 59.2], [15, 59]]] }),
    areaB,
  );
  const token = await t.enrol();
  const tokenB = await t.enrol(t.fixture.inviteB.code);
  const tricky = observation(areaA, { placeId: placeA, note: 'Klotter, "tags" på väggen\nigen; =HYPERLINK("x")', persists: true, occurredOn: '2026-11-24' });
  const located = observation(areaA, { category: 'fire', location: { lat: 59.3, lon: 15.25 } });
  const areaOnly = observation(areaB, { category: 'event', timeOfDay: 'night' });
  const old = observation(areaA, { category: 'disorder' });
  ids = { tricky: tricky.id, located: located.id, areaOnly: areaOnly.id, old: old.id };
  const week47 = new Date('2026-11-18T12:00:00Z');
  for (const [tok, r] of [
    [token, report({ observations: [tricky, located] }, NOW)],
    [tokenB, report({ observations: [areaOnly] }, NOW)],
    [token, report({ observations: [old] }, week47)],
    [token, report({ observations: [observation(areaA)] }, new Date('2026-10-01T12:00:00Z'))],
  ] as const) {
    const res = await t.post('/api/v1/reports', { reports: [r] }, tok);
    expect(((await res.json()) as { results: { status: string }[] }).results[0]!.status).toBe('created');
  }
});
afterAll(async () => t.close());

const get = (path: string) => request(t, 'GET', path, { cookie: coord });

/** A minimal RFC 4180 reader, to check the escaping round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

describe('CSV export', () => {
  it('is UTF-8 with a BOM, CRLF, English column keys, names instead of ids, and proper escaping', async () => {
    const res = await get('/api/v1/export/observations.csv?from=2026-W47&to=2026-W48');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('observations-2026-W47-2026-W48.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([
      'observation_id', 'week', 'category', 'category_label', 'area', 'place', 'time_of_day', 'occurred_on', 'persists', 'organisation', 'note', 'lat', 'lon', 'location_source',
    ]);
    expect(rows).toHaveLength(5); // header + 4 observations of W47–W48 (the W40 one is outside)
    const byId = new Map(rows.slice(1).map((r) => [r[0], Object.fromEntries(rows[0]!.map((k, i) => [k, r[i]]))]));
    expect(byId.get(ids.tricky)).toMatchObject({
      week: '2026-W48', category: 'vandalism', category_label: 'Vandalism', area: 'Norrby', place: 'Torget', occurred_on: '2026-11-24',
      persists: 'true', organisation: 'Testbostäder AB', note: 'Klotter, "tags" på väggen\nigen; =HYPERLINK("x")', lat: '59.27', lon: '15.2', location_source: 'place',
    });
    expect(byId.get(ids.located)).toMatchObject({ lat: '59.3', lon: '15.25', location_source: 'observation' });
    expect(byId.get(ids.areaOnly)).toMatchObject({ area: 'Söderby', place: '', lat: '59.1', lon: '15.1', location_source: 'area' });
    expect(byId.get(ids.old)).toMatchObject({ week: '2026-W47', lat: '', lon: '', location_source: '' });
    // No device or function ids anywhere.
    for (const id of [t.fixture.fnA, t.fixture.fnB]) expect(text).not.toContain(id);
    for (const d of t.db.prepare('SELECT id FROM devices').all() as { id: string }[]) expect(text).not.toContain(d.id);
    expect(text).not.toMatch(/Bovärdar/);
  });

  it('neutralises spreadsheet formulas and quotes what needs quoting', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-5')).toBe("'-5");
    expect(csvField(-5, false)).toBe('-5');
    expect(csvField('a "b"')).toBe('"a ""b"""');
    expect(csvField(' x')).toBe('" x"');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField(null)).toBe('');
  });

  it('refuses a missing, malformed, backwards or too long period with a sentence naming the parameter', async () => {
    const msg = async (q: string) => {
      const res = await get(`/api/v1/export/observations.csv${q}`);
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: string }).error;
    };
    expect(await msg('?to=2026-W48')).toMatch(/"from" is missing/);
    expect(await msg('?from=2026-W40&to=2026-48')).toMatch(/"to" \("2026-48"\) is not an ISO week/);
    expect(await msg('?from=2026-W48&to=2026-W40')).toMatch(/backwards/);
    expect(await msg('?from=2010-W01&to=2026-W48')).toMatch(/too long/);
  });

  it('gives just the header for a period without observations', async () => {
    const text = await (await get('/api/v1/export/observations.csv?from=2025-W01&to=2025-W10')).text();
    expect(text.replace(/^\uFEFF/, '').split('\r\n')).toHaveLength(2);
  });
});

describe('GeoJSON export', () => {
  it('is a FeatureCollection of observations at their own, their place\'s or their area\'s position', async () => {
    const res = await get('/api/v1/export/observations.geojson?from=2026-W40&to=2026-W48');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    const fc = (await res.json()) as { type: string; features: { id: string; geometry: { type: string; coordinates: number[] } | null; properties: Record<string, unknown> }[] };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(5);
    const byId = new Map(fc.features.map((f) => [f.id, f]));
    expect(byId.get(ids.tricky)).toMatchObject({ geometry: { type: 'Point', coordinates: [15.2, 59.27] }, properties: { area: 'Norrby', place: 'Torget', locationSource: 'place', organisation: 'Testbostäder AB' } });
    expect(byId.get(ids.located)!.geometry).toEqual({ type: 'Point', coordinates: [15.25, 59.3] });
    expect(byId.get(ids.areaOnly)).toMatchObject({ geometry: { coordinates: [15.1, 59.1] }, properties: { locationSource: 'area', category: 'event', timeOfDay: 'night' } });
    expect(byId.get(ids.old)!.geometry).toBeNull();
    expect(JSON.stringify(fc)).not.toContain(t.fixture.fnA);
  });

  it('is valid (empty) JSON for an empty period', async () => {
    const fc = (await (await get('/api/v1/export/observations.geojson?from=2020-W01&to=2020-W02')).json()) as { features: unknown[] };
    expect(fc.features).toEqual([]);
  });

  it('takes a representative point of points and polygons', () => {
    expect(representativePoint('{"type":"Point","coordinates":[15,59]}')).toEqual({ lon: 15, lat: 59 });
    expect(representativePoint('{"type":"MultiPolygon","coordinates":[[[[0,0],[2,0],[2,2],[0,2],[0,0]]]]}')).toEqual({ lon: 1, lat: 1 });
    expect(representativePoint('not json')).toBeNull();
    expect(representativePoint(null)).toBeNull();
  });
});
