/**
 * The follow-up layer on top of a synthetic history (tests/support/synthetic.ts):
 * interventions (~24 a year, a third at a place, most with a follow-up, some with
 * linked observations) and a priorities decision per period. Written through the
 * features' own stores, so the rows are exactly what the product writes. Used by
 * the followup bench and by the test that compares the period and year answers of
 * the fast path with the plain one.
 */
import type { Db } from '../../server/db/open';
import { interventionStore } from '../../server/interventions/store';
import { periodStore } from '../../server/periods/store';
import { prng } from '../../server/demo/prng';
import { INDICATOR_KEYS } from '../../shared/indicators';
import { addPeriods, periodOfWeek, type PeriodKind } from '../../shared/followup';
import { DECISIONS, OUTCOMES } from '../../shared/interventions';
import { addWeeks, mondayOf } from '../../shared/weeks';
import type { SyntheticResult } from './synthetic';

export interface FollowupHistoryOptions {
  kind: PeriodKind;
  /** The clock of the writes (created_at, decided_at). */
  now: Date;
  seed?: number;
  /** Every `every` weeks one intervention (2 ≈ 26 a year). */
  every?: number;
  /** Share of interventions with linked observations (their indicators count too). */
  linkShare?: number;
}

export interface FollowupHistory {
  interventions: number;
  followUps: number;
  priorities: number;
}

export function addFollowupHistory(db: Db, gen: SyntheticResult, opts: FollowupHistoryOptions): FollowupHistory {
  const rnd = prng(opts.seed ?? 7);
  const every = opts.every ?? 2;
  const linkShare = opts.linkShare ?? 0;
  const places = db.prepare('SELECT id, area_id AS areaId FROM places').all() as { id: string; areaId: string }[];
  const observationsOf = db.prepare<[string, string], { id: string }>('SELECT id FROM observations WHERE week = ? AND area_id = ? LIMIT 3');
  const istore = interventionStore(db);
  const fstore = periodStore(db);
  const { now } = opts;
  let interventions = 0;
  let followUps = 0;
  let priorities = 0;
  for (let w = 8; w < gen.weeks.length - 2; w += every) {
    const week = gen.weeks[w]!;
    const areaId = gen.areaIds[rnd.int(Math.min(12, gen.areaIds.length))]!;
    const place = rnd.next() < 0.33 ? places.find((p) => p.areaId === areaId) : undefined;
    const start = mondayOf(addWeeks(week, 1));
    const end = rnd.next() < 0.7 ? mondayOf(addWeeks(week, 4 + rnd.int(20))) : null;
    const links = rnd.next() < linkShare ? observationsOf.all(week, areaId).map((o) => o.id) : [];
    const out = istore.create(
      {
        areaId, ...(place ? { placeId: place.id } : {}), categories: links.length > 0 && rnd.next() < 0.5 ? [] : [rnd.pick(INDICATOR_KEYS)],
        ...(links.length > 0 ? { observationIds: links } : {}), action: 'Väktare kvällstid', organisation: 'Kommunen',
        term: end ? 'short' : 'long', plannedStart: start, plannedEnd: end, status: 'active', decidedWeek: week,
      },
      { now },
    );
    if (!out.ok) throw new Error(out.error);
    interventions++;
    if (rnd.next() < 0.8 && w + 6 < gen.weeks.length) {
      const f = istore.addFollowUp(out.value.id, { week: gen.weeks[w + 6]!, carriedOut: 'yes', outcome: rnd.pick(OUTCOMES), decision: rnd.pick(DECISIONS) }, { now });
      if (!f.ok) throw new Error(f.error);
      followUps++;
      // A second follow-up now and then, so "the latest" has something to choose from.
      if (rnd.next() < 0.3 && w + 8 < gen.weeks.length) {
        const g = istore.addFollowUp(out.value.id, { week: gen.weeks[w + 8]!, carriedOut: 'partly', outcome: rnd.pick(OUTCOMES), decision: rnd.pick(DECISIONS) }, { now });
        if (!g.ok) throw new Error(g.error);
        followUps++;
      }
    }
  }
  const last = gen.weeks[gen.weeks.length - 1]!;
  const lastPeriod = periodOfWeek(last, opts.kind);
  const firstPeriod = periodOfWeek(addWeeks(gen.weeks[0]!, 13), opts.kind);
  for (let p = firstPeriod; p <= lastPeriod; p = addPeriods(p, 1)) {
    const ids = [0, 1, 2].map(() => gen.areaIds[rnd.int(gen.areaIds.length)]!);
    if (new Set(ids).size === 3 && fstore.putPriorities(p, { areaIds: ids, rationale: 'Flest rapporter.' }, { now }).ok) priorities++;
  }
  return { interventions, followUps, priorities };
}
