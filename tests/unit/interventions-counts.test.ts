import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { beforeAfterCounts, effectiveIndicators, pictureLine, type WeekIndicatorCount } from '../../server/interventions/compile';
import { FollowUpCreateSchema, InterventionCreateSchema, personalDataFields } from '../../shared/interventions';
import { describeIssues } from '../../shared/schemas';
import { weekRange } from '../../shared/weeks';

// 2026-11-02 is the Monday of 2026-W45.
const rows = (weeks: string[], category: WeekIndicatorCount['category'], count: number): WeekIndicatorCount[] =>
  weeks.map((week) => ({ week, category, count }));

describe('beforeAfterCounts', () => {
  const areaRows = [
    ...rows(weekRange('2026-W40', '2026-W44'), 'vandalism', 5), // W40 is outside the before window
    ...rows(weekRange('2026-W45', '2026-W52'), 'vandalism', 2),
    ...rows(weekRange('2026-W41', '2026-W52'), 'fire', 1), // another indicator: counts in `all` only
  ];

  it('counts the 4 weeks before the start week against the 4 weeks from it', () => {
    const r = beforeAfterCounts({ plannedStart: '2026-11-04', plannedEnd: '2026-11-29', categories: ['vandalism'], asOf: '2026-W52', areaRows, placeRows: null });
    expect(r.startWeek).toBe('2026-W45');
    expect(r.endWeek).toBe('2026-W48');
    expect(r.before).toEqual({ from: '2026-W41', to: '2026-W44', weeks: 4, count: 20, perWeek: 5, all: 24, allPerWeek: 6, place: null });
    expect(r.after).toEqual({ from: '2026-W45', to: '2026-W48', weeks: 4, count: 8, perWeek: 2, all: 12, allPerWeek: 3, place: null });
    // during: the whole planned run (ends W48), not beyond
    expect(r.during?.to).toBe('2026-W48');
    expect(r.change).toBe(-0.6);
    expect(r.direction).toBe('fewer');
    expect(r.categories).toEqual(['vandalism']);
  });

  it('cuts windows at asOf and compares per week', () => {
    const r = beforeAfterCounts({ plannedStart: '2026-11-04', plannedEnd: null, categories: ['vandalism'], asOf: '2026-W46', areaRows, placeRows: null });
    expect(r.after).toMatchObject({ from: '2026-W45', to: '2026-W46', weeks: 2, count: 4, perWeek: 2 });
    expect(r.during).toMatchObject({ from: '2026-W45', to: '2026-W46', weeks: 2 });
    expect(r.direction).toBe('fewer');
  });

  it('has no after window before the start, and counts all indicators when none is named', () => {
    const r = beforeAfterCounts({ plannedStart: '2026-11-04', plannedEnd: null, categories: [], asOf: '2026-W43', areaRows, placeRows: [] });
    expect(r.after).toBeNull();
    expect(r.during).toBeNull();
    expect(r.change).toBeNull();
    expect(r.direction).toBeNull();
    expect(r.categories).toHaveLength(8);
    // before window W41–W44 cut at W43: 3 weeks, vandalism 15 + fire 3
    expect(r.before).toMatchObject({ weeks: 3, count: 18, all: 18, place: 0 });
  });

  it('counts the place separately, and calls a rise from nothing "more"', () => {
    const r = beforeAfterCounts({
      plannedStart: '2026-11-04',
      plannedEnd: null,
      categories: ['staff_incident'],
      asOf: '2026-W52',
      areaRows: rows(['2026-W46'], 'staff_incident', 3),
      placeRows: rows(['2026-W46'], 'staff_incident', 2),
    });
    expect(r.before.count).toBe(0);
    expect(r.after).toMatchObject({ count: 3, place: 2 });
    expect(r.change).toBeNull();
    expect(r.direction).toBe('more');
  });

  it('calls small changes unchanged', () => {
    const r = beforeAfterCounts({
      plannedStart: '2026-11-04',
      plannedEnd: null,
      categories: ['vandalism'],
      asOf: '2026-W52',
      areaRows: [...rows(weekRange('2026-W41', '2026-W44'), 'vandalism', 10), ...rows(weekRange('2026-W45', '2026-W48'), 'vandalism', 11)],
      placeRows: null,
    });
    expect(r.change).toBe(0.1);
    expect(r.direction).toBe('unchanged');
  });
});

describe('intervention helpers', () => {
  it('merges own and linked indicators in catalogue order', () => {
    expect(effectiveIndicators(['other', 'fire'], ['vandalism', 'fire'])).toEqual(['vandalism', 'fire', 'other']);
  });

  it('writes a picture line in Swedish', () => {
    expect(
      pictureLine({ action: 'Väktare kvällstid', organisation: 'Securitas', term: 'short', plannedStart: '2026-11-27', plannedEnd: '2026-12-31', categories: ['vandalism'], place: { id: 'p', name: 'Torget' } }),
    ).toBe('Väktare kvällstid vid Torget (Securitas, kortsiktig, 27/11–31/12; Skadegörelse)');
  });
});

describe('schemas', () => {
  const base = { areaId: 'a1', action: 'Väktare', organisation: 'Kommunen', term: 'short', plannedStart: '2026-11-27', categories: ['vandalism'] };
  const issue = (schema: v.GenericSchema, body: unknown) => {
    const r = v.safeParse(schema, body);
    return r.success ? null : describeIssues(r.issues);
  };

  it('accepts a minimal intervention', () => {
    expect(issue(InterventionCreateSchema, base)).toBeNull();
  });

  it('names the field of every refusal', () => {
    expect(issue(InterventionCreateSchema, { ...base, categories: [] })).toMatch(/^categories: name the problem/);
    expect(issue(InterventionCreateSchema, { ...base, categories: ['mopeds'] })).toMatch(/^categories\[0\]: must be one of the eight/);
    expect(issue(InterventionCreateSchema, { ...base, plannedEnd: '2026-11-01' })).toMatch(/^plannedEnd: must not be before plannedStart/);
    expect(issue(InterventionCreateSchema, { ...base, plannedStart: '2026-02-30' })).toMatch(/^plannedStart: /);
    expect(issue(InterventionCreateSchema, { ...base, term: 'medium' })).toMatch(/^term: must be "short" or "long"/);
    expect(issue(InterventionCreateSchema, { ...base, action: '   ' })).toMatch(/^action: must not be empty/);
    expect(issue(InterventionCreateSchema, { ...base, decidedWeek: '2026-W54' })).toMatch(/^decidedWeek: must be an ISO week/);
    const { action: _a, ...noAction } = base;
    expect(issue(InterventionCreateSchema, noAction)).toMatch(/^action: /);
    expect(issue(FollowUpCreateSchema, { carriedOut: 'mostly', outcome: 'better', decision: 'end' })).toMatch(/^carriedOut: must be "yes", "partly" or "no"/);
    expect(issue(FollowUpCreateSchema, { carriedOut: 'yes', outcome: 'better', decision: 'stop' })).toMatch(/^decision: /);
  });

  it('finds personal data per field', () => {
    expect(personalDataFields({ problem: 'Ring 070-123 45 67', action: 'Väktare', outcomeNote: 'x' }, ['problem', 'action'])).toEqual([{ field: 'problem', kind: 'phone' }]);
    expect(personalDataFields({ outcomeNote: 'Mejla a.b@example.se' }, ['outcomeNote'])).toEqual([{ field: 'outcomeNote', kind: 'email' }]);
  });
});
