/**
 * Recipients from a CSV file (an export from Excel or the municipality's address book):
 * a header row naming the columns – name/namn/funktion, email/e-post/epost/mail,
 * organisation/organisation – separated by ";" (Swedish Excel) or ",". Pure: text in,
 * rows or line-numbered reasons out. Any bad row refuses the whole file, so an import
 * never half-happens.
 */
import { parse } from 'csv-parse/sync';
import * as v from 'valibot';
import { RecipientCreateSchema } from '../../shared/sendout';
import { describeIssues } from '../../shared/schemas';

export interface ImportedRecipient {
  name: string;
  email: string;
  organisation: string;
}

export type CsvOutcome = { ok: true; rows: ImportedRecipient[] } | { ok: false; errors: { line: number; reason: string }[] };

const COLUMNS: Record<keyof ImportedRecipient, RegExp> = {
  name: /^(name|namn|funktion|namn\/funktion|mottagare)$/i,
  email: /^(e-?post|e-?mail|mail|e-?postadress|adress)$/i,
  organisation: /^(organisation|organization|org)$/i,
};

export const MAX_IMPORT_ROWS = 5000;

export function parseRecipientsCsv(text: string): CsvOutcome {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(body, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1;
    return { ok: false, errors: [{ line, reason: `the file is not valid CSV: ${(e as Error).message.replace(/^Invalid Record Length: /, '')}` }] };
  }
  if (records.length === 0) return { ok: false, errors: [{ line: 1, reason: 'the file is empty' }] };
  const header = records[0]!.map((h) => h.trim());
  const index = {} as Record<keyof ImportedRecipient, number>;
  for (const key of Object.keys(COLUMNS) as (keyof ImportedRecipient)[]) index[key] = header.findIndex((h) => COLUMNS[key].test(h));
  const missing = (['name', 'email'] as const).filter((k) => index[k] < 0);
  if (missing.length > 0) {
    return { ok: false, errors: [{ line: 1, reason: `the first row must name the columns: ${missing.map((k) => (k === 'name' ? '"namn"' : '"e-post"')).join(' and ')} missing (found: ${header.join(', ').slice(0, 200) || 'nothing'})` }] };
  }
  if (records.length - 1 > MAX_IMPORT_ROWS) return { ok: false, errors: [{ line: 1, reason: `at most ${MAX_IMPORT_ROWS} recipients per file` }] };
  const rows: ImportedRecipient[] = [];
  const errors: { line: number; reason: string }[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((r, i) => {
    const line = i + 2;
    const raw = { name: r[index.name] ?? '', email: r[index.email] ?? '', organisation: index.organisation >= 0 ? (r[index.organisation] ?? '') : '', lists: [] };
    const parsed = v.safeParse(RecipientCreateSchema, raw);
    if (!parsed.success) {
      errors.push({ line, reason: describeIssues(parsed.issues) });
      return;
    }
    const key = parsed.output.email.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push({ line, reason: `the same address as line ${earlier}` });
      return;
    }
    seen.set(key, line);
    rows.push({ name: parsed.output.name, email: parsed.output.email, organisation: parsed.output.organisation });
  });
  return errors.length > 0 ? { ok: false, errors: errors.slice(0, 50) } : { ok: true, rows };
}
