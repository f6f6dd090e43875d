import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

declare module 'hono' {
  interface ContextVariableMap {
    /** The `code` of the refusal this request was answered with (for the request log). */
    refusal: string;
  }
}

/**
 * The one refusal shape. Models return it (never throw it) when a request cannot be
 * done; `sendRefusal` is the one place that turns it into the wire answer
 * `{error, code, ...details}` (the `ApiError` of shared/api.ts plus any extra fields a
 * client needs, e.g. the current version on a conflict). `ok: false` lets a model
 * return `{ok: true, value} | Refusal` and callers narrow on `ok`.
 */
export class Refusal {
  readonly ok = false as const;
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    /** A sentence a person can act on. */
    readonly error: string,
    readonly details?: Record<string, unknown>,
  ) {}
}

export function sendRefusal(c: Context, r: Refusal): Response {
  // The request log names the refusal by its code (never by its sentence, which may quote input).
  c.set('refusal', r.code);
  return c.json({ error: r.error, code: r.code, ...r.details }, r.status);
}

/** Shorthand for a refusal decided in a route: a sentence and a stable code. */
export function apiError(c: Context, status: ContentfulStatusCode, code: string, error: string): Response {
  return sendRefusal(c, new Refusal(status, code, error));
}
