import { describe, expect, it } from 'vitest';
import { compileQuarter, type QuarterInput } from '../../server/periods/quarter';
import type { CountRow, FunctionWeekRow } from '../../server/weekview/compile';
import { periodWeekList } from '../../shared/followup';

// 2026-Q4 = W40…W53 (14 weeks); 2026-Q3 = W27…W39 (13 weeks).
const Q4 = periodWeekList('2026-Q4');
const Q3 = periodWeekList('2026-Q3');

function input(over: Partial<QuarterInput> = {}): QuarterInput {
  return {
    period: '2026-Q4',
    areas: [
      { id: 'north', name: 'Norrby' },
      { id: 'south', name: 'Söderby' },
      { id: 'east', name: 'Östra' },
      { id: 'west', name: 'Västra' }, // nobody covers it
      { id: 'mid', name: 'Centrum' }, // covered, but its function never reports
    ],
    places: [
      { id: 'torget', areaId: 'north', name: 'Torget' },
      { id: 'parken', areaId: 'south', name: 'Parken' },
    ],
    functions: [
      { id: 'fN', organisationId: 'o', name: 'Bovärdar Norr', createdAt: '2025-01-01T00:00:00Z' },
      { id: 'fS', organisationId: 'o', name: 'Bovärdar Söder', createdAt: '2025-01-01T00:00:00Z' },
      { id: 'fE', organisationId: 'o', name: 'Hemtjänst Öst', createdAt: '2025-01-01T00:00:00Z' },
      { id: 'fM', organisationId: 'o', name: 'Fält Centrum', createdAt: '2025-01-01T00:00:00Z' },
    ],
    functionAreas: [
      { functionId: 'fN', areaId: 'north' },
      { functionId: 'fS', areaId: 'south' },
      { functionId: 'fE', areaId: 'east' },
      { functionId: 'fM', areaId: 'mid' },
    ],
    counts: [
      ...Q4.map((week): CountRow => ({ week, areaId: 'north', category: 'vandalism', count: 2 })), // 28
      ...Q4.slice(0, 5).map((week): CountRow => ({ week, areaId: 'south', category: 'youth_gathering', count: 3 })), // 15
      { week: Q4[0]!, areaId: 'south', category: 'vandalism', count: 1 },
      { week: Q3[0]!, areaId: 'north', category: 'vandalism', count: 99 }, // previous period: ignored here
    ],
    previousCounts: [
      ...Q3.map((week): CountRow => ({ week, areaId: 'north', category: 'vandalism', count: 1 })), // 13 → 1/week
      ...Q3.map((week): CountRow => ({ week, areaId: 'south', category: 'youth_gathering', count: 2 })), // 26 → 2/week
    ],
    timeOfDay: [
      { areaId: 'north', timeOfDay: 'evening', count: 20 },
      { areaId: 'north', timeOfDay: 'night', count: 8 },
      { areaId: 'south', timeOfDay: 'day', count: 16 },
    ],
    placeWeeks: [
      ...Q4.slice(0, 6).map((week) => ({ placeId: 'torget', week, category: 'vandalism' as const, count: 1 })), // 6 of 14 ≥ ⌈14/3⌉ = 5
      ...Q4.slice(0, 4).map((week) => ({ placeId: 'parken', week, category: 'youth_gathering' as const, count: 2 })), // 4 < 5
    ],
    functionWeeks: [
      ...Q4.map((week): FunctionWeekRow => ({ functionId: 'fN', week, reports: 1, calm: 0 })),
      ...Q4.map((week): FunctionWeekRow => ({ functionId: 'fS', week, reports: 1, calm: 0 })),
      // East reports only calm weeks, and only 4 of 14: low coverage, but known calm.
      ...Q4.slice(0, 4).map((week): FunctionWeekRow => ({ functionId: 'fE', week, reports: 1, calm: 1 })),
    ],
    previousFunctionWeeks: [
      ...Q3.map((week): FunctionWeekRow => ({ functionId: 'fN', week, reports: 1, calm: 0 })),
      ...Q3.map((week): FunctionWeekRow => ({ functionId: 'fS', week, reports: 1, calm: 0 })),
    ],
    priorities: { current: null, next: null },
    ...over,
  };
}

describe('compileQuarter', () => {
  const a = compileQuarter(input());
  const area = (id: string) => a.areas.find((x) => x.id === id)!;

  it('ranks covered areas by observations and flags areas nobody reports on instead of ranking them calm', () => {
    expect(a.rankings.all).toEqual(['north', 'south', 'east']);
    expect(a.areas.map((x) => x.id)).toEqual(['north', 'south', 'east', 'mid', 'west']);
    expect(a.noCoverage).toEqual(['mid', 'west']);
    expect(area('west')).toMatchObject({ noCoverage: true, coverage: { status: 'none', functions: 0, coveredWeeks: 0 } });
    expect(area('mid')).toMatchObject({ noCoverage: true, coverage: { status: 'silent', functions: 1, reportingFunctions: 0 } });
    expect(area('west').total.rank).toBeNull();
    expect(area('west').total.trend).toBe('unknown');
    // East: only calm reports, 4 of 14 weeks – ranked (known calm) but low coverage.
    expect(area('east')).toMatchObject({ noCoverage: false, total: { count: 0, rank: 3 }, coverage: { status: 'low', coveredWeeks: 4, share: 0.29 } });
    expect(area('north').coverage).toMatchObject({ status: 'covered', coveredWeeks: 14, share: 1 });
  });

  it('ranks per indicator, among areas with that indicator', () => {
    expect(a.rankings.byCategory.vandalism).toEqual(['north', 'south']);
    expect(a.rankings.byCategory.youth_gathering).toEqual(['south']);
    expect(a.rankings.byCategory.fire).toEqual([]);
    expect(area('south').byCategory.youth_gathering.rank).toBe(1);
    expect(area('east').byCategory.vandalism.rank).toBeNull();
  });

  it('compares per-week rates with the previous period (13 vs 14 weeks)', () => {
    expect(area('north').total).toMatchObject({ count: 28, perWeek: 2, previous: 13, previousPerWeek: 1, delta: 15, change: 1, trend: 'up' });
    expect(area('south').byCategory.youth_gathering).toMatchObject({ count: 15, previous: 26, trend: 'down' });
    expect(area('south').byCategory.vandalism).toMatchObject({ count: 1, previous: 0, trend: 'new', change: null });
    // East had no coverage in Q3: its trend is unknown.
    expect(area('east').total.trend).toBe('unknown');
    expect(a.previous).toEqual({ period: '2026-Q3', first: '2026-W27', last: '2026-W39', weeks: 13 });
  });

  it('gives time of day, weekly series and recurring places', () => {
    expect(area('north').timeOfDay).toEqual({ day: 0, evening: 20, night: 8, unknown: 0 });
    expect(a.totals.timeOfDay).toEqual({ day: 16, evening: 20, night: 8, unknown: 0 });
    expect(area('north').weekly).toEqual(new Array(14).fill(2));
    expect(a.totals.weekly[0]).toBe(2 + 3 + 1);
    expect(area('north').recurringPlaces).toEqual([{ placeId: 'torget', placeName: 'Torget', weeks: 6, count: 6, categories: ['vandalism'] }]);
    expect(area('south').recurringPlaces).toEqual([]);
  });

  it('sums participation over the functions that existed', () => {
    expect(a.participation).toEqual({ functions: 4, reporting: 3, reports: 32, calm: 4, rate: 0.57 });
    const later = compileQuarter(input({ functions: input().functions.map((f) => (f.id === 'fM' ? { ...f, createdAt: '2027-02-01T00:00:00Z' } : f)) }));
    expect(later.participation.functions).toBe(3);
    // A function created after the period does not cover the area yet.
    expect(later.areas.find((x) => x.id === 'mid')!.coverage).toMatchObject({ status: 'none', functions: 0 });
  });

  it('marks the areas prioritised for the analysed period', () => {
    const current = { period: '2026-Q4', areaIds: ['south', 'north', 'east'], rationale: 'r', decidedAt: 'x', decidedBy: null, version: 1 };
    const b = compileQuarter(input({ priorities: { current, next: null } }));
    expect(b.areas.find((x) => x.id === 'south')!.priority).toBe(1);
    expect(b.areas.find((x) => x.id === 'west')!.priority).toBeNull();
    expect(b.priorities.current).toEqual(current);
  });

  it('an area with observations from a function that does not cover it is still covered', () => {
    const b = compileQuarter(input({ counts: [{ week: Q4[3]!, areaId: 'west', category: 'fire', count: 1 }] }));
    expect(b.areas.find((x) => x.id === 'west')).toMatchObject({ noCoverage: false, coverage: { status: 'low', coveredWeeks: 1 } });
  });
});
