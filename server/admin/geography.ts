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
import { interventionStore } from '../interventions/store';
import { reportStore } from '../reports/store';
import { Refusal, constraint, notFound } from './refusal';
import {
  areaById,
  areaRows,
  functionsOfOrganisation,
  insertArea,
  insertOrganisation,
  insertPlace,
  organisationRows,
  placeAreaId,
  placeExists,
  placeIdByName,
  placeRows,
  placesOfArea,
  removeAreaWithPlaces,
  removeOrganisation,
  removePlace,
  setAreaGeometry,
  setAreaName,
  setOrganisationName,
  setPlaceArea,
  setPlaceGeometry,
  setPlaceName,
  areaExists,
} from './store';
import { placeProblems, placesOutside, placesOutsideMessage, polygonProblems, type GeometryProblem, type Ring } from '../../shared/geometry';

/** Organisations, areas and places: plain functions over the database. */

// ---- organisations ----------------------------------------------------------
export function listOrganisations(db: Db): AdminOrganisation[] {
  return organisationRows(db);
}

export function createOrganisation(db: Db, name: string): AdminOrganisation | Refusal {
  const id = randomUUID();
  try {
    insertOrganisation(db, id, name);
  } catch (e) {
    return constraint(e, 'name: an organisation with this name already exists.');
  }
  return { id, name, functions: 0 };
}

export function renameOrganisation(db: Db, id: string, name: string): true | Refusal {
  try {
    return setOrganisationName(db, id, name) || notFound('organisation');
  } catch (e) {
    return constraint(e, 'name: an organisation with this name already exists.');
  }
}

export function deleteOrganisation(db: Db, id: string): true | Refusal {
  const used = functionsOfOrganisation(db, id);
  if (used > 0) return new Refusal(409, 'in_use', `The organisation has ${used} informant function(s); move or remove them first.`);
  return removeOrganisation(db, id) || notFound('organisation');
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
  const area = areaById(db, areaId);
  if (!area) return undefined;
  const problems = placeProblems(geometry.coordinates, polygonRings(geo(area.geometry)), area.name);
  return problems.length > 0 ? new Refusal(400, 'geometry_invalid', explain(problems), { problems }) : undefined;
}

export function listAreas(db: Db): AdminArea[] {
  const areas = areaRows(db);
  const places = placeRows(db);
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
    insertArea(db, id, area.name, area.geometry ? JSON.stringify(area.geometry) : null);
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
  const area = areaById(db, id);
  if (!area) return notFound('area');
  const invalid = areaGeometryRefusal(change.geometry);
  if (invalid) return invalid;
  const rings = polygonRings(change.geometry);
  const points = rings
    ? placesOfArea(db, id).map((p) => {
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
      if (change.name !== undefined) setAreaName(db, id, change.name);
      if (change.geometry !== undefined) setAreaGeometry(db, id, change.geometry ? JSON.stringify(change.geometry) : null);
      for (const p of outside) setPlaceGeometry(db, p.id, null);
    })();
  } catch (e) {
    return constraint(e, AREA_TAKEN);
  }
  return true;
}

/** An area that reports refer to is history: it stays. Otherwise it goes with its places. */
export function deleteArea(db: Db, id: string): true | Refusal {
  return db.transaction((): true | Refusal => {
    if (!areaExists(db, id)) return notFound('area');
    if (reportStore(db).areaInUse(id)) {
      return new Refusal(409, 'in_use', 'Reports refer to this area, so it cannot be removed (rename it instead).');
    }
    try {
      removeAreaWithPlaces(db, id);
    } catch (e) {
      // Interventions (and anything added later) refer to areas by foreign key: 409, not 500.
      return constraint(e, AREA_TAKEN);
    }
    return true;
  })();
}

export function createPlace(db: Db, areaId: string, place: { name: string; geometry?: Geometry | null }): AdminPlace | Refusal {
  if (!areaExists(db, areaId)) return notFound('area');
  const invalid = placeGeometryRefusal(db, areaId, place.geometry);
  if (invalid) return invalid;
  const id = randomUUID();
  try {
    insertPlace(db, id, areaId, place.name, place.geometry ? JSON.stringify(place.geometry) : null);
  } catch (e) {
    return constraint(e, PLACE_TAKEN);
  }
  return { id, areaId, name: place.name, geometry: place.geometry ?? null };
}

export function updatePlace(db: Db, id: string, change: { name?: string; geometry?: Geometry | null; areaId?: string }): true | Refusal {
  if (!placeExists(db, id)) return notFound('place');
  if (change.areaId !== undefined) {
    if (!areaExists(db, change.areaId)) return new Refusal(400, 'bad_request', 'areaId: no such area.');
    if (reportStore(db).placeInUse(id) || interventionStore(db).placeInUse(id)) {
      return new Refusal(409, 'in_use', 'areaId: reports or interventions refer to this place, so it cannot move to another area.');
    }
  }
  if (change.geometry !== undefined) {
    const areaId = change.areaId ?? placeAreaId(db, id)!;
    const invalid = placeGeometryRefusal(db, areaId, change.geometry);
    if (invalid) return invalid;
  }
  try {
    db.transaction(() => {
      if (change.name !== undefined) setPlaceName(db, id, change.name);
      if (change.areaId !== undefined) setPlaceArea(db, id, change.areaId);
      if (change.geometry !== undefined) setPlaceGeometry(db, id, change.geometry ? JSON.stringify(change.geometry) : null);
    })();
  } catch (e) {
    return constraint(e, PLACE_TAKEN);
  }
  return true;
}

export function deletePlace(db: Db, id: string): true | Refusal {
  if (!placeExists(db, id)) return notFound('place');
  if (reportStore(db).placeInUse(id)) {
    return new Refusal(409, 'in_use', 'Reports refer to this place, so it cannot be removed (rename it instead).');
  }
  try {
    removePlace(db, id);
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
    areaRows(db).map((a) => [a.name.toLowerCase(), a.id]),
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
      const outline = inFile ? polygonRings(inFile.geometry) : polygonRings(geo(areaById(db, existingAreas.get(areaKey)!)?.geometry ?? null));
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
    const stored = placesOfArea(db, id)
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
        setAreaGeometry(db, id, json);
        result.areasUpdated++;
      } else {
        const newId = randomUUID();
        insertArea(db, newId, a.name, json);
        areaIds.set(a.name.toLowerCase(), newId);
        result.areasCreated++;
      }
    }
    for (const p of places) {
      const areaId = areaIds.get(p.area.toLowerCase())!;
      const json = p.geometry ? JSON.stringify(p.geometry) : null;
      const existing = placeIdByName(db, areaId, p.name);
      if (existing !== undefined) {
        setPlaceGeometry(db, existing, json);
        result.placesUpdated++;
      } else {
        insertPlace(db, randomUUID(), areaId, p.name, json);
        result.placesCreated++;
      }
    }
    return result;
  })();
}
