/**
 * The server's configuration: read ONCE here, at start, from the environment and the
 * command line, then passed down (nothing else reads process.env). One table drives
 * both the parsing and `--help`; a new setting is one more row in SETTINGS (and a field
 * in Config). A bad value stops the start with a sentence naming the variable.
 */
import { join, resolve } from 'node:path';
import type { PeriodKind } from '../shared/followup';
import { DEFAULT_VAPID_SUBJECT, checkVapidSubject } from './push/settings';
import { checkMailConfig, type MailConfig } from './sendout/transport';
import { parseMapTiles, type MapTiles } from '../shared/map';

export interface BackupConfig {
  /** Where the nightly backups go (default DATA_DIR/backups). */
  dir: string;
  /** Europe/Stockholm wall-clock time of the nightly backup ("HH:MM"), or null when turned off. */
  time: string | null;
  keepDaily: number;
  keepWeekly: number;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** How many nightly backups to keep: a whole number, bounded so a typo cannot fill the disk. */
function backupCount(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw new Error(`${name} must be a whole number of backups to keep, not "${raw.slice(0, 40)}"`);
  return n;
}

export interface Config {
  /** Where lagesbild.sqlite (and its WAL files) live. */
  dataDir: string;
  port: number;
  host: string;
  /**
   * The origin the product is reached at, when set: printed and shown links (invites,
   * setup), the origin the CSRF check accepts, and `https://` turns on Secure cookies
   * and HSTS. Unset: links use http://localhost:<port>.
   */
  publicUrl: string | undefined;
  /** Behind a reverse proxy the client address (log-in throttle) comes from X-Forwarded-For. */
  trustProxy: boolean;
  /** Quarters (Örebro) or tertials (Kumla, Uppsala): the EST follow-up period. */
  period: PeriodKind;
  /** Prefix of published pictures' register numbers (diarienummer): municipalities number their own. */
  registerPrefix: string;
  /** The municipality's name on the statutory lägesbild's first page (empty: not named). */
  municipality: string;
  /** Informants keep reporting when they see what came of it; some municipalities want that, some not. */
  informantsSeePictures: boolean;
  /** Push services contact this address when a sender misbehaves (RFC 8292). */
  vapidSubject: string;
  /** The built client to serve; undefined means dist/ of the repository. */
  clientDir: string | undefined;
  /** Seed the demo municipality and print demo staff and invites. */
  demo: boolean;
  /** The weekly send-out by e-mail (SMTP_URL and MAIL_FROM, both or neither); null = off. */
  mail: MailConfig | null;
  /** Nightly backups: where, when, how many are kept. */
  backup: BackupConfig;
  /** The JSON log's level. */
  logLevel: LogLevel;
  /** PEM files that make the server speak HTTPS on `port` (both or neither). */
  tls: { certFile: string; keyFile: string } | undefined;
  /** With TLS: a plain-HTTP port that redirects every request to the https origin. */
  httpRedirectPort: number | undefined;
  /** The map's basemap (MAP_TILE_URL, MAP_ATTRIBUTION); null: outlines on a plain background, no request leaves the server. */
  mapTiles: MapTiles | null;
}

interface Setting {
  /** The environment variable, or the flag (starting with "--"). */
  name: string;
  /** The default as a person reads it in --help. */
  default: string;
  meaning: string;
  /** Reads the raw value (undefined when unset) into the config; throws a sentence on a bad value. */
  read(raw: string | undefined, into: Partial<Config>): void;
}

const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;
const on = (raw: string | undefined) => raw === '1';

export const SETTINGS: readonly Setting[] = [
  { name: 'DATA_DIR', default: './data', meaning: 'where lagesbild.sqlite (and its WAL files) live', read: (raw, c) => (c.dataDir = resolve(raw || './data')) },
  {
    name: 'BACKUP_TIME',
    default: '02:30',
    meaning: 'Europe/Stockholm time of the nightly backup into BACKUP_DIR; off turns it off',
    read: (raw, c) => {
      const time = raw || '02:30';
      if (time !== 'off' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) {
        throw new Error(`BACKUP_TIME must be a time "HH:MM" (Europe/Stockholm) or "off", not "${time.slice(0, 40)}"`);
      }
      c.backup = { ...c.backup!, time: time === 'off' ? null : time };
    },
  },
  {
    name: 'BACKUP_DIR',
    default: 'DATA_DIR/backups',
    meaning: 'where nightly backups (and npm run backup without a file) go',
    read: (raw, c) => (c.backup = { ...c.backup!, dir: raw ? resolve(raw) : join(c.dataDir!, 'backups') }),
  },
  {
    name: 'BACKUP_KEEP_DAILY',
    default: '7',
    meaning: 'nightly backups kept: the newest days',
    read: (raw, c) => (c.backup = { ...c.backup!, keepDaily: backupCount('BACKUP_KEEP_DAILY', raw, 7) }),
  },
  {
    name: 'BACKUP_KEEP_WEEKLY',
    default: '8',
    meaning: 'nightly backups kept besides: the newest of each of the newest ISO weeks',
    read: (raw, c) => {
      const keepWeekly = backupCount('BACKUP_KEEP_WEEKLY', raw, 8);
      if (keepWeekly + c.backup!.keepDaily === 0) {
        throw new Error('BACKUP_KEEP_DAILY and BACKUP_KEEP_WEEKLY are both 0: every backup would be deleted at once (use BACKUP_TIME=off to turn nightly backups off)');
      }
      c.backup = { ...c.backup!, keepWeekly };
    },
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    meaning: `the JSON log on stdout: ${LOG_LEVELS.join(', ')}`,
    read: (raw, c) => {
      const level = (raw || 'info') as LogLevel;
      if (!LOG_LEVELS.includes(level)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${raw!.slice(0, 40)}"`);
      c.logLevel = level;
    },
  },
  {
    name: 'PORT',
    default: '8080',
    meaning: 'port to listen on (0 = any free port)',
    read: (raw, c) => {
      const port = raw === undefined || raw === '' ? 8080 : Number(raw);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${raw}"`);
      c.port = port;
    },
  },
  { name: 'HOST', default: '127.0.0.1', meaning: 'address to listen on (0.0.0.0 to reach it from phones on the network)', read: (raw, c) => (c.host = raw || '127.0.0.1') },
  {
    name: 'PUBLIC_URL',
    default: 'http://localhost:<port>',
    meaning: 'origin used in printed and shown links and accepted by the CSRF check; https://… turns on Secure cookies and HSTS',
    read: (raw, c) => {
      if (!raw) return void (c.publicUrl = undefined);
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new Error(`PUBLIC_URL must be a URL such as https://est.example.se, not "${raw.slice(0, 80)}"`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`PUBLIC_URL must start with http:// or https://, not "${raw.slice(0, 80)}"`);
      c.publicUrl = raw.replace(/\/+$/, '');
    },
  },
  { name: 'TRUST_PROXY', default: 'off', meaning: '1 behind a reverse proxy: the client address for the log-in throttle comes from X-Forwarded-For', read: (raw, c) => (c.trustProxy = on(raw)) },
  {
    name: 'PERIOD',
    default: 'quarter',
    meaning: 'the follow-up period: quarter (Örebro) or tertial (four months: Kumla, Uppsala)',
    read: (raw, c) => {
      const period = raw || 'quarter';
      if (period !== 'quarter' && period !== 'tertial') throw new Error(`PERIOD must be "quarter" or "tertial", not "${period}"`);
      c.period = period;
    },
  },
  {
    name: 'REGISTER_PREFIX',
    default: 'EST',
    meaning: "prefix of published pictures' register numbers (diarienummer), e.g. EST-2026-48",
    read: (raw, c) => {
      const prefix = raw?.trim() || 'EST';
      if (!PREFIX.test(prefix)) {
        throw new Error(`REGISTER_PREFIX must be 1–20 letters, digits, ".", "_" or "-" starting with a letter or digit, not "${prefix.slice(0, 40)}"`);
      }
      c.registerPrefix = prefix;
    },
  },
  {
    name: 'MUNICIPALITY',
    default: '',
    meaning: "the municipality's name on the statutory lägesbild's first page, e.g. Älvstads kommun",
    read: (raw, c) => {
      const name = raw?.trim() ?? '';
      if (name.length > 120) throw new Error('MUNICIPALITY must be at most 120 characters');
      c.municipality = name;
    },
  },
  {
    name: 'INFORMANTS_SEE_PICTURES',
    default: 'off',
    meaning: '1 lets informant devices read the latest published picture (the feedback that keeps them reporting)',
    read: (raw, c) => (c.informantsSeePictures = on(raw)),
  },
  {
    name: 'VAPID_SUBJECT',
    default: DEFAULT_VAPID_SUBJECT,
    meaning: 'contact (mailto: or https:) sent to push services; VAPID keys are generated on first start and kept in the database',
    read: (raw, c) => (c.vapidSubject = checkVapidSubject(raw?.trim() || DEFAULT_VAPID_SUBJECT)),
  },
  {
    name: 'SMTP_URL',
    default: 'off',
    meaning: 'the weekly send-out by e-mail: smtp://user:password@host:587 (STARTTLS when offered) or smtps://user:password@host:465; set with MAIL_FROM',
    // Kept until MAIL_FROM (the next row) has been read: the two are checked together.
    read: (raw, c) => (c.mail = raw?.trim() ? { smtpUrl: raw.trim(), from: '' } : null),
  },
  {
    name: 'MAIL_FROM',
    default: 'off',
    meaning: "the send-out's sender, e.g. \"Lägesbild Älvstad <lagesbild@alvstad.se>\"",
    read: (raw, c) => (c.mail = checkMailConfig(c.mail?.smtpUrl ?? '', raw ?? '')),
  },
  { name: 'CLIENT_DIR', default: 'dist/', meaning: 'the built client to serve (the browser tests serve a build of their own)', read: (raw, c) => (c.clientDir = raw ? resolve(raw) : undefined) },
  {
    name: 'TLS_CERT',
    default: 'off',
    meaning: 'PEM certificate (chain) file: with TLS_KEY the server speaks HTTPS on PORT',
    read: (raw, c) => (c.tls = raw ? { certFile: resolve(raw), keyFile: '' } : undefined),
  },
  {
    name: 'TLS_KEY',
    default: 'off',
    meaning: 'PEM private key file of TLS_CERT',
    read: (raw, c) => {
      if ((c.tls === undefined) !== !raw) {
        throw new Error(`TLS_CERT and TLS_KEY go together: set both (the certificate and its private key, PEM files) or neither; only ${c.tls ? 'TLS_CERT' : 'TLS_KEY'} is set`);
      }
      if (c.tls && raw) c.tls.keyFile = resolve(raw);
    },
  },
  {
    name: 'HTTP_REDIRECT_PORT',
    default: 'off',
    meaning: 'with TLS: also answer plain HTTP on this port with a redirect (308) to the https origin',
    read: (raw, c) => {
      if (!raw) return void (c.httpRedirectPort = undefined);
      if (!c.tls) throw new Error('HTTP_REDIRECT_PORT redirects plain HTTP to HTTPS, so it needs TLS_CERT and TLS_KEY as well');
      const port = Number(raw);
      if (raw.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`HTTP_REDIRECT_PORT must be a port number, not "${raw}"`);
      c.httpRedirectPort = port;
    },
  },
  {
    name: 'MAP_ATTRIBUTION',
    default: '(none)',
    meaning: "attribution shown on the map for MAP_TILE_URL's tiles, e.g. © OpenStreetMap contributors",
    read: (raw, c) => (c.mapTiles = raw?.trim() ? ({ url: '', origin: '', attribution: raw.trim() } as MapTiles) : null),
  },
  {
    name: 'MAP_TILE_URL',
    default: 'off',
    meaning: "XYZ tile template of the map's basemap, e.g. https://karta.example.se/{z}/{x}/{y}.png (one host: the CSP allows exactly its origin for images); off: outlines on a plain background",
    read: (raw, c) => {
      const tiles = parseMapTiles(raw, c.mapTiles?.attribution);
      if (tiles instanceof Error) throw tiles;
      c.mapTiles = tiles;
    },
  },
  { name: '--demo', default: 'off', meaning: 'seed the demo municipality on an empty database; print demo staff and invites', read: (raw, c) => (c.demo = raw !== undefined) },
  { name: '--help', default: '', meaning: 'print this table and exit', read: () => {} },
];

/** Thrown for --help: the caller prints `text` and exits 0. */
export class HelpRequested {
  constructor(readonly text: string) {}
}

export function helpText(): string {
  const rows = SETTINGS.map((s) => [s.name, s.default, s.meaning] as const);
  const width = Math.max(...rows.map(([n]) => n.length));
  const defaults = Math.max(...rows.map(([, d]) => d.length));
  return [
    'Lägesbild server. Settings come from the environment; flags from the command line.',
    '',
    `${'variable / flag'.padEnd(width)}  ${'default'.padEnd(defaults)}  meaning`,
    ...rows.map(([n, d, m]) => `${n.padEnd(width)}  ${d.padEnd(defaults)}  ${m}`),
  ].join('\n');
}

export function readConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): Config {
  const flags = SETTINGS.filter((s) => s.name.startsWith('--')).map((s) => s.name);
  const unknown = argv.filter((a) => !flags.includes(a));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')} (the options are ${flags.join(', ')})`);
  if (argv.includes('--help')) throw new HelpRequested(helpText());
  const config: Partial<Config> = {};
  for (const s of SETTINGS) s.read(s.name.startsWith('--') ? (argv.includes(s.name) ? '' : undefined) : env[s.name], config);
  return config as Config;
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
