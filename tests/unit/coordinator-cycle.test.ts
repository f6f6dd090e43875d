/**
 * The pure logic behind the cycle screens (client/coordinator/cycle-model.ts):
 * the intervention form → request bodies, which interventions the weekly
 * meeting follows up, the "where / how" of a prioritised area, the picture's
 * intervention lines, the period ranking with "no coverage" areas, and the
 * year's chart series.
 */
import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import type { PeriodAnalysis, PeriodArea, PeriodCount, YearReview } from '../../shared/followup';
import { InterventionCreateSchema, InterventionPatchSchema, type FollowUp, type Intervention } from '../../shared/interventions';
import type { PictureContent } from '../../shared/pictures';
import type { WeekView, WeekViewArea, WeekViewCell, WeekViewObservation } from '../../shared/weekview';
import {
  addToDraft,
  checkForm,
  createBody,
  defaultStart,
  emptyForm,
  followUpOf,
  formOf,
  indicatorsOf,
  missingFromDraft,
  patchBody,
  percent,
  personalDataIn,
  placeOptions,
  placesOf,
  rankedAreas,
  suggestedPriorities,
  toFollowUp,
  yearSeries,
  chartRows,
} from '../../client/coordinator/cycle-model';

const stats = { count: 0, previous: 0, deltaPrevious: 0, average: null, deltaAverage: null };

function obs(id: string, category: IndicatorKey, place: [string, string] | null, extra: Partial<WeekViewObservation> = {}): WeekViewObservation {
  return { id, category, note: null, place: place ? { id: place[0], name: place[1] } : null, timeOfDay: 'evening', occurredOn: null, persists: false, organisation: 'Org', ...extra };
}

function area(id: string, name: string, list: WeekViewObservation[], priority: number | null = null): WeekViewArea {
  const cells = Object.fromEntries(
    INDICATOR_KEYS.map((c) => {
      const o = list.filter((x) => x.category === c);
      const timeOfDay = { day: 0, evening: o.length, night: 0, unknown: 0 };
      return [c, { ...stats, count: o.length, timeOfDay, persisting: o.filter((x) => x.persists).length, observations: o } satisfies WeekViewCell];
    }),
  ) as Record<IndicatorKey, WeekViewCell>;
  return { id, name, priority, cells, total: { ...stats, count: list.length }, timeOfDay: { day: 0, evening: list.length, night: 0, unknown: 0 }, covered: true };
}

function view(areas: WeekViewArea[]): WeekView {
  return {
    week: '2026-W10',
    previousWeek: '2026-W09',
    averageWindow: { from: '2026-W01', to: '2026-W09', weeksInUse: 0 },
    recurringWindow: { from: '2026-W07', to: '2026-W10', minWeeks: 3 },
    categories: [...INDICATOR_KEYS],
    areas,
    totals: { byCategory: {} as WeekView['totals']['byCategory'], all: stats },
    timeOfDay: { day: 0, evening: 0, night: 0, unknown: 0 },
    recurringPlaces: [
      { placeId: 'p9', placeName: 'Återvinningen', areaId: 'a1', areaName: 'Norr', weeks: ['2026-W08', '2026-W09', '2026-W10'], countThisWeek: 0, countWindow: 3, categories: ['fire'] },
    ],
    reports: { total: 0, calm: 0, observations: 0 },
  };
}

function intervention(over: Partial<Intervention> = {}): Intervention {
  return {
    id: 'i1',
    area: { id: 'a1', name: 'Norr' },
    place: null,
    problem: null,
    categories: ['vandalism'],
    observationIds: [],
    action: 'Väktare kvällstid',
    organisation: 'Väktarbolaget',
    term: 'short',
    plannedStart: '2026-03-02',
    plannedEnd: null,
    status: 'active',
    decidedWeek: '2026-W09',
    version: 3,
    createdAt: '',
    updatedAt: '',
    followUps: [],
    ...over,
  };
}

describe('the intervention form', () => {
  test('an empty form names what is missing, and the problem needs an indicator or an observation', () => {
    const e = checkForm(emptyForm('2026-W10', '', '2026-03-04'));
    expect(e).toEqual({ areaId: 'required', action: 'required', organisation: 'required', categories: 'problemRequired' });
    const f = { ...emptyForm('2026-W10', 'a1', '2026-03-04'), action: 'x', organisation: 'y', observationIds: ['o1'] };
    expect(checkForm(f)).toEqual({});
    expect(checkForm({ ...f, plannedEnd: '2026-03-01' })).toEqual({ plannedEnd: 'endBeforeStart' });
  });

  test('the start defaults to today inside the week, else the Monday', () => {
    expect(defaultStart('2026-W10', '2026-03-04')).toBe('2026-03-04');
    expect(defaultStart('2026-W10', '2026-05-01')).toBe('2026-03-02');
    expect(emptyForm('2026-W10', 'a1', '2026-03-04')).toMatchObject({ areaId: 'a1', decidedWeek: '2026-W10', status: 'planned', term: 'short' });
  });

  test('the create body passes the server schema, indicators in their order, empty optionals as null', () => {
    const f = { ...emptyForm('2026-W10', 'a1', '2026-03-04'), action: '  Laga lampan ', organisation: 'Bolaget', categories: ['other', 'vandalism'] as IndicatorKey[] };
    const body = createBody(f);
    expect(body).toMatchObject({ areaId: 'a1', placeId: null, plannedEnd: null, action: 'Laga lampan', categories: ['vandalism', 'other'], decidedWeek: '2026-W10' });
    expect(v.safeParse(InterventionCreateSchema, body).success).toBe(true);
  });

  test('the patch carries only what changed and the version the edit was based on', () => {
    const base = intervention({ place: { id: 'p1', name: 'Torget' }, observationIds: ['o2', 'o1'] });
    const f = formOf(base);
    expect(patchBody(base, f)).toEqual({ version: 3 });
    const changed = { ...f, placeId: '', plannedEnd: '2026-03-30', observationIds: ['o1', 'o2'], status: 'ended' as const };
    const p = patchBody(base, changed);
    expect(p).toEqual({ version: 3, placeId: null, plannedEnd: '2026-03-30', status: 'ended' });
    expect(v.safeParse(InterventionPatchSchema, p).success).toBe(true);
    // Saving over someone else's version sends their version number.
    expect(patchBody(base, changed, 5).version).toBe(5);
  });

  test('personal data in a free-text field is named before sending', () => {
    const f = { ...emptyForm('2026-W10', 'a1'), action: 'Ring 070-123 45 67', organisation: 'Bolaget' };
    expect(personalDataIn(f).map((x) => x.field)).toEqual(['action']);
  });

  test('place options: the week\'s places and recurring ones of the area, plus the current one, in Swedish order (Å after T)', () => {
    const w = view([area('a1', 'Norr', []), area('a2', 'Söder', [])]);
    const norr = [obs('o1', 'fire', ['p1', 'Torget']), obs('o2', 'fire', null)];
    expect(placeOptions(w, norr, 'a1').map((p) => p.name)).toEqual(['Torget', 'Återvinningen']);
    expect(placeOptions(w, norr, 'a1', { id: 'p7', name: 'Bron' }).map((p) => p.name)).toEqual(['Bron', 'Torget', 'Återvinningen']);
    expect(placeOptions(w, undefined, 'a1').map((p) => p.name)).toEqual(['Återvinningen']); // before the observations arrive
    expect(placeOptions(undefined, undefined, 'a1')).toEqual([]);
  });
});

describe('the weekly meeting', () => {
  const fu = (week: string): FollowUp => ({
    id: `f-${week}`, interventionId: 'i', week, carriedOut: 'yes', carriedOutNote: null, outcome: 'better', outcomeNote: null,
    decision: 'end', decisionNote: null, counts: {} as FollowUp['counts'], createdAt: '', createdBy: null,
  });

  test('step 1 follows up what ran or was decided before, once, not what this meeting decided or ended earlier', () => {
    const list = toFollowUp(
      [
        intervention({ id: 'a', area: { id: 'x', name: 'Öster' } }),
        intervention({ id: 'b', area: { id: 'y', name: 'Berga' } }),
        intervention({ id: 'a', area: { id: 'x', name: 'Öster' } }),
        intervention({ id: 'now', decidedWeek: '2026-W10' }),
        intervention({ id: 'ended', status: 'ended' }),
        intervention({ id: 'endedNow', status: 'ended', followUps: [fu('2026-W10')], area: { id: 'z', name: 'Centrum' } }),
      ],
      '2026-W10',
    );
    expect(list.map((i) => i.id)).toEqual(['b', 'endedNow', 'a']);
    expect(followUpOf(list[1]!, '2026-W10')?.id).toBe('f-2026-W10');
    expect(followUpOf(list[0]!, '2026-W10')).toBeUndefined();
  });

  test('step 3: where (places, most first, no place last) and how (indicators with persisting ones)', () => {
    const list = [
      obs('o1', 'vandalism', ['p1', 'Torget']),
      obs('o2', 'fire', ['p1', 'Torget'], { persists: true }),
      obs('o3', 'vandalism', null),
      obs('o4', 'vandalism', ['p2', 'Bron']),
      obs('o5', 'vandalism', null),
      obs('o6', 'vandalism', null),
    ];
    const a = area('a1', 'Norr', list);
    // As the area's observations arrive: in the table's column order.
    const fetched = INDICATOR_KEYS.flatMap((c) => a.cells[c].observations);
    expect(placesOf(fetched).map((p) => [p.name, p.count, p.categories])).toEqual([
      ['Torget', 2, ['vandalism', 'fire']],
      ['Bron', 1, ['vandalism']],
      [null, 3, ['vandalism']],
    ]);
    expect(indicatorsOf(a, INDICATOR_KEYS)).toEqual([
      { category: 'vandalism', count: 5, persists: 0 },
      { category: 'fire', count: 1, persists: 1 },
    ]);
  });

  test('step 5: interventions missing from the draft are found and added under their area or the other areas', () => {
    const content = {
      date: '', weekendWeather: '', importantInformation: '', overallSituation: '', events: '', fieldActivities: [],
      prioritisedAreas: [{ areaId: 'a1', areaName: 'Norr', priority: 1, situation: '', interventions: '– Väktare kvällstid (Väktarbolaget)' }],
      otherAreas: 'Söder: lugnt.',
    } as PictureContent;
    const inDraft = intervention();
    const missing1 = intervention({ id: 'i2', action: 'Röja buskar', organisation: 'Bostadsbolaget', place: { id: 'p1', name: 'Torget' } });
    const missing2 = intervention({ id: 'i3', area: { id: 'a2', name: 'Söder' }, action: 'Fältgruppen kvällstid', organisation: 'Kommunen' });
    expect(missingFromDraft(content, [inDraft, missing1, missing2]).map((i) => i.id)).toEqual(['i2', 'i3']);
    const next = addToDraft(content, [missing1, missing2]);
    expect(next.prioritisedAreas[0]!.interventions).toBe('– Väktare kvällstid (Väktarbolaget)\n– Röja buskar vid Torget (Bostadsbolaget)');
    expect(next.otherAreas).toBe('Söder: lugnt.\nSöder, insats: Fältgruppen kvällstid (Kommunen)');
    expect(missingFromDraft(next, [inDraft, missing1, missing2])).toEqual([]);
  });
});

describe('the period', () => {
  const count = (n: number, rank: number | null): PeriodCount => ({ count: n, perWeek: n / 13, previous: 0, previousPerWeek: 0, delta: n, change: null, trend: 'new', rank });
  const pArea = (id: string, name: string, n: number, rank: number | null, noCoverage = false, vandalism = 0, vRank: number | null = null): PeriodArea => ({
    id, name, priority: null, total: count(n, rank),
    byCategory: Object.fromEntries(INDICATOR_KEYS.map((c) => [c, c === 'vandalism' ? count(vandalism, vRank) : count(0, null)])) as Record<IndicatorKey, PeriodCount>,
    timeOfDay: { day: 0, evening: 0, night: 0, unknown: 0 }, weekly: [], recurringPlaces: [],
    coverage: { status: noCoverage ? 'none' : 'covered', functions: noCoverage ? 0 : 1, reportingFunctions: noCoverage ? 0 : 1, coveredWeeks: 0, share: 0 },
    noCoverage,
  });
  const analysis = (): PeriodAnalysis => {
    const areas = [pArea('b', 'Berga', 9, 1, false, 1, 2), pArea('a', 'Alby', 9, 1, false, 4, 1), pArea('c', 'Centrum', 2, 3), pArea('z', 'Zeta', 0, null), pArea('n', 'Nollby', 0, null, true)];
    return {
      period: '2026-Q1', label: { sv: '', en: '' }, weeks: [], previous: { period: '2025-Q4', first: '', last: '', weeks: 13 }, categories: [...INDICATOR_KEYS],
      areas,
      rankings: { all: ['b', 'a', 'c'], byCategory: Object.fromEntries(INDICATOR_KEYS.map((c) => [c, c === 'vandalism' ? ['a', 'b'] : []])) as Record<IndicatorKey, string[]> },
      noCoverage: ['n'],
      totals: {} as PeriodAnalysis['totals'], participation: { functions: 1, reporting: 1, reports: 1, calm: 0, rate: 1 }, priorities: { current: null, next: null },
    };
  };

  test('ranked areas first (ties share a rank), then unranked by name, areas without coverage last and unranked', () => {
    expect(rankedAreas(analysis(), 'all').map((r) => [r.area.id, r.rank])).toEqual([['b', 1], ['a', 1], ['c', 3], ['z', null], ['n', null]]);
    expect(rankedAreas(analysis(), 'vandalism').map((r) => [r.area.id, r.rank])).toEqual([['a', 1], ['b', 2], ['c', null], ['z', null], ['n', null]]);
  });

  test('the suggested decision is the top of the ranking, never an area without coverage', () => {
    const a = analysis();
    expect(suggestedPriorities(a)).toEqual(['b', 'a', 'c']);
    a.rankings.all = ['n', 'b'];
    expect(suggestedPriorities(a)).toEqual(['b']);
  });
});

describe('the year', () => {
  test('chart series: the total and the indicators with any observation', () => {
    const zeros = () => [0, 0, 0];
    const byCategory = Object.fromEntries(INDICATOR_KEYS.map((c) => [c, zeros()])) as Record<IndicatorKey, number[]>;
    byCategory.fire = [0, 2, 0];
    const review = {
      weeks: ['2026-W01', '2026-W02', '2026-W03', '2026-W04'], weeksOver: 3, categories: [...INDICATOR_KEYS],
      totals: { series: { total: [0, 2, 0], byCategory } },
      areas: [{ id: 'a1', series: { total: [0, 2, 0], byCategory } }],
    } as unknown as YearReview;
    expect(yearSeries(review, null)).toEqual({ total: [0, 2, 0], series: [{ category: 'fire', values: [0, 2, 0] }] });
    expect(yearSeries(review, 'a1').series.map((s) => s.category)).toEqual(['fire']);
    expect(yearSeries(review, 'nope')).toEqual({ total: [0, 0, 0], series: [] });
  });

  test('the table fallback ends with the last week that is over, not with zeros for the rest of the year', () => {
    const weeks = ['2026-W01', '2026-W02', '2026-W03', '2026-W04'];
    expect(chartRows(weeks, [[1, 2], [0, 3]])).toEqual([
      { week: '2026-W01', values: [1, 0] },
      { week: '2026-W02', values: [2, 3] },
    ]);
    expect(chartRows(weeks, [[]])).toEqual([]);
  });

  test('percent: signed whole percent with a true minus', () => {
    expect(percent(0.254)).toBe('+25 %');
    expect(percent(-0.1)).toBe('−10 %');
    expect(percent(0)).toBe('±0 %');
    expect(percent(null)).toBeNull();
  });
});

describe('the option lists the screens keep locally (to keep valibot schemas out of the shared chunk)', () => {
  test('match the shared definitions', async () => {
    const shared = await import('../../shared/interventions');
    const followup = await import('../../shared/followup');
    const model = await import('../../client/coordinator/cycle-model');
    expect(model.STATUSES).toEqual(shared.INTERVENTION_STATUSES);
    expect(model.TERMS).toEqual(shared.INTERVENTION_TERMS);
    expect(model.CARRIED).toEqual(shared.CARRIED_OUT);
    expect(model.OUTCOME_LIST).toEqual(shared.OUTCOMES);
    expect(model.DECISION_LIST).toEqual(shared.DECISIONS);
    expect(model.PRIORITY_SLOTS).toBe(followup.PRIORITISED_AREAS);
    // The client's warning names the same fields the server refuses.
    const f = { ...emptyForm('2026-W10', 'a1'), problem: 'mejla a.b@example.se', action: 'Ring 070-123 45 67', organisation: 'Bolaget' };
    expect(personalDataIn(f)).toEqual(shared.personalDataFields(f as unknown as Record<string, unknown>, shared.INTERVENTION_TEXT_FIELDS));
  });
});

describe('the local week helpers', () => {
  test('mondayOfWeek agrees with shared/weeks over years with 52 and 53 weeks', async () => {
    const { mondayOf, addWeeks } = await import('../../shared/weeks');
    const { mondayOfWeek, weekBefore } = await import('../../client/coordinator/cycle-model');
    let w = '2019-W50';
    for (let i = 0; i < 400; i++, w = addWeeks(w, 1)) expect(mondayOfWeek(w)).toBe(mondayOf(w));
    expect(weekBefore('2020-W53', '2021-W01')).toBe(true);
    expect(weekBefore('2026-W10', '2026-W10')).toBe(false);
  });
});
