import { Refusal } from '../http/errors';

export { Refusal };

export const notFound = (what: string) => new Refusal(404, 'not_found', `No such ${what}.`);

/** Turns SQLite constraint errors into a sentence; anything else is rethrown (→ 500). */
export function constraint(err: unknown, unique: string): Refusal {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new Refusal(409, 'exists', unique);
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new Refusal(409, 'in_use', 'It is still in use and cannot be removed.');
  throw err;
}
