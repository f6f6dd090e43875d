import { join, resolve } from 'node:path';

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
  backup: BackupConfig;
  logLevel: LogLevel;
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
  const dataDir = resolve(env.DATA_DIR || './data');
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${env.LOG_LEVEL}"`);
  return {
    dataDir,
    port,
    host,
    publicUrl,
    demo: argv.includes('--demo'),
    period,
    clientDir: env.CLIENT_DIR ? resolve(env.CLIENT_DIR) : undefined,
    backup: readBackupConfig(env, dataDir),
    logLevel,
  };
}

function readBackupConfig(env: NodeJS.ProcessEnv, dataDir: string): BackupConfig {
  const time = env.BACKUP_TIME || '02:30';
  if (time !== 'off' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) {
    throw new Error(`BACKUP_TIME must be a time "HH:MM" (Europe/Stockholm) or "off", not "${time}"`);
  }
  const count = (name: 'BACKUP_KEEP_DAILY' | 'BACKUP_KEEP_WEEKLY', fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 1000) throw new Error(`${name} must be a whole number of backups to keep, not "${raw}"`);
    return n;
  };
  const keepDaily = count('BACKUP_KEEP_DAILY', 7);
  const keepWeekly = count('BACKUP_KEEP_WEEKLY', 8);
  if (keepDaily + keepWeekly === 0) throw new Error('BACKUP_KEEP_DAILY and BACKUP_KEEP_WEEKLY are both 0: every backup would be deleted at once (use BACKUP_TIME=off to turn nightly backups off)');
  return {
    dir: env.BACKUP_DIR ? resolve(env.BACKUP_DIR) : join(dataDir, 'backups'),
    time: time === 'off' ? null : time,
    keepDaily,
    keepWeekly,
  };
}
