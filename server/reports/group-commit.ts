/**
 * Group commit for report batches: the batches of requests that arrive together
 * are stored in ONE transaction (ingestBatches), and every one of them is answered
 * only after that transaction has committed. With synchronous=FULL (server/db/open.ts)
 * the commit has reached the disk when it returns, so "once `created` is answered,
 * the report is on disk" holds for each request exactly as with one transaction per
 * request; what is saved is the commit and fsync per request (docs/architecture.md,
 * "From a tap to a row").
 *
 * A request takes a ticket when it enters the route, before its body is read. The
 * group is written as soon as every ticket holder has handed in its batch (or left,
 * refused), or MAX_WAIT_MS after the first batch is waiting – so a slow upload
 * delays the others by at most that. Right after a commit (under load) it also waits
 * up to MAX_WAIT_MS for the next requests on their way; on an idle server a lone
 * phone's batch is written at once.
 */
import type { IngestResult } from '../../shared/api';
import { ingestBatches, type Batch } from './ingest';
import type { ReportStore } from './store';

/** Longest a handed-in batch waits for the other requests being read. */
export const MAX_WAIT_MS = 3;
/** Reports per transaction at most; the rest go in the next one (keeps one commit short). */
export const MAX_GROUP_REPORTS = 2000;
/** A group written this recently means the server is under load. */
const BUSY_MS = 20;

export interface Ticket {
  /** Stores the batch with whatever else is waiting; resolves after the commit. */
  submit(batch: Batch): Promise<IngestResult[]>;
  /** The request ends without a batch (refused, failed to read): stop waiting for it. */
  release(): void;
}

interface Waiting {
  batch: Batch;
  resolve(results: IngestResult[]): void;
  reject(err: unknown): void;
}

export function groupCommitter(store: ReportStore, now: () => Date) {
  let open = 0; // tickets taken and neither submitted nor released
  let waiting: Waiting[] = [];
  let timer: NodeJS.Timeout | null = null;
  let immediate = false;
  let lastWrite = -Infinity;
  const pendingReports = () => waiting.reduce((n, w) => n + w.batch.items.length, 0);

  const schedule = () => {
    if (waiting.length === 0 || immediate) return;
    // Under load (a group was written a moment ago) the next requests are typically
    // still on their way: wait for them briefly, so the next commit carries more.
    const busy = performance.now() - lastWrite < BUSY_MS;
    if (open === 0 && !(busy && pendingReports() < MAX_GROUP_REPORTS)) {
      // Everyone is in: write after the I/O callbacks of this turn (more may be complete).
      if (timer) clearTimeout(timer);
      timer = null;
      immediate = true;
      setImmediate(flush);
    } else if (!timer) {
      timer = setTimeout(flush, MAX_WAIT_MS);
    }
  };

  const flush = () => {
    immediate = false;
    if (timer) clearTimeout(timer);
    timer = null;
    if (waiting.length === 0) return;
    let reports = 0;
    let n = 0;
    while (n < waiting.length && (n === 0 || reports + waiting[n]!.batch.items.length <= MAX_GROUP_REPORTS)) {
      reports += waiting[n]!.batch.items.length;
      n++;
    }
    const group = waiting.slice(0, n);
    waiting = waiting.slice(n);
    write(group);
    lastWrite = performance.now();
    schedule();
  };

  const write = (group: Waiting[]) => {
    let results: IngestResult[][];
    try {
      results = ingestBatches(store, group.map((w) => w.batch), now());
    } catch (err) {
      if (group.length === 1) return group[0]!.reject(err);
      // Nothing of the group was stored. Each batch again on its own, so one that
      // cannot be stored fails alone and the others are answered as usual.
      for (const w of group) write([w]);
      return;
    }
    group.forEach((w, i) => w.resolve(results[i]!));
  };

  return {
    ticket(): Ticket {
      open++;
      let done = false;
      const leave = () => {
        if (done) return false;
        done = true;
        open--;
        return true;
      };
      return {
        submit(batch) {
          if (!leave()) throw new Error('ticket already used');
          return new Promise<IngestResult[]>((resolve, reject) => {
            waiting.push({ batch, resolve, reject });
            schedule();
          });
        },
        release() {
          if (leave()) schedule();
        },
      };
    },
  };
}
