/**
 * The one logger: one JSON line per event (pino) on stdout, for journald or any log
 * shipper. What goes into a line is chosen field by field where it is logged – never
 * request bodies, headers or raw paths – and the redaction below is the safety net for
 * the secrets the product handles: report notes, device tokens, invite and setup codes,
 * passwords, cookies and Authorization headers.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger };

const SECRET_KEYS = ['note', 'notes', 'token', 'password', 'newPassword', 'cookie', 'authorization', 'secret', 'p256dh'];

export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  // Not `*.code`: an error's code (SQLITE_BUSY, ENOENT) is what the reader needs.
  'code',
  'inviteCode',
  'setupCode',
  'body',
  '*.body',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export function createLogger(opts: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous: a line written just before a crash or process.exit is not lost.
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** For tests and tools that want no log lines at all. */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * The path as logged: secrets that travel in paths – invite codes in `/enrol/<code>`,
 * setup codes in `/setup/<code>` and `/api/v1/setup/<code>` – are replaced by the
 * parameter's name. Query strings are never logged.
 */
export function loggablePath(path: string): string {
  return path
    .replace(/^(\/(?:api\/v1\/)?(?:enrol|setup))\/[^/?#]+/, '$1/:code')
    .replace(/[?#].*$/, '');
}
