import { resolve } from 'node:path';
import { parseMapTiles, type MapTiles } from '../shared/map';

export interface Config {
  dataDir: string;
  port: number;
  host: string;
  /** Origin printed in enrol URLs; defaults to http://localhost:<port>. */
  publicUrl: string;
  demo: boolean;
  /** The built client to serve (default: dist/ of the repository). */
  clientDir: string | undefined;
  period: 'quarter' | 'tertial';
  /** MAP_TILE_URL (XYZ template) and MAP_ATTRIBUTION; null: no basemap, no request leaves the server. */
  mapTiles: MapTiles | null;
}

/** Configuration comes from the environment and one flag; bad values stop the start with a sentence. */
export function readConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): Config {
  const unknown = argv.filter((a) => a !== '--demo');
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')} (the only option is --demo)`);
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const host = env.HOST || '127.0.0.1';
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  const period = env.PERIOD || 'quarter';
  if (period !== 'quarter' && period !== 'tertial') throw new Error(`PERIOD must be "quarter" or "tertial", not "${period}"`);
  const mapTiles = parseMapTiles(env.MAP_TILE_URL, env.MAP_ATTRIBUTION);
  if (mapTiles instanceof Error) throw mapTiles;
  return { mapTiles, dataDir: resolve(env.DATA_DIR || './data'), port, host, publicUrl, demo: argv.includes('--demo'), period, clientDir: env.CLIENT_DIR ? resolve(env.CLIENT_DIR) : undefined };
}
