import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import type { Db } from '../db/open';
import {
  ImportEnvelopeSchema,
  ImportFeatureSchema,
  type AdminArea,
  type AdminOrganisation,
  type AdminPlace,
  type Geometry,
  type ImportFeatureError,
  type ImportResult,
} from '../../shared/admin';
import { describeIssues } from '../../shared/schemas';
import { Refusal, constraint, notFound } from './refusal';
import { placeProblems, placesOutside, placesOutsideMessage, polygonProblems, type GeometryProblem, type Ring } from '../../shared/geometry';

/** Organisations, areas and places: plain functions over the database. */

// ---- organisations ----------------------------------------------------------
export function listOrganisations(db: Db): AdminOrganisation[] {
  return db
    .prepare<[], AdminOrganisation>(
      `SELECT o.id, o.name, (SELECT count(*) FROM functions f WHERE f.organisation_id = o.id) AS functions
         FROM organisations o ORDER BY o.name COLLATE NOCASE`,
    )
    .all();
}

export function createOrganisation(db: Db, name: string): AdminOrganisation | Refusal {
  const id = randomUUID();
  try {
    db.prepare('INSERT INTO organisations (id, name) VALUES (?, ?)').run(id, name);
  } catch (e) {
    return constraint(e, 'name: an organisation with this name already exists.');
  }
  return { id, name, functions: 0 };
}

export function renameOrganisation(db: Db, id: string, name: string): true | Refusal {
  try {
    return db.prepare('UPDATE organisations SET name = ? WHERE id = ?').run(name, id).changes === 1 || notFound('organisation');
  } catch (e) {
    return constraint(e, 'name: an organisation with this name already exists.');
  }
}

export function deleteOrganisation(db: Db, id: string): true | Refusal {
  const used = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM functions WHERE organisation_id = ?').get(id)!.n;
  if (used > 0) return new Refusal(409, 'in_use', `The organisation has ${used} informant function(s); move or remove them first.`);
  return db.prepare('DELETE FROM organisations WHERE id = ?').run(id).changes === 1 || notFound('organisation');
}

// ---- areas and places -------------------------------------------------------
const geo = (json: string | null): Geometry | null => (json ? (JSON.parse(json) as Geometry) : null);

// Drawn and imported geometry is checked by the same pure rules the admin's map uses
// live (shared/geometry.ts): never silently accepted, explained in Swedish.
const polygonRings = (g: Geometry | null | undefined): Ring[] | null => (g && g.type === 'Polygon' ? g.coordinates : null);
const explain = (problems: GeometryProblem[]) => problems.map((p) => p.message).join(' ');

function areaGeometryRefusal(geometry: Geometry | null | undefined): Refusal | undefined {
  const rings = polygonRings(geometry);
  const problems = rings ? polygonProblems(rings) : [];
  return problems.length > 0 ? new Refusal(400, 'geometry_invalid', explain(problems), { problems }) : undefined;
}

function placeGeometryRefusal(db: Db, areaId: string, geometry: Geometry | null | undefined): Refusal | undefined {
  if (!geometry || geometry.type !== 'Point') return undefined;
  const area = db.prepare<[string], { name: string; geometry: string | null }>('SELECT name, geometry FROM areas WHERE id = ?').get(areaId);
  if (!area) return undefined;
  const problems = placeProblems(geometry.coordinates, polygonRings(geo(area.geometry)), area.name);
  return problems.length > 0 ? new Refusal(400, 'geometry_invalid', explain(problems), { problems }) : undefined;
}

export function listAreas(db: Db): AdminArea[] {
  const areas = db.prepare<[], { id: string; name: string; geometry: string | null }>('SELECT id, name, geometry FROM areas ORDER BY name COLLATE NOCASE').all();
  const places = db
    .prepare<[], { id: string; area_id: string; name: string; geometry: string | null }>('SELECT id, area_id, name, geometry FROM places ORDER BY name COLLATE NOCASE')
    .all();
  const byArea = new Map<string, AdminArea>(areas.map((a) => [a.id, { id: a.id, name: a.name, geometry: geo(a.geometry), places: [] }]));
  for (const p of places) byArea.get(p.area_id)?.places.push({ id: p.id, areaId: p.area_id, name: p.name, geometry: geo(p.geometry) });
  return [...byArea.values()];
}

const AREA_TAKEN = 'name: an area with this name already exists.';
const PLACE_TAKEN = 'name: this area already has a place with this name.';

export function createArea(db: Db, area: { name: string; geometry?: Geometry | null }): AdminArea | Refusal {
  const invalid = areaGeometryRefusal(area.geometry);
  if (invalid) return invalid;
  const id = randomUUID();
  try {
    db.prepare('INSERT INTO areas (id, name, geometry) VALUES (?, ?, ?)').run(id, area.name, area.geometry ? JSON.stringify(area.geometry) : null);
  } catch (e) {
    return constraint(e, AREA_TAKEN);
  }
  return { id, name: area.name, geometry: area.geometry ?? null, places: [] };
}

/**
 * A changed outline is checked against the area's places: one whose point would fall
 * outside is refused (409 `places_outside`, naming them) unless the admin chose to save
 * anyway and drop those points – the places stay, without a point, as before they had one.
 * Refusing first is what an admin expects: a redrawn border rarely means "move the
 * square out of the area", and silently keeping a point outside its area is what
 * shared/geometry.ts exists to prevent.
 */
export function updateArea(db: Db, id: string, change: { name?: string; geometry?: Geometry | null; detachPlacesOutside?: boolean }): true | Refusal {
  const area = db.prepare<[string], { name: string }>('SELECT name FROM areas WHERE id = ?').get(id);
  if (!area) return notFound('area');
  const invalid = areaGeometryRefusal(change.geometry);
  if (invalid) return invalid;
  const rings = polygonRings(change.geometry);
  const points = rings
    ? db
        .prepare<[string], { id: string; name: string; geometry: string | null }>('SELECT id, name, geometry FROM places WHERE area_id = ? ORDER BY name COLLATE NOCASE')
        .all(id)
        .map((p) => {
          const g = geo(p.geometry);
          return { id: p.id, name: p.name, point: g?.type === 'Point' ? g.coordinates : null };
        })
    : [];
  const outside = placesOutside(points, rings);
  if (outside.length > 0 && !change.detachPlacesOutside) {
    return new Refusal(409, 'places_outside', placesOutsideMessage(change.name ?? area.name, outside.map((p) => p.name)), {
      places: outside.map((p) => ({ id: p.id, name: p.name })),
    });
  }
  try {
    db.transaction(() => {
      if (change.name !== undefined) db.prepare('UPDATE areas SET name = ? WHERE id = ?').run(change.name, id);
      if (change.geometry !== undefined) db.prepare('UPDATE areas SET geometry = ? WHERE id = ?').run(change.geometry ? JSON.stringify(change.geometry) : null, id);
      for (const p of outside) db.prepare('UPDATE places SET geometry = NULL WHERE id = ?').run(p.id);
    })();
  } catch (e) {
    return constraint(e, AREA_TAKEN);
  }
  return true;
}

/** An area that reports refer to is history: it stays. Otherwise it goes with its places. */
export function deleteArea(db: Db, id: string): true | Refusal {
  return db.transaction((): true | Refusal => {
    if (!db.prepare('SELECT 1 FROM areas WHERE id = ?').get(id)) return notFound('area');
    if (db.prepare('SELECT 1 FROM observations WHERE area_id = ? LIMIT 1').get(id)) {
      return new Refusal(409, 'in_use', 'Reports refer to this area, so it cannot be removed (rename it instead).');
    }
    try {
      db.prepare('DELETE FROM function_areas WHERE area_id = ?').run(id);
      db.prepare('DELETE FROM places WHERE area_id = ?').run(id);
      db.prepare('DELETE FROM areas WHERE id = ?').run(id);
    } catch (e) {
      // Interventions (and anything added later) refer to areas by foreign key: 409, not 500.
      return constraint(e, AREA_TAKEN);
    }
    return true;
  })();
}

export function createPlace(db: Db, areaId: string, place: { name: string; geometry?: Geometry | null }): AdminPlace | Refusal {
  if (!db.prepare('SELECT 1 FROM areas WHERE id = ?').get(areaId)) return notFound('area');
  const invalid = placeGeometryRefusal(db, areaId, place.geometry);
  if (invalid) return invalid;
  const id = randomUUID();
  try {
    db.prepare('INSERT INTO places (id, area_id, name, geometry) VALUES (?, ?, ?, ?)').run(id, areaId, place.name, place.geometry ? JSON.stringify(place.geometry) : null);
  } catch (e) {
    return constraint(e, PLACE_TAKEN);
  }
  return { id, areaId, name: place.name, geometry: place.geometry ?? null };
}

export function updatePlace(db: Db, id: string, change: { name?: string; geometry?: Geometry | null; areaId?: string }): true | Refusal {
  if (!db.prepare('SELECT 1 FROM places WHERE id = ?').get(id)) return notFound('place');
  if (change.areaId !== undefined) {
    if (!db.prepare('SELECT 1 FROM areas WHERE id = ?').get(change.areaId)) return new Refusal(400, 'bad_request', 'areaId: no such area.');
    if (
      db.prepare('SELECT 1 FROM observations WHERE place_id = ? LIMIT 1').get(id) ||
      db.prepare('SELECT 1 FROM interventions WHERE place_id = ? LIMIT 1').get(id)
    ) {
      return new Refusal(409, 'in_use', 'areaId: reports or interventions refer to this place, so it cannot move to another area.');
    }
  }
  if (change.geometry !== undefined) {
    const areaId = change.areaId ?? db.prepare<[string], { areaId: string }>('SELECT area_id AS areaId FROM places WHERE id = ?').get(id)!.areaId;
    const invalid = placeGeometryRefusal(db, areaId, change.geometry);
    if (invalid) return invalid;
  }
  try {
    db.transaction(() => {
      if (change.name !== undefined) db.prepare('UPDATE places SET name = ? WHERE id = ?').run(change.name, id);
      if (change.areaId !== undefined) db.prepare('UPDATE places SET area_id = ? WHERE id = ?').run(change.areaId, id);
      if (change.geometry !== undefined) db.prepare('UPDATE places SET geometry = ? WHERE id = ?').run(change.geometry ? JSON.stringify(change.geometry) : null, id);
    })();
  } catch (e) {
    return constraint(e, PLACE_TAKEN);
  }
  return true;
}

export function deletePlace(db: Db, id: string): true | Refusal {
  if (!db.prepare('SELECT 1 FROM places WHERE id = ?').get(id)) return notFound('place');
  if (db.prepare('SELECT 1 FROM observations WHERE place_id = ? LIMIT 1').get(id)) {
    return new Refusal(409, 'in_use', 'Reports refer to this place, so it cannot be removed (rename it instead).');
  }
  try {
    db.prepare('DELETE FROM places WHERE id = ?').run(id);
  } catch (e) {
    return constraint(e, PLACE_TAKEN);
  }
  return true;
}

// ---- GeoJSON import ---------------------------------------------------------
/**
 * Imports a FeatureCollection (convention in shared/admin.ts: no
 * `properties.area` → an area; with it → a place in that area). Every feature
 * is checked first; if any is bad, nothing is written and every error is
 * returned with its index. Otherwise everything is written in ONE transaction.
 */
export function importGeoJson(db: Db, body: unknown): ImportResult | Refusal {
  const envelope = v.safeParse(ImportEnvelopeSchema, body);
  if (!envelope.success) {
    return new Refusal(400, 'bad_request', `Expected a GeoJSON FeatureCollection: ${describeIssues(envelope.issues)}.`);
  }
  const errors: ImportFeatureError[] = [];
  const areas: { index: number; name: string; geometry: Geometry | null }[] = [];
  const places: { index: number; name: string; area: string; geometry: Geometry | null }[] = [];
  envelope.output.features.forEach((raw, index) => {
    const f = v.safeParse(ImportFeatureSchema, raw);
    if (!f.success) {
      const name = (raw as { properties?: { name?: unknown } } | null)?.properties?.name;
      errors.push({ index, ...(typeof name === 'string' ? { name } : {}), reason: describeIssues(f.issues) });
      return;
    }
    const { name, area } = f.output.properties;
    const rings = area === undefined ? polygonRings(f.output.geometry) : null;
    const problems = rings ? polygonProblems(rings) : [];
    if (problems.length > 0) return void errors.push({ index, name, reason: explain(problems) });
    if (area === undefined) areas.push({ index, name, geometry: f.output.geometry });
    else places.push({ index, name, area, geometry: f.output.geometry });
  });

  const existingAreas = new Map(
    db.prepare<[], { id: string; name: string }>('SELECT id, name FROM areas').all().map((a) => [a.name.toLowerCase(), a.id]),
  );
  const fileAreas = new Map<string, number>();
  for (const a of areas) {
    const key = a.name.toLowerCase();
    if (fileAreas.has(key)) errors.push({ index: a.index, name: a.name, reason: `properties.name: area "${a.name}" appears twice in the file (also feature ${fileAreas.get(key)})` });
    else fileAreas.set(key, a.index);
  }
  const filePlaces = new Map<string, number>();
  for (const p of places) {
    const areaKey = p.area.toLowerCase();
    if (!fileAreas.has(areaKey) && !existingAreas.has(areaKey)) {
      errors.push({ index: p.index, name: p.name, reason: `properties.area: no area named "${p.area}" exists or is in the file` });
      continue;
    }
    // The point against the outline it will have: the file's, else the stored one.
    if (p.geometry?.type === 'Point') {
      const inFile = areas.find((a) => a.name.toLowerCase() === areaKey);
      const outline = inFile ? polygonRings(inFile.geometry) : polygonRings(geo(db.prepare<[string], { geometry: string | null }>('SELECT geometry FROM areas WHERE id = ?').get(existingAreas.get(areaKey)!)?.geometry ?? null));
      const problems = placeProblems(p.geometry.coordinates, outline, inFile?.name ?? p.area);
      if (problems.length > 0) errors.push({ index: p.index, name: p.name, reason: explain(problems) });
    }
    const key = `${areaKey}\u0000${p.name.toLowerCase()}`;
    if (filePlaces.has(key)) errors.push({ index: p.index, name: p.name, reason: `properties.name: place "${p.name}" in "${p.area}" appears twice (also feature ${filePlaces.get(key)})` });
    else filePlaces.set(key, p.index);
  }
  // A new outline for an existing area: its stored places that the file does not move
  // must still lie inside (the same rule as a drawn outline, server/admin updateArea).
  for (const a of areas) {
    const id = existingAreas.get(a.name.toLowerCase());
    const rings = polygonRings(a.geometry);
    if (!id || !rings) continue;
    const inFile = new Set(places.filter((p) => p.area.toLowerCase() === a.name.toLowerCase()).map((p) => p.name.toLowerCase()));
    const stored = db
      .prepare<[string], { name: string; geometry: string | null }>('SELECT name, geometry FROM places WHERE area_id = ? ORDER BY name COLLATE NOCASE')
      .all(id)
      .filter((p) => !inFile.has(p.name.toLowerCase()))
      .map((p) => {
        const g = geo(p.geometry);
        return { name: p.name, point: g?.type === 'Point' ? g.coordinates : null };
      });
    const left = placesOutside(stored, rings);
    if (left.length > 0) errors.push({ index: a.index, name: a.name, reason: placesOutsideMessage(a.name, left.map((p) => p.name), 'import') });
  }
  if (errors.length > 0) {
    errors.sort((a, b) => a.index - b.index);
    return new Refusal(400, 'import_invalid', `${errors.length} feature(s) could not be imported; nothing was imported.`, { errors });
  }

  return db.transaction((): ImportResult => {
    const result: ImportResult = { areasCreated: 0, areasUpdated: 0, placesCreated: 0, placesUpdated: 0 };
    const areaIds = new Map(existingAreas);
    for (const a of areas) {
      const json = a.geometry ? JSON.stringify(a.geometry) : null;
      const id = areaIds.get(a.name.toLowerCase());
      if (id) {
        db.prepare('UPDATE areas SET geometry = ? WHERE id = ?').run(json, id);
        result.areasUpdated++;
      } else {
        const newId = randomUUID();
        db.prepare('INSERT INTO areas (id, name, geometry) VALUES (?, ?, ?)').run(newId, a.name, json);
        areaIds.set(a.name.toLowerCase(), newId);
        result.areasCreated++;
      }
    }
    for (const p of places) {
      const areaId = areaIds.get(p.area.toLowerCase())!;
      const json = p.geometry ? JSON.stringify(p.geometry) : null;
      const existing = db
        .prepare<[string, string], { id: string }>('SELECT id FROM places WHERE area_id = ? AND name = ? COLLATE NOCASE')
        .get(areaId, p.name);
      if (existing) {
        db.prepare('UPDATE places SET geometry = ? WHERE id = ?').run(json, existing.id);
        result.placesUpdated++;
      } else {
        db.prepare('INSERT INTO places (id, area_id, name, geometry) VALUES (?, ?, ?, ?)').run(randomUUID(), areaId, p.name, json);
        result.placesCreated++;
      }
    }
    return result;
  })();
}
