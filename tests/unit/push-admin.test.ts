/** The pure parts of the push admin/reader features (shared/push.ts). */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  DEFAULT_REMINDER_CONFIG,
  ReaderSubscriptionSchema,
  ReminderConfigSchema,
  functionPushKind,
  reminderSlotProblems,
  sortReminderSlots,
} from '../../shared/push';

describe('functionPushKind (the participation column)', () => {
  it('is working when one subscription works, failing when all have failed, missing when there is none', () => {
    expect(functionPushKind({ subscriptions: 2, working: true })).toBe('working');
    expect(functionPushKind({ subscriptions: 1, working: false })).toBe('failing');
    expect(functionPushKind({ subscriptions: 0, working: false })).toBe('missing');
  });
});

describe('reminder times', () => {
  it('sorts by weekday, then time', () => {
    expect(
      sortReminderSlots([
        { weekday: 4, time: '08:00' },
        { weekday: 3, time: '14:00' },
        { weekday: 3, time: '09:30' },
      ]),
    ).toEqual([
      { weekday: 3, time: '09:30' },
      { weekday: 3, time: '14:00' },
      { weekday: 4, time: '08:00' },
    ]);
  });

  it('need at least one time (the default is valid)', () => {
    expect(v.safeParse(ReminderConfigSchema, DEFAULT_REMINDER_CONFIG).success).toBe(true);
    const empty = v.safeParse(ReminderConfigSchema, { slots: [] });
    expect(empty.success).toBe(false);
    expect(empty.issues?.[0]?.message).toBe('at least one reminder time is needed');
  });

  it('lists the rows the admin form must mark', () => {
    expect(reminderSlotProblems([])).toEqual({ empty: true, badTimes: [], duplicates: [] });
    expect(reminderSlotProblems(DEFAULT_REMINDER_CONFIG.slots)).toEqual({ empty: false, badTimes: [], duplicates: [] });
    expect(
      reminderSlotProblems([
        { weekday: 3, time: '14:00' },
        { weekday: 3, time: '' },
        { weekday: 3, time: '14:00' },
        { weekday: 5, time: '24:10' },
      ]),
    ).toEqual({ empty: false, badTimes: [1, 3], duplicates: [2] });
  });
});

describe('ReaderSubscriptionSchema', () => {
  const sub = {
    endpoint: 'https://push.example/abc',
    keys: { p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64url'), auth: Buffer.alloc(16, 2).toString('base64url') },
    expirationTime: null,
  };
  it('takes the browser subscription and the choice', () => {
    expect(v.parse(ReaderSubscriptionSchema, { ...sub, notifyPictures: false })).toEqual({ ...sub, notifyPictures: false });
    expect(v.safeParse(ReaderSubscriptionSchema, sub).success).toBe(false);
    expect(v.safeParse(ReaderSubscriptionSchema, { ...sub, notifyPictures: 1 }).success).toBe(false);
  });
});
