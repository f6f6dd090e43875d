/**
 * Pure helpers of the admin's drawing map (client/admin/AreaMap.tsx), kept apart from
 * Leaflet so they can be tested in Node.
 */
export type LonLat = [number, number];

/** Seven decimals of a degree are about a centimetre: more is noise from the mouse. */
export const roundPos = (lng: number, lat: number): LonLat => [Math.round(lng * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];

/**
 * Leaflet's rings (open, {lat, lng}) as GeoJSON rings: [lon, lat], rounded, closed
 * (last position = first), as shared/geometry.ts and RFC 7946 expect. Winding is left
 * as drawn, so the check can tell the admin about it.
 */
export function draftRings(latlngs: readonly (readonly { lat: number; lng: number }[])[]): LonLat[][] {
  return latlngs.map((ring) => {
    const r = ring.map((ll) => roundPos(ll.lng, ll.lat));
    const first = r[0];
    const last = r[r.length - 1];
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) r.push([first[0], first[1]]);
    return r;
  });
}

/** The screen offset (x right, y down, in pixels) an arrow key moves a place's point by. */
export function nudge(key: string, px: number): [number, number] | null {
  switch (key) {
    case 'ArrowLeft':
      return [-px, 0];
    case 'ArrowRight':
      return [px, 0];
    case 'ArrowUp':
      return [0, -px];
    case 'ArrowDown':
      return [0, px];
    default:
      return null;
  }
}
