/**
 * All SQL of administration: organisations, areas, places, informant functions and
 * their areas (migration 0001-core.sql). Plain functions of the database handle;
 * statements are prepared once per database. Invites and devices belong to
 * informant/store.ts, reports and observations to reports/store.ts.
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import type { AdminOrganisation } from '../../shared/admin';

export interface AreaRow {
  id: string;
  name: string;
  geometry: string | null;
}
export interface PlaceRow {
  id: string;
  area_id: string;
  name: string;
  geometry: string | null;
}
export interface FunctionRow {
  id: string;
  name: string;
  organisation_id: string;
  organisation: string;
}

const sql = prepared((db: Db) => ({
  organisations: db.prepare<[], AdminOrganisation>(
    `SELECT o.id, o.name, (SELECT count(*) FROM functions f WHERE f.organisation_id = o.id) AS functions
       FROM organisations o ORDER BY o.name COLLATE NOCASE`,
  ),
  organisationExists: db.prepare<[string]>('SELECT 1 FROM organisations WHERE id = ?'),
  insertOrganisation: db.prepare<[string, string]>('INSERT INTO organisations (id, name) VALUES (?, ?)'),
  renameOrganisation: db.prepare<[string, string]>('UPDATE organisations SET name = ? WHERE id = ?'),
  organisationFunctions: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM functions WHERE organisation_id = ?'),
  deleteOrganisation: db.prepare<[string]>('DELETE FROM organisations WHERE id = ?'),
  organisationNames: db.prepare<[string], { id: string; name: string }>(
    'SELECT id, name FROM organisations WHERE id IN (SELECT value FROM json_each(?))',
  ),

  areas: db.prepare<[], AreaRow>('SELECT id, name, geometry FROM areas ORDER BY name COLLATE NOCASE'),
  area: db.prepare<[string], { name: string; geometry: string | null }>('SELECT name, geometry FROM areas WHERE id = ?'),
  insertArea: db.prepare<[string, string, string | null]>('INSERT INTO areas (id, name, geometry) VALUES (?, ?, ?)'),
  setAreaName: db.prepare<[string, string]>('UPDATE areas SET name = ? WHERE id = ?'),
  setAreaGeometry: db.prepare<[string | null, string]>('UPDATE areas SET geometry = ? WHERE id = ?'),
  unlinkArea: db.prepare<[string]>('DELETE FROM function_areas WHERE area_id = ?'),
  deleteAreaPlaces: db.prepare<[string]>('DELETE FROM places WHERE area_id = ?'),
  deleteArea: db.prepare<[string]>('DELETE FROM areas WHERE id = ?'),
  areaNames: db.prepare<[string], { id: string; name: string }>('SELECT id, name FROM areas WHERE id IN (SELECT value FROM json_each(?))'),
  /** ?1 = function: every area, the function's own first. */
  areasOwnFirst: db.prepare<[string], { id: string; name: string; own: number }>(
    `SELECT a.id, a.name, EXISTS (SELECT 1 FROM function_areas fa WHERE fa.function_id = ? AND fa.area_id = a.id) AS own
       FROM areas a ORDER BY own DESC, a.name COLLATE NOCASE`,
  ),

  places: db.prepare<[], PlaceRow>('SELECT id, area_id, name, geometry FROM places ORDER BY name COLLATE NOCASE'),
  placesOfArea: db.prepare<[string], PlaceRow>('SELECT id, area_id, name, geometry FROM places WHERE area_id = ? ORDER BY name COLLATE NOCASE'),
  placeArea: db.prepare<[string], { areaId: string }>('SELECT area_id AS areaId FROM places WHERE id = ?'),
  placeByName: db.prepare<[string, string], { id: string }>('SELECT id FROM places WHERE area_id = ? AND name = ? COLLATE NOCASE'),
  insertPlace: db.prepare<[string, string, string, string | null]>('INSERT INTO places (id, area_id, name, geometry) VALUES (?, ?, ?, ?)'),
  setPlaceName: db.prepare<[string, string]>('UPDATE places SET name = ? WHERE id = ?'),
  setPlaceArea: db.prepare<[string, string]>('UPDATE places SET area_id = ? WHERE id = ?'),
  setPlaceGeometry: db.prepare<[string | null, string]>('UPDATE places SET geometry = ? WHERE id = ?'),
  deletePlace: db.prepare<[string]>('DELETE FROM places WHERE id = ?'),
  placeLabels: db.prepare<[string], { id: string; label: string }>(
    `SELECT p.id, p.name || ' (' || a.name || ')' AS label
       FROM places p JOIN areas a ON a.id = p.area_id WHERE p.id IN (SELECT value FROM json_each(?))`,
  ),

  functions: db.prepare<[], FunctionRow>(
    `SELECT f.id, f.name, f.organisation_id, o.name AS organisation
       FROM functions f JOIN organisations o ON o.id = f.organisation_id ORDER BY f.name COLLATE NOCASE`,
  ),
  functionsByName: db.prepare<[], { id: string; name: string }>('SELECT id, name FROM functions ORDER BY name'),
  functionOf: db.prepare<[string], FunctionRow>(
    `SELECT f.id, f.name, f.organisation_id, o.name AS organisation
       FROM functions f JOIN organisations o ON o.id = f.organisation_id WHERE f.id = ?`,
  ),
  functionNames: db.prepare<[string], { id: string; name: string }>(
    'SELECT id, name FROM functions WHERE id IN (SELECT value FROM json_each(?))',
  ),
  functionAreas: db.prepare<[], { function_id: string; area_id: string }>('SELECT function_id, area_id FROM function_areas'),
  insertFunction: db.prepare<[string, string, string]>('INSERT INTO functions (id, organisation_id, name) VALUES (?, ?, ?)'),
  insertFunctionArea: db.prepare<[string, string]>('INSERT INTO function_areas (function_id, area_id) VALUES (?, ?)'),
  clearFunctionAreas: db.prepare<[string]>('DELETE FROM function_areas WHERE function_id = ?'),
  setFunctionName: db.prepare<[string, string]>('UPDATE functions SET name = ? WHERE id = ?'),
  setFunctionOrganisation: db.prepare<[string, string]>('UPDATE functions SET organisation_id = ? WHERE id = ?'),
  deleteFunction: db.prepare<[string]>('DELETE FROM functions WHERE id = ?'),
}));

const names = (rows: { id: string; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));

// ---- organisations ----------------------------------------------------------
export function organisationRows(db: Db): AdminOrganisation[] {
  return sql(db).organisations.all();
}
export function organisationExists(db: Db, id: string): boolean {
  return sql(db).organisationExists.get(id) !== undefined;
}
export function insertOrganisation(db: Db, id: string, name: string): void {
  sql(db).insertOrganisation.run(id, name);
}
/** False when there is no such organisation. */
export function setOrganisationName(db: Db, id: string, name: string): boolean {
  return sql(db).renameOrganisation.run(name, id).changes === 1;
}
export function functionsOfOrganisation(db: Db, id: string): number {
  return sql(db).organisationFunctions.get(id)!.n;
}
/** False when there is no such organisation. */
export function removeOrganisation(db: Db, id: string): boolean {
  return sql(db).deleteOrganisation.run(id).changes === 1;
}
export function organisationNames(db: Db, ids: readonly string[]): Map<string, string> {
  return names(sql(db).organisationNames.all(JSON.stringify(ids)));
}

// ---- areas ------------------------------------------------------------------
export function areaRows(db: Db): AreaRow[] {
  return sql(db).areas.all();
}
export function areaExists(db: Db, id: string): boolean {
  return sql(db).area.get(id) !== undefined;
}
export function areaById(db: Db, id: string): { name: string; geometry: string | null } | undefined {
  return sql(db).area.get(id);
}
export function insertArea(db: Db, id: string, name: string, geometry: string | null): void {
  sql(db).insertArea.run(id, name, geometry);
}
export function setAreaName(db: Db, id: string, name: string): void {
  sql(db).setAreaName.run(name, id);
}
export function setAreaGeometry(db: Db, id: string, geometry: string | null): void {
  sql(db).setAreaGeometry.run(geometry, id);
}
/** The area, its places and its links to functions (call inside a transaction). */
export function removeAreaWithPlaces(db: Db, id: string): void {
  const s = sql(db);
  s.unlinkArea.run(id);
  s.deleteAreaPlaces.run(id);
  s.deleteArea.run(id);
}
export function areaNames(db: Db, ids: readonly string[]): Map<string, string> {
  return names(sql(db).areaNames.all(JSON.stringify(ids)));
}
/** Every area with whether it is one of the function's own, own areas first. */
export function areasOwnFirst(db: Db, functionId: string): { id: string; name: string; own: boolean }[] {
  return sql(db).areasOwnFirst.all(functionId).map((a) => ({ id: a.id, name: a.name, own: a.own === 1 }));
}

// ---- places -----------------------------------------------------------------
export function placeRows(db: Db): PlaceRow[] {
  return sql(db).places.all();
}
/** The area's places, by name. */
export function placesOfArea(db: Db, areaId: string): PlaceRow[] {
  return sql(db).placesOfArea.all(areaId);
}
export function placeAreaId(db: Db, id: string): string | undefined {
  return sql(db).placeArea.get(id)?.areaId;
}
export function placeExists(db: Db, id: string): boolean {
  return placeAreaId(db, id) !== undefined;
}
export function placeIdByName(db: Db, areaId: string, name: string): string | undefined {
  return sql(db).placeByName.get(areaId, name)?.id;
}
export function insertPlace(db: Db, id: string, areaId: string, name: string, geometry: string | null): void {
  sql(db).insertPlace.run(id, areaId, name, geometry);
}
export function setPlaceName(db: Db, id: string, name: string): void {
  sql(db).setPlaceName.run(name, id);
}
export function setPlaceArea(db: Db, id: string, areaId: string): void {
  sql(db).setPlaceArea.run(areaId, id);
}
export function setPlaceGeometry(db: Db, id: string, geometry: string | null): void {
  sql(db).setPlaceGeometry.run(geometry, id);
}
export function removePlace(db: Db, id: string): void {
  sql(db).deletePlace.run(id);
}
/** place id → "Place (Area)". */
export function placeLabels(db: Db, ids: readonly string[]): Map<string, string> {
  return new Map(sql(db).placeLabels.all(JSON.stringify(ids)).map((r) => [r.id, r.label]));
}

// ---- informant functions ----------------------------------------------------
export function functionRows(db: Db): FunctionRow[] {
  return sql(db).functions.all();
}
/** Every function's id and name, ordered by name (binary, like the push status list always was). */
export function functionNamesInOrder(db: Db): { id: string; name: string }[] {
  return sql(db).functionsByName.all();
}
export function functionById(db: Db, id: string): FunctionRow | undefined {
  return sql(db).functionOf.get(id);
}
export function functionExists(db: Db, id: string): boolean {
  return functionById(db, id) !== undefined;
}
export function functionNames(db: Db, ids: readonly string[]): Map<string, string> {
  return names(sql(db).functionNames.all(JSON.stringify(ids)));
}
export function functionAreaLinks(db: Db): { function_id: string; area_id: string }[] {
  return sql(db).functionAreas.all();
}
export function insertFunction(db: Db, id: string, organisationId: string, name: string): void {
  sql(db).insertFunction.run(id, organisationId, name);
}
/** Replaces the function's areas (call inside a transaction). */
export function setFunctionAreas(db: Db, id: string, areaIds: Iterable<string>): void {
  const s = sql(db);
  s.clearFunctionAreas.run(id);
  for (const areaId of areaIds) s.insertFunctionArea.run(id, areaId);
}
export function setFunctionName(db: Db, id: string, name: string): void {
  sql(db).setFunctionName.run(name, id);
}
export function setFunctionOrganisation(db: Db, id: string, organisationId: string): void {
  sql(db).setFunctionOrganisation.run(organisationId, id);
}
export function removeFunction(db: Db, id: string): void {
  sql(db).deleteFunction.run(id);
}
