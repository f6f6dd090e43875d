import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../../shared/api';

declare module 'hono' {
  interface ContextVariableMap {
    /** The `code` of the refusal this request was answered with (for the request log). */
    refusal: string;
  }
}

/** Every refusal has the same shape: a sentence a person can act on and a stable code. */
export function apiError(c: Context, status: ContentfulStatusCode, code: string, error: string) {
  // The request log names the refusal by its code (never by its sentence, which may quote input).
  c.set('refusal', code);
  return c.json<ApiError>({ error, code }, status);
}

/** Reads a JSON body; `undefined` means it was not JSON (the caller answers 400). */
export async function readJson(c: Context): Promise<unknown | undefined> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}
