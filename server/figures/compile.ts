/**
 * Other sources' figures compiled for the week view (with the same deltas as the
 * indicators: previous week and the 8-week average) and as series over a
 * period or a year. Pure: the store loads the rows.
 *
 * Never mixed with the informants' counts: these functions see only figure
 * rows, and their outputs are keyed by the source's own categories.
 */
import {
  figureTrend,
  type FigureAreaSeries,
  type FigureAreaWeek,
  type FigureCategory,
  type FigureSeries,
  type FigureSourceSeries,
  type FigureSourceWeek,
  type FigureWeek,
} from '../../shared/figures';
import { AVERAGE_WEEKS, type CountStats } from '../../shared/weekview';
import { addWeeks, type IsoWeek } from '../../shared/weeks';
import { crossTotals, finish, type Acc, type AreaRow } from '../weekview/compile';
import { byName, svCompare } from '../../shared/swedish-order';

export interface SourceRow {
  id: string;
  name: string;
  provider: string;
  categories: FigureCategory[];
}

/** One stored figure. */
export interface FigureRow {
  sourceId: string;
  categoryId: string;
  areaId: string;
  week: IsoWeek;
  count: number;
}

export interface FigureWeekInput {
  week: IsoWeek;
  sources: SourceRow[];
  areas: AreaRow[];
  /** Figures of `week` and the AVERAGE_WEEKS weeks before; others are ignored. */
  figures: FigureRow[];
}


export function compileFigureWeek(input: FigureWeekInput): FigureWeek {
  const { week } = input;
  const previous = addWeeks(week, -1);
  const from = addWeeks(week, -AVERAGE_WEEKS);
  const areaName = new Map(input.areas.map((a) => [a.id, a.name]));

  const sources: FigureSourceWeek[] = [...input.sources].sort(byName).map((s) => {
    const rows = input.figures.filter((f) => f.sourceId === s.id && f.week >= from && f.week <= week);
    // The average is over the weeks the source delivered figures for (a week without a file is not a zero).
    const inUse = new Set(rows.filter((f) => f.week < week).map((f) => f.week));
    const totals = crossTotals();
    const areaIds = new Set<string>();
    for (const f of rows) {
      areaIds.add(f.areaId);
      if (f.week === week) totals.add(f.areaId, f.categoryId, f.count, 0, 0);
      else totals.add(f.areaId, f.categoryId, 0, f.count, f.week === previous ? f.count : 0);
    }
    const stats = (acc: Acc | undefined): CountStats => finish(acc, inUse.size);
    const areas: FigureAreaWeek[] = [...areaIds]
      .map((id) => ({ id, name: areaName.get(id) ?? id }))
      .sort(byName)
      .map(({ id, name }) => {
        const byCategory: Record<string, CountStats> = {};
        for (const c of s.categories) byCategory[c.id] = stats(totals.cell(id, c.id));
        return { areaId: id, areaName: name, byCategory, total: stats(totals.area(id)) };
      });
    const byCategory: Record<string, CountStats> = {};
    for (const c of s.categories) byCategory[c.id] = stats(totals.category(c.id));
    return {
      id: s.id,
      name: s.name,
      provider: s.provider,
      categories: s.categories,
      delivered: rows.some((f) => f.week === week),
      weeksInUse: inUse.size,
      areas,
      totals: { byCategory, all: stats(totals.all()) },
    };
  });
  return { week, previousWeek: previous, averageWindow: { from, to: previous }, sources };
}

export interface FigureSeriesInput {
  /** The range shown (e.g. the ISO year). */
  range: { from: IsoWeek; to: IsoWeek };
  /** The weeks of the range that are counted, ascending (a year's weeks that are over; may be none). */
  weeks: IsoWeek[];
  /** The comparison range (the previous period or year). */
  previous: { from: IsoWeek; to: IsoWeek };
  sources: SourceRow[];
  areas: AreaRow[];
  /** Figures of the range and of the comparison range; others are ignored. */
  figures: FigureRow[];
}

export function compileFigureSeries(input: FigureSeriesInput): FigureSeries {
  const { weeks } = input;
  const index = new Map(weeks.map((w, i) => [w, i]));
  const areaName = new Map(input.areas.map((a) => [a.id, a.name]));
  const inPrevious = (w: IsoWeek) => w >= input.previous.from && w <= input.previous.to;
  const zeros = () => new Array<number>(weeks.length).fill(0);

  const sources: FigureSourceSeries[] = [...input.sources].sort(byName).map((s) => {
    const series = zeros();
    const catSeries = new Map(s.categories.map((c) => [c.id, zeros()]));
    const catPrev = new Map<string, number>();
    const areaNow = new Map<string, Record<string, number>>();
    const areaPrev = new Map<string, number>();
    const weeksNow = new Set<IsoWeek>();
    let previousTotal = 0;
    let deliveredBefore = false;
    for (const f of input.figures) {
      if (f.sourceId !== s.id) continue;
      const i = index.get(f.week);
      if (i !== undefined) {
        weeksNow.add(f.week);
        series[i]! += f.count;
        const cs = catSeries.get(f.categoryId);
        if (cs) cs[i]! += f.count;
        let a = areaNow.get(f.areaId);
        if (!a) areaNow.set(f.areaId, (a = {}));
        a[f.categoryId] = (a[f.categoryId] ?? 0) + f.count;
      } else if (inPrevious(f.week)) {
        deliveredBefore = true;
        previousTotal += f.count;
        catPrev.set(f.categoryId, (catPrev.get(f.categoryId) ?? 0) + f.count);
        areaPrev.set(f.areaId, (areaPrev.get(f.areaId) ?? 0) + f.count);
        if (!areaNow.has(f.areaId)) areaNow.set(f.areaId, {});
      }
    }
    const sum = (l: number[]) => l.reduce((a, b) => a + b, 0);
    const total = sum(series);
    const areas: FigureAreaSeries[] = [...areaNow].map(([id, counts]) => {
      const byCategory: Record<string, number> = {};
      for (const c of s.categories) byCategory[c.id] = counts[c.id] ?? 0;
      const t = Object.values(counts).reduce((a, b) => a + b, 0);
      const p = areaPrev.get(id) ?? 0;
      return { areaId: id, areaName: areaName.get(id) ?? id, total: t, previousTotal: p, trend: figureTrend(t, p, deliveredBefore), byCategory };
    });
    areas.sort((a, b) => b.total - a.total || svCompare(a.areaName, b.areaName));
    return {
      id: s.id,
      name: s.name,
      provider: s.provider,
      weeksDelivered: weeksNow.size,
      total,
      previousTotal,
      trend: figureTrend(total, previousTotal, deliveredBefore),
      series,
      categories: s.categories.map((c) => {
        const cs = catSeries.get(c.id)!;
        const t = sum(cs);
        const p = catPrev.get(c.id) ?? 0;
        return { id: c.id, name: c.name, total: t, previousTotal: p, trend: figureTrend(t, p, deliveredBefore), series: cs };
      }),
      areas,
    };
  });
  return { from: input.range.from, to: input.range.to, weeks, previous: input.previous, sources };
}
