import { describe, expect, it } from 'vitest';
import {
  compileParticipation,
  compileWeek,
  type CountRow,
  type FunctionWeekRow,
  type PlaceWeekRow,
  type WeekObservationRow,
  type WeekViewInput,
} from '../../server/weekview/compile';
import type { IndicatorKey } from '../../shared/indicators';

const W = '2026-W48';
const AREAS = [
  { id: 'a-sol', name: 'Solberga' },
  { id: 'a-akr', name: 'Åkerlund' },
  { id: 'a-bjo', name: 'Björkhagen' },
  { id: 'a-cen', name: 'Centrum' },
];
const PLACES = [
  { id: 'p-torg', areaId: 'a-bjo', name: 'Björkhagens torg' },
  { id: 'p-tunnel', areaId: 'a-bjo', name: 'Gångtunneln' },
  { id: 'p-park', areaId: 'a-sol', name: 'Parkeringen' },
];
const ORGS = [
  { id: 'o-hem', name: 'Älvstadshem AB' },
  { id: 'o-kom', name: 'Älvstads kommun' },
];

let n = 0;
function obs(over: Partial<WeekObservationRow> = {}): WeekObservationRow {
  return {
    id: `obs-${String(++n).padStart(3, '0')}`,
    category: 'vandalism',
    areaId: 'a-bjo',
    placeId: null,
    timeOfDay: 'evening',
    occurredOn: null,
    persists: false,
    note: null,
    organisationId: 'o-hem',
    ...over,
  };
}
const hist = (week: string, areaId: string, category: IndicatorKey, count: number): CountRow => ({ week, areaId, category, count });

function input(over: Partial<WeekViewInput> = {}): WeekViewInput {
  return {
    week: W,
    areas: AREAS,
    places: PLACES,
    organisations: ORGS,
    prioritisedAreaIds: [],
    observations: [],
    history: [],
    placeWeeks: [],
    weekReports: [],
    ...over,
  };
}

describe('compileWeek – table, counts and deltas', () => {
  it('lists every area with all eight indicators, zeros where nothing was reported', () => {
    const view = compileWeek(input());
    expect(view.week).toBe(W);
    expect(view.previousWeek).toBe('2026-W47');
    expect(view.averageWindow).toEqual({ from: '2026-W40', to: '2026-W47', weeksInUse: 0 });
    expect(view.recurringWindow).toEqual({ from: '2026-W45', to: W, minWeeks: 3 });
    expect(view.categories).toEqual(['vandalism', 'fire', 'staff_incident', 'event', 'youth_gathering', 'disorder', 'unsafe_place', 'other']);
    // Not prioritised: Swedish alphabetical order (Å after Ö, i.e. last).
    expect(view.areas.map((a) => a.name)).toEqual(['Björkhagen', 'Centrum', 'Solberga', 'Åkerlund']);
    for (const a of view.areas) {
      expect(Object.keys(a.cells)).toEqual(view.categories);
      expect(a.cells.fire).toEqual({
        count: 0, previous: 0, deltaPrevious: 0, average: null, deltaAverage: null,
        timeOfDay: { day: 0, evening: 0, night: 0, unknown: 0 }, persisting: 0, observations: [],
      });
    }
    expect(view.totals.all.count).toBe(0);
    expect(view.recurringPlaces).toEqual([]);
  });

  it('counts this week per cell, area, indicator and in total', () => {
    const view = compileWeek(
      input({
        observations: [
          obs(), obs(), obs({ category: 'fire' }),
          obs({ areaId: 'a-sol', category: 'fire', timeOfDay: 'night' }),
          obs({ areaId: 'a-sol', category: 'disorder', timeOfDay: 'day' }),
        ],
        weekReports: [{ week: W, reports: 7, calm: 3 }],
      }),
    );
    const bjo = view.areas.find((a) => a.id === 'a-bjo')!;
    const sol = view.areas.find((a) => a.id === 'a-sol')!;
    expect(bjo.cells.vandalism.count).toBe(2);
    expect(bjo.cells.fire.count).toBe(1);
    expect(bjo.total.count).toBe(3);
    expect(sol.total.count).toBe(2);
    expect(view.totals.byCategory.fire.count).toBe(2);
    expect(view.totals.byCategory.vandalism.count).toBe(2);
    expect(view.totals.byCategory.other.count).toBe(0);
    expect(view.totals.all.count).toBe(5);
    expect(view.reports).toEqual({ total: 7, calm: 3, observations: 5 });
  });

  it('compares with the previous week and the 8-week average over the weeks in use', () => {
    const history = [
      hist('2026-W47', 'a-bjo', 'vandalism', 4), // previous week
      hist('2026-W46', 'a-bjo', 'vandalism', 2),
      hist('2026-W40', 'a-bjo', 'vandalism', 3), // first week of the window
      hist('2026-W39', 'a-bjo', 'vandalism', 100), // outside the window: ignored
      hist(W, 'a-bjo', 'vandalism', 100), // this week comes from the detail rows only
      hist('2026-W47', 'a-sol', 'fire', 1),
    ];
    // All 8 weeks had reports (some calm only): the average divides by 8.
    const weekReports = ['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47'].map((week) => ({ week, reports: 5, calm: 5 }));
    const view = compileWeek(input({ history, weekReports, observations: [obs(), obs()] }));
    const cell = view.areas.find((a) => a.id === 'a-bjo')!.cells.vandalism;
    expect(cell).toMatchObject({ count: 2, previous: 4, deltaPrevious: -2, average: 1.13, deltaAverage: 0.88 });
    // 9 / 8 = 1.125 → 1.13; 2 − 1.125 = 0.875 → 0.88 (rounded from the exact mean)
    expect(view.averageWindow.weeksInUse).toBe(8);
    const sol = view.areas.find((a) => a.id === 'a-sol')!;
    expect(sol.cells.fire).toMatchObject({ count: 0, previous: 1, deltaPrevious: -1, average: 0.13, deltaAverage: -0.13 });
    expect(view.totals.all).toMatchObject({ count: 2, previous: 5, deltaPrevious: -3, average: 1.25, deltaAverage: 0.75 });
    expect(view.totals.byCategory.vandalism).toMatchObject({ previous: 4, average: 1.13 });
    // An area with nothing ever has average 0, not null, once the system is in use.
    expect(view.areas.find((a) => a.id === 'a-cen')!.cells.other).toMatchObject({ count: 0, average: 0, deltaAverage: 0 });
  });

  it('does not let weeks before the start of use drag the average down', () => {
    const history = [hist('2026-W46', 'a-bjo', 'vandalism', 3), hist('2026-W47', 'a-bjo', 'vandalism', 1)];
    const weekReports = [
      { week: '2026-W46', reports: 2, calm: 0 },
      { week: '2026-W47', reports: 2, calm: 1 },
      { week: '2026-W45', reports: 0, calm: 0 }, // no report: not in use
    ];
    const view = compileWeek(input({ history, weekReports }));
    expect(view.averageWindow.weeksInUse).toBe(2);
    expect(view.areas.find((a) => a.id === 'a-bjo')!.cells.vandalism).toMatchObject({ average: 2, deltaAverage: -2, previous: 1 });
  });
});

describe('compileWeek – observations per cell', () => {
  it('shows note, place name, time of day, persists and organisation name, never function or device', () => {
    const o = obs({ placeId: 'p-torg', note: 'Klotter på gaveln', persists: true, timeOfDay: 'night', occurredOn: '2026-11-24', organisationId: 'o-kom' });
    const view = compileWeek(input({ observations: [o] }));
    const list = view.areas.find((a) => a.id === 'a-bjo')!.cells.vandalism.observations;
    expect(list).toEqual([
      { id: o.id, category: 'vandalism', note: 'Klotter på gaveln', place: { id: 'p-torg', name: 'Björkhagens torg' }, timeOfDay: 'night', occurredOn: '2026-11-24', persists: true, organisation: 'Älvstads kommun' },
    ]);
    const json = JSON.stringify(view);
    expect(json).not.toMatch(/function|device/i);
  });

  it('orders a cell by date given (undated last), then place name', () => {
    const undated = obs({ placeId: 'p-torg' });
    const late = obs({ occurredOn: '2026-11-27' });
    const early = obs({ occurredOn: '2026-11-23', placeId: 'p-tunnel' });
    const earlyTorg = obs({ occurredOn: '2026-11-23', placeId: 'p-torg' });
    const view = compileWeek(input({ observations: [undated, late, early, earlyTorg] }));
    expect(view.areas.find((a) => a.id === 'a-bjo')!.cells.vandalism.observations.map((o) => o.id)).toEqual([
      earlyTorg.id, early.id, late.id, undated.id,
    ]);
  });
});

describe('compileWeek – time of day, prioritised areas, recurring places', () => {
  it('marks an area covered when a function assigned to it reported (even calm) or an observation is in it; else not', () => {
    const v = compileWeek(input({ reportedAreaIds: ['a-sol'], observations: [obs({ areaId: 'a-bjo' })] }));
    const covered = Object.fromEntries(v.areas.map((a) => [a.id, a.covered]));
    expect(covered).toEqual(Object.fromEntries(AREAS.map((a) => [a.id, a.id === 'a-sol' || a.id === 'a-bjo'])));
    expect(compileWeek(input()).areas.every((a) => !a.covered)).toBe(true);
  });

  it('splits by time of day, in total and per area', () => {
    const view = compileWeek(
      input({
        observations: [
          obs({ timeOfDay: 'night' }), obs({ timeOfDay: 'night' }), obs({ timeOfDay: 'day' }),
          obs({ areaId: 'a-sol', timeOfDay: 'unknown' }), obs({ areaId: 'a-sol', timeOfDay: 'evening' }),
        ],
      }),
    );
    expect(view.timeOfDay).toEqual({ day: 1, evening: 1, night: 2, unknown: 1 });
    expect(view.areas.find((a) => a.id === 'a-bjo')!.timeOfDay).toEqual({ day: 1, evening: 0, night: 2, unknown: 0 });
    expect(view.areas.find((a) => a.id === 'a-cen')!.timeOfDay).toEqual({ day: 0, evening: 0, night: 0, unknown: 0 });
  });

  it('puts the prioritised areas first in decided order, ignoring unknown and repeated ids', () => {
    const view = compileWeek(input({ prioritisedAreaIds: ['a-sol', 'nope', 'a-akr', 'a-sol'] }));
    expect(view.areas.map((a) => [a.name, a.priority])).toEqual([
      ['Solberga', 1], ['Åkerlund', 2], ['Björkhagen', null], ['Centrum', null],
    ]);
  });

  it('finds places reported in at least 3 of the last 4 weeks, this week included', () => {
    const pw = (placeId: string, week: string, category: IndicatorKey = 'vandalism', count = 1): PlaceWeekRow => ({ placeId, week, category, count });
    const placeWeeks = [
      // torg: W45, W46, W48 → recurring (3 of 4), twice this week
      pw('p-torg', '2026-W45'), pw('p-torg', '2026-W46', 'disorder', 2), pw('p-torg', W, 'disorder', 1), pw('p-torg', W, 'vandalism', 1),
      // tunnel: W44 is outside the window, so only 2 weeks → not recurring
      pw('p-tunnel', '2026-W44'), pw('p-tunnel', '2026-W45'), pw('p-tunnel', W),
      // park: all four weeks, but not this week? it is: W45..W48 → recurring, first (4 weeks)
      pw('p-park', '2026-W45', 'unsafe_place'), pw('p-park', '2026-W46', 'unsafe_place'), pw('p-park', '2026-W47', 'unsafe_place'), pw('p-park', W, 'unsafe_place'),
      // an unknown place is ignored
      pw('p-gone', '2026-W45'), pw('p-gone', '2026-W46'), pw('p-gone', '2026-W47'),
    ];
    const view = compileWeek(input({ placeWeeks }));
    expect(view.recurringPlaces).toEqual([
      { placeId: 'p-park', placeName: 'Parkeringen', areaId: 'a-sol', areaName: 'Solberga', weeks: ['2026-W45', '2026-W46', '2026-W47', W], countThisWeek: 1, countWindow: 4, categories: ['unsafe_place'] },
      { placeId: 'p-torg', placeName: 'Björkhagens torg', areaId: 'a-bjo', areaName: 'Björkhagen', weeks: ['2026-W45', '2026-W46', W], countThisWeek: 2, countWindow: 5, categories: ['disorder', 'vandalism'] },
    ]);
  });

  it('keeps a place that recurred in the three weeks before, even if quiet this week', () => {
    const placeWeeks = ['2026-W45', '2026-W46', '2026-W47'].map((week) => ({ placeId: 'p-torg', week, category: 'fire' as const, count: 1 }));
    const [rp] = compileWeek(input({ placeWeeks })).recurringPlaces;
    expect(rp).toMatchObject({ placeId: 'p-torg', countThisWeek: 0, weeks: ['2026-W45', '2026-W46', '2026-W47'] });
  });

  it('handles a window across the year boundary (53-week year)', () => {
    const view = compileWeek(input({ week: '2027-W01', placeWeeks: [
      { placeId: 'p-torg', week: '2026-W51', category: 'fire', count: 1 },
      { placeId: 'p-torg', week: '2026-W53', category: 'fire', count: 1 },
      { placeId: 'p-torg', week: '2027-W01', category: 'fire', count: 1 },
    ] }));
    expect(view.previousWeek).toBe('2026-W53');
    expect(view.recurringWindow.from).toBe('2026-W51');
    expect(view.recurringPlaces.map((p) => p.weeks)).toEqual([['2026-W51', '2026-W53', '2027-W01']]);
  });
});

describe('compileParticipation', () => {
  // A clock after W (2026-W48) ended, and one in the middle of it (Wednesday, Stockholm).
  const OVER = new Date('2026-12-02T12:00:00.000Z');
  const WEDNESDAY = new Date('2026-11-25T12:00:00.000Z');
  const FUNCS = [
    { id: 'f-norr', organisationId: 'o-hem', name: 'Bovärdskontor Norr' },
    { id: 'f-vast', organisationId: 'o-hem', name: 'Bovärdskontor Väster' },
    { id: 'f-falt', organisationId: 'o-kom', name: 'Fältgruppen' },
    { id: 'f-hemt', organisationId: 'o-kom', name: 'Hemtjänst Öster' },
  ];
  const row = (functionId: string, week: string, reports: number, calm: number): FunctionWeekRow => ({ functionId, week, reports, calm });

  it('gives reported / calm / missing this week per function and organisation; calm counts as participation', () => {
    const p = compileParticipation({
      now: OVER,
      week: W,
      organisations: [...ORGS, { id: 'o-police', name: 'Polisen' }],
      functions: FUNCS,
      reports: [row('f-norr', W, 2, 1), row('f-vast', W, 1, 1), row('f-falt', W, 3, 0), row('f-hemt', '2026-W47', 1, 0)],
    });
    expect(p.week).toBe(W);
    expect(p.weeks).toHaveLength(12);
    expect(p.weeks[0]).toBe('2026-W37');
    expect(p.weeks[11]).toBe(W);
    expect(p.totals).toEqual({ functions: 4, reported: 2, calm: 1, missing: 1, inProgress: 0 });
    expect(p.inProgress).toBe(false);
    // Organisations without functions (the police bring their own figures) are left out.
    expect(p.organisations.map((o) => [o.name, o.counts])).toEqual([
      ['Älvstads kommun', { functions: 2, reported: 1, calm: 0, missing: 1, inProgress: 0 }],
      ['Älvstadshem AB', { functions: 2, reported: 1, calm: 1, missing: 0, inProgress: 0 }],
    ]);
    const hem = p.organisations[1]!;
    expect(hem.functions.map((f) => [f.name, f.status, f.reportsThisWeek])).toEqual([
      ['Bovärdskontor Norr', 'reported', 2], // one calm + one with observations = reported
      ['Bovärdskontor Väster', 'calm', 1],
    ]);
    expect(JSON.stringify(p)).not.toMatch(/device/i);
  });

  it('builds a 12-week strip oldest first, with rates and a sinking flag', () => {
    const weeks = compileParticipation({ now: OVER, week: W, organisations: ORGS, functions: [], reports: [] }).weeks;
    const reports: FunctionWeekRow[] = [];
    // Norr reported every one of the first 8 weeks, then only once (calm) in the last 4.
    weeks.slice(0, 8).forEach((w) => reports.push(row('f-norr', w, 1, 0)));
    reports.push(row('f-norr', weeks[9]!, 1, 1));
    // Väster: steady, calm every week.
    weeks.forEach((w) => reports.push(row('f-vast', w, 1, 1)));
    const p = compileParticipation({ now: OVER, week: W, organisations: ORGS, functions: FUNCS.slice(0, 2), reports });
    const [norr, vast] = p.organisations[0]!.functions;
    expect(norr!.strip.map((s) => s.status)).toEqual([
      ...Array(8).fill('reported'), 'missing', 'calm', 'missing', 'missing',
    ]);
    expect(norr!.strip[0]).toEqual({ week: '2026-W37', status: 'reported' });
    expect(norr).toMatchObject({ status: 'missing', rate: 0.75, earlierRate: 1, recentRate: 0.25, sinking: true });
    expect(vast).toMatchObject({ status: 'calm', rate: 1, earlierRate: 1, recentRate: 1, sinking: false });
  });

  it('flags a drop of exactly the threshold, not a smaller one', () => {
    const weeks = compileParticipation({ now: OVER, week: W, organisations: ORGS, functions: [], reports: [] }).weeks;
    const reports: FunctionWeekRow[] = [];
    weeks.slice(0, 8).forEach((w) => reports.push(row('f-norr', w, 1, 0)));
    weeks.slice(8, 11).forEach((w) => reports.push(row('f-norr', w, 1, 0))); // 3 of 4 recent: 1 → 0.75
    weeks.slice(0, 8).forEach((w, i) => i < 7 && reports.push(row('f-vast', w, 1, 0))); // 7/8 = 0.875
    weeks.slice(8, 12).forEach((w, i) => i < 3 && reports.push(row('f-vast', w, 1, 0))); // 0.75: drop 0.125
    const p = compileParticipation({ now: OVER, week: W, organisations: ORGS, functions: FUNCS.slice(0, 2), reports });
    const [norr, vast] = p.organisations[0]!.functions;
    expect(norr).toMatchObject({ recentRate: 0.75, earlierRate: 1, sinking: true });
    expect(vast).toMatchObject({ recentRate: 0.75, earlierRate: 0.88, sinking: false });
  });

  it('marks weeks before a function existed inactive and leaves them out of counts and rates', () => {
    const p = compileParticipation({
      now: OVER,
      week: W,
      organisations: ORGS,
      // Created on the Wednesday of W47 (Stockholm): W47 and W48 are active.
      functions: [{ id: 'f-new', organisationId: 'o-hem', name: 'Ny funktion', createdAt: '2026-11-18T09:00:00.000Z' }],
      reports: [row('f-new', '2026-W47', 1, 1)],
    });
    const f = p.organisations[0]!.functions[0]!;
    expect(f.strip.slice(0, 10).every((s) => s.status === 'inactive')).toBe(true);
    expect(f.strip.slice(10).map((s) => s.status)).toEqual(['calm', 'missing']);
    expect(f).toMatchObject({ rate: 0.5, earlierRate: null, recentRate: 0.5, sinking: false });
    expect(p.totals).toEqual({ functions: 1, reported: 0, calm: 0, missing: 1, inProgress: 0 });
  });

  it('counts a report in a week before creation (clock skew, import) as participation', () => {
    const p = compileParticipation({
      now: OVER,
      week: W,
      organisations: ORGS,
      functions: [{ id: 'f-new', organisationId: 'o-hem', name: 'Ny', createdAt: '2026-12-01T00:00:00.000Z' }],
      reports: [row('f-new', W, 1, 0)],
    });
    expect(p.organisations[0]!.functions[0]!.status).toBe('reported');
    expect(p.totals.reported).toBe(1);
  });

  it('shows the running week as in progress, not missing, and keeps it out of rates and the sinking trend', () => {
    const weeks = compileParticipation({ now: OVER, week: W, organisations: ORGS, functions: [], reports: [] }).weeks;
    const reports: FunctionWeekRow[] = [];
    // Norr reported every week that is over; nothing yet this week (it is Wednesday).
    weeks.slice(0, 11).forEach((w) => reports.push(row('f-norr', w, 1, 0)));
    // Väster already sent this week's report.
    weeks.forEach((w) => reports.push(row('f-vast', w, 1, 1)));
    const p = compileParticipation({ now: WEDNESDAY, week: W, organisations: ORGS, functions: FUNCS.slice(0, 2), reports });
    expect(p.inProgress).toBe(true);
    const [norr, vast] = p.organisations[0]!.functions;
    expect(norr!.strip.map((s) => s.status)).toEqual([...Array(11).fill('reported'), 'inProgress']);
    expect(norr).toMatchObject({ status: 'inProgress', rate: 1, recentRate: 1, earlierRate: 1, sinking: false });
    expect(vast).toMatchObject({ status: 'calm', rate: 1, sinking: false });
    expect(p.totals).toEqual({ functions: 2, reported: 0, calm: 1, missing: 0, inProgress: 1 });

    // The same rows once the week is over: now it is missing, and one missed week of 4 is no alarm.
    const after = compileParticipation({ now: OVER, week: W, organisations: ORGS, functions: FUNCS.slice(0, 2), reports });
    expect(after.organisations[0]!.functions[0]).toMatchObject({ status: 'missing', recentRate: 0.75, earlierRate: 1, sinking: true });
    expect(after.totals).toMatchObject({ missing: 1, inProgress: 0 });
  });

  it('compares the last four weeks that are over with the ones before while a week runs', () => {
    const weeks = compileParticipation({ now: OVER, week: W, organisations: ORGS, functions: [], reports: [] }).weeks;
    const reports: FunctionWeekRow[] = [];
    // Reported weeks 0–6, then missed weeks 7–10 (all over): a real drop, to be flagged mid-week too.
    weeks.slice(0, 7).forEach((w) => reports.push(row('f-norr', w, 1, 0)));
    const p = compileParticipation({ now: WEDNESDAY, week: W, organisations: ORGS, functions: FUNCS.slice(0, 1), reports });
    expect(p.organisations[0]!.functions[0]).toMatchObject({ status: 'inProgress', recentRate: 0, earlierRate: 1, sinking: true });
  });

  it('never calls a week "did not exist" for a function that reported before it (rows seeded or imported after the fact)', () => {
    const weeks = compileParticipation({ now: OVER, week: W, organisations: ORGS, functions: [], reports: [] }).weeks;
    // Created after the whole strip (as the demo's functions were), but reporting from week 0 with gaps.
    const reports = weeks.filter((_, i) => ![3, 9, 11].includes(i)).map((w) => row('f-norr', w, 1, 0));
    const p = compileParticipation({
      now: OVER,
      week: W,
      organisations: ORGS,
      functions: [{ ...FUNCS[0]!, createdAt: '2026-12-01T10:00:00.000Z' }],
      reports,
    });
    const f = p.organisations[0]!.functions[0]!;
    expect(f.strip.filter((s) => s.status === 'inactive')).toEqual([]);
    expect(f.strip.map((s) => s.status).filter((s) => s === 'missing')).toHaveLength(3);
    expect(f).toMatchObject({ status: 'missing', rate: 0.75 });
  });
});
