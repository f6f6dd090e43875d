import { describe, expect, it } from 'vitest';
import { compileWeek, type WeekObservationRow, type WeekViewInput } from '../../server/weekview/compile';
import { compileDraft, tidyContent, yymmdd } from '../../server/pictures/draft';
import { contentTexts, registerNumber } from '../../shared/pictures';

const W = '2026-W48';
let n = 0;
const obs = (over: Partial<WeekObservationRow> = {}): WeekObservationRow => ({
  id: `o${++n}`, category: 'vandalism', areaId: 'a1', placeId: null, timeOfDay: 'evening', occurredOn: null,
  persists: false, note: null, organisationId: 'org', ...over,
});

function view(over: Partial<WeekViewInput> = {}) {
  return compileWeek({
    week: W,
    areas: [{ id: 'a1', name: 'Björkhagen' }, { id: 'a2', name: 'Solberga' }, { id: 'a3', name: 'Centrum' }, { id: 'a4', name: 'Ekbacken' }],
    places: [{ id: 'p1', areaId: 'a1', name: 'Torget' }, { id: 'p2', areaId: 'a2', name: 'Fotbollsplanen' }],
    organisations: [{ id: 'org', name: 'Älvstadshem AB' }],
    prioritisedAreaIds: ['a1'],
    observations: [],
    history: [
      { week: '2026-W47', areaId: 'a1', category: 'vandalism', count: 3 },
      { week: '2026-W46', areaId: 'a1', category: 'vandalism', count: 2 },
    ],
    placeWeeks: ['2026-W46', '2026-W47', W].map((week) => ({ placeId: 'p1', week, category: 'vandalism' as const, count: 1 })),
    weekReports: [{ week: '2026-W46', reports: 4, calm: 1 }, { week: '2026-W47', reports: 4, calm: 2 }, { week: W, reports: 6, calm: 2 }],
    ...over,
  });
}

describe('compileDraft', () => {
  const v = view({
    observations: [
      obs({ placeId: 'p1', persists: true, timeOfDay: 'night' }), obs({ placeId: 'p1' }), obs({ category: 'fire' }),
      obs({ areaId: 'a2', category: 'event', placeId: 'p2', occurredOn: '2026-11-28', note: 'Fotbollsmatch med mycket publik.' }),
      obs({ areaId: 'a3', category: 'event', timeOfDay: 'unknown' }),
      obs({ areaId: 'a3' }), obs({ areaId: 'a3', category: 'disorder', note: 'Bråk utanför kiosken.' }),
    ],
  });
  const { content, facts } = compileDraft({ view: v, interventions: [{ areaId: 'a1', text: 'Väktare fre–lör kväll' }] });

  it('dates the picture on the Thursday of the week (yymmdd) and leaves typed fields empty', () => {
    expect(content.date).toBe('261126');
    expect(compileDraft({ view: v, date: '2026-11-27' }).content.date).toBe('261127');
    expect(yymmdd('2027-01-07')).toBe('270107');
    expect(content.weekendWeather).toBe('');
    expect(content.importantInformation).toBe('');
  });

  it('prefills the overall situation with figures only', () => {
    expect(content.overallSituation.split('\n')).toEqual([
      'Vecka 48: 6 rapporter, varav 2 lugna. Iakttagelser: 7 (förra veckan 3, snitt 2,5).',
      'Skadegörelse 3 (förra veckan 3, snitt 2,5); Arrangemang 2 (förra veckan 0, snitt 0); Brand 1 (förra veckan 0, snitt 0); Annat ordningsstörande 1 (förra veckan 0, snitt 0).',
      'Tid på dygnet: kväll 5, natt 1, okänd tid 1.',
      'Återkommande platser (minst 3 av 4 veckor): 1.',
    ]);
    expect(facts.total).toMatchObject({ count: 7, previous: 3, average: 2.5 });
    expect(facts.reports).toEqual({ total: 6, calm: 2, observations: 7 });
  });

  it('gives each prioritised area its facts and the decided interventions', () => {
    expect(content.prioritisedAreas).toEqual([
      {
        areaId: 'a1', areaName: 'Björkhagen', priority: 1,
        situation: [
          'Iakttagelser: 3 (förra veckan 3, snitt 2,5).',
          'Skadegörelse 2, Brand 1.',
          'Tid på dygnet: kväll 2, natt 1.',
          'Kvarstående problem: 1.',
          'Återkommande platser: Torget (3 av 4 veckor).',
        ].join('\n'),
        interventions: '– Väktare fre–lör kväll',
      },
    ]);
    expect(facts.prioritisedAreas[0]).toMatchObject({ areaName: 'Björkhagen', persisting: 1, recurringPlaces: [{ placeId: 'p1', placeName: 'Torget', weeks: 3 }] });
  });

  it('lists other areas with observations, most first, and leaves quiet ones out', () => {
    expect(content.otherAreas.split('\n')).toEqual([
      'Centrum: Iakttagelser: 3 (förra veckan 0, snitt 0). Skadegörelse 1, Arrangemang 1, Annat ordningsstörande 1. Tid på dygnet: kväll 2, okänd tid 1.',
      'Solberga: Iakttagelser: 1 (förra veckan 0, snitt 0). Arrangemang 1. Tid på dygnet: kväll 1.',
    ]);
    expect(facts.otherAreas.map((a) => a.areaName)).toEqual(['Centrum', 'Solberga']);
    // Ordinary notes are not copied into the text.
    expect(JSON.stringify(content)).not.toContain('Bråk utanför kiosken');
  });

  it('lists events from event observations, dated ones first', () => {
    expect(content.events.split('\n')).toEqual([
      'Solberga, Fotbollsplanen (2026-11-28 kväll): Fotbollsmatch med mycket publik.',
      'Centrum',
    ]);
    expect(facts.events.map((e) => e.organisation)).toEqual(['Älvstadshem AB', 'Älvstadshem AB']);
  });

  it('copies the field-activity table of the last picture (not the same objects)', () => {
    const rows = [{ organisation: 'Väktarbolaget', area: 'Centrum', when: 'fre–lör 21–03', priority: 'Ungdomsgäng vid torget' }];
    const d = compileDraft({ view: v, previousFieldActivities: rows });
    expect(d.content.fieldActivities).toEqual(rows);
    expect(d.content.fieldActivities[0]).not.toBe(rows[0]);
    expect(content.fieldActivities).toEqual([]);
  });

  it('drops field-activity rows left empty (blanks only) when saving, publishing and copying, and keeps partly filled ones', () => {
    const filled = { organisation: 'Väktarbolaget', area: 'Centrum', when: 'fre–lör 21–03', priority: 'Torget' };
    const partly = { organisation: '', area: 'Granbo', when: '', priority: '' };
    const blank = { organisation: '', area: '  ', when: '\n', priority: '' };
    const tidy = tidyContent({ ...content, fieldActivities: [blank, filled, blank, partly] });
    expect(tidy.fieldActivities).toEqual([filled, partly]);
    expect(tidy.overallSituation).toBe(content.overallSituation);
    // Nothing to drop: the same object back.
    expect(tidyContent(content)).toBe(content);
    // A blank row in last week's published table is not carried into the new draft.
    expect(compileDraft({ view: v, previousFieldActivities: [filled, blank] }).content.fieldActivities).toEqual([filled]);
  });

  it('leaves out the average before the system was in use, and handles an empty week', () => {
    const empty = compileDraft({ view: view({ history: [], placeWeeks: [], weekReports: [] }) });
    expect(empty.content.overallSituation).toBe('Vecka 48: 0 rapporter, varav 0 lugna. Iakttagelser: 0 (förra veckan 0).');
    expect(empty.content.otherAreas).toBe('');
    expect(empty.content.events).toBe('');
    expect(empty.content.prioritisedAreas[0]!.situation).toBe('Iakttagelser: 0 (förra veckan 0).');
  });

  it('exposes every text field for the personal-data guard', () => {
    const paths = contentTexts({ ...content, fieldActivities: [{ organisation: 'a', area: 'b', when: 'c', priority: 'd' }] }).map((t) => t.path);
    expect(paths).toEqual([
      'date', 'weekendWeather', 'importantInformation', 'overallSituation',
      'prioritisedAreas[0].situation', 'prioritisedAreas[0].interventions', 'otherAreas', 'events',
      'fieldActivities[0].organisation', 'fieldActivities[0].area', 'fieldActivities[0].when', 'fieldActivities[0].priority',
    ]);
  });
});

describe('registerNumber', () => {
  it('uses the configurable prefix and the ISO week-year', () => {
    expect(registerNumber('EST', '2026-W48')).toBe('EST-2026-48');
    expect(registerNumber('ÖRE-EST', '2026-W01')).toBe('ÖRE-EST-2026-01');
    expect(registerNumber('EST', '2020-W53')).toBe('EST-2020-53');
    expect(() => registerNumber('EST', '2026-48')).toThrow(/Invalid ISO week/);
  });
});
