import { describe, expect, it } from 'vitest';
import {
  TIME_ZONE,
  addWeeks,
  compareWeeks,
  formatWeek,
  isValidWeek,
  localDate,
  mondayOf,
  nextWeek,
  parseWeek,
  previousWeek,
  sundayOf,
  weekEnd,
  weekNumber,
  weekOf,
  weekOfDate,
  weekRange,
  weekStart,
  weeksBetween,
  weeksInYear,
} from '../../shared/weeks';

describe('constants', () => {
  it('uses Stockholm time', () => {
    expect(TIME_ZONE).toBe('Europe/Stockholm');
  });
});

describe('parseWeek / isValidWeek / formatWeek', () => {
  it('parses valid weeks', () => {
    expect(parseWeek('2026-W48')).toEqual({ year: 2026, week: 48 });
    expect(parseWeek('2026-W01')).toEqual({ year: 2026, week: 1 });
    expect(parseWeek('2020-W53')).toEqual({ year: 2020, week: 53 });
    expect(parseWeek('2026-W53')).toEqual({ year: 2026, week: 53 });
  });

  it('rejects week 53 in 52-week years', () => {
    expect(parseWeek('2021-W53')).toBeNull();
    expect(parseWeek('2024-W53')).toBeNull();
    expect(parseWeek('2025-W53')).toBeNull();
  });

  it.each([
    '',
    '2026-W00',
    '2026-W54',
    '2026-W5',
    '2026-w48',
    '2026W48',
    '26-W48',
    '2026-W048',
    ' 2026-W48',
    '2026-W48 ',
    '2026-48',
    '2026-W4a',
    '+2026-W48',
    '２０２６-W48',
  ])('rejects %j', (s) => {
    expect(parseWeek(s)).toBeNull();
    expect(isValidWeek(s)).toBe(false);
  });

  it('isValidWeek handles non-strings', () => {
    for (const v of [undefined, null, 202648, {}, [], ['2026-W48'], new Date()]) {
      expect(isValidWeek(v)).toBe(false);
    }
    expect(isValidWeek('2026-W48')).toBe(true);
  });

  it('formats with zero padding', () => {
    expect(formatWeek(2026, 8)).toBe('2026-W08');
    expect(formatWeek(2026, 48)).toBe('2026-W48');
    expect(formatWeek(2020, 53)).toBe('2020-W53');
    expect(formatWeek(999, 1)).toBe('0999-W01');
  });

  it('formatWeek throws on impossible weeks', () => {
    expect(() => formatWeek(2021, 53)).toThrow(/Invalid week/);
    expect(() => formatWeek(2026, 0)).toThrow();
    expect(() => formatWeek(2026, 1.5)).toThrow();
    expect(() => formatWeek(10000, 1)).toThrow();
    expect(() => formatWeek(2026.5, 1)).toThrow();
  });

  it('round-trips parse and format for every week of several years', () => {
    for (let year = 2015; year <= 2035; year++) {
      for (let week = 1; week <= weeksInYear(year); week++) {
        const w = formatWeek(year, week);
        expect(parseWeek(w)).toEqual({ year, week });
      }
    }
  });
});

describe('weeksInYear', () => {
  it('knows the 53-week years', () => {
    const long = [];
    for (let y = 2000; y <= 2040; y++) if (weeksInYear(y) === 53) long.push(y);
    expect(long).toEqual([2004, 2009, 2015, 2020, 2026, 2032, 2037]);
  });
});

describe('weekOfDate', () => {
  it.each([
    ['2021-01-03', '2020-W53'], // Sunday ending the 53rd week
    ['2021-01-04', '2021-W01'],
    ['2020-12-31', '2020-W53'],
    ['2024-12-29', '2024-W52'],
    ['2024-12-30', '2025-W01'], // Monday of week 1 in the previous calendar year
    ['2025-01-01', '2025-W01'],
    ['2026-01-01', '2026-W01'], // Thursday
    ['2026-11-23', '2026-W48'],
    ['2026-11-29', '2026-W48'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2024-02-29', '2024-W09'],
    ['2000-01-01', '1999-W52'],
    ['2008-12-29', '2009-W01'],
  ])('%s is in %s', (date, week) => {
    expect(weekOfDate(date)).toBe(week);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-1', '26-01-01', '2026-01-01T00:00', ''])(
    'throws on invalid date %j',
    (d) => {
      expect(() => weekOfDate(d)).toThrow(/Invalid date/);
    },
  );

  it('agrees with a day-by-day walk over many years', () => {
    // Walk every day from 2015-12-28 (Monday of 2015-W53) and count weeks by hand.
    let year = 2015;
    let week = 53;
    let dayMs = Date.UTC(2015, 11, 28);
    for (let i = 0; i < 366 * 12; i++) {
      const d = new Date(dayMs);
      if (d.getUTCDay() === 1 && i > 0) {
        week++;
        if (week > weeksInYear(year)) {
          year++;
          week = 1;
        }
      }
      expect(weekOfDate(d.toISOString().slice(0, 10))).toBe(formatWeek(year, week));
      dayMs += 86_400_000;
    }
  });
});

describe('mondayOf / sundayOf', () => {
  it('gives the civil dates of the week', () => {
    expect(mondayOf('2026-W48')).toBe('2026-11-23');
    expect(sundayOf('2026-W48')).toBe('2026-11-29');
    expect(mondayOf('2020-W53')).toBe('2020-12-28');
    expect(sundayOf('2020-W53')).toBe('2021-01-03');
    expect(mondayOf('2025-W01')).toBe('2024-12-30');
    expect(mondayOf('2026-W01')).toBe('2025-12-29');
    expect(sundayOf('2026-W53')).toBe('2027-01-03');
  });

  it('is consistent with weekOfDate', () => {
    for (const w of weekRange('2019-W40', '2027-W10')) {
      expect(weekOfDate(mondayOf(w))).toBe(w);
      expect(weekOfDate(sundayOf(w))).toBe(w);
    }
  });
});

describe('localDate / weekOf', () => {
  it('uses Stockholm local date, not UTC', () => {
    // Winter (CET, +01): 23:30 UTC is 00:30 the next day.
    expect(localDate(new Date('2026-01-10T23:30:00Z'))).toBe('2026-01-11');
    expect(localDate(new Date('2026-01-10T22:59:59Z'))).toBe('2026-01-10');
    // Summer (CEST, +02): 22:00 UTC is midnight.
    expect(localDate(new Date('2026-07-01T21:59:59Z'))).toBe('2026-07-01');
    expect(localDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it('late Sunday UTC can be Monday in Stockholm (next week)', () => {
    // DST starts 2026-03-29 (last Sunday of March); 23:30 UTC = Monday 01:30 CEST.
    expect(weekOf(new Date('2026-03-29T23:30:00Z'))).toBe('2026-W14');
    expect(weekOf(new Date('2026-03-29T21:59:59Z'))).toBe('2026-W13');
    expect(weekOf(new Date('2026-03-29T22:00:00Z'))).toBe('2026-W14');
    // Winter: Sunday 23:00 UTC = Monday 00:00 CET.
    expect(weekOf(new Date('2026-11-29T22:59:59Z'))).toBe('2026-W48');
    expect(weekOf(new Date('2026-11-29T23:00:00Z'))).toBe('2026-W49');
  });

  it('handles the year boundary in local time', () => {
    expect(weekOf(new Date('2024-12-29T23:00:00Z'))).toBe('2025-W01');
    expect(weekOf(new Date('2021-01-03T22:59:00Z'))).toBe('2020-W53');
    expect(weekOf(new Date('2021-01-03T23:00:00Z'))).toBe('2021-W01');
  });

  it('throws on an invalid Date', () => {
    expect(() => localDate(new Date('nope'))).toThrow(/Invalid Date/);
    expect(() => weekOf(new Date(NaN))).toThrow();
  });
});

describe('weekStart / weekEnd', () => {
  it('is Monday 00:00 CET (+01) in winter', () => {
    expect(weekStart('2026-W48').toISOString()).toBe('2026-11-22T23:00:00.000Z');
    expect(weekStart('2026-W01').toISOString()).toBe('2025-12-28T23:00:00.000Z');
    expect(weekStart('2020-W53').toISOString()).toBe('2020-12-27T23:00:00.000Z');
  });

  it('is Monday 00:00 CEST (+02) in summer', () => {
    expect(weekStart('2026-W27').toISOString()).toBe('2026-06-28T22:00:00.000Z');
  });

  it('handles the spring DST change (last Sunday of March)', () => {
    // 2026-W13 runs Mon 23 March (CET) .. Sun 29 March, when clocks go forward.
    const start = weekStart('2026-W13');
    const end = weekEnd('2026-W13');
    expect(start.toISOString()).toBe('2026-03-22T23:00:00.000Z'); // +01
    expect(end.toISOString()).toBe('2026-03-29T22:00:00.000Z'); // +02
    expect(end.getTime() - start.getTime()).toBe((7 * 24 - 1) * 3_600_000); // 167 h
  });

  it('handles the autumn DST change (last Sunday of October)', () => {
    // 2026-W43 runs Mon 19 Oct (CEST) .. Sun 25 Oct, when clocks go back.
    const start = weekStart('2026-W43');
    const end = weekEnd('2026-W43');
    expect(start.toISOString()).toBe('2026-10-18T22:00:00.000Z'); // +02
    expect(end.toISOString()).toBe('2026-10-25T23:00:00.000Z'); // +01
    expect(end.getTime() - start.getTime()).toBe((7 * 24 + 1) * 3_600_000); // 169 h
  });

  it('weekStart is local midnight on mondayOf and weekOf(weekStart) is the week itself', () => {
    for (const w of weekRange('2024-W01', '2027-W05')) {
      const start = weekStart(w);
      expect(localDate(start)).toBe(mondayOf(w));
      expect(weekOf(start)).toBe(w);
      expect(weekOf(new Date(start.getTime() - 1))).toBe(previousWeek(w));
      expect(weekOf(new Date(weekEnd(w).getTime() - 1))).toBe(w);
      expect(weekEnd(w).getTime()).toBe(weekStart(nextWeek(w)).getTime());
    }
  });
});

describe('nextWeek / previousWeek / addWeeks', () => {
  it('crosses year boundaries', () => {
    expect(nextWeek('2020-W52')).toBe('2020-W53');
    expect(nextWeek('2020-W53')).toBe('2021-W01');
    expect(nextWeek('2021-W52')).toBe('2022-W01');
    expect(previousWeek('2021-W01')).toBe('2020-W53');
    expect(previousWeek('2022-W01')).toBe('2021-W52');
    expect(nextWeek('2026-W48')).toBe('2026-W49');
  });

  it('addWeeks with zero, negative and large n', () => {
    expect(addWeeks('2026-W48', 0)).toBe('2026-W48');
    expect(addWeeks('2026-W48', 5)).toBe('2026-W53');
    expect(addWeeks('2026-W48', 6)).toBe('2027-W01');
    expect(addWeeks('2021-W01', -1)).toBe('2020-W53');
    expect(addWeeks('2021-W01', -53)).toBe('2020-W01');
    expect(addWeeks('2020-W01', 53 + 52)).toBe('2022-W01');
    // 2016-W48 → 2026-W48 is 521 weeks (2020 has 53), so 520 back lands on W49.
    expect(addWeeks('2026-W48', -52 * 10)).toBe('2016-W49'); // Monday 2016-12-05
  });

  it('addWeeks over several years equals repeated nextWeek / previousWeek', () => {
    let w = '2018-W30';
    for (let n = 1; n <= 520; n++) {
      w = nextWeek(w);
      expect(addWeeks('2018-W30', n)).toBe(w);
      expect(addWeeks(w, -n)).toBe('2018-W30');
    }
    let back = '2030-W10';
    for (let n = 1; n <= 300; n++) back = previousWeek(back);
    expect(addWeeks('2030-W10', -300)).toBe(back);
  });

  it('throws on invalid input', () => {
    expect(() => nextWeek('2021-W53')).toThrow(/Invalid ISO week/);
    expect(() => previousWeek('x')).toThrow(/Invalid ISO week/);
    expect(() => addWeeks('2026-W48', 1.5)).toThrow();
    expect(() => addWeeks('2026-W48', Number.NaN)).toThrow();
    expect(() => addWeeks('9999-W52', 1)).toThrow(RangeError);
  });
});

describe('weeksBetween / weekRange / compareWeeks / weekNumber', () => {
  it('weeksBetween is b minus a', () => {
    expect(weeksBetween('2026-W48', '2026-W48')).toBe(0);
    expect(weeksBetween('2026-W01', '2026-W48')).toBe(47);
    expect(weeksBetween('2026-W48', '2026-W01')).toBe(-47);
    expect(weeksBetween('2020-W01', '2021-W01')).toBe(53);
    expect(weeksBetween('2021-W01', '2022-W01')).toBe(52);
    expect(weeksBetween('2020-W53', '2021-W01')).toBe(1);
    for (const n of [-400, -53, -1, 0, 1, 52, 53, 1000]) {
      expect(weeksBetween('2024-W10', addWeeks('2024-W10', n))).toBe(n);
    }
  });

  it('weekRange is inclusive and ascending', () => {
    expect(weekRange('2020-W52', '2021-W02')).toEqual(['2020-W52', '2020-W53', '2021-W01', '2021-W02']);
    expect(weekRange('2026-W48', '2026-W48')).toEqual(['2026-W48']);
    expect(weekRange('2026-W49', '2026-W48')).toEqual([]);
    expect(weekRange('2020-W01', '2020-W53')).toHaveLength(53);
    expect(weekRange('2021-W01', '2021-W52')).toHaveLength(52);
    const r = weekRange('2019-W01', '2027-W52');
    expect(r).toHaveLength(weeksBetween('2019-W01', '2027-W52') + 1);
    expect([...r].sort()).toEqual(r); // lexicographic order == chronological order
    expect(new Set(r).size).toBe(r.length);
  });

  it('compareWeeks orders chronologically', () => {
    expect(compareWeeks('2026-W01', '2026-W48')).toBeLessThan(0);
    expect(compareWeeks('2026-W48', '2026-W01')).toBeGreaterThan(0);
    expect(compareWeeks('2020-W53', '2021-W01')).toBeLessThan(0);
    expect(compareWeeks('2026-W48', '2026-W48')).toBe(0);
    expect(['2026-W10', '2020-W53', '2026-W02', '2021-W01'].sort(compareWeeks)).toEqual([
      '2020-W53',
      '2021-W01',
      '2026-W02',
      '2026-W10',
    ]);
    expect(() => compareWeeks('2026-W48', 'bad')).toThrow(/Invalid ISO week/);
  });

  it('weekNumber', () => {
    expect(weekNumber('2026-W48')).toBe(48);
    expect(weekNumber('2026-W08')).toBe(8);
    expect(weekNumber('2020-W53')).toBe(53);
  });

  it('every IsoWeek-taking function throws a clear error on invalid weeks', () => {
    const bad = ['2021-W53', '2026-W00', 'W48', '', '2026-48'];
    const fns: Array<(w: string) => unknown> = [
      weekStart,
      weekEnd,
      mondayOf,
      sundayOf,
      nextWeek,
      previousWeek,
      (w) => addWeeks(w, 1),
      (w) => weeksBetween(w, '2026-W01'),
      (w) => weeksBetween('2026-W01', w),
      (w) => weekRange(w, '2026-W01'),
      (w) => weekRange('2026-W01', w),
      weekNumber,
      (w) => compareWeeks(w, '2026-W01'),
    ];
    for (const b of bad) for (const fn of fns) expect(() => fn(b)).toThrow(/Invalid ISO week/);
  });
});
