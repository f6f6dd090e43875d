/**
 * Small HTTP helpers shared by the interventions and follow-up routes: reading a
 * body against a valibot schema (400 naming the field), refusing personal data
 * (400 naming the field), and who is acting.
 */
import type { Context } from 'hono';
import * as v from 'valibot';
import { personalDataFields } from '../../shared/interventions';
import { PERSONAL_DATA_KIND_NAMES } from '../../shared/personal-data';
import { describeIssues } from '../../shared/schemas';
import { apiError, readJson } from '../http/errors';

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

/** Reads the JSON body, validates it, and refuses personal data in `textFields`. */
export async function parseBody<S extends v.GenericSchema>(
  c: Context,
  schema: S,
  what: string,
  textFields: readonly string[],
): Promise<Parsed<v.InferOutput<S>>> {
  const raw = await readJson(c);
  if (raw === undefined) return { ok: false, response: apiError(c, 400, 'bad_request', 'The request body must be JSON.') };
  const parsed = v.safeParse(schema, raw);
  if (!parsed.success) return { ok: false, response: apiError(c, 400, 'bad_request', `Invalid ${what}: ${describeIssues(parsed.issues)}.`) };
  const found = personalDataFields(parsed.output as Record<string, unknown>, textFields)[0];
  if (found) {
    return {
      ok: false,
      response: apiError(
        c,
        400,
        'personal_data',
        `${found.field}: contains what looks like ${PERSONAL_DATA_KIND_NAMES[found.kind]}. EST must not hold personal data – remove it and describe the situation without pointing out a person.`,
      ),
    };
  }
  return { ok: true, value: parsed.output };
}

/** The signed-in staff account's id when the auth middleware set one (null in tests without auth). */
export function actorId(c: Context): string | null {
  const staff = (c.get as (key: string) => unknown)('staff') as { id?: unknown } | undefined;
  return typeof staff?.id === 'string' ? staff.id : null;
}
