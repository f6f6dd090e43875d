import * as v from 'valibot';
import { ReportSchema, describeIssues, type Report } from '../../shared/schemas';
import { PERSONAL_DATA_KIND_NAMES, findPersonalData } from '../../shared/personal-data';
import { mondayOf, weeksBetween, type IsoWeek } from '../../shared/weeks';
import type { IngestRule } from '../../shared/api';

/** How far from the current week a report may be: next week at most, eight weeks back at most. */
export const MAX_WEEKS_AHEAD = 1;
export const MAX_WEEKS_BACK = 8;

/** How far ahead of the server's clock a phone's clock may be (a wrong time zone, not year 9999). */
export const MAX_CREATED_AHEAD_MS = 24 * 3_600_000;
/** How long before its week a report may have been written (one week ahead is allowed, plus a day). */
export const CREATED_BEFORE_WEEK_DAYS = 8;

export interface Refs {
  currentWeek: IsoWeek;
  /** The server's clock, for the upper bound of createdAt. */
  now: Date;
  areaIds: ReadonlySet<string>;
  /** place id → the area it lies in */
  placeAreas: ReadonlyMap<string, string>;
}

export type Checked = { ok: true; report: Report } | { ok: false; id: string | null; rule: IngestRule; message: string };

/** The report's id if it has a usable one, so a refusal can still be matched to its item. */
export function idOf(raw: unknown): string | null {
  if (raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' && raw.id.length <= 64) return raw.id;
  return null;
}

/** Shape only: the schema plus the rules that need no reference data. */
export function parseReport(raw: unknown): Checked {
  const parsed = v.safeParse(ReportSchema, raw);
  if (!parsed.success) return refuse(idOf(raw), 'schema', describeIssues(parsed.issues));
  const report = parsed.output;
  if (report.calm && report.observations.length > 0) {
    return refuse(report.id, 'calm_mismatch', 'a calm report must have no observations');
  }
  if (!report.calm && report.observations.length === 0) {
    return refuse(report.id, 'calm_mismatch', 'a report that is not calm needs at least one observation');
  }
  const seen = new Set<string>();
  for (const [i, o] of report.observations.entries()) {
    if (seen.has(o.id)) return refuse(report.id, 'schema', `observations[${i}].id: used twice in this report`);
    seen.add(o.id);
  }
  return { ok: true, report };
}

/** The rules that need the server's view: the week window, known areas and places, personal data. */
export function checkAgainstRefs(report: Report, refs: Refs): Checked {
  const age = weeksBetween(report.week, refs.currentWeek);
  if (age > MAX_WEEKS_BACK) {
    return refuse(report.id, 'week_out_of_range', `week ${report.week} is more than ${MAX_WEEKS_BACK} weeks old`);
  }
  if (-age > MAX_WEEKS_AHEAD) {
    return refuse(report.id, 'week_out_of_range', `week ${report.week} is more than one week in the future`);
  }
  // createdAt as the phone's clock says: not in the future, not long before the week.
  const created = Date.parse(report.createdAt);
  if (created > refs.now.getTime() + MAX_CREATED_AHEAD_MS) {
    return refuse(report.id, 'schema', `createdAt: ${report.createdAt.slice(0, 10)} is in the future; check the phone's date and time`);
  }
  if (created < Date.parse(`${mondayOf(report.week)}T00:00:00Z`) - CREATED_BEFORE_WEEK_DAYS * 86_400_000) {
    return refuse(report.id, 'schema', `createdAt: ${report.createdAt.slice(0, 10)} is long before week ${report.week}; check the phone's date`);
  }
  for (const [i, o] of report.observations.entries()) {
    if (!refs.areaIds.has(o.areaId)) {
      return refuse(report.id, 'unknown_area', `observations[${i}].areaId: no area "${o.areaId}"`);
    }
    if (o.placeId !== undefined && refs.placeAreas.get(o.placeId) !== o.areaId) {
      return refuse(report.id, 'unknown_place', `observations[${i}].placeId: no place "${o.placeId}" in that area`);
    }
    if (o.note) {
      const found = findPersonalData(o.note);
      if (found.length > 0) {
        // Name the kind and position only: the refusal must not echo the personal data back.
        const where = found.map((f) => `${PERSONAL_DATA_KIND_NAMES[f.kind]} at ${f.start}–${f.end}`).join(', ');
        return refuse(report.id, 'personal_data', `observations[${i}].note contains ${where}`);
      }
    }
  }
  return { ok: true, report };
}

function refuse(id: string | null, rule: IngestRule, message: string): Checked {
  return { ok: false, id, rule, message };
}
