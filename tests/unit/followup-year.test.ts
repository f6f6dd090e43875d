import { describe, expect, it } from 'vitest';
import { compileYear, type YearInput } from '../../server/periods/year';
import type { FollowUp, Intervention } from '../../shared/interventions';
import { addWeeks, weekRange } from '../../shared/weeks';

const WEEKS = weekRange('2026-W01', '2026-W53');

function intervention(over: Partial<Intervention>): Intervention {
  return {
    id: 'i1',
    area: { id: 'north', name: 'Norrby' },
    place: null,
    problem: null,
    categories: ['vandalism'],
    observationIds: [],
    action: 'Väktare',
    organisation: 'Kommunen',
    term: 'short',
    plannedStart: '2026-03-02', // W10
    plannedEnd: '2026-03-29',
    status: 'ended',
    decidedWeek: '2026-W09',
    version: 1,
    createdAt: 'x',
    updatedAt: 'x',
    followUps: [],
    ...over,
  };
}

function input(over: Partial<YearInput> = {}): YearInput {
  return {
    year: 2026,
    weeks: WEEKS,
    asOf: '2027-W03',
    now: new Date('2027-01-20T12:00:00.000Z'),
    areas: [
      { id: 'north', name: 'Norrby' },
      { id: 'south', name: 'Söderby' },
    ],
    counts: [
      ...weekRange('2025-W49', '2026-W09').map((week) => ({ week, areaId: 'north', category: 'vandalism' as const, count: 4 })),
      ...weekRange('2026-W10', '2027-W03').map((week) => ({ week, areaId: 'north', category: 'vandalism' as const, count: 1 })),
      { week: '2026-W20', areaId: 'south', category: 'fire', count: 3 },
    ],
    countsRange: { from: '2025-W49', to: '2027-W03' },
    previousYear: [
      { areaId: 'north', category: 'vandalism', count: 100 },
      { areaId: 'south', category: 'fire', count: 7 },
    ],
    weekReports: [{ week: '2026-W02', reports: 10, calm: 4 }, { week: '2025-W52', reports: 99, calm: 0 }],
    interventions: [{ intervention: intervention({}), categories: ['vandalism'], placeRows: null }],
    periods: [
      { period: '2026-Q1', priorities: { areaIds: ['north'], rationale: 'most reports' } },
      { period: '2026-Q2', priorities: null },
      { period: '2026-Q3', priorities: null },
      { period: '2026-Q4', priorities: null },
    ],
    ...over,
  };
}

describe('compileYear', () => {
  const y = compileYear(input());

  it('gives weekly series per area and indicator aligned with the weeks of the year', () => {
    expect(y.weeks).toHaveLength(53);
    const north = y.areas.find((a) => a.id === 'north')!;
    expect(north.series.byCategory.vandalism.slice(7, 11)).toEqual([4, 4, 1, 1]); // W08–W11
    expect(north.series.total).toHaveLength(53);
    expect(north.total).toBe(9 * 4 + 44 * 1);
    expect(north.byCategory.vandalism).toBe(north.total);
    expect(north.previousYearTotal).toBe(100);
    const south = y.areas.find((a) => a.id === 'south')!;
    expect(south.series.byCategory.fire[19]).toBe(3);
    expect(y.areas.map((a) => a.id)).toEqual(['north', 'south']);
  });

  it('totals the year against the previous one, with participation per week', () => {
    expect(y.totals.total).toBe(80 + 3);
    expect(y.totals.previousYear).toBe(107);
    expect(y.totals.byCategory.fire).toEqual({ count: 3, previousYear: 7 });
    expect(y.totals.reports[1]).toBe(10);
    expect(y.totals.calm[1]).toBe(4);
    expect(y.totals.reports.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('lists interventions with before/after counts in their area and summarises them', () => {
    const i = y.interventions[0]!;
    expect(i.beforeAfter.before).toMatchObject({ from: '2026-W06', to: '2026-W09', count: 16, perWeek: 4 });
    expect(i.beforeAfter.after).toMatchObject({ from: '2026-W10', to: '2026-W13', count: 4, perWeek: 1 });
    expect(i.beforeAfter.direction).toBe('fewer');
    expect(y.areas[0]!.interventionIds).toEqual(['i1']);
    expect(y.summary).toMatchObject({
      interventions: 1,
      byStatus: { planned: 0, active: 0, ended: 1 },
      byOutcome: { notFollowedUp: 1 },
      byDecision: { none: 1 },
      byDirection: { fewer: 1 },
    });
    expect(y.periods[0]).toMatchObject({ period: '2026-Q1', first: '2026-W01', last: '2026-W13', label: { sv: 'kvartal 1 2026' }, priorities: { areaIds: ['north'] } });
  });

  it('uses the latest follow-up for the summary, and own rows for an intervention older than the loaded range', () => {
    const f = (outcome: FollowUp['outcome'], decision: FollowUp['decision'], week: string): FollowUp =>
      ({ id: week, interventionId: 'i2', week, carriedOut: 'yes', carriedOutNote: null, outcome, outcomeNote: null, decision, decisionNote: null, counts: {} as FollowUp['counts'], createdAt: 'x', createdBy: null });
    const old = intervention({ id: 'i2', plannedStart: '2024-05-06', plannedEnd: null, status: 'active', term: 'long', followUps: [f('worse', 'change', '2025-W10'), f('better', 'continue', '2026-W10')] });
    const y2 = compileYear(input({
      interventions: [{ intervention: old, categories: [], areaRows: [{ week: addWeeks('2024-W19', -1), category: 'fire', count: 8 }], placeRows: null }],
    }));
    expect(y2.interventions[0]!.beforeAfter.before.count).toBe(8);
    // Its run is counted from the start of the review's range, not from 2024.
    expect(y2.interventions[0]!.beforeAfter.during).toMatchObject({ from: '2025-W49', to: '2027-W03', count: 13 * 4 + 47 });
    expect(y2.interventions[0]!.countedCategories).toHaveLength(8);
    expect(y2.summary.byOutcome).toMatchObject({ better: 1, notFollowedUp: 0 });
    expect(y2.summary.byDecision.continue).toBe(1);
    expect(y2.summary.byTerm.long).toBe(1);
  });

  it('covers only the weeks that are over in a running year: no zeros for the running week or the weeks to come', () => {
    // Wednesday of 2026-W49 (Stockholm): W01–W48 are over, W49 runs, W50–W53 are to come.
    const running = compileYear(input({ asOf: '2026-W49', now: new Date('2026-12-02T12:00:00.000Z') }));
    expect(running.weeks).toHaveLength(53);
    expect(running).toMatchObject({ weeksOver: 48, inProgress: '2026-W49' });
    const north = running.areas.find((a) => a.id === 'north')!;
    expect(north.series.total).toHaveLength(48);
    expect(north.series.byCategory.fire).toHaveLength(48);
    expect(running.totals.series.total).toHaveLength(48);
    expect(running.totals.reports).toHaveLength(48);
    // The running week's observations are counted once it is over, not before.
    expect(north.total).toBe(9 * 4 + 39 * 1);
    expect(running.totals.total).toBe(9 * 4 + 39 + 3);
    // A year that is over: every week, none running.
    expect(y).toMatchObject({ weeksOver: 53, inProgress: null });
    // A year that has not begun: nothing yet.
    expect(compileYear(input({ now: new Date('2025-06-01T12:00:00.000Z') }))).toMatchObject({ weeksOver: 0, inProgress: null });
  });
});
