import { createHash } from 'node:crypto';
import type { IngestResult } from '../../shared/api';
import { weekOf } from '../../shared/weeks';
import { checkAgainstRefs, parseReport, type Refs } from './validate';
import type { ReportStore } from './store';

export interface Reporter {
  functionId: string;
  deviceId: string | null;
}

/**
 * Stores a batch in ONE transaction and answers per item. Idempotent: the same
 * id with the same content is `duplicate`, with other content `conflict`, so a
 * client may resend anything it is unsure about.
 */
export function ingestBatch(store: ReportStore, items: readonly unknown[], reporter: Reporter, now: Date): IngestResult[] {
  const receivedAt = now.toISOString();
  // Parsing is pure: do it outside the write lock.
  const parsed = items.map(parseReport);
  return store.db.transaction(() => {
    const refs: Refs = { currentWeek: weekOf(now), now, areaIds: store.areaIds(), placeAreas: store.placeAreas() };
    const valid = parsed.flatMap((p) => (p.ok ? [p.report] : []));
    // Two lookups per batch instead of one per item; kept current as the batch is stored.
    const stored = store.findReports(valid.map((r) => r.id));
    const storedObservations = store.storedObservationIds(valid.flatMap((r) => r.observations.map((o) => o.id)));
    return parsed.map((checked): IngestResult => {
      if (!checked.ok) return { id: checked.id, status: 'invalid', rule: checked.rule, error: `${checked.rule}: ${checked.message}` };
      const report = checked.report;
      const hash = contentHash(report);
      const existing = stored.get(report.id);
      if (existing) {
        if (existing.content_hash === hash && existing.function_id === reporter.functionId) {
          return { id: report.id, status: 'duplicate' };
        }
        return { id: report.id, status: 'conflict', rule: 'id_conflict', error: 'id_conflict: a different report with this id is already stored' };
      }
      const ok = checkAgainstRefs(report, refs);
      if (!ok.ok) return { id: report.id, status: 'invalid', rule: ok.rule, error: `${ok.rule}: ${ok.message}` };
      for (const o of report.observations) {
        if (storedObservations.has(o.id)) {
          return { id: report.id, status: 'conflict', rule: 'id_conflict', error: `id_conflict: observation ${o.id} is already stored in another report` };
        }
      }
      store.insert(report, { ...reporter, receivedAt, contentHash: hash });
      stored.set(report.id, { function_id: reporter.functionId, content_hash: hash });
      for (const o of report.observations) storedObservations.add(o.id);
      return { id: report.id, status: 'created' };
    });
  })();
}

/** Hash of the validated shape (valibot emits keys in schema order, so it is canonical). */
export function contentHash(report: unknown): string {
  return createHash('sha256').update(JSON.stringify(report)).digest('base64url');
}
