import { describe, expect, it } from 'vitest';
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import { filterObservations, parseMapTiles, shadeArea, shadeFor } from '../../shared/map';
import type { CountStats, WeekSummaryArea, WeekSummaryCell, WeekViewObservation } from '../../shared/weekview';
import { demoAreaGeometry, demoPlacePoint } from '../../server/demo/seed';
import { cspFor } from '../../server/auth/middleware';
import { placeProblems, polygonProblems } from '../../shared/geometry';

describe('shadeFor: a count against its 8-week average', () => {
  it('an area no report covered is "no reporting", never calm', () => {
    expect(shadeFor(0, 3, false)).toBe('none');
    expect(shadeFor(0, null, false)).toBe('none');
  });
  it('an observation in an uncovered area still counts (the observation covers it)', () => {
    expect(shadeFor(2, 2, false)).toBe('usual');
  });
  it('no average: no comparison', () => {
    expect(shadeFor(0, null, true)).toBe('nobaseline');
    expect(shadeFor(4, null, true)).toBe('nobaseline');
  });
  it('within ±max(1, 25 %) is usual', () => {
    expect(shadeFor(3, 2, true)).toBe('usual');
    expect(shadeFor(1, 2, true)).toBe('usual');
    expect(shadeFor(0, 0, true)).toBe('usual');
    expect(shadeFor(1, 0, true)).toBe('usual');
    expect(shadeFor(12, 10, true)).toBe('usual');
    expect(shadeFor(8, 10, true)).toBe('usual');
  });
  it('above the band is higher; double and at least 2 more is much higher', () => {
    expect(shadeFor(13, 10, true)).toBe('higher');
    expect(shadeFor(20, 10, true)).toBe('muchHigher');
    expect(shadeFor(2, 0, true)).toBe('muchHigher');
    expect(shadeFor(3, 1.5, true)).toBe('higher'); // double but only 1.5 more
    expect(shadeFor(4, 1.5, true)).toBe('muchHigher');
  });
  it('below the band is lower; half and at least 2 fewer is much lower', () => {
    expect(shadeFor(7, 10, true)).toBe('lower');
    expect(shadeFor(5, 10, true)).toBe('muchLower');
    expect(shadeFor(0, 3, true)).toBe('muchLower');
    expect(shadeFor(0, 1.5, true)).toBe('lower'); // only 1.5 fewer
  });
});

const stats = (count: number, average: number | null): CountStats => ({ count, previous: 0, deltaPrevious: count, average, deltaAverage: average === null ? null : count - average });
function obs(id: string, category: IndicatorKey, timeOfDay: WeekViewObservation['timeOfDay']): WeekViewObservation {
  return { id, category, note: null, place: null, timeOfDay, occurredOn: null, persists: false, organisation: 'Org' };
}
/** An area as the week view's first answer gives it: each cell's figures and split by time of day. */
function area(list: WeekViewObservation[], averages: Partial<Record<IndicatorKey, number>>, totalAverage: number | null, covered = true): WeekSummaryArea {
  const cells = Object.fromEntries(
    INDICATOR_KEYS.map((c) => {
      const o = list.filter((x) => x.category === c);
      const timeOfDay = { day: 0, evening: 0, night: 0, unknown: 0 };
      for (const x of o) timeOfDay[x.timeOfDay]++;
      return [c, { ...stats(o.length, averages[c] ?? 0), timeOfDay, persisting: 0 } satisfies WeekSummaryCell];
    }),
  ) as Record<IndicatorKey, WeekSummaryCell>;
  return { id: 'a1', name: 'Björkhagen', priority: 2, cells, total: stats(list.length, totalAverage), timeOfDay: { day: 0, evening: 0, night: 0, unknown: 0 }, covered };
}

describe('shadeArea: the week view data under a filter', () => {
  const list = [obs('1', 'fire', 'night'), obs('2', 'fire', 'evening'), obs('3', 'vandalism', 'night'), obs('4', 'fire', 'night'), obs('5', 'fire', 'night')];
  const a = area(list, { fire: 1, vandalism: 4 }, 5);
  it('all indicators: the area total against its average', () => {
    const s = shadeArea(a, [...INDICATOR_KEYS], { category: 'all', timeOfDay: 'all' });
    expect(s).toMatchObject({ count: 5, average: 5, shade: 'usual', priority: 2 });
    expect(filterObservations(list, { category: 'all', timeOfDay: 'all' }).map((o) => o.id)).toEqual(['1', '2', '3', '4', '5']);
  });
  it('one indicator: that cell against its own average', () => {
    expect(shadeArea(a, [...INDICATOR_KEYS], { category: 'fire', timeOfDay: 'all' })).toMatchObject({ count: 4, average: 1, shade: 'muchHigher' });
    expect(shadeArea(a, [...INDICATOR_KEYS], { category: 'vandalism', timeOfDay: 'all' })).toMatchObject({ count: 1, average: 4, shade: 'muchLower' });
  });
  it('a time of day narrows the count and makes no comparison it has no history for', () => {
    const s = shadeArea(a, [...INDICATOR_KEYS], { category: 'fire', timeOfDay: 'night' });
    expect(s).toMatchObject({ count: 3, average: null, shade: 'nobaseline' });
    // The detail lists exactly the observations behind the count.
    expect(filterObservations(list, { category: 'fire', timeOfDay: 'night' }).map((o) => o.id)).toEqual(['1', '4', '5']);
    expect(filterObservations(list, { category: 'all', timeOfDay: 'night' }).map((o) => o.id)).toEqual(['1', '3', '4', '5']);
  });
  it('an uncovered area with nothing is "no reporting"', () => {
    expect(shadeArea(area([], {}, 2, false), [...INDICATOR_KEYS], { category: 'all', timeOfDay: 'all' }).shade).toBe('none');
  });
});

describe('parseMapTiles and the CSP', () => {
  it('no template: no basemap', () => {
    expect(parseMapTiles(undefined, undefined)).toBeNull();
    expect(parseMapTiles('  ', 'x')).toBeNull();
  });
  it('an XYZ template gives its one origin', () => {
    expect(parseMapTiles('https://karta.example.se:8443/tiles/{z}/{x}/{y}.png?key=1', ' © Älvstad ')).toEqual({
      url: 'https://karta.example.se:8443/tiles/{z}/{x}/{y}.png?key=1',
      attribution: '© Älvstad',
      origin: 'https://karta.example.se:8443',
    });
  });
  it('refuses what cannot be allowed as one origin or is not a template', () => {
    expect(parseMapTiles('https://{s}.tile.example.org/{z}/{x}/{y}.png', '')).toBeInstanceOf(Error);
    expect(parseMapTiles('https://tiles.example.org/{z}/{x}.png', '')).toBeInstanceOf(Error);
    expect(parseMapTiles('ftp://tiles.example.org/{z}/{x}/{y}.png', '')).toBeInstanceOf(Error);
    expect(parseMapTiles('tiles/{z}/{x}/{y}.png', '')).toBeInstanceOf(Error);
    expect(parseMapTiles('https://u:p@tiles.example.org/{z}/{x}/{y}.png', '')).toBeInstanceOf(Error);
  });
  it('img-src gains exactly the tile origin; nothing else changes', () => {
    const csp = cspFor('https://karta.example.se');
    expect(csp.imgSrc).toEqual(["'self'", 'data:', 'blob:', 'https://karta.example.se']);
    expect(csp.scriptSrc).toEqual(["'self'"]);
    expect(csp.connectSrc).toEqual(["'self'"]);
    expect(cspFor(undefined).imgSrc).toEqual(["'self'", 'data:', 'blob:']);
  });
});

describe('the demo geometry', () => {
  const names = ['Björkhagen', 'Ekbacken', 'Solberga', 'Tallmon', 'Stenhagen', 'Åkerlund', 'Sjöstaden', 'Hagaby', 'Granbo', 'Kvarnbacken', 'Ängsvik', 'Centrum'];
  const signedArea = (ring: [number, number][]) => ring.slice(0, -1).reduce((s, p, i) => s + (p[0] * ring[i + 1]![1] - ring[i + 1]![0] * p[1]), 0) / 2;
  const inside = (pt: [number, number], ring: [number, number][]) => {
    let ins = false;
    for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > pt[1] !== yj > pt[1] && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) ins = !ins;
    }
    return ins;
  };
  it('every area has a closed, counter-clockwise ring; every place lies inside its area and no other', () => {
    const rings = names.map((n) => demoAreaGeometry(n)!.coordinates[0]!);
    for (const ring of rings) {
      expect(polygonProblems([ring])).toEqual([]); // the admin's own checks accept the demo
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(signedArea(ring)).toBeGreaterThan(0);
    }
    for (const [i, n] of names.entries()) {
      for (let k = 0; k < 3; k++) {
        const pt = demoPlacePoint(n, k, 3)!.coordinates;
        expect(rings.map((r) => inside(pt, r))).toEqual(rings.map((_, j) => j === i));
        expect(placeProblems(pt, [rings[i]!], n)).toEqual([]);
      }
    }
  });
});
