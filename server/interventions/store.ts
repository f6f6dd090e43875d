/**
 * All SQL of interventions and follow-ups. Needs migration 0005-interventions.sql.
 * Statements are prepared once per database.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import { explainPlans, type QueryPlan } from '../db/explain';
import { unpack, type Packed } from '../db/packed';
import { Refusal } from '../http/errors';
import type { IndicatorKey } from '../../shared/indicators';
import type {
  BeforeAfter,
  FollowUp,
  FollowUpCreate,
  Intervention,
  InterventionCreate,
  InterventionPatch,
  InterventionStatus,
} from '../../shared/interventions';
import { mondayOf, sundayOf, weekRange, type IsoWeek } from '../../shared/weeks';
import { beforeAfterCounts, beforeAfterRange, effectiveIndicators, pictureLine as pictureLineOf, type WeekIndicatorCount } from './compile';

const INTERVENTIONS_SQL = {
  byId: 'SELECT * FROM interventions WHERE id = ?',
  /** ?1 = last day, ?2 = first day: interventions whose planned run overlaps the days. */
  overlapping: `
    SELECT * FROM interventions
     WHERE planned_start <= ? AND (planned_end IS NULL OR planned_end >= ?)
     ORDER BY planned_start, id`,
  decidedIn: 'SELECT * FROM interventions WHERE decided_week = ? ORDER BY planned_start, id',
  all: 'SELECT * FROM interventions ORDER BY planned_start DESC, id',
  links: 'SELECT observation_id AS id FROM intervention_observations WHERE intervention_id = ? ORDER BY observation_id',
  linkedIndicators: `
    SELECT DISTINCT o.category FROM intervention_observations l JOIN observations o ON o.id = l.observation_id
     WHERE l.intervention_id = ?`,
  /** rowid last: two follow-ups recorded in one week at the same instant keep one order. */
  followUps: 'SELECT * FROM intervention_followups WHERE intervention_id = ? ORDER BY week, created_at, rowid',
  // Hydrating a list asks once per kind of row, not once per intervention: ?1 = JSON array of ids.
  areasOf: 'SELECT id, name FROM areas WHERE id IN (SELECT value FROM json_each(?))',
  placesOf: 'SELECT id, name FROM places WHERE id IN (SELECT value FROM json_each(?))',
  linksOf: `
    SELECT intervention_id AS interventionId, observation_id AS id FROM intervention_observations
     WHERE intervention_id IN (SELECT value FROM json_each(?)) ORDER BY intervention_id, observation_id`,
  followUpsOf: `
    SELECT * FROM intervention_followups
     WHERE intervention_id IN (SELECT value FROM json_each(?)) ORDER BY intervention_id, week, created_at, rowid`,
  linkedIndicatorsOf: `
    SELECT DISTINCT l.intervention_id AS interventionId, o.category FROM intervention_observations l
      JOIN observations o ON o.id = l.observation_id
     WHERE l.intervention_id IN (SELECT value FROM json_each(?))`,
  /**
   * ?1 = JSON array of weeks, ?2 = area: counts per week × indicator in one area from the
   * week aggregates (docs/architecture.md "Week aggregates"), one seek per week.
   */
  areaCounts: `
    SELECT c.week, c.category, c.count FROM json_each(?) w
      JOIN week_area_counts c ON c.week = w.value AND c.area_id = ?`,
  /** ?1 = JSON array of weeks, ?2 = place. */
  placeCounts: `
    SELECT c.week, c.category, c.count FROM json_each(?) w
      JOIN week_place_counts c ON c.week = w.value AND c.place_id = ?`,
  /**
   * @weeks = JSON array of weeks, @places = JSON array of place ids: per week the places'
   * "place category count" rows – the year review's interventions' places in one pass
   * instead of a seek per place and week.
   */
  placesCounts: `
    SELECT w.value AS key, (SELECT group_concat(c.place_id || ' ' || c.category || ' ' || c.count, ',')
                              FROM week_place_counts c
                             WHERE c.week = w.value AND c.place_id IN (SELECT value FROM json_each(@places))) AS packed
      FROM json_each(@weeks) w`,
  /** The same counts from observations themselves (the reference the aggregates are held to): ?1 = area, ?2, ?3 = weeks. */
  plainAreaCounts: `
    SELECT week, category, count(*) AS count FROM observations
     WHERE area_id = ? AND week BETWEEN ? AND ?
     GROUP BY week, category`,
  /** @places = JSON array of place ids, @from, @to = weeks. */
  plainPlacesCounts: `
    SELECT place_id AS placeId, week, category, count(*) AS count FROM observations
     WHERE place_id IN (SELECT value FROM json_each(@places)) AND week BETWEEN @from AND @to
     GROUP BY place_id, week, category`,
  /** ?1 = place, ?2, ?3 = weeks. */
  plainPlaceCounts: `
    SELECT week, category, count(*) AS count FROM observations
     WHERE place_id = ? AND week BETWEEN ? AND ?
     GROUP BY week, category`,
} as const;

interface Row {
  id: string;
  area_id: string;
  place_id: string | null;
  problem: string | null;
  categories: string;
  action: string;
  organisation: string;
  term: 'short' | 'long';
  planned_start: string;
  planned_end: string | null;
  status: InterventionStatus;
  decided_week: string;
  version: number;
  created_at: string;
  updated_at: string;
}
interface FollowUpRow {
  id: string;
  intervention_id: string;
  week: string;
  carried_out: FollowUp['carriedOut'];
  carried_out_note: string | null;
  outcome: FollowUp['outcome'];
  outcome_note: string | null;
  decision: FollowUp['decision'];
  decision_note: string | null;
  counts: string;
  created_at: string;
  created_by: string | null;
}

/** Done, or a refusal naming the field (the route sends it as it is: 400 / 404 / 409). */
export type Outcome<T> = { ok: true; value: T } | Refusal;

export interface CreateInput extends InterventionCreate {
  decidedWeek: IsoWeek;
  status: InterventionStatus;
}

export interface ListFilter {
  decidedWeek?: IsoWeek;
  /** Running (planned run overlaps the week) and not yet ended before it. */
  activeIn?: IsoWeek;
  areaId?: string;
  status?: InterventionStatus;
}

export interface InterventionStore {
  create(input: CreateInput, opts: { now: Date; by?: string | null }): Outcome<Intervention>;
  get(id: string): Intervention | undefined;
  list(filter?: ListFilter): Intervention[];
  /** Interventions whose planned run overlaps [firstDay, lastDay]. */
  overlapping(firstDay: string, lastDay: string): Intervention[];
  update(id: string, patch: InterventionPatch, opts: { now: Date; by?: string | null }): Outcome<Intervention>;
  /** Records a follow-up with the counts as of its week; decision "end" also ends the intervention. */
  addFollowUp(id: string, body: FollowUpCreate & { week: IsoWeek }, opts: { now: Date; by?: string | null }): Outcome<FollowUp>;
  /** Before/after counts of an intervention as of a week. */
  counts(i: Intervention, asOf: IsoWeek): BeforeAfter;
  /** The effective indicators (own + linked observations'). */
  categoriesOf(i: Intervention): IndicatorKey[];
  /** The same for a list, in one query: aligned with the list. */
  categoriesOfAll(list: readonly Intervention[]): IndicatorKey[][];
  /** Observations per week × indicator in an area / at a place, weeks inclusive (the year review's before/after). */
  areaCounts(areaId: string, first: IsoWeek, last: IsoWeek): WeekIndicatorCount[];
  placeCounts(placeId: string, first: IsoWeek, last: IsoWeek): WeekIndicatorCount[];
  /** placeCounts for several places at once, by place (each list in week order). */
  placesCounts(placeIds: readonly string[], first: IsoWeek, last: IsoWeek): Map<string, WeekIndicatorCount[]>;
  /** The same counts read from observations themselves (periodStore's reference path). */
  reference: Pick<InterventionStore, 'areaCounts' | 'placeCounts' | 'placesCounts'>;
  /** Whether any intervention is at the place (it may then not move to another area). */
  placeInUse(placeId: string): boolean;
}

/** One store per database handle: its statements are prepared once. */
export const interventionStore = prepared((db: Db): InterventionStore => {
  const q = {
    byId: db.prepare<[string], Row>(INTERVENTIONS_SQL.byId),
    overlapping: db.prepare<[string, string], Row>(INTERVENTIONS_SQL.overlapping),
    decidedIn: db.prepare<[string], Row>(INTERVENTIONS_SQL.decidedIn),
    all: db.prepare<[], Row>(INTERVENTIONS_SQL.all),
    links: db.prepare<[string], { id: string }>(INTERVENTIONS_SQL.links),
    linkedIndicators: db.prepare<[string], { category: IndicatorKey }>(INTERVENTIONS_SQL.linkedIndicators),
    followUps: db.prepare<[string], FollowUpRow>(INTERVENTIONS_SQL.followUps),
    areasOf: db.prepare<[string], { id: string; name: string }>(INTERVENTIONS_SQL.areasOf),
    placesOf: db.prepare<[string], { id: string; name: string }>(INTERVENTIONS_SQL.placesOf),
    linksOf: db.prepare<[string], { interventionId: string; id: string }>(INTERVENTIONS_SQL.linksOf),
    followUpsOf: db.prepare<[string], FollowUpRow>(INTERVENTIONS_SQL.followUpsOf),
    linkedIndicatorsOf: db.prepare<[string], { interventionId: string; category: IndicatorKey }>(INTERVENTIONS_SQL.linkedIndicatorsOf),
    areaCounts: db.prepare<[string, string], WeekIndicatorCount>(INTERVENTIONS_SQL.areaCounts),
    placeCounts: db.prepare<[string, string], WeekIndicatorCount>(INTERVENTIONS_SQL.placeCounts),
    placesCounts: db.prepare<[{ weeks: string; places: string }], Packed>(INTERVENTIONS_SQL.placesCounts),
    plainPlacesCounts: db.prepare<[{ places: string; from: string; to: string }], WeekIndicatorCount & { placeId: string }>(INTERVENTIONS_SQL.plainPlacesCounts),
    plainAreaCounts: db.prepare<[string, string, string], WeekIndicatorCount>(INTERVENTIONS_SQL.plainAreaCounts),
    plainPlaceCounts: db.prepare<[string, string, string], WeekIndicatorCount>(INTERVENTIONS_SQL.plainPlaceCounts),
    area: db.prepare<[string], { id: string; name: string }>('SELECT id, name FROM areas WHERE id = ?'),
    place: db.prepare<[string], { id: string; name: string; areaId: string }>('SELECT id, name, area_id AS areaId FROM places WHERE id = ?'),
    observation: db.prepare<[string], { id: string }>('SELECT id FROM observations WHERE id = ?'),
    atPlace: db.prepare<[string]>('SELECT 1 FROM interventions WHERE place_id = ? LIMIT 1'),
    insert: db.prepare(
      `INSERT INTO interventions (id, area_id, place_id, problem, categories, action, organisation, term,
         planned_start, planned_end, status, decided_week, version, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
    ),
    update: db.prepare(
      `UPDATE interventions SET area_id = ?, place_id = ?, problem = ?, categories = ?, action = ?, organisation = ?,
         term = ?, planned_start = ?, planned_end = ?, status = ?, decided_week = ?, version = version + 1,
         updated_at = ?, updated_by = ?
       WHERE id = ? AND version = ?`,
    ),
    end: db.prepare(`UPDATE interventions SET status = 'ended', version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`),
    link: db.prepare('INSERT INTO intervention_observations (intervention_id, observation_id) VALUES (?, ?)'),
    unlinkAll: db.prepare('DELETE FROM intervention_observations WHERE intervention_id = ?'),
    insertFollowUp: db.prepare(
      `INSERT INTO intervention_followups (id, intervention_id, week, carried_out, carried_out_note, outcome, outcome_note,
         decision, decision_note, counts, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };

  const toFollowUp = (r: FollowUpRow): FollowUp => ({
    id: r.id,
    interventionId: r.intervention_id,
    week: r.week,
    carriedOut: r.carried_out,
    carriedOutNote: r.carried_out_note,
    outcome: r.outcome,
    outcomeNote: r.outcome_note,
    decision: r.decision,
    decisionNote: r.decision_note,
    counts: JSON.parse(r.counts) as BeforeAfter,
    createdAt: r.created_at,
    createdBy: r.created_by,
  });

  /** Rows to interventions with a fixed number of queries, however many rows (no query per intervention). */
  const hydrateAll = (rows: readonly Row[]): Intervention[] => {
    if (rows.length === 0) return [];
    const ids = JSON.stringify(rows.map((r) => r.id));
    const unique = (l: (string | null)[]) => JSON.stringify([...new Set(l.filter((x): x is string => x !== null))]);
    const areas = new Map(q.areasOf.all(unique(rows.map((r) => r.area_id))).map((a) => [a.id, a.name]));
    const places = new Map(q.placesOf.all(unique(rows.map((r) => r.place_id))).map((p) => [p.id, p.name]));
    const group = <T>(list: T[], key: (x: T) => string) => {
      const m = new Map<string, T[]>();
      for (const x of list) {
        const k = key(x);
        const l = m.get(k);
        if (l) l.push(x);
        else m.set(k, [x]);
      }
      return m;
    };
    const links = group(q.linksOf.all(ids), (l) => l.interventionId);
    const followUps = group(q.followUpsOf.all(ids), (f) => f.intervention_id);
    return rows.map((r) => {
      const placeName = r.place_id ? places.get(r.place_id) : undefined;
      return {
        id: r.id,
        area: { id: r.area_id, name: areas.get(r.area_id) ?? r.area_id },
        place: r.place_id && placeName !== undefined ? { id: r.place_id, name: placeName } : null,
        problem: r.problem,
        categories: JSON.parse(r.categories) as IndicatorKey[],
        observationIds: (links.get(r.id) ?? []).map((l) => l.id),
        action: r.action,
        organisation: r.organisation,
        term: r.term,
        plannedStart: r.planned_start,
        plannedEnd: r.planned_end,
        status: r.status,
        decidedWeek: r.decided_week,
        version: r.version,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        followUps: (followUps.get(r.id) ?? []).map(toFollowUp),
      };
    });
  };
  const hydrate = (r: Row): Intervention => hydrateAll([r])[0]!;

  /** Checks the references of a (merged) intervention; null when all exist. */
  function checkRefs(areaId: string, placeId: string | null, observationIds: readonly string[]): Refusal | null {
    if (!q.area.get(areaId)) return new Refusal(400, 'bad_request', `areaId: there is no area "${areaId.slice(0, 64)}".`);
    if (placeId !== null) {
      const p = q.place.get(placeId);
      if (!p) return new Refusal(400, 'bad_request', `placeId: there is no place "${placeId.slice(0, 64)}".`);
      if (p.areaId !== areaId) return new Refusal(400, 'bad_request', `placeId: the place "${p.name}" is not in the intervention's area.`);
    }
    for (const [i, id] of observationIds.entries()) {
      if (!q.observation.get(id)) {
        return new Refusal(400, 'bad_request', `observationIds[${i}]: there is no observation "${id.slice(0, 64)}".`);
      }
    }
    return null;
  }

  const store: InterventionStore = {
    create: db.transaction((input: CreateInput, opts: { now: Date; by?: string | null }): Outcome<Intervention> => {
      const placeId = input.placeId ?? null;
      const links = input.observationIds ?? [];
      const refused = checkRefs(input.areaId, placeId, links);
      if (refused) return refused;
      const id = randomUUID();
      const at = opts.now.toISOString();
      q.insert.run(
        id, input.areaId, placeId, input.problem || null, JSON.stringify(input.categories ?? []), input.action, input.organisation,
        input.term, input.plannedStart, input.plannedEnd ?? null, input.status, input.decidedWeek, at, opts.by ?? null, at, opts.by ?? null,
      );
      for (const o of links) q.link.run(id, o);
      return { ok: true, value: hydrate(q.byId.get(id)!) };
    }),

    get(id) {
      const r = q.byId.get(id);
      return r ? hydrate(r) : undefined;
    },

    list(filter = {}) {
      let rows: Row[];
      if (filter.decidedWeek) rows = q.decidedIn.all(filter.decidedWeek);
      else if (filter.activeIn) rows = q.overlapping.all(sundayOf(filter.activeIn), mondayOf(filter.activeIn));
      else rows = q.all.all();
      rows = rows
        .filter((r) => !filter.areaId || r.area_id === filter.areaId)
        .filter((r) => !filter.status || r.status === filter.status)
        .filter((r) => !filter.activeIn || r.status !== 'ended' || (r.planned_end !== null && r.planned_end >= mondayOf(filter.activeIn)));
      return hydrateAll(rows);
    },

    overlapping: (first, last) => hydrateAll(q.overlapping.all(last, first)),

    update: db.transaction((id: string, patch: InterventionPatch, opts: { now: Date; by?: string | null }): Outcome<Intervention> => {
      const r = q.byId.get(id);
      if (!r) return new Refusal(404, 'not_found', 'There is no such intervention.');
      if (r.version !== patch.version) {
        return new Refusal(409, 'conflict', `Someone else changed this intervention (now version ${r.version}); reload it and make your change again.`, { currentVersion: r.version });
      }
      const m = {
        areaId: patch.areaId ?? r.area_id,
        placeId: patch.placeId === undefined ? (patch.areaId && patch.areaId !== r.area_id ? null : r.place_id) : patch.placeId,
        problem: patch.problem === undefined ? r.problem : patch.problem || null,
        categories: patch.categories ?? (JSON.parse(r.categories) as IndicatorKey[]),
        action: patch.action ?? r.action,
        organisation: patch.organisation ?? r.organisation,
        term: patch.term ?? r.term,
        plannedStart: patch.plannedStart ?? r.planned_start,
        plannedEnd: patch.plannedEnd === undefined ? r.planned_end : patch.plannedEnd,
        status: patch.status ?? r.status,
        decidedWeek: patch.decidedWeek ?? r.decided_week,
      };
      const links = patch.observationIds ?? q.links.all(id).map((l) => l.id);
      if (m.plannedEnd !== null && m.plannedEnd < m.plannedStart) {
        return new Refusal(400, 'bad_request', `plannedEnd: must not be before plannedStart (${m.plannedStart}).`);
      }
      if (m.categories.length + links.length === 0) {
        return new Refusal(400, 'bad_request', 'categories: name the problem: give at least one indicator, or link at least one observation (observationIds).');
      }
      const refused = checkRefs(m.areaId, m.placeId, patch.observationIds ?? []);
      if (refused) return refused;
      const at = opts.now.toISOString();
      q.update.run(
        m.areaId, m.placeId, m.problem, JSON.stringify(m.categories), m.action, m.organisation, m.term, m.plannedStart,
        m.plannedEnd, m.status, m.decidedWeek, at, opts.by ?? null, id, patch.version,
      );
      if (patch.observationIds) {
        q.unlinkAll.run(id);
        for (const o of patch.observationIds) q.link.run(id, o);
      }
      return { ok: true, value: hydrate(q.byId.get(id)!) };
    }),

    addFollowUp: db.transaction((id: string, body: FollowUpCreate & { week: IsoWeek }, opts: { now: Date; by?: string | null }): Outcome<FollowUp> => {
      const r = q.byId.get(id);
      if (!r) return new Refusal(404, 'not_found', 'There is no such intervention.');
      const counts = store.counts(hydrate(r), body.week);
      const fid = randomUUID();
      const at = opts.now.toISOString();
      q.insertFollowUp.run(
        fid, id, body.week, body.carriedOut, body.carriedOutNote || null, body.outcome, body.outcomeNote || null,
        body.decision, body.decisionNote || null, JSON.stringify(counts), at, opts.by ?? null,
      );
      if (body.decision === 'end' && r.status !== 'ended') q.end.run(at, opts.by ?? null, id);
      const row = q.followUps.all(id).find((f) => f.id === fid)!;
      return { ok: true, value: toFollowUp(row) };
    }),

    categoriesOf: (i) => effectiveIndicators(i.categories, q.linkedIndicators.all(i.id).map((c) => c.category)),

    categoriesOfAll(list) {
      const linked = new Map<string, IndicatorKey[]>();
      if (list.some((i) => i.observationIds.length > 0)) {
        for (const r of q.linkedIndicatorsOf.all(JSON.stringify(list.map((i) => i.id)))) {
          const l = linked.get(r.interventionId);
          if (l) l.push(r.category);
          else linked.set(r.interventionId, [r.category]);
        }
      }
      return list.map((i) => effectiveIndicators(i.categories, linked.get(i.id) ?? []));
    },

    counts(i, asOf) {
      const { from, to } = beforeAfterRange(i.plannedStart, asOf);
      return beforeAfterCounts({
        plannedStart: i.plannedStart,
        plannedEnd: i.plannedEnd,
        categories: store.categoriesOf(i),
        asOf,
        areaRows: store.areaCounts(i.area.id, from, to),
        placeRows: i.place ? store.placeCounts(i.place.id, from, to) : null,
      });
    },

    areaCounts: (areaId, first, last) => (last < first ? [] : q.areaCounts.all(JSON.stringify(weekRange(first, last)), areaId)),
    placeCounts: (placeId, first, last) => (last < first ? [] : q.placeCounts.all(JSON.stringify(weekRange(first, last)), placeId)),
    placesCounts(placeIds, first, last) {
      const out = new Map<string, WeekIndicatorCount[]>(placeIds.map((id) => [id, []]));
      if (last < first || placeIds.length === 0) return out;
      unpack(q.placesCounts.all({ weeks: JSON.stringify(weekRange(first, last)), places: JSON.stringify(placeIds) }), (week, placeId, category, count) =>
        out.get(placeId)?.push({ week: week as IsoWeek, category: category as IndicatorKey, count: Number(count) }),
      );
      return out;
    },
    reference: {
      areaCounts: (areaId, first, last) => (last < first ? [] : q.plainAreaCounts.all(areaId, first, last)),
      placeCounts: (placeId, first, last) => (last < first ? [] : q.plainPlaceCounts.all(placeId, first, last)),
      placesCounts(placeIds, first, last) {
        const out = new Map<string, WeekIndicatorCount[]>(placeIds.map((id) => [id, []]));
        if (last < first || placeIds.length === 0) return out;
        for (const { placeId, ...row } of q.plainPlacesCounts.all({ places: JSON.stringify(placeIds), from: first, to: last })) out.get(placeId)?.push(row);
        return out;
      },
    },
    placeInUse: (placeId) => q.atPlace.get(placeId) !== undefined,
  };
  return store;
});

/** `EXPLAIN QUERY PLAN` of the statements the year review runs here, for the bench. */
export function explainInterventions(db: Db, year: number, week: IsoWeek): QueryPlan[] {
  const area = (db.prepare('SELECT id FROM areas LIMIT 1').get() as { id: string } | undefined)?.id ?? '';
  const place = (db.prepare('SELECT id FROM places LIMIT 1').get() as { id: string } | undefined)?.id ?? '';
  const first = `${year}-W01`;
  const last = `${year}-W52`;
  const statements: [string, string, unknown[]][] = [
    ['i.overlapping', INTERVENTIONS_SQL.overlapping, [`${year}-12-31`, `${year}-01-01`]],
    ['i.decidedIn', INTERVENTIONS_SQL.decidedIn, [week]],
    ['i.followUps', INTERVENTIONS_SQL.followUps, ['x']],
    ['i.links', INTERVENTIONS_SQL.links, ['x']],
    ['i.linkedIndicators', INTERVENTIONS_SQL.linkedIndicators, ['x']],
    ['i.areasOf', INTERVENTIONS_SQL.areasOf, ['["x"]']],
    ['i.placesOf', INTERVENTIONS_SQL.placesOf, ['["x"]']],
    ['i.linksOf', INTERVENTIONS_SQL.linksOf, ['["x"]']],
    ['i.followUpsOf', INTERVENTIONS_SQL.followUpsOf, ['["x"]']],
    ['i.linkedIndicatorsOf', INTERVENTIONS_SQL.linkedIndicatorsOf, ['["x"]']],
    ['i.areaCounts', INTERVENTIONS_SQL.areaCounts, [JSON.stringify(weekRange(first as IsoWeek, last as IsoWeek)), area]],
    ['i.placeCounts', INTERVENTIONS_SQL.placeCounts, [JSON.stringify(weekRange(first as IsoWeek, last as IsoWeek)), place]],
    ['i.placesCounts', INTERVENTIONS_SQL.placesCounts, [{ weeks: JSON.stringify(weekRange(first as IsoWeek, last as IsoWeek)), places: JSON.stringify([place]) }]],
    ['i.plainPlacesCounts', INTERVENTIONS_SQL.plainPlacesCounts, [{ places: JSON.stringify([place]), from: first, to: last }]],
    ['i.plainAreaCounts', INTERVENTIONS_SQL.plainAreaCounts, [area, first, last]],
    ['i.plainPlaceCounts', INTERVENTIONS_SQL.plainPlaceCounts, [place, first, last]],
  ];
  return explainPlans(db, statements);
}

/**
 * The lines for the draft picture (DraftInput.interventions): the interventions
 * decided in `week`, one line each, keyed by area. The lead passes this to
 * compileDraft when the draft of `week` is made.
 */
export function pictureInterventions(db: Db, week: IsoWeek): { areaId: string; text: string }[] {
  return interventionStore(db)
    .list({ decidedWeek: week })
    .map((i) => ({ areaId: i.area.id, text: pictureLineOf(i) }));
}
