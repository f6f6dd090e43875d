import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { dueSlots, nextSlot, planSlots, slotInstant, LATE_GRACE_MS } from '../../server/push/schedule';
import { stockholmInstant } from '../../shared/weeks';
import { DEFAULT_REMINDER_CONFIG, ReminderConfigSchema, reminderPayload, slotKey, type ReminderConfig } from '../../shared/push';

const at = (iso: string) => new Date(iso);
const MIN = 60_000;

describe('slot instants in Europe/Stockholm', () => {
  it('puts the default slots at 14:00 / 08:00 local in winter (CET) and summer (CEST)', () => {
    const [wed, thu] = DEFAULT_REMINDER_CONFIG.slots as [never, never];
    expect(slotInstant('2026-W48', wed).toISOString()).toBe('2026-11-25T13:00:00.000Z');
    expect(slotInstant('2026-W48', thu).toISOString()).toBe('2026-11-26T07:00:00.000Z');
    expect(slotInstant('2026-W26', wed).toISOString()).toBe('2026-06-24T12:00:00.000Z');
    // The weeks either side of the spring change (Sunday 29 March 2026, in W13).
    expect(slotInstant('2026-W13', wed).toISOString()).toBe('2026-03-25T13:00:00.000Z');
    expect(slotInstant('2026-W14', wed).toISOString()).toBe('2026-04-01T12:00:00.000Z');
    // … and the autumn change (Sunday 25 October 2026, in W43).
    expect(slotInstant('2026-W43', thu).toISOString()).toBe('2026-10-22T06:00:00.000Z');
    expect(slotInstant('2026-W44', thu).toISOString()).toBe('2026-10-29T07:00:00.000Z');
  });

  it('moves a time in the spring-forward gap forward by the gap (02:30 → 03:30 CEST)', () => {
    expect(stockholmInstant('2026-03-29', '01:59').toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(stockholmInstant('2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(stockholmInstant('2026-03-29', '03:00').toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('takes the first occurrence of a time that happens twice when falling back', () => {
    expect(stockholmInstant('2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(stockholmInstant('2026-10-25', '03:00').toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('handles week 53 and the year boundary', () => {
    expect(slotInstant('2026-W53', { weekday: 3, time: '14:00' }).toISOString()).toBe('2026-12-30T13:00:00.000Z');
    expect(slotInstant('2027-W01', { weekday: 1, time: '00:30' }).toISOString()).toBe('2027-01-03T23:30:00.000Z');
  });
});

describe('dueSlots / planSlots', () => {
  const cfg = DEFAULT_REMINDER_CONFIG;

  it('returns a slot exactly when its time has come, with its unique key', () => {
    expect(dueSlots(cfg, at('2026-11-25T12:59:40Z'), at('2026-11-25T12:59:59Z'))).toEqual([]);
    const due = dueSlots(cfg, at('2026-11-25T12:59:40Z'), at('2026-11-25T13:00:00Z'));
    expect(due.map((s) => s.key)).toEqual(['2026-W48/wed-14:00']);
    expect(due[0]!.week).toBe('2026-W48');
    expect(due[0]!.lateByMs).toBe(0);
    expect(slotKey('2026-W48', { weekday: 4, time: '08:00' })).toBe('2026-W48/thu-08:00');
  });

  it('sends a slot missed by a 30-minute restart late, once', () => {
    const plan = planSlots(cfg, at('2026-11-25T12:50:00Z'), at('2026-11-25T13:30:00Z'));
    expect(plan.due.map((s) => [s.key, s.lateByMs])).toEqual([['2026-W48/wed-14:00', 30 * MIN]]);
    expect(plan.skipped).toEqual([]);
    // The next tick starts from this run: nothing again.
    expect(dueSlots(cfg, at('2026-11-25T13:30:00Z'), at('2026-11-25T13:30:20Z'))).toEqual([]);
  });

  it('skips a slot missed by a 2-hour outage (and says so)', () => {
    const plan = planSlots(cfg, at('2026-11-25T12:50:00Z'), at('2026-11-25T15:00:00Z'));
    expect(plan.due).toEqual([]);
    expect(plan.skipped.map((s) => s.key)).toEqual(['2026-W48/wed-14:00']);
  });

  it('draws the grace line at one hour', () => {
    const last = at('2026-11-25T12:00:00Z');
    expect(dueSlots(cfg, last, new Date(Date.parse('2026-11-25T13:00:00Z') + LATE_GRACE_MS - 1000))).toHaveLength(1);
    expect(dueSlots(cfg, last, new Date(Date.parse('2026-11-25T13:00:00Z') + LATE_GRACE_MS))).toHaveLength(0);
  });

  it('never yields a slot twice over a day of 20-second ticks', () => {
    const seen: string[] = [];
    let last = at('2026-11-25T00:00:00Z');
    for (let t = last.getTime() + 20_000; t <= Date.parse('2026-11-27T00:00:00Z'); t += 20_000) {
      const now = new Date(t);
      seen.push(...dueSlots(cfg, last, now).map((s) => s.key));
      last = now;
    }
    expect(seen).toEqual(['2026-W48/wed-14:00', '2026-W48/thu-08:00']);
    // 8,640 ticks through the Stockholm calendar: seconds of CPU on a loaded 2-core machine,
    // so the default 5 s limit would fail it for the machine's sake, not the code's.
  }, 30_000);

  it('on a first start (no last run) looks back over the grace period only', () => {
    expect(dueSlots(cfg, null, at('2026-11-25T13:20:00Z')).map((s) => s.key)).toEqual(['2026-W48/wed-14:00']);
    expect(planSlots(cfg, null, at('2026-11-25T15:00:00Z'))).toEqual({ due: [], skipped: [] });
  });

  it('across spring forward: a 02:30 slot (which does not exist) is sent once, at 03:30 CEST', () => {
    const sunday: ReminderConfig = { slots: [{ weekday: 7, time: '02:30' }] };
    const keys: string[] = [];
    let last = at('2026-03-28T20:00:00Z');
    for (let t = last.getTime() + 60_000; t <= Date.parse('2026-03-29T06:00:00Z'); t += 60_000) {
      const now = new Date(t);
      for (const s of dueSlots(sunday, last, now)) keys.push(`${s.key}@${s.at.toISOString()}`);
      last = now;
    }
    expect(keys).toEqual(['2026-W13/sun-02:30@2026-03-29T01:30:00.000Z']);
  });

  it('across fall back: a 02:30 slot (which happens twice) is sent once, at the first 02:30', () => {
    const sunday: ReminderConfig = { slots: [{ weekday: 7, time: '02:30' }] };
    const keys: string[] = [];
    let last = at('2026-10-24T20:00:00Z');
    for (let t = last.getTime() + 60_000; t <= Date.parse('2026-10-25T06:00:00Z'); t += 60_000) {
      const now = new Date(t);
      for (const s of dueSlots(sunday, last, now)) keys.push(`${s.key}@${s.at.toISOString()}`);
      last = now;
    }
    expect(keys).toEqual(['2026-W43/sun-02:30@2026-10-25T00:30:00.000Z']);
  });

  it('keeps local times across the change in a window that spans it (server down over the night)', () => {
    const cfg2: ReminderConfig = { slots: [{ weekday: 7, time: '01:30' }, { weekday: 7, time: '03:30' }] };
    // Down from Saturday evening to 03:40 CEST Sunday (01:40Z) in spring: 01:30 CET (00:30Z) is > 1 h ago.
    const plan = planSlots(cfg2, at('2026-03-28T20:00:00Z'), at('2026-03-29T01:40:00Z'));
    expect(plan.skipped.map((s) => s.key)).toEqual(['2026-W13/sun-01:30']);
    expect(plan.due.map((s) => [s.key, s.at.toISOString()])).toEqual([['2026-W13/sun-03:30', '2026-03-29T01:30:00.000Z']]);
  });

  it('attributes a slot late on Sunday night to its own week when handled after midnight', () => {
    const cfg2: ReminderConfig = { slots: [{ weekday: 7, time: '23:50' }] };
    const due = dueSlots(cfg2, at('2026-11-29T22:40:00Z'), at('2026-11-29T23:10:00Z'));
    expect(due.map((s) => s.key)).toEqual(['2026-W48/sun-23:50']);
  });

  it('finds the next slot', () => {
    expect(nextSlot(cfg, at('2026-11-25T13:00:00Z'))?.key).toBe('2026-W48/thu-08:00');
    expect(nextSlot(cfg, at('2026-11-26T07:00:00Z'))?.key).toBe('2026-W49/wed-14:00');
    expect(nextSlot({ slots: [] }, at('2026-11-26T07:00:00Z'))).toBeNull();
  });
});

describe('reminder config and payload', () => {
  it('validates the admin’s times', () => {
    expect(v.safeParse(ReminderConfigSchema, DEFAULT_REMINDER_CONFIG).success).toBe(true);
    expect(v.safeParse(ReminderConfigSchema, { slots: [{ weekday: 3, time: '24:00' }] }).success).toBe(false);
    expect(v.safeParse(ReminderConfigSchema, { slots: [{ weekday: 8, time: '14:00' }] }).success).toBe(false);
    expect(v.safeParse(ReminderConfigSchema, { slots: [{ weekday: 3, time: '9:00' }] }).success).toBe(false);
    expect(
      v.safeParse(ReminderConfigSchema, { slots: [{ weekday: 3, time: '14:00' }, { weekday: 3, time: '14:00' }] }).success,
    ).toBe(false);
  });

  it('builds the reminder payload with the week and both actions', () => {
    expect(reminderPayload('2026-W48')).toEqual({
      type: 'reminder',
      week: '2026-W48',
      title: 'Vecka 48 – dags att rapportera',
      body: expect.any(String),
      actions: [
        { action: 'calm', title: 'Lugn vecka' },
        { action: 'report', title: 'Rapportera' },
      ],
    });
    expect(reminderPayload('2026-W05').title).toBe('Vecka 5 – dags att rapportera');
  });
});
