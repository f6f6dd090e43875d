import { describe, expect, it } from 'vitest';
import { draftRings, nudge, roundPos } from '../../client/admin/area-map-model';
import { polygonProblems } from '../../shared/geometry';

describe('the drawing map as GeoJSON', () => {
  it("closes Leaflet's open rings, swaps to [lon, lat] and rounds to seven decimals", () => {
    const rings = draftRings([[{ lat: 59.2, lng: 15.1 }, { lat: 59.2, lng: 15.300000000004 }, { lat: 59.4, lng: 15.3 }]]);
    expect(rings).toEqual([[[15.1, 59.2], [15.3, 59.2], [15.3, 59.4], [15.1, 59.2]]]);
    expect(polygonProblems(rings)).toEqual([]);
    // Drawn clockwise it stays clockwise, so the check can say so (and the save turns it).
    const cw = draftRings([[{ lat: 59.2, lng: 15.1 }, { lat: 59.4, lng: 15.3 }, { lat: 59.2, lng: 15.3 }]]);
    expect(polygonProblems(cw).map((p) => p.code)).toEqual(['wrong_winding']);
  });

  it('leaves a ring that is already closed as it is', () => {
    expect(draftRings([[{ lat: 1, lng: 2 }, { lat: 1, lng: 3 }, { lat: 2, lng: 3 }, { lat: 1, lng: 2 }]])[0]).toHaveLength(4);
    expect(draftRings([[]])).toEqual([[]]);
  });

  it('rounds a point', () => {
    expect(roundPos(15.123456789, 59.987654321)).toEqual([15.1234568, 59.9876543]);
  });

  it('arrow keys move on the screen: x right, y down; other keys do nothing', () => {
    expect(nudge('ArrowLeft', 10)).toEqual([-10, 0]);
    expect(nudge('ArrowRight', 2)).toEqual([2, 0]);
    expect(nudge('ArrowUp', 10)).toEqual([0, -10]);
    expect(nudge('ArrowDown', 10)).toEqual([0, 10]);
    expect(nudge('Enter', 10)).toBeNull();
  });
});
