import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as v from 'valibot';
import { describeIssues } from '../../shared/schemas';
import { apiError, readJson } from '../http/errors';

/** A refusal the model returns (never throws) and the route sends as it is. */
export class Refusal {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly message: string,
    readonly extra?: Record<string, unknown>,
  ) {}
  send(c: Context) {
    return this.extra ? c.json({ error: this.message, code: this.code, ...this.extra }, this.status) : apiError(c, this.status, this.code, this.message);
  }
}

export const notFound = (what: string) => new Refusal(404, 'not_found', `No such ${what}.`);

/** Reads and validates a JSON body; the 400 message names the field. */
export async function parseBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S> | Refusal> {
  const raw = await readJson(c);
  if (raw === undefined) return new Refusal(400, 'bad_request', 'The request body must be JSON.');
  const parsed = v.safeParse(schema, raw);
  if (!parsed.success) return new Refusal(400, 'bad_request', `Invalid request: ${describeIssues(parsed.issues)}.`);
  return parsed.output;
}

/** Turns SQLite constraint errors into a sentence; anything else is rethrown (→ 500). */
export function constraint(err: unknown, unique: string): Refusal {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new Refusal(409, 'exists', unique);
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new Refusal(409, 'in_use', 'It is still in use and cannot be removed.');
  throw err;
}
