import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../../shared/api';

/** Every refusal has the same shape: a sentence a person can act on and a stable code. */
export function apiError(c: Context, status: ContentfulStatusCode, code: string, error: string) {
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
