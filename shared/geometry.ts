/**
 * Checks of drawn or imported area outlines and place points, explained in Swedish:
 * used live by the admin's drawing and by the server on save and import, so invalid
 * geometry is never silently accepted. Pure; coordinates are GeoJSON [lon, lat].
 *
 * RFC 7946: a polygon's outer ring runs counter-clockwise, holes clockwise; every
 * ring is closed (last position = first) and has at least four positions.
 */
export type Pos = readonly [number, number] | readonly number[];
export type Ring = readonly Pos[];

export type GeometryProblemCode = 'unclosed' | 'too_few_points' | 'self_intersection' | 'wrong_winding' | 'hole_outside' | 'place_outside_area';

export interface GeometryProblem {
  code: GeometryProblemCode;
  /** A sentence in Swedish that says what is wrong and what to do. */
  message: string;
  /** Wrong winding can be fixed by reversing the ring: the UI offers it. */
  fixable: boolean;
}

const same = (a: Pos, b: Pos) => a[0] === b[0] && a[1] === b[1];

/** Twice the signed area (shoelace): positive for counter-clockwise with north up. */
export function signedArea2(ring: Ring): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s;
}

/** Orientation of c relative to the line a→b: >0 left, <0 right, 0 on it. */
const orient = (a: Pos, b: Pos, c: Pos) => (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
const onSegment = (a: Pos, b: Pos, p: Pos) =>
  Math.min(a[0]!, b[0]!) <= p[0]! && p[0]! <= Math.max(a[0]!, b[0]!) && Math.min(a[1]!, b[1]!) <= p[1]! && p[1]! <= Math.max(a[1]!, b[1]!);

/** Do segments p1–p2 and q1–q2 touch or cross (including collinear overlap)? */
export function segmentsIntersect(p1: Pos, p2: Pos, q1: Pos, q2: Pos): boolean {
  const d1 = orient(q1, q2, p1);
  const d2 = orient(q1, q2, p2);
  const d3 = orient(p1, p2, q1);
  const d4 = orient(p1, p2, q2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 === 0 && onSegment(q1, q2, p1)) || (d2 === 0 && onSegment(q1, q2, p2)) || (d3 === 0 && onSegment(p1, p2, q1)) || (d4 === 0 && onSegment(p1, p2, q2));
}

/** Edges of the rings, for intersection tests: [ring, index] → segment index..index+1. */
function edges(rings: readonly Ring[]): { r: number; i: number; a: Pos; b: Pos }[] {
  return rings.flatMap((ring, r) => ring.slice(0, -1).map((a, i) => ({ r, i, a, b: ring[i + 1]! })));
}

/**
 * Whether any two edges of the polygon (of one ring, or of two rings) cross or touch,
 * other than neighbours sharing their corner. Quadratic: outlines are drawn by hand
 * (tens to a few hundred corners); the schema caps rings at 10 000 positions.
 */
export function selfIntersects(rings: readonly Ring[]): boolean {
  const es = edges(rings);
  for (let x = 0; x < es.length; x++) {
    for (let y = x + 1; y < es.length; y++) {
      const e = es[x]!;
      const f = es[y]!;
      if (e.r === f.r) {
        const n = rings[e.r]!.length - 1;
        const adjacent = f.i === e.i + 1 || (e.i === 0 && f.i === n - 1);
        if (adjacent) {
          // Neighbours share one corner; they may not fold back over each other.
          const shared = f.i === e.i + 1 ? e.b : e.a;
          const other1 = f.i === e.i + 1 ? e.a : e.b;
          const other2 = f.i === e.i + 1 ? f.b : f.a;
          if (orient(shared, other1, other2) === 0 && onSegment(shared, other1, other2) && !same(shared, other2)) return true;
          if (orient(shared, other2, other1) === 0 && onSegment(shared, other2, other1) && !same(shared, other1)) return true;
          continue;
        }
      }
      if (segmentsIntersect(e.a, e.b, f.a, f.b)) return true;
    }
  }
  return false;
}

/** Ray casting; a point on the boundary counts as inside. */
export function pointInRing(p: Pos, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (orient(a, b, p) === 0 && onSegment(a, b, p)) return true;
    if (a[1]! > p[1]! !== b[1]! > p[1]! && p[0]! < ((b[0]! - a[0]!) * (p[1]! - a[1]!)) / (b[1]! - a[1]!) + a[0]!) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and not inside a hole. */
export function pointInPolygon(p: Pos, rings: readonly Ring[]): boolean {
  if (!rings[0] || !pointInRing(p, rings[0])) return false;
  return !rings.slice(1).some((hole) => pointInRing(p, hole) && !hole.slice(0, -1).some((h, i) => orient(h, hole[i + 1]!, p) === 0 && onSegment(h, hole[i + 1]!, p)));
}

/** Everything wrong with a polygon's rings, most basic first (an unclosed ring is not checked further). */
export function polygonProblems(rings: readonly Ring[]): GeometryProblem[] {
  const problems: GeometryProblem[] = [];
  for (const [r, ring] of rings.entries()) {
    const which = r === 0 ? 'Områdets gräns' : `Hål ${r} i området`;
    if (ring.length > 0 && !same(ring[0]!, ring[ring.length - 1]!)) {
      problems.push({ code: 'unclosed', message: `${which} är inte sluten: sista hörnet måste vara detsamma som det första. Rita klart gränsen tillbaka till startpunkten.`, fixable: false });
    } else if (new Set(ring.slice(0, -1).map((p) => `${p[0]},${p[1]}`)).size < 3) {
      problems.push({ code: 'too_few_points', message: `${which} har färre än tre olika hörn och omsluter ingen yta. Rita minst tre hörn.`, fixable: false });
    }
  }
  if (problems.length > 0) return problems;
  if (selfIntersects(rings)) {
    problems.push({ code: 'self_intersection', message: 'Gränsen korsar sig själv (eller ett hål korsar gränsen). Flytta hörnen så att linjerna inte korsar varandra – en gräns som korsar sig själv har ingen entydig insida.', fixable: false });
    return problems;
  }
  for (const [r, ring] of rings.entries()) {
    const ccw = signedArea2(ring) > 0;
    if (r === 0 && !ccw) {
      problems.push({ code: 'wrong_winding', message: 'Gränsens hörn går medurs. GeoJSON (RFC 7946) vill ha ytterkanten moturs, annars kan andra GIS-program tolka ytan som allt utom området. Vänd ordningen på hörnen (kan rättas automatiskt).', fixable: true });
    } else if (r > 0 && ccw) {
      problems.push({ code: 'wrong_winding', message: `Hål ${r} går moturs; hål ska gå medurs (RFC 7946). Vänd ordningen på hörnen (kan rättas automatiskt).`, fixable: true });
    }
    if (r > 0 && !ring.slice(0, -1).every((p) => pointInRing(p, rings[0]!))) {
      problems.push({ code: 'hole_outside', message: `Hål ${r} ligger inte helt inom områdets gräns. Ett hål måste ligga innanför gränsen.`, fixable: false });
    }
  }
  return problems;
}

/** The polygon with every ring turned the RFC 7946 way (outer counter-clockwise, holes clockwise). */
export function fixWinding<T extends Pos>(rings: readonly (readonly T[])[]): T[][] {
  return rings.map((ring, r) => {
    const ccw = signedArea2(ring) > 0;
    return (r === 0) === ccw ? [...ring] : [...ring].reverse();
  });
}

/** A place's point against its area's outline (none when the area has no outline yet). */
export function placeProblems(point: Pos, areaRings: readonly Ring[] | null, areaName: string): GeometryProblem[] {
  if (!areaRings || areaRings.length === 0) return [];
  if (pointInPolygon(point, areaRings)) return [];
  return [{ code: 'place_outside_area', message: `Platsen ligger utanför området ${areaName}. Flytta punkten innanför områdets gräns, eller flytta platsen till det område där den ligger.`, fixable: false }];
}

/** Names joined as Swedish prose: "A", "A och B", "A, B och C". */
const swedishList = (names: readonly string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} och ${names[names.length - 1]}`);

/**
 * The places whose point would lie outside an area's new outline. A changed outline is
 * checked against the area's places (live while the admin edits it, and on the server
 * when it is saved), so a place never silently ends up outside its own area.
 */
export function placesOutside<P extends { name: string; point: Pos | null }>(places: readonly P[], rings: readonly Ring[] | null): P[] {
  if (!rings || rings.length === 0) return [];
  return places.filter((p) => p.point !== null && !pointInPolygon(p.point, rings));
}

/**
 * The sentence for places a changed outline would leave outside, naming them. Drawn or
 * pasted (`'save'`), the admin may save anyway and drop their points; in a GeoJSON file
 * (`'import'`), the file can carry the places' new points instead.
 */
export function placesOutsideMessage(areaName: string, names: readonly string[], where: 'save' | 'import' = 'save'): string {
  const one = names.length === 1;
  const them = one ? 'platsen' : 'platserna';
  const lead = `${one ? 'Platsen' : 'Platserna'} ${swedishList(names)} skulle hamna utanför den nya gränsen för ${areaName}. `;
  if (where === 'import') {
    return lead + `Rita gränsen så att ${them} ligger innanför, eller ta med ${them} i filen med en ny punkt inom gränsen (eller utan punkt, "geometry": null).`;
  }
  return (
    lead +
    `Rita gränsen så att ${them} ligger innanför, flytta ${one ? 'platsens punkt' : 'platsernas punkter'} först, ` +
    `eller spara ändå och ta bort ${one ? 'dess punkt' : 'deras punkter'} (${one ? 'platsen finns kvar' : 'platserna finns kvar'} i listan, utan punkt på kartan).`
  );
}
