import { describe, expect, it } from 'vitest';
import { compileFigureSeries, compileFigureWeek, type FigureRow } from '../../server/figures/compile';
import { compileWeek } from '../../server/weekview/compile';
import { figureTrend } from '../../shared/figures';
import { weekRange } from '../../shared/weeks';

const AREAS = [{ id: 'n', name: 'Norrby' }, { id: 's', name: 'Söderby' }];
const POLICE = { id: 'p', name: 'Polisen', provider: '', categories: [{ id: 'mh', name: 'Misshandel' }, { id: 'sk', name: 'Skadegörelse' }] };
const FIRE = { id: 'r', name: 'Räddningstjänsten', provider: '', categories: [{ id: 'bb', name: 'Bilbrand' }] };
const f = (week: string, areaId: string, categoryId: string, count: number, sourceId = 'p'): FigureRow => ({ sourceId, week, areaId, categoryId, count });

describe('the week view of a source', () => {
  it('averages over the weeks the source delivered, and a missing week is not a zero', () => {
    const out = compileFigureWeek({
      week: '2026-W48',
      sources: [POLICE, FIRE],
      areas: AREAS,
      figures: [
        f('2026-W40', 'n', 'mh', 2), // the first week of the window (W40–W47)
        f('2026-W45', 'n', 'mh', 4),
        f('2026-W47', 'n', 'mh', 3),
        f('2026-W48', 'n', 'mh', 5),
        f('2026-W48', 's', 'sk', 1),
        f('2026-W39', 'n', 'mh', 100), // outside the window
        f('2026-W47', 's', 'bb', 1, 'r'),
      ],
    });
    const police = out.sources.find((s) => s.id === 'p')!;
    expect(police.weeksInUse).toBe(3);
    expect(police.areas.map((a) => a.areaName)).toEqual(['Norrby', 'Söderby']);
    expect(police.areas[0]!.byCategory.mh).toEqual({ count: 5, previous: 3, deltaPrevious: 2, average: 3, deltaAverage: 2 });
    expect(police.totals.all).toEqual({ count: 6, previous: 3, deltaPrevious: 3, average: 3, deltaAverage: 3 });
    const fire = out.sources.find((s) => s.id === 'r')!;
    expect(fire.delivered).toBe(false);
    expect(fire.totals.all).toMatchObject({ count: 0, previous: 1, average: 1 });
    expect(out.sources.map((s) => s.name)).toEqual(['Polisen', 'Räddningstjänsten']);
  });

  it('leaves the informants\' week view exactly as it was: nothing of a source enters it', () => {
    const base = { week: '2026-W48', areas: AREAS, places: [], organisations: [], prioritisedAreaIds: [], placeWeeks: [], weekReports: [] };
    const view = compileWeek({ ...base, observations: [{ id: 'o', category: 'vandalism', areaId: 'n', placeId: null, timeOfDay: 'day', occurredOn: null, persists: false, note: null, organisationId: 'x' }], history: [] });
    const figures = compileFigureWeek({ week: '2026-W48', sources: [POLICE], areas: AREAS, figures: [f('2026-W48', 'n', 'sk', 9)] });
    expect(view.areas.find((a) => a.id === 'n')!.cells.vandalism.count).toBe(1);
    expect(view.totals.all.count).toBe(1);
    expect(figures.sources[0]!.totals.all.count).toBe(9);
  });
});

describe('series over a range', () => {
  it('sums per week, category and area against the comparison range, with trends', () => {
    const weeks = weekRange('2026-W01', '2026-W04');
    const out = compileFigureSeries({
      range: { from: '2026-W01', to: '2026-W04' },
      weeks,
      previous: { from: '2025-W49', to: '2025-W52' },
      sources: [POLICE, FIRE],
      areas: AREAS,
      figures: [f('2026-W01', 'n', 'mh', 2), f('2026-W03', 'n', 'mh', 4), f('2026-W03', 's', 'sk', 5), f('2025-W50', 'n', 'mh', 10), f('2026-W02', 'n', 'bb', 1, 'r')],
    });
    const p = out.sources[0]!;
    expect(p.series).toEqual([2, 0, 9, 0]);
    expect(p.total).toBe(11);
    expect(p.previousTotal).toBe(10);
    expect(p.trend).toBe('up'); // +10 %: the threshold counts
    expect(p.categories.map((c) => [c.name, c.total, c.previousTotal, c.trend])).toEqual([['Misshandel', 6, 10, 'down'], ['Skadegörelse', 5, 0, 'new']]);
    expect(p.areas.map((a) => [a.areaName, a.total, a.previousTotal])).toEqual([['Norrby', 6, 10], ['Söderby', 5, 0]]);
    expect(p.weeksDelivered).toBe(2);
    expect(out.sources[1]!.trend).toBe('unknown'); // nothing delivered before: no comparison
  });

  it('calls a trend only from a real comparison', () => {
    expect(figureTrend(5, 0, false)).toBe('unknown');
    expect(figureTrend(0, 0, true)).toBe('flat');
    expect(figureTrend(11, 10, true)).toBe('up');
    expect(figureTrend(9, 10, true)).toBe('down');
    expect(figureTrend(105, 100, true)).toBe('flat');
  });
});
