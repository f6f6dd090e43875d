/**
 * The map, mounted under /api/v1 (who may call: server/auth/rules.ts).
 *
 *   GET /map → MapData: the basemap configured by MAP_TILE_URL / MAP_ATTRIBUTION (or
 *              null), the areas' outlines and the places' points.
 */
import { Hono } from 'hono';
import type { MapData } from '../../shared/map';
import type { AuthDeps } from '../auth/context';
import { mapGeography } from './store';

export function mapRoutes(deps: AuthDeps) {
  const app = new Hono();
  app.get('/map', (c) => {
    const tiles = deps.mapTiles ? { url: deps.mapTiles.url, attribution: deps.mapTiles.attribution } : null;
    return c.json<MapData>({ tiles, ...mapGeography(deps.db) });
  });
  return app;
}
