import { describe, expect, it } from 'vitest';
import { fixWinding, placeProblems, placesOutside, placesOutsideMessage, pointInPolygon, polygonProblems, segmentsIntersect, selfIntersects, signedArea2 } from '../../shared/geometry';

type P = [number, number];
// Counter-clockwise unit square and a clockwise hole inside it.
const square: P[] = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
const holeCw: P[] = [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]];
const codes = (rings: P[][]) => polygonProblems(rings).map((p) => p.code);

describe('polygonProblems', () => {
  it('a closed counter-clockwise ring is fine, with or without a clockwise hole', () => {
    expect(codes([square])).toEqual([]);
    expect(codes([square, holeCw])).toEqual([]);
    expect(codes([[[0, 0], [3, 0], [1, 2], [0, 0]]])).toEqual([]); // a triangle
  });
  it('an unclosed ring is refused and not checked further', () => {
    const p = polygonProblems([[[0, 0], [4, 0], [4, 4], [0, 4]]]);
    expect(p.map((x) => x.code)).toEqual(['unclosed']);
    expect(p[0]!.message).toMatch(/inte sluten/);
    expect(p[0]!.fixable).toBe(false);
    expect(codes([square, [[1, 1], [1, 2], [2, 2], [2, 1]]])).toEqual(['unclosed']);
  });
  it('fewer than three distinct corners encloses nothing', () => {
    expect(codes([[[0, 0], [1, 1], [0, 0], [0, 0]]])).toEqual(['too_few_points']);
    expect(codes([[[0, 0], [1, 1], [1, 1], [0, 0]]])).toEqual(['too_few_points']);
  });
  it('a bow-tie crosses itself', () => {
    const p = polygonProblems([[[0, 0], [4, 4], [4, 0], [0, 4], [0, 0]]]);
    expect(p.map((x) => x.code)).toEqual(['self_intersection']);
    expect(p[0]!.message).toMatch(/korsar sig själv/);
  });
  it('a ring that touches itself at a corner, or folds back along an edge, is refused', () => {
    expect(codes([[[0, 0], [4, 0], [2, 2], [4, 4], [0, 4], [2, 2], [0, 0]]])).toEqual(['self_intersection']); // figure-eight through (2,2)
    expect(codes([[[0, 0], [4, 0], [2, 0], [2, 3], [0, 0]]])).toEqual(['self_intersection']); // spike back along the first edge
  });
  it('a hole crossing the outline is a self-intersection; a hole outside is explained', () => {
    expect(codes([square, [[3, 1], [3, 2], [6, 2], [6, 1], [3, 1]]])).toEqual(['self_intersection']);
    expect(codes([square, [[6, 1], [6, 2], [7, 2], [7, 1], [6, 1]]])).toEqual(['hole_outside']);
  });
  it('clockwise outer rings and counter-clockwise holes are wrong winding, explained and fixable', () => {
    const cw = [...square].reverse();
    const p = polygonProblems([cw]);
    expect(p.map((x) => x.code)).toEqual(['wrong_winding']);
    expect(p[0]!.fixable).toBe(true);
    expect(p[0]!.message).toMatch(/medurs.*moturs/);
    expect(codes([square, [...holeCw].reverse()])).toEqual(['wrong_winding']);
    expect(codes([cw, [...holeCw].reverse()])).toEqual(['wrong_winding', 'wrong_winding']);
  });
  it('fixWinding turns every ring the RFC 7946 way and leaves right ones alone', () => {
    const fixed = fixWinding([[...square].reverse(), [...holeCw].reverse()]);
    expect(codes(fixed)).toEqual([]);
    expect(fixWinding([square, holeCw])).toEqual([square, holeCw]);
    expect(signedArea2(fixed[0]!)).toBeGreaterThan(0);
    expect(signedArea2(fixed[1]!)).toBeLessThan(0);
  });
});

describe('segments and points', () => {
  it('segment intersection: crossing, touching, collinear overlap, apart', () => {
    expect(segmentsIntersect([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [2, 0], [2, 0], [3, 1])).toBe(true);
    expect(segmentsIntersect([0, 0], [2, 0], [1, 0], [3, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [1, 0], [2, 0], [3, 0])).toBe(false);
    expect(segmentsIntersect([0, 0], [1, 1], [0, 1], [0.4, 0.6])).toBe(false);
  });
  it('selfIntersects is false for a convex and a concave simple ring', () => {
    expect(selfIntersects([square])).toBe(false);
    expect(selfIntersects([[[0, 0], [4, 0], [4, 4], [2, 1], [0, 4], [0, 0]]])).toBe(false);
  });
  it('points: inside, on the edge, outside, in a hole', () => {
    expect(pointInPolygon([3, 3], [square, holeCw])).toBe(true);
    expect(pointInPolygon([4, 2], [square])).toBe(true);
    expect(pointInPolygon([5, 2], [square])).toBe(false);
    expect(pointInPolygon([1.5, 1.5], [square, holeCw])).toBe(false);
    // Concave: the notch is outside.
    expect(pointInPolygon([2, 3], [[[0, 0], [4, 0], [4, 4], [2, 1], [0, 4], [0, 0]]])).toBe(false);
  });
});

describe('placeProblems', () => {
  it('a place outside its area is explained with the area name; inside or no outline is fine', () => {
    const p = placeProblems([5, 5], [square], 'Björkhagen');
    expect(p.map((x) => x.code)).toEqual(['place_outside_area']);
    expect(p[0]!.message).toContain('utanför området Björkhagen');
    expect(placeProblems([2, 3], [square], 'Björkhagen')).toEqual([]);
    expect(placeProblems([5, 5], null, 'Björkhagen')).toEqual([]);
  });
});

describe('placesOutside and its sentence', () => {
  it('names the places a new outline leaves outside; places without a point and no outline are never outside', () => {
    const places = [
      { name: 'Torget', point: [5, 5] as const },
      { name: 'Parken', point: [2, 2] as const },
      { name: 'Utan punkt', point: null },
      { name: 'Kiosken', point: [-1, 2] as const },
    ];
    expect(placesOutside(places, [square]).map((p) => p.name)).toEqual(['Torget', 'Kiosken']);
    expect(placesOutside(places, null)).toEqual([]);
    expect(placesOutsideMessage('Björkhagen', ['Torget'])).toMatch(/^Platsen Torget skulle hamna utanför den nya gränsen för Björkhagen\..*dess punkt/);
    expect(placesOutsideMessage('Björkhagen', ['Torget', 'Kiosken', 'Parken'])).toMatch(/^Platserna Torget, Kiosken och Parken skulle hamna .*deras punkter/);
  });
});
