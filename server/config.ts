import { resolve } from 'node:path';

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
  /** PEM files that make the server speak HTTPS on `port` (both or neither). */
  tls: { certFile: string; keyFile: string } | undefined;
  /** With TLS: a plain-HTTP port that redirects every request to the https origin. */
  httpRedirectPort: number | undefined;
}

function portNumber(name: string, raw: string): number {
  const port = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number, not "${raw}"`);
  return port;
}

/** Configuration comes from the environment and one flag; bad values stop the start with a sentence. */
export function readConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): Config {
  const unknown = argv.filter((a) => a !== '--demo');
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')} (the only option is --demo)`);
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : portNumber('PORT', env.PORT);
  const host = env.HOST || '127.0.0.1';
  const publicUrl = (env.PUBLIC_URL || `${env.TLS_CERT ? 'https' : 'http'}://localhost:${port}`).replace(/\/+$/, '');
  const period = env.PERIOD || 'quarter';
  if (period !== 'quarter' && period !== 'tertial') throw new Error(`PERIOD must be "quarter" or "tertial", not "${period}"`);

  const certFile = env.TLS_CERT || undefined;
  const keyFile = env.TLS_KEY || undefined;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new Error(`TLS_CERT and TLS_KEY go together: set both (the certificate and its private key, PEM files) or neither; only ${certFile ? 'TLS_CERT' : 'TLS_KEY'} is set`);
  }
  const tls = certFile && keyFile ? { certFile: resolve(certFile), keyFile: resolve(keyFile) } : undefined;
  let httpRedirectPort: number | undefined;
  if (env.HTTP_REDIRECT_PORT) {
    if (!tls) throw new Error('HTTP_REDIRECT_PORT redirects plain HTTP to HTTPS, so it needs TLS_CERT and TLS_KEY as well');
    httpRedirectPort = portNumber('HTTP_REDIRECT_PORT', env.HTTP_REDIRECT_PORT);
  }
  return {
    dataDir: resolve(env.DATA_DIR || './data'),
    port,
    host,
    publicUrl,
    demo: argv.includes('--demo'),
    period,
    clientDir: env.CLIENT_DIR ? resolve(env.CLIENT_DIR) : undefined,
    tls,
    httpRedirectPort,
  };
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The warning printed at start when phones would reach the app over plain http on a
 * real host name: browsers then give it no service worker (no offline use) and no push.
 */
export function insecureOriginWarning(publicUrl: string | undefined): string | undefined {
  if (!publicUrl) return undefined;
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || LOOPBACK.test(url.hostname)) return undefined;
  return `warning: PUBLIC_URL ${url.origin} is plain http on a host other than this machine – phones get no offline use and no reminders there; serve https (TLS_CERT/TLS_KEY, or a reverse proxy, see deploy/)`;
}
