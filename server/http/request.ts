/**
 * Reading request bodies: one way for every route.
 *
 * A route that takes a body declares it with `jsonBody(schema, {limit})` in its handler
 * chain. The app-wide `bodyLimits()` middleware (mounted on /api/*) looks up the limit
 * the matched route declared – 64 KB when it declared none, including routes that take
 * no body at all – and enforces it with Hono's bodyLimit BEFORE anything is buffered:
 * a Content-Length over the limit is refused at once, a chunked body is refused as soon
 * as the bytes read pass the limit. So nobody can make the server hold 50 MB for a log-in.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { bodyLimit } from 'hono/body-limit';
import { matchedRoutes } from 'hono/route';
import * as v from 'valibot';
import { describeIssues } from '../../shared/schemas';
import { Refusal, sendRefusal } from './errors';

export const KB = 1024;
export const MB = 1024 * KB;
/** Log-in, enrol, setup, subscriptions, admin forms: a few hundred bytes in practice. */
export const DEFAULT_BODY_LIMIT = 64 * KB;

interface DeclaredLimit {
  bytes: number;
  tooLarge: Refusal;
}

/** The limit each `jsonBody` middleware declared, found again through the matched route. */
const declared = new WeakMap<object, DeclaredLimit>();

const tooLarge = (bytes: number) =>
  new Refusal(413, 'body_too_large', `The request body is too large: at most ${bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`} is accepted here.`);

/** Hono wraps a sub-app's handler when the sub-app has its own error handler; the original is kept here. */
const COMPOSED_HANDLER = '__COMPOSED_HANDLER';

/** App-wide: enforce the matched route's declared body limit (default 64 KB) before the body is read. */
export function bodyLimits(): MiddlewareHandler {
  const fallback: DeclaredLimit = { bytes: DEFAULT_BODY_LIMIT, tooLarge: tooLarge(DEFAULT_BODY_LIMIT) };
  return async (c, next) => {
    let limit = fallback;
    for (const route of matchedRoutes(c)) {
      const handler = (route.handler as unknown as Record<string, unknown>)[COMPOSED_HANDLER] ?? route.handler;
      const own = declared.get(handler as object);
      if (own && own.bytes > limit.bytes) limit = own;
    }
    return bodyLimit({ maxSize: limit.bytes, onError: (cx) => sendRefusal(cx, limit.tooLarge) })(c, next);
  };
}

export interface JsonBodyOptions {
  /** Bytes accepted (default 64 KB); enforced by `bodyLimits()` before buffering. */
  limit?: number;
  /** The expected shape, for the sentences, e.g. `{"email", "password"}`. */
  shape?: string;
  /** What the body is, for "Invalid <what>: …" (default "request"). */
  what?: string;
  /** The 413 answer when a route keeps its own (reports: `too_large`). */
  tooLarge?: Refusal;
}

export type JsonBodyEnv<T> = { Variables: { body: T } };

/** Reads a JSON body; `undefined` means it was not JSON. */
async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

/**
 * Reads the JSON body and validates it against `schema`; the handler gets the parsed
 * value as `c.get('body')`. Not JSON, or not the schema: 400 `bad_request` with a
 * sentence naming the field path.
 */
export function jsonBody<S extends v.GenericSchema>(schema: S, opts: JsonBodyOptions = {}) {
  const bytes = opts.limit ?? DEFAULT_BODY_LIMIT;
  const middleware = createMiddleware<JsonBodyEnv<v.InferOutput<S>>>(async (c, next) => {
    const result = await parseJson(c, schema, opts);
    if (result instanceof Refusal) return sendRefusal(c, result);
    c.set('body', result);
    await next();
  });
  declared.set(middleware, { bytes, tooLarge: opts.tooLarge ?? tooLarge(bytes) });
  return middleware;
}

async function parseJson<S extends v.GenericSchema>(c: Context, schema: S, opts: JsonBodyOptions): Promise<v.InferOutput<S> | Refusal> {
  const raw = await readJson(c);
  if (raw === undefined) return new Refusal(400, 'bad_request', `The request body must be JSON${opts.shape ? `: ${opts.shape}` : ''}.`);
  const parsed = v.safeParse(schema, raw);
  if (parsed.success) return parsed.output;
  const issues = describeIssues(parsed.issues);
  return new Refusal(400, 'bad_request', opts.shape ? `Expected ${opts.shape}: ${issues}.` : `Invalid ${opts.what ?? 'request'}: ${issues}.`);
}
