/**
 * The draft of the weekly compiled picture, prefilled from the compiled week
 * view. Pure: no I/O, no clock.
 *
 * The prefill is facts in the template's Swedish terms ("Skadegörelse 5 (förra
 * veckan 3, snitt 4,1)"): figures and lists from the data, never an assessment.
 * The coordinators write the assessment over it during the meeting. Notes are
 * not copied into the text (they are read in the week view and chosen there),
 * except for events, whose note is what the ARRANGEMANG field lists.
 */
import { indicator, type IndicatorKey } from '../../shared/indicators';
import type {
  AreaFacts,
  EventFact,
  FieldActivityRow,
  PictureContent,
  PictureFacts,
} from '../../shared/pictures';
import type { CountStats, TimeSplit, WeekSummary, WeekSummaryArea, WeekView, WeekViewObservation } from '../../shared/weekview';
import { compareObservations } from '../weekview/compile';
import { svCompare } from '../../shared/swedish-order';
import { mondayOf, weekNumber } from '../../shared/weeks';

export interface DraftInput {
  /** The week's figures (a full WeekView fits too). */
  view: WeekSummary | WeekView;
  /**
   * The week's observations of the indicator "event" (ARRANGEMANG lists them with their
   * notes), with their area. Not needed when `view` carries its observations.
   */
  events?: (WeekViewObservation & { areaId: string })[];
  /** The field-activity table of the last published picture: it changes little week to week. */
  previousFieldActivities?: FieldActivityRow[];
  /** Interventions decided per area (from the interventions feature, later), one line each. */
  interventions?: { areaId: string; text: string }[];
  /** Day the picture is dated, "YYYY-MM-DD"; default the Thursday of the week (the meeting). */
  date?: string;
}

const TIME_SV: Record<keyof TimeSplit, string> = { day: 'dag', evening: 'kväll', night: 'natt', unknown: 'okänd tid' };

/** Swedish number: decimal comma, at most one decimal. */
function num(n: number): string {
  const r = Math.round(n * 10) / 10;
  return (Number.isInteger(r) ? String(r) : r.toFixed(1)).replace('.', ',').replace('-', '−');
}

/** "12 (förra veckan 9, snitt 10,1)" – snitt left out when the system was not in use before. */
function stats(s: CountStats): string {
  const parts = [`förra veckan ${s.previous}`];
  if (s.average !== null) parts.push(`snitt ${num(s.average)}`);
  return `${s.count} (${parts.join(', ')})`;
}

/** "2026-11-26" → "261126" */
export function yymmdd(date: string): string {
  return date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
}

function thursdayOf(week: string): string {
  const monday = Date.parse(`${mondayOf(week)}T00:00:00Z`);
  return new Date(monday + 3 * 86_400_000).toISOString().slice(0, 10);
}

function areaFacts(area: WeekSummaryArea, view: WeekSummary): AreaFacts {
  const byCategory = view.categories
    .map((category) => ({ category, count: area.cells[category].count, previous: area.cells[category].previous }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count);
  let persisting = 0;
  for (const c of view.categories) persisting += area.cells[c].persisting;
  return {
    areaId: area.id,
    areaName: area.name,
    priority: area.priority,
    total: area.total,
    byCategory,
    persisting,
    timeOfDay: area.timeOfDay,
    recurringPlaces: view.recurringPlaces
      .filter((p) => p.areaId === area.id)
      .map((p) => ({ placeId: p.placeId, placeName: p.placeName, weeks: p.weeks.length })),
  };
}

function splitLine(t: TimeSplit): string {
  return (Object.keys(TIME_SV) as (keyof TimeSplit)[])
    .filter((k) => t[k] > 0)
    .map((k) => `${TIME_SV[k]} ${t[k]}`)
    .join(', ');
}

const categoryList = (items: { category: IndicatorKey; count: number }[]) =>
  items.map((c) => `${indicator(c.category).sv.label} ${c.count}`).join(', ');

/** Fact lines for one area (used for prioritised and other areas). */
function areaLines(f: AreaFacts): string[] {
  const lines = [`Iakttagelser: ${stats(f.total)}.`];
  if (f.byCategory.length > 0) lines.push(`${categoryList(f.byCategory)}.`);
  if (f.total.count > 0) lines.push(`Tid på dygnet: ${splitLine(f.timeOfDay)}.`);
  if (f.persisting > 0) lines.push(`Kvarstående problem: ${f.persisting}.`);
  if (f.recurringPlaces.length > 0) {
    lines.push(`Återkommande platser: ${f.recurringPlaces.map((p) => `${p.placeName} (${p.weeks} av 4 veckor)`).join(', ')}.`);
  }
  return lines;
}

function eventLine(e: EventFact): string {
  const where = e.placeName ? `${e.areaName}, ${e.placeName}` : e.areaName;
  const when = [e.occurredOn, e.timeOfDay === 'unknown' ? null : TIME_SV[e.timeOfDay]].filter(Boolean).join(' ');
  return `${where}${when ? ` (${when})` : ''}${e.note ? `: ${e.note}` : ''}`;
}

export function compileDraft(input: DraftInput): { content: PictureContent; facts: PictureFacts } {
  const { view } = input;
  const prioritised = view.areas.filter((a) => a.priority !== null).map((a) => areaFacts(a, view));
  const others = view.areas
    .filter((a) => a.priority === null && a.total.count > 0)
    .map((a) => areaFacts(a, view))
    .sort((a, b) => b.total.count - a.total.count || svCompare(a.areaName, b.areaName));

  // The events in the view's order: by area as listed, within an area as a cell lists them.
  const eventsOf = new Map<string, WeekViewObservation[]>();
  const given = input.events ?? view.areas.flatMap((a) => ('observations' in a.cells.event ? a.cells.event.observations.map((o) => ({ ...o, areaId: a.id })) : []));
  for (const { areaId, ...o } of given) {
    const list = eventsOf.get(areaId);
    if (list) list.push(o);
    else eventsOf.set(areaId, [o]);
  }
  const events: EventFact[] = view.areas
    .flatMap((a) => (eventsOf.get(a.id) ?? []).sort(compareObservations).map((o) => ({ a, o })))
    .map(({ a, o }) => ({
      observationId: o.id,
      areaName: a.name,
      placeName: o.place?.name ?? null,
      occurredOn: o.occurredOn,
      timeOfDay: o.timeOfDay,
      note: o.note,
      organisation: o.organisation,
    }))
    .sort((x, y) => (x.occurredOn ?? '9999').localeCompare(y.occurredOn ?? '9999') || svCompare(x.areaName, y.areaName));

  const facts: PictureFacts = {
    week: view.week,
    reports: view.reports,
    total: view.totals.all,
    byCategory: view.categories.map((category) => ({ category, stats: view.totals.byCategory[category] })),
    timeOfDay: view.timeOfDay,
    prioritisedAreas: prioritised,
    otherAreas: others,
    events,
  };

  const overall = [
    `Vecka ${weekNumber(view.week)}: ${view.reports.total} rapporter, varav ${view.reports.calm} lugna. Iakttagelser: ${stats(view.totals.all)}.`,
  ];
  const withCounts = facts.byCategory.filter((c) => c.stats.count > 0).sort((a, b) => b.stats.count - a.stats.count);
  if (withCounts.length > 0) overall.push(`${withCounts.map((c) => `${indicator(c.category).sv.label} ${stats(c.stats)}`).join('; ')}.`);
  if (view.totals.all.count > 0) overall.push(`Tid på dygnet: ${splitLine(view.timeOfDay)}.`);
  if (view.recurringPlaces.length > 0) {
    overall.push(`Återkommande platser (minst 3 av 4 veckor): ${view.recurringPlaces.length}.`);
  }

  const interventions = new Map<string, string[]>();
  for (const i of input.interventions ?? []) interventions.set(i.areaId, [...(interventions.get(i.areaId) ?? []), i.text]);

  const content: PictureContent = {
    date: yymmdd(input.date ?? thursdayOf(view.week)),
    weekendWeather: '',
    importantInformation: '',
    overallSituation: overall.join('\n'),
    prioritisedAreas: prioritised.map((f) => ({
      areaId: f.areaId,
      areaName: f.areaName,
      priority: f.priority!,
      situation: areaLines(f).join('\n'),
      interventions: (interventions.get(f.areaId) ?? []).map((t) => `– ${t}`).join('\n'),
    })),
    otherAreas: others.map((f) => `${f.areaName}: ${areaLines(f).join(' ')}`).join('\n'),
    events: events.map(eventLine).join('\n'),
    fieldActivities: (input.previousFieldActivities ?? []).filter((r) => !isEmptyRow(r)).map((r) => ({ ...r })),
  };
  return { content, facts };
}

/** A field-activity row with nothing but blanks in every column (one added and never filled in). */
export function isEmptyRow(r: FieldActivityRow): boolean {
  return !r.organisation.trim() && !r.area.trim() && !r.when.trim() && !r.priority.trim();
}

/**
 * The content as it is kept and published: rows of the field-activity table
 * left empty are dropped, so no blank row is stored, reloaded or printed.
 */
export function tidyContent(content: PictureContent): PictureContent {
  const rows = content.fieldActivities.filter((r) => !isEmptyRow(r));
  return rows.length === content.fieldActivities.length ? content : { ...content, fieldActivities: rows };
}
