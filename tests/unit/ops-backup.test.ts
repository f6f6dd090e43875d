import { describe, expect, it } from 'vitest';
import { backupsToDelete, isNightlyDue, nightlyDates, nightlyFileName } from '../../server/ops/nightly';
import { loggablePath } from '../../server/log';
import { readConfig } from '../../server/config';
import { fileTimestamp } from '../../server/ops/restore';

/** Consecutive Stockholm dates ending with `last`, newest last. */
function days(last: string, n: number): string[] {
  const end = Date.parse(`${last}T12:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(end - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

describe('backup rotation', () => {
  it('keeps the last 7 days and the newest backup of each of the last 8 ISO weeks', () => {
    const all = days('2026-12-02', 90); // Wednesday of 2026-W49
    const deleted = backupsToDelete(all, 7, 8);
    const kept = all.filter((d) => !deleted.includes(d)).sort();
    expect(kept).toEqual([
      // the newest backup of W42 … W48 (Sundays), and W49's newest is today
      '2026-10-18', '2026-10-25', '2026-11-01', '2026-11-08', '2026-11-15', '2026-11-22',
      // daily: 26 Nov … 2 Dec (W48's Sunday 29 Nov is both)
      '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02',
    ].sort());
    expect(deleted.length).toBe(90 - kept.length);
  });

  it('deletes nothing while there are fewer backups than kept, and nothing twice', () => {
    expect(backupsToDelete(days('2026-12-02', 5), 7, 8)).toEqual([]);
    expect(backupsToDelete([], 7, 8)).toEqual([]);
    expect(backupsToDelete(['2026-12-01', '2026-12-01', '2026-11-30'], 1, 0)).toEqual(['2026-11-30']);
  });

  it('with gaps (server down for weeks) keeps what there is per week rather than counting empty weeks', () => {
    const dates = ['2026-09-01', '2026-09-02', '2026-10-06', '2026-12-01', '2026-12-02'];
    expect(backupsToDelete(dates, 2, 3).sort()).toEqual(['2026-09-01']);
  });

  it('weekly only (no daily) keeps one per week; the ISO week crosses the year', () => {
    const dates = days('2027-01-06', 14); // 2026-12-24 … 2027-01-06
    const deleted = backupsToDelete(dates, 0, 2);
    const kept = dates.filter((d) => !deleted.includes(d));
    // 2027-W01 runs 4–10 Jan; 2026-W53 runs 28 Dec – 3 Jan.
    expect(kept).toEqual(['2027-01-03', '2027-01-06']);
  });

  it('looks only at its own file names', () => {
    expect(nightlyDates(['lagesbild-2026-12-01.sqlite', 'lagesbild-2026-12-01.sqlite.partial', 'manual.sqlite', 'lagesbild-2026-12-02T10-00-00Z.sqlite'])).toEqual(['2026-12-01']);
    expect(nightlyFileName('2026-12-01')).toBe('lagesbild-2026-12-01.sqlite');
  });
});

describe('when the nightly backup is due (Europe/Stockholm wall clock)', () => {
  it('is due from 02:30 local on a day without a backup, also after a late start', () => {
    // 2 Dec 2026 is CET (+01): 02:30 local = 01:30Z.
    expect(isNightlyDue('02:30', [], new Date('2026-12-02T01:29:59Z'))).toBe(false);
    expect(isNightlyDue('02:30', [], new Date('2026-12-02T01:30:00Z'))).toBe(true);
    expect(isNightlyDue('02:30', ['2026-12-01'], new Date('2026-12-02T09:00:00Z'))).toBe(true);
    expect(isNightlyDue('02:30', ['2026-12-02'], new Date('2026-12-02T09:00:00Z'))).toBe(false);
    // Just before midnight UTC is already the next day in Stockholm.
    expect(isNightlyDue('02:30', ['2026-12-02'], new Date('2026-12-02T23:30:00Z'))).toBe(false);
  });

  it('in summer time (+02) and on the days the clocks change', () => {
    expect(isNightlyDue('02:30', [], new Date('2026-07-01T00:29:00Z'))).toBe(false);
    expect(isNightlyDue('02:30', [], new Date('2026-07-01T00:30:00Z'))).toBe(true);
    // 29 March 2026: 02:30 does not exist; the backup runs at 03:30 CEST = 01:30Z.
    expect(isNightlyDue('02:30', [], new Date('2026-03-29T01:29:00Z'))).toBe(false);
    expect(isNightlyDue('02:30', [], new Date('2026-03-29T01:30:00Z'))).toBe(true);
    // 25 October 2026: 02:30 happens twice; the first (00:30Z) counts, and once taken it is not due again.
    expect(isNightlyDue('02:30', [], new Date('2026-10-25T00:30:00Z'))).toBe(true);
    expect(isNightlyDue('02:30', ['2026-10-25'], new Date('2026-10-25T01:30:00Z'))).toBe(false);
  });
});

describe('configuration of backups and logs', () => {
  it('defaults: 02:30, 7 daily, 8 weekly, DATA_DIR/backups, level info', () => {
    const c = readConfig({ DATA_DIR: '/srv/lagesbild' }, []);
    expect(c.backup).toEqual({ dir: '/srv/lagesbild/backups', time: '02:30', keepDaily: 7, keepWeekly: 8 });
    expect(c.logLevel).toBe('info');
  });

  it('reads BACKUP_* and LOG_LEVEL, and refuses bad values with a sentence', () => {
    const c = readConfig({ DATA_DIR: '/d', BACKUP_DIR: '/b', BACKUP_TIME: 'off', BACKUP_KEEP_DAILY: '3', BACKUP_KEEP_WEEKLY: '0', LOG_LEVEL: 'warn' }, []);
    expect(c.backup).toEqual({ dir: '/b', time: null, keepDaily: 3, keepWeekly: 0 });
    expect(c.logLevel).toBe('warn');
    expect(() => readConfig({ BACKUP_TIME: '2:30' }, [])).toThrow(/BACKUP_TIME must be a time "HH:MM"/);
    expect(() => readConfig({ BACKUP_TIME: '24:00' }, [])).toThrow(/BACKUP_TIME/);
    expect(() => readConfig({ BACKUP_KEEP_DAILY: 'seven' }, [])).toThrow(/BACKUP_KEEP_DAILY must be a whole number/);
    expect(() => readConfig({ BACKUP_KEEP_DAILY: '0', BACKUP_KEEP_WEEKLY: '0' }, [])).toThrow(/both 0/);
    expect(() => readConfig({ LOG_LEVEL: 'loud' }, [])).toThrow(/LOG_LEVEL must be one of/);
  });
});

describe('what the logs may show of a path', () => {
  it('masks invite and setup codes, drops query strings, keeps the rest', () => {
    expect(loggablePath('/enrol/P7GtPkkv82YakYvQjHf28tYI')).toBe('/enrol/:code');
    expect(loggablePath('/setup/Km8bDU-oq32yQ_IZr8ImL1Ps')).toBe('/setup/:code');
    expect(loggablePath('/api/v1/setup/Km8bDU-oq32yQ_IZr8ImL1Ps')).toBe('/api/v1/setup/:code');
    expect(loggablePath('/api/v1/enrol')).toBe('/api/v1/enrol');
    expect(loggablePath('/api/v1/weeks/2026-W48')).toBe('/api/v1/weeks/2026-W48');
    expect(loggablePath('/api/v1/export/observations.csv?from=2026-W01&to=2026-W10')).toBe('/api/v1/export/observations.csv');
  });

  it('file timestamps sort by time and hold no colons', () => {
    expect(fileTimestamp(new Date('2026-12-02T14:05:09.123Z'))).toBe('2026-12-02T14-05-09Z');
  });
});
