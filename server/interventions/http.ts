/**
 * Small HTTP helpers shared by the interventions and period routes: refusing personal
 * data in free text (400 naming the field), and who is acting.
 */
import type { Context } from 'hono';
import { personalDataFields } from '../../shared/interventions';
import { PERSONAL_DATA_KIND_NAMES } from '../../shared/personal-data';
import { MB } from '../http/request';
import { Refusal } from '../http/errors';

/** Interventions and priorities carry a few paragraphs of text at most. */
export const INTERVENTION_BODY_LIMIT = 1 * MB;

/** The refusal for the first of `textFields` that holds personal data, if any. */
export function personalDataRefusal(body: object, textFields: readonly string[]): Refusal | undefined {
  const found = personalDataFields(body as Record<string, unknown>, textFields)[0];
  if (!found) return undefined;
  return new Refusal(
    400,
    'personal_data',
    `${found.field}: contains what looks like ${PERSONAL_DATA_KIND_NAMES[found.kind]}. EST must not hold personal data – remove it and describe the situation without pointing out a person.`,
  );
}

/** The signed-in staff account's id when the auth middleware set one (null in tests without auth). */
export function actorId(c: Context): string | null {
  const staff = (c.get as (key: string) => unknown)('staff') as { id?: unknown } | undefined;
  return typeof staff?.id === 'string' ? staff.id : null;
}
