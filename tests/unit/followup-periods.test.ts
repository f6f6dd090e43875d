import { describe, expect, it } from 'vitest';
import {
  addPeriods,
  nextPeriod,
  parsePeriod,
  periodDates,
  periodLabel,
  periodOfDate,
  periodOfWeek,
  periodWeekList,
  periodWeeks,
  periodsOfYear,
  previousPeriod,
  yearWeeks,
} from '../../shared/followup';
import { addWeeks, weekRange, weeksInYear } from '../../shared/weeks';

describe('period ids', () => {
  it('parses quarters and tertials strictly', () => {
    expect(parsePeriod('2026-Q4')).toEqual({ kind: 'quarter', year: 2026, index: 4 });
    expect(parsePeriod('2026-T3')).toEqual({ kind: 'tertial', year: 2026, index: 3 });
    for (const bad of ['2026-Q5', '2026-Q0', '2026-T4', '2026Q4', '2026-q4', 'Q4 2026', '26-Q1', '']) expect(parsePeriod(bad), bad).toBeNull();
  });

  it('labels in English and Swedish', () => {
    expect(periodLabel('2026-Q4', 'en')).toBe('Q4 2026');
    expect(periodLabel('2026-T3', 'en')).toBe('T3 2026');
    expect(periodLabel('2026-Q4', 'sv')).toBe('kvartal 4 2026');
    expect(periodLabel('2026-T3')).toBe('tertial 3 2026');
  });

  it('steps across years', () => {
    expect(previousPeriod('2026-Q1')).toBe('2025-Q4');
    expect(nextPeriod('2026-Q4')).toBe('2027-Q1');
    expect(previousPeriod('2026-T1')).toBe('2025-T3');
    expect(nextPeriod('2026-T3')).toBe('2027-T1');
    expect(addPeriods('2026-Q2', -9)).toBe('2024-Q1');
    expect(periodsOfYear(2026, 'tertial')).toEqual(['2026-T1', '2026-T2', '2026-T3']);
  });

  it('maps dates by calendar month', () => {
    expect(periodOfDate('2026-03-31', 'quarter')).toBe('2026-Q1');
    expect(periodOfDate('2026-04-01', 'quarter')).toBe('2026-Q2');
    expect(periodOfDate('2026-04-30', 'tertial')).toBe('2026-T1');
    expect(periodOfDate('2026-05-01', 'tertial')).toBe('2026-T2');
    expect(periodOfDate('2026-12-31', 'tertial')).toBe('2026-T3');
    expect(periodDates('2026-T2')).toEqual({ first: '2026-05-01', last: '2026-08-31' });
    expect(periodDates('2024-Q1')).toEqual({ first: '2024-01-01', last: '2024-03-31' });
  });
});

describe('weeks of a period (a straddling week goes with its Thursday)', () => {
  it('quarters of 2026 (a 53-week year starting on a Thursday)', () => {
    expect(periodWeeks('2026-Q1')).toEqual({ first: '2026-W01', last: '2026-W13', count: 13 });
    // 1 April 2026 is a Wednesday: week 14 (Thursday 2 April) is Q2.
    expect(periodWeeks('2026-Q2')).toEqual({ first: '2026-W14', last: '2026-W26', count: 13 });
    expect(periodWeeks('2026-Q3')).toEqual({ first: '2026-W27', last: '2026-W39', count: 13 });
    // W53 (28 Dec–3 Jan, Thursday 31 Dec) ends Q4 2026.
    expect(periodWeeks('2026-Q4')).toEqual({ first: '2026-W40', last: '2026-W53', count: 14 });
    expect(periodOfWeek('2026-W53', 'quarter')).toBe('2026-Q4');
    expect(periodOfWeek('2027-W01', 'quarter')).toBe('2027-Q1');
  });

  it('tertials of 2026', () => {
    // 1 May 2026 is a Friday: week 18 (Thursday 30 April) stays in T1.
    expect(periodWeeks('2026-T1')).toEqual({ first: '2026-W01', last: '2026-W18', count: 18 });
    expect(periodOfWeek('2026-W18', 'tertial')).toBe('2026-T1');
    expect(periodWeeks('2026-T2')).toEqual({ first: '2026-W19', last: '2026-W35', count: 17 });
    expect(periodWeeks('2026-T3')).toEqual({ first: '2026-W36', last: '2026-W53', count: 18 });
  });

  it('a week straddling the year goes to the ISO year of its Thursday', () => {
    // 2025-W01 runs 30 Dec 2024 – 5 Jan 2025 (Thursday 2 Jan 2025).
    expect(periodOfWeek('2025-W01', 'quarter')).toBe('2025-Q1');
    expect(periodOfWeek('2020-W53', 'quarter')).toBe('2020-Q4');
  });

  it('the periods of every year tile the ISO week-year exactly, and every week lies in the period it maps to', () => {
    for (const kind of ['quarter', 'tertial'] as const) {
      for (let year = 2015; year <= 2035; year++) {
        const weeks = periodsOfYear(year, kind).flatMap((p) => periodWeekList(p));
        const y = yearWeeks(year);
        expect(weeks.length).toBe(weeksInYear(year));
        expect(weeks).toEqual(weekRange(y.first, y.last));
        for (const p of periodsOfYear(year, kind)) {
          const { first, last, count } = periodWeeks(p);
          expect(count).toBeGreaterThanOrEqual(kind === 'quarter' ? 12 : 17);
          expect(count).toBeLessThanOrEqual(kind === 'quarter' ? 14 : 18);
          for (const w of [first, last]) expect(periodOfWeek(w, kind)).toBe(p);
          expect(periodOfWeek(addWeeks(first, -1), kind)).toBe(previousPeriod(p));
          expect(periodOfWeek(addWeeks(last, 1), kind)).toBe(nextPeriod(p));
        }
      }
    }
  });
});
