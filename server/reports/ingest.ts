import { hash } from 'node:crypto';
import type { IngestResult } from '../../shared/api';
import { weekOf } from '../../shared/weeks';
import { checkAgainstRefs, parseReport, type Refs } from './validate';
import type { ReportStore } from './store';

export interface Reporter {
  functionId: string;
  deviceId: string | null;
}

/** One batch as one device sent it. */
export interface Batch {
  items: readonly unknown[];
  reporter: Reporter;
}

/**
 * Stores a batch in ONE transaction and answers per item. Idempotent: the same
 * id with the same content is `duplicate`, with other content `conflict`, so a
 * client may resend anything it is unsure about.
 */
export function ingestBatch(store: ReportStore, items: readonly unknown[], reporter: Reporter, now: Date): IngestResult[] {
  return ingestBatches(store, [{ items, reporter }], now)[0]!;
}

/**
 * Several batches (from several requests) in ONE transaction – one commit, one
 * fsync – each answered as if it had come alone: a later batch sees what an
 * earlier one stored, so the same id in two of them is `created` then
 * `duplicate`. Either every batch of the group is stored or none is.
 */
export function ingestBatches(store: ReportStore, batches: readonly Batch[], now: Date): IngestResult[][] {
  const receivedAt = now.toISOString();
  // Parsing and hashing are pure: do them outside the write lock.
  const checked = batches.map((b) => b.items.map(parseReport));
  const hashes = checked.map((list) => list.map((p) => (p.ok ? contentHash(p.report) : '')));
  return store.db.transaction(() => {
    const refs: Refs = { currentWeek: weekOf(now), now, areaIds: store.areaIds(), placeAreas: store.placeAreas() };
    const valid = checked.flat().flatMap((p) => (p.ok ? [p.report] : []));
    // Two lookups per group instead of one per item; kept current as the group is stored.
    const stored = store.findReports(valid.map((r) => r.id));
    const storedObservations = store.storedObservationIds(valid.flatMap((r) => r.observations.map((o) => o.id)));
    return batches.map(({ reporter }, b) =>
      checked[b]!.map((item, k): IngestResult => {
        if (!item.ok) return { id: item.id, status: 'invalid', rule: item.rule, error: `${item.rule}: ${item.message}` };
        const report = item.report;
        const hash = hashes[b]![k]!;
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
      }),
    );
  })();
}

/** Hash of the validated shape (valibot emits keys in schema order, so it is canonical). */
export function contentHash(report: unknown): string {
  // One-shot hash: no Hash object per report (a batch hashes up to 500).
  return hash('sha256', JSON.stringify(report), 'base64url');
}
