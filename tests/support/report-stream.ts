import { randomUUID } from 'node:crypto';
import { weekOf } from '../../shared/weeks';
import type { Report } from '../../shared/schemas';
import type { IngestResult } from '../../shared/api';

/** The i-th report of a stream: every fifth a calm week, the others three observations with a note. */
export function makeStreamReport(areaIds: readonly string[], i: number): Report {
  return {
    id: randomUUID(),
    week: weekOf(new Date()),
    createdAt: new Date().toISOString(),
    calm: i % 5 === 0,
    observations:
      i % 5 === 0
        ? []
        : Array.from({ length: 3 }, (_, k) => ({
            id: randomUUID(),
            category: 'vandalism' as const,
            areaId: areaIds[(i + k) % areaIds.length]!,
            timeOfDay: 'night' as const,
            persists: k === 0,
            note: `Klotter på gaveln, runda ${i}`,
          })),
  };
}

/** Enrols with an invite link printed by the server; returns the token and the areas it may report on. */
export async function enrolFromInvite(url: string, inviteUrl: string): Promise<{ token: string; areaIds: string[] }> {
  const enrol = await fetch(`${url}/api/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: inviteUrl.split('/').pop() }),
  });
  const { token } = (await enrol.json()) as { token: string };
  const ctx = (await (await fetch(`${url}/api/v1/informant/context`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    areas: { id: string }[];
  };
  return { token, areaIds: ctx.areas.map((a) => a.id) };
}

export interface ReportStream {
  /** Every report sent, acknowledged or not. */
  sent: Report[];
  /** Ids the server answered `created` for, in the order the answers came. */
  acknowledged: Set<string>;
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<void>;
  /** Resolves once `n` more reports than now are acknowledged. */
  waitForMore(n: number): Promise<void>;
}

/**
 * `parallel` clients sending batches of 50 reports back to back over real HTTP until
 * stopped. A request the server dies under ends that client: nothing was acknowledged.
 */
export function streamReports(url: string, token: string, areaIds: readonly string[], opts: { parallel?: number; counter?: { n: number }; sent?: Report[]; acknowledged?: Set<string> } = {}): ReportStream {
  const sent = opts.sent ?? [];
  const acknowledged = opts.acknowledged ?? new Set<string>();
  const counter = opts.counter ?? { n: 0 };
  let stop = false;
  const unexpected: string[] = [];
  const clients = Array.from({ length: opts.parallel ?? 2 }, async () => {
    while (!stop) {
      const batch = Array.from({ length: 50 }, () => makeStreamReport(areaIds, counter.n++));
      sent.push(...batch);
      try {
        const res = await fetch(`${url}/api/v1/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ reports: batch }),
        });
        const { results } = (await res.json()) as { results: IngestResult[] };
        for (const r of results) {
          if (r.status === 'created') acknowledged.add(r.id!);
          else unexpected.push(`${r.id}: ${r.status}`);
        }
      } catch {
        return;
      }
    }
  });
  return {
    sent,
    acknowledged,
    async stop() {
      stop = true;
      await Promise.all(clients);
      if (unexpected.length > 0) throw new Error(`reports not created: ${unexpected.slice(0, 5).join(', ')}`);
    },
    async waitForMore(n) {
      const target = acknowledged.size + n;
      while (acknowledged.size < target) await new Promise((r) => setTimeout(r, 5));
    },
  };
}
