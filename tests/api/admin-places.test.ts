import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, report, observation, type TestServer } from '../support/fixture';
import { asAdmin } from '../support/staff';
import type { AdminArea, AdminOrganisation, ImportFeatureError, ImportResult } from '../../shared/admin';

const NOW = new Date('2026-11-25T12:00:00Z');
let t: TestServer;
let call: Awaited<ReturnType<typeof asAdmin>>['call'];
beforeEach(async () => {
  t = await startTestServer({ now: NOW });
  call = (await asAdmin(t)).call;
});
afterEach(async () => t.close());

const json = async <T>(res: Response) => (await res.json()) as T;
const count = (table: string) => (t.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const square = (lon: number, lat: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]],
});

describe('organisations', () => {
  it('creates, renames, refuses duplicates and deletes only when unused', async () => {
    const created = await call('POST', '/api/v1/admin/organisations', { name: 'Räddningstjänsten' });
    expect(created.status).toBe(201);
    const { id } = await json<AdminOrganisation>(created);
    expect((await call('POST', '/api/v1/admin/organisations', { name: 'Räddningstjänsten' })).status).toBe(409);
    expect((await call('PATCH', `/api/v1/admin/organisations/${id}`, { name: 'Räddningstjänst Syd' })).status).toBe(200);
    const list = await json<AdminOrganisation[]>(await call('GET', '/api/v1/admin/organisations'));
    expect(list.map((o) => o.name)).toEqual(['Räddningstjänst Syd', 'Testbostäder AB']);
    expect((await call('DELETE', `/api/v1/admin/organisations/${t.fixture.org}`)).status).toBe(409); // has functions
    expect((await call('DELETE', `/api/v1/admin/organisations/${id}`)).status).toBe(200);
    const bad = await call('POST', '/api/v1/admin/organisations', { name: 42 });
    expect(bad.status).toBe(400);
    expect((await json<{ error: string }>(bad)).error).toMatch(/name: must be text/);
  });
});

describe('areas and places', () => {
  it('creates an area with a polygon and a place with a point; validates geometry naming the field', async () => {
    const res = await call('POST', '/api/v1/admin/areas', { name: 'Västerby', geometry: square(15.2, 59.27) });
    expect(res.status).toBe(201);
    const area = await json<AdminArea>(res);
    const place = await call('POST', `/api/v1/admin/areas/${area.id}/places`, { name: 'Torget', geometry: { type: 'Point', coordinates: [15.205, 59.275] } });
    expect(place.status).toBe(201);
    const list = await json<AdminArea[]>(await call('GET', '/api/v1/admin/areas'));
    expect(list.find((a) => a.id === area.id)).toMatchObject({ geometry: square(15.2, 59.27), places: [{ name: 'Torget', geometry: { type: 'Point' } }] });

    const open = square(15, 59);
    open.coordinates[0]!.pop();
    const bad = await call('POST', '/api/v1/admin/areas', { name: 'Öppen', geometry: open });
    expect(bad.status).toBe(400);
    expect((await json<{ error: string }>(bad)).error).toMatch(/geometry\.coordinates\[0\]: a polygon ring must end where it starts/);
    const line = await call('POST', '/api/v1/admin/areas', { name: 'Linje', geometry: { type: 'LineString', coordinates: [[1, 2], [3, 4]] } });
    expect(line.status).toBe(400);
    expect((await json<{ error: string }>(line)).error).toMatch(/geometry\.type: must be a GeoJSON Point or Polygon/);
    const far = await call('POST', '/api/v1/admin/areas', { name: 'Långt bort', geometry: { type: 'Point', coordinates: [200, 10] } });
    expect((await json<{ error: string }>(far)).error).toMatch(/geometry\.coordinates/);
  });

  it('refuses invalid drawn geometry with the reason in Swedish: crossing, clockwise, a place outside its area', async () => {
    const bowTie = { type: 'Polygon', coordinates: [[[15, 59], [15.01, 59.01], [15.01, 59], [15, 59.01], [15, 59]]] };
    const crossing = await call('POST', '/api/v1/admin/areas', { name: 'Fjäril', geometry: bowTie });
    expect(crossing.status).toBe(400);
    const body = await json<{ code: string; error: string; problems: { code: string; fixable: boolean }[] }>(crossing);
    expect(body).toMatchObject({ code: 'geometry_invalid', problems: [{ code: 'self_intersection', fixable: false }] });
    expect(body.error).toMatch(/korsar sig själv/);

    const clockwise = square(15, 59);
    clockwise.coordinates[0]!.reverse();
    const wound = await call('POST', '/api/v1/admin/areas', { name: 'Medurs', geometry: clockwise });
    expect(wound.status).toBe(400);
    expect(await json(wound)).toMatchObject({ code: 'geometry_invalid', problems: [{ code: 'wrong_winding', fixable: true }] });
    expect(t.db.prepare("SELECT count(*) AS n FROM areas WHERE name IN ('Fjäril', 'Medurs')").get()).toEqual({ n: 0 });

    const area = await json<AdminArea>(await call('POST', '/api/v1/admin/areas', { name: 'Västerby', geometry: square(15.2, 59.27) }));
    const outside = await call('POST', `/api/v1/admin/areas/${area.id}/places`, { name: 'Långt bort', geometry: { type: 'Point', coordinates: [15.3, 59.275] } });
    expect(outside.status).toBe(400);
    expect((await json<{ error: string }>(outside)).error).toContain('utanför området Västerby');
    const place = await json<{ id: string }>(await call('POST', `/api/v1/admin/areas/${area.id}/places`, { name: 'Torget', geometry: { type: 'Point', coordinates: [15.205, 59.275] } }));
    const dragged = await call('PATCH', `/api/v1/admin/places/${place.id}`, { geometry: { type: 'Point', coordinates: [15.25, 59.275] } });
    expect(dragged.status).toBe(400);
    expect(await json(dragged)).toMatchObject({ code: 'geometry_invalid', problems: [{ code: 'place_outside_area' }] });
    const moved = await call('PATCH', `/api/v1/admin/places/${place.id}`, { geometry: { type: 'Point', coordinates: [15.206, 59.276] } });
    expect(moved.status).toBe(200);
  });

  it('re-checks the places when an outline changes: refused naming them, or saved with their points dropped when asked', async () => {
    const area = await json<AdminArea>(await call('POST', '/api/v1/admin/areas', { name: 'Västerby', geometry: square(15.2, 59.27) }));
    const torget = await json<{ id: string }>(await call('POST', `/api/v1/admin/areas/${area.id}/places`, { name: 'Torget', geometry: { type: 'Point', coordinates: [15.205, 59.275] } }));
    await call('POST', `/api/v1/admin/areas/${area.id}/places`, { name: 'Parken', geometry: { type: 'Point', coordinates: [15.201, 59.271] } });
    await call('POST', `/api/v1/admin/areas/${area.id}/places`, { name: 'Utan punkt' });
    // A smaller outline that still holds Parken but not Torget.
    const smaller = { type: 'Polygon' as const, coordinates: [[[15.2, 59.27], [15.203, 59.27], [15.203, 59.273], [15.2, 59.273], [15.2, 59.27]]] };
    const refused = await call('PATCH', `/api/v1/admin/areas/${area.id}`, { geometry: smaller });
    expect(refused.status).toBe(409);
    const body = await json<{ code: string; error: string; places: { id: string; name: string }[] }>(refused);
    expect(body.code).toBe('places_outside');
    expect(body.places).toEqual([{ id: torget.id, name: 'Torget' }]);
    expect(body.error).toContain('Platsen Torget skulle hamna utanför den nya gränsen för Västerby');
    const stored = async () => (await json<AdminArea[]>(await call('GET', '/api/v1/admin/areas'))).find((a) => a.id === area.id)!;
    expect((await stored()).geometry).toEqual(square(15.2, 59.27));

    // The same rule for a GeoJSON file that gives the area a new outline, unless the file moves the place too.
    const feature = (geometry: unknown, properties: Record<string, string>) => ({ type: 'Feature', geometry, properties });
    const imported = await call('POST', '/api/v1/admin/areas/import', { type: 'FeatureCollection', features: [feature(smaller, { name: 'Västerby' })] });
    expect(imported.status).toBe(400);
    const importBody = await json<{ errors: ImportFeatureError[] }>(imported);
    expect(importBody.errors).toEqual([{ index: 0, name: 'Västerby', reason: expect.stringMatching(/^Platsen Torget skulle hamna utanför den nya gränsen för Västerby\..*ta med platsen i filen/) }]);
    const withPlace = await call('POST', '/api/v1/admin/areas/import', {
      type: 'FeatureCollection',
      features: [feature(smaller, { name: 'Västerby' }), feature({ type: 'Point', coordinates: [15.202, 59.272] }, { name: 'Torget', area: 'Västerby' })],
    });
    expect(withPlace.status).toBe(200);
    expect(await json(withPlace)).toMatchObject({ areasUpdated: 1, placesUpdated: 1 });
    await call('PATCH', `/api/v1/admin/areas/${area.id}`, { geometry: square(15.2, 59.27) });
    await call('PATCH', `/api/v1/admin/places/${torget.id}`, { geometry: { type: 'Point', coordinates: [15.205, 59.275] } });

    const saved = await call('PATCH', `/api/v1/admin/areas/${area.id}`, { geometry: smaller, detachPlacesOutside: true });
    expect(saved.status).toBe(200);
    const after = await stored();
    expect(after.geometry).toEqual(smaller);
    expect(Object.fromEntries(after.places.map((p) => [p.name, p.geometry?.type ?? null]))).toEqual({ Parken: 'Point', Torget: null, 'Utan punkt': null });
  });

  it('refuses a GeoJSON import with a crossing outline or a place outside its area, naming the features', async () => {
    const areasBefore = count('areas');
    const res = await call('POST', '/api/v1/admin/areas/import', {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: square(15.1, 59.2), properties: { name: 'Ekdalen' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [15.3, 59.205] }, properties: { name: 'Fel plats', area: 'Ekdalen' } },
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[15, 59], [15.01, 59.01], [15.01, 59], [15, 59.01], [15, 59]]] }, properties: { name: 'Fjäril' } },
      ],
    });
    expect(res.status).toBe(400);
    const body = await json<{ code: string; errors: ImportFeatureError[] }>(res);
    expect(body.code).toBe('import_invalid');
    expect(body.errors.map((e) => e.index)).toEqual([1, 2]);
    expect(body.errors[0]!.reason).toContain('utanför området Ekdalen');
    expect(body.errors[1]!.reason).toMatch(/korsar sig själv/);
    expect(count('areas')).toBe(areasBefore);
  });

  it('keeps areas and places that reports refer to', async () => {
    const token = await t.enrol();
    await t.post('/api/v1/reports', { reports: [report({ observations: [observation(t.fixture.areaA, { placeId: t.fixture.placeA })] }, NOW)] }, token);
    expect((await call('DELETE', `/api/v1/admin/areas/${t.fixture.areaA}`)).status).toBe(409);
    expect((await call('DELETE', `/api/v1/admin/places/${t.fixture.placeA}`)).status).toBe(409);
    expect((await call('DELETE', `/api/v1/admin/places/${t.fixture.placeB}`)).status).toBe(200);
    expect((await call('DELETE', `/api/v1/admin/areas/${t.fixture.areaB}`)).status).toBe(200);
    expect((await call('PATCH', `/api/v1/admin/areas/${t.fixture.areaA}`, { name: 'Norrby gamla' })).status).toBe(200);
  });

  it('keeps areas and places that interventions refer to (409, never a 500)', async () => {
    t.db
      .prepare(
        `INSERT INTO interventions (id, area_id, place_id, action, organisation, term, planned_start, status, decided_week, created_at, updated_at)
         VALUES ('i1', ?, ?, 'Väktare kvällstid', 'Älvstadshem', 'short', '2026-11-23', 'active', '2026-W48', ?, ?)`,
      )
      .run(t.fixture.areaB, t.fixture.placeB, NOW.toISOString(), NOW.toISOString());
    const place = await call('DELETE', `/api/v1/admin/places/${t.fixture.placeB}`);
    expect(place.status).toBe(409);
    expect(((await place.json()) as { code: string }).code).toBe('in_use');
    expect((await call('DELETE', `/api/v1/admin/areas/${t.fixture.areaB}`)).status).toBe(409);
    expect((await call('PATCH', `/api/v1/admin/places/${t.fixture.placeB}`, { areaId: t.fixture.areaA })).status).toBe(409);
    expect(t.db.prepare('SELECT count(*) FROM places').pluck().get()).toBe(2);
  });
});

describe('POST /api/v1/admin/areas/import', () => {
  const good = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: square(15.1, 59.2), properties: { name: 'Ekdalen' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [15.105, 59.205] }, properties: { name: 'Ekdalens torg', area: 'Ekdalen' } },
      { type: 'Feature', geometry: null, properties: { name: 'Gångtunneln', area: 'Norrby' } },
      { type: 'Feature', geometry: square(15.3, 59.3), properties: { name: 'Norrby' } },
    ],
  };

  it('imports areas and places in one go, and re-importing the same file only updates', async () => {
    const res = await call('POST', '/api/v1/admin/areas/import', good);
    expect(res.status).toBe(200);
    expect(await json<ImportResult>(res)).toEqual({ areasCreated: 1, areasUpdated: 1, placesCreated: 2, placesUpdated: 0 });
    const areas = await json<AdminArea[]>(await call('GET', '/api/v1/admin/areas'));
    expect(areas.find((a) => a.name === 'Ekdalen')!.places.map((p) => p.name)).toEqual(['Ekdalens torg']);
    expect(areas.find((a) => a.name === 'Norrby')!.geometry).toEqual(square(15.3, 59.3));
    const again = await call('POST', '/api/v1/admin/areas/import', good);
    expect(await json<ImportResult>(again)).toEqual({ areasCreated: 0, areasUpdated: 2, placesCreated: 0, placesUpdated: 2 });
    expect(count('areas')).toBe(3);
    expect(count('places')).toBe(4);
  });

  it('refuses a file with bad features, listing each with index and reason, and imports nothing', async () => {
    const before = { areas: count('areas'), places: count('places') };
    const res = await call('POST', '/api/v1/admin/areas/import', {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: square(15.1, 59.2), properties: { name: 'Bra område' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [15.1] }, properties: { name: 'Trasig punkt' } },
        { type: 'Feature', geometry: null, properties: {} },
        { type: 'Feature', geometry: null, properties: { name: 'Plats', area: 'Finns inte' } },
        { type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: [] }, properties: { name: 'Multi' } },
        { type: 'Feature', geometry: null, properties: { name: 'Bra område' } },
      ],
    });
    expect(res.status).toBe(400);
    const body = await json<{ code: string; error: string; errors: ImportFeatureError[] }>(res);
    expect(body.code).toBe('import_invalid');
    expect(body.error).toMatch(/nothing was imported/);
    expect(body.errors.map((e) => e.index)).toEqual([1, 2, 3, 4, 5]);
    expect(body.errors[0]).toMatchObject({ name: 'Trasig punkt', reason: expect.stringMatching(/geometry\.coordinates/) });
    expect(body.errors[1]!.reason).toMatch(/properties\.name/);
    expect(body.errors[2]!.reason).toMatch(/properties\.area: no area named "Finns inte"/);
    expect(body.errors[3]!.reason).toMatch(/Point or Polygon/);
    expect(body.errors[4]!.reason).toMatch(/appears twice/);
    expect({ areas: count('areas'), places: count('places') }).toEqual(before);
  });

  it('refuses something that is not a FeatureCollection', async () => {
    const res = await call('POST', '/api/v1/admin/areas/import', { type: 'Feature' });
    expect(res.status).toBe(400);
    expect((await json<{ error: string }>(res)).error).toMatch(/type: must be "FeatureCollection"/);
    expect((await call('POST', '/api/v1/admin/areas/import', 'not json{')).status).toBe(400);
  });
});
