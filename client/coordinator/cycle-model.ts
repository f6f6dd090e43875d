/**
 * Pure logic of the cycle screens (interventions, the weekly meeting, the period
 * and the year): form → request body, which interventions the meeting follows
 * up, the "where / when / how" of a prioritised area, rankings, chart series and
 * the picture's intervention lines. No DOM, no I/O: unit-tested in Node
 * (tests/unit/coordinator-cycle.test.ts).
 */
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import type { PeriodAnalysis, PeriodArea, YearReview } from '../../shared/followup';
import type { PictureContent } from '../../shared/pictures';
import type {
  CarriedOut,
  Decision,
  Intervention,
  InterventionCreate,
  InterventionPatch,
  InterventionStatus,
  InterventionTerm,
  Outcome,
  PersonalDataField,
} from '../../shared/interventions';
import { findPersonalData } from '../../shared/personal-data';
import type { WeekSummary, WeekSummaryArea, WeekViewObservation } from '../../shared/weekview';
import { addWeeks, localDate, parseWeek, weekOf, type IsoWeek } from '../../shared/weeks';
import { svCompare } from '../../shared/swedish-order';

/*
 * The option lists, as in shared/interventions.ts and shared/followup.ts. Only
 * *types* are imported from those modules: their valibot schemas would pull
 * validators into the shared valibot chunk the informant screens load (the
 * informant bundle must not grow). `satisfies` keeps the lists in step.
 */
export const STATUSES = ['planned', 'active', 'ended'] as const satisfies readonly InterventionStatus[];
export const TERMS = ['short', 'long'] as const satisfies readonly InterventionTerm[];
export const CARRIED = ['yes', 'partly', 'no'] as const satisfies readonly CarriedOut[];
export const OUTCOME_LIST = ['better', 'unchanged', 'worse'] as const satisfies readonly Outcome[];
export const DECISION_LIST = ['continue', 'expand', 'change', 'end'] as const satisfies readonly Decision[];
/** The method prioritises three areas per period (PRIORITISED_AREAS in shared/followup.ts). */
export const PRIORITY_SLOTS = 3;

// --- the intervention form -------------------------------------------------------

export interface InterventionForm {
  areaId: string;
  placeId: string;
  problem: string;
  categories: IndicatorKey[];
  observationIds: string[];
  action: string;
  organisation: string;
  term: InterventionTerm;
  plannedStart: string;
  plannedEnd: string;
  status: InterventionStatus;
  decidedWeek: IsoWeek;
}

/** Field → message key of a client-side check (the server checks again). */
export type FormErrors = Partial<Record<keyof InterventionForm, 'required' | 'problemRequired' | 'endBeforeStart'>>;

/*
 * Week helpers used only here are written out locally: a newly used export of
 * shared/weeks.ts would land in the informant's entry chunk (shared module).
 */

/** "YYYY-MM-DD" of the Monday of an ISO week. */
export function mondayOfWeek(week: IsoWeek): string {
  const p = parseWeek(week);
  if (!p) throw new Error(`Invalid week: ${week}`);
  const jan4 = Date.UTC(p.year, 0, 4);
  const isoDay = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
  return new Date(jan4 + ((p.week - 1) * 7 - isoDay) * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weeks as written ("YYYY-Www") sort chronologically as strings. */
export const weekBefore = (a: IsoWeek, b: IsoWeek): boolean => a < b;

/** The default start: today when it falls in the week, else the week's Monday. */
export function defaultStart(week: IsoWeek, today?: string): string {
  if (today === undefined) return weekOf(new Date()) === week ? localDate(new Date()) : mondayOfWeek(week);
  const monday = mondayOfWeek(week);
  const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  return today >= monday && today <= sunday ? today : monday;
}

export function emptyForm(week: IsoWeek, areaId = '', today?: string): InterventionForm {
  return {
    areaId,
    placeId: '',
    problem: '',
    categories: [],
    observationIds: [],
    action: '',
    organisation: '',
    term: 'short',
    plannedStart: defaultStart(week, today),
    plannedEnd: '',
    status: 'planned',
    decidedWeek: week,
  };
}

export function formOf(i: Intervention): InterventionForm {
  return {
    areaId: i.area.id,
    placeId: i.place?.id ?? '',
    problem: i.problem ?? '',
    categories: [...i.categories],
    observationIds: [...i.observationIds],
    action: i.action,
    organisation: i.organisation,
    term: i.term,
    plannedStart: i.plannedStart,
    plannedEnd: i.plannedEnd ?? '',
    status: i.status,
    decidedWeek: i.decidedWeek,
  };
}

export function checkForm(f: InterventionForm): FormErrors {
  const e: FormErrors = {};
  if (!f.areaId) e.areaId = 'required';
  if (!f.action.trim()) e.action = 'required';
  if (!f.organisation.trim()) e.organisation = 'required';
  if (!f.plannedStart) e.plannedStart = 'required';
  if (f.categories.length + f.observationIds.length === 0) e.categories = 'problemRequired';
  if (f.plannedStart && f.plannedEnd && f.plannedEnd < f.plannedStart) e.plannedEnd = 'endBeforeStart';
  return e;
}

/** Free-text fields that look like personal data (warn before sending; the server refuses). */
export function personalDataIn(f: InterventionForm): PersonalDataField[] {
  const out: PersonalDataField[] = [];
  for (const field of ['problem', 'action', 'organisation'] as const) {
    const found = findPersonalData(f[field])[0];
    if (found) out.push({ field, kind: found.kind });
  }
  return out;
}

/** POST /interventions body. Indicators keep their order. */
export function createBody(f: InterventionForm): InterventionCreate {
  return {
    areaId: f.areaId,
    placeId: f.placeId || null,
    problem: f.problem.trim(),
    categories: INDICATOR_KEYS.filter((c) => f.categories.includes(c)),
    observationIds: [...f.observationIds],
    action: f.action.trim(),
    organisation: f.organisation.trim(),
    term: f.term,
    plannedStart: f.plannedStart,
    plannedEnd: f.plannedEnd || null,
    status: f.status,
    decidedWeek: f.decidedWeek,
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** PATCH body: only what changed against `base`, with the version the edit was based on. */
export function patchBody(base: Intervention, f: InterventionForm, version = base.version): InterventionPatch {
  const c = createBody(f);
  const p: InterventionPatch = { version };
  if (c.areaId !== base.area.id) p.areaId = c.areaId;
  if ((c.placeId ?? null) !== (base.place?.id ?? null)) p.placeId = c.placeId ?? null;
  if ((c.problem ?? '') !== (base.problem ?? '')) p.problem = c.problem ?? '';
  if (!sameList(c.categories ?? [], base.categories)) p.categories = c.categories ?? [];
  if (!sameList(c.observationIds ?? [], base.observationIds)) p.observationIds = c.observationIds ?? [];
  if (c.action !== base.action) p.action = c.action;
  if (c.organisation !== base.organisation) p.organisation = c.organisation;
  if (c.term !== base.term) p.term = c.term;
  if (c.plannedStart !== base.plannedStart) p.plannedStart = c.plannedStart;
  if ((c.plannedEnd ?? null) !== base.plannedEnd) p.plannedEnd = c.plannedEnd ?? null;
  if (c.status !== base.status) p.status = c.status;
  if (c.decidedWeek !== base.decidedWeek) p.decidedWeek = c.decidedWeek;
  return p;
}

/**
 * Places a coordinator can pick for an area: those reported in the week (the area's
 * observations, fetched on demand) or recurring, by name.
 */
export function placeOptions(
  view: WeekSummary | undefined,
  observations: readonly WeekViewObservation[] | undefined,
  areaId: string,
  extra?: { id: string; name: string } | null,
): { id: string; name: string }[] {
  const m = new Map<string, string>();
  for (const o of observations ?? []) if (o.place) m.set(o.place.id, o.place.name);
  if (view) for (const r of view.recurringPlaces) if (r.areaId === areaId) m.set(r.placeId, r.placeName);
  if (extra) m.set(extra.id, extra.name);
  return [...m].map(([id, name]) => ({ id, name })).sort((a, b) => svCompare(a.name, b.name));
}

// --- the weekly meeting -------------------------------------------------------------

/**
 * Step 1: the interventions to follow up in the meeting of `week` – those that
 * ran last week or were decided last week, not decided in this meeting, and not
 * ended before it (one ended by this meeting's own follow-up stays in the list).
 */
export function toFollowUp(candidates: readonly Intervention[], week: IsoWeek): Intervention[] {
  const seen = new Set<string>();
  const out: Intervention[] = [];
  for (const i of candidates) {
    if (seen.has(i.id)) continue;
    seen.add(i.id);
    if (!weekBefore(i.decidedWeek, week)) continue;
    const followedNow = i.followUps.some((f) => f.week === week);
    if (i.status === 'ended' && !followedNow) continue;
    out.push(i);
  }
  return out.sort((a, b) => svCompare(a.area.name, b.area.name) || a.plannedStart.localeCompare(b.plannedStart));
}

export const followUpOf = (i: Intervention, week: IsoWeek) => i.followUps.filter((f) => f.week === week).at(-1);

export interface PlaceCount {
  id: string | null;
  name: string | null;
  count: number;
  categories: IndicatorKey[];
}

/**
 * Step 3, "where": an area's observations of the week (in the table's column order, as
 * GET /weeks/:week/areas/:areaId/observations gives them) by place, most first (no place last).
 */
export function placesOf(observations: readonly WeekViewObservation[]): PlaceCount[] {
  const m = new Map<string, PlaceCount>();
  for (const o of observations) {
    const key = o.place?.id ?? '';
    const p = m.get(key) ?? { id: o.place?.id ?? null, name: o.place?.name ?? null, count: 0, categories: [] };
    p.count++;
    if (!p.categories.includes(o.category)) p.categories.push(o.category);
    m.set(key, p);
  }
  return [...m.values()].sort((a, b) => (a.id === null ? 1 : 0) - (b.id === null ? 1 : 0) || b.count - a.count || svCompare(a.name ?? '', b.name ?? ''));
}

/** Step 3, "how": the indicators with observations this week, most first. */
export function indicatorsOf(area: WeekSummaryArea, categories: readonly IndicatorKey[]): { category: IndicatorKey; count: number; persists: number }[] {
  return categories
    .map((c) => ({ category: c, count: area.cells[c].count, persists: area.cells[c].persisting }))
    .filter((x) => x.count > 0)
    .sort((a, b) => b.count - a.count);
}

// --- the picture --------------------------------------------------------------------

/** Interventions of the week whose action is in none of the draft's text fields. */
export function missingFromDraft(content: PictureContent, interventions: readonly Intervention[]): Intervention[] {
  const text = [content.otherAreas, ...content.prioritisedAreas.map((a) => a.interventions)].join('\n');
  return interventions.filter((i) => !text.includes(i.action.trim()));
}

/** One line for the picture: what, where, who (never a person). */
export function draftLine(i: Intervention): string {
  return `– ${i.action.trim()}${i.place ? ` vid ${i.place.name}` : ''} (${i.organisation.trim()})`;
}

/** Adds the lines of `add` to the draft: under the prioritised area, else in ÖVRIGA OMRÅDEN. */
export function addToDraft(content: PictureContent, add: readonly Intervention[]): PictureContent {
  const prioritisedAreas = content.prioritisedAreas.map((a) => {
    const lines = add.filter((i) => i.area.id === a.areaId).map(draftLine);
    return lines.length === 0 ? a : { ...a, interventions: [a.interventions.trimEnd(), ...lines].filter(Boolean).join('\n') };
  });
  const inPrioritised = new Set(content.prioritisedAreas.map((a) => a.areaId));
  const others = add.filter((i) => !inPrioritised.has(i.area.id)).map((i) => `${i.area.name}, insats: ${draftLine(i).slice(2)}`);
  return {
    ...content,
    prioritisedAreas,
    otherAreas: others.length === 0 ? content.otherAreas : [content.otherAreas.trimEnd(), ...others].filter(Boolean).join('\n'),
  };
}

// --- the period ----------------------------------------------------------------------

/**
 * Areas in the order of a ranking ("all" or one indicator): ranked areas first,
 * then unranked covered areas by name, then the areas without coverage (flagged,
 * never ranked as calm).
 */
export function rankedAreas(a: PeriodAnalysis, by: 'all' | IndicatorKey): { area: PeriodArea; rank: number | null }[] {
  const ids = by === 'all' ? a.rankings.all : a.rankings.byCategory[by];
  const byId = new Map(a.areas.map((x) => [x.id, x]));
  const out: { area: PeriodArea; rank: number | null }[] = [];
  const placed = new Set<string>();
  for (const id of ids) {
    const area = byId.get(id);
    if (!area) continue;
    placed.add(id);
    out.push({ area, rank: by === 'all' ? area.total.rank : area.byCategory[by].rank });
  }
  const rest = a.areas.filter((x) => !placed.has(x.id)).sort((x, y) => Number(x.noCoverage) - Number(y.noCoverage) || svCompare(x.name, y.name));
  for (const area of rest) out.push({ area, rank: null });
  return out;
}

/** The suggested three areas: the top of the ranking (covered areas only). */
export function suggestedPriorities(a: PeriodAnalysis, n = 3): string[] {
  return a.rankings.all.filter((id) => !a.noCoverage.includes(id)).slice(0, n);
}

// --- the year --------------------------------------------------------------------------

export interface ChartSeries {
  key: string;
  values: number[];
}

/** The indicator series of an area (or of all areas) with at least one observation, plus the total. */
export function yearSeries(review: YearReview, areaId: string | null): { total: number[]; series: { category: IndicatorKey; values: number[] }[] } {
  const s = areaId === null ? review.totals.series : review.areas.find((a) => a.id === areaId)?.series;
  if (!s) return { total: new Array<number>(review.weeksOver).fill(0), series: [] };
  return {
    total: s.total,
    series: review.categories.filter((c) => s.byCategory[c].some((n) => n > 0)).map((c) => ({ category: c, values: s.byCategory[c] })),
  };
}

/**
 * Rows for a chart's table fallback: one per week that has values (the series
 * stop at the last week that is over – the rest of the year is not a row of zeros).
 */
export function chartRows(weeks: readonly IsoWeek[], columns: readonly number[][]): { week: IsoWeek; values: number[] }[] {
  const n = Math.max(0, ...columns.map((c) => c.length));
  return weeks.slice(0, n).map((week, i) => ({ week, values: columns.map((c) => c[i] ?? 0) }));
}

/** The relative change as a signed whole percentage ("+25 %", "−10 %"); null stays null. */
export function percent(change: number | null): string | null {
  if (change === null) return null;
  const p = Math.round(change * 100);
  return `${p > 0 ? '+' : p < 0 ? '−' : '±'}${Math.abs(p)} %`;
}

/** Weeks of the meeting's "last week". */
export const lastWeekOf = (week: IsoWeek): IsoWeek => addWeeks(week, -1);
