import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { INDICATOR_KEYS, INDICATORS, indicator, isIndicatorKey } from '../../shared/indicators';
import { ReportBatchSchema, ReportSchema, describeIssues } from '../../shared/schemas';
import { uuidv7 } from '../../shared/ids';

describe('the eight indicators', () => {
  it('are the handbook\'s eight, in its order, each with Swedish and English label and hint', () => {
    expect(INDICATOR_KEYS).toEqual(['vandalism', 'fire', 'staff_incident', 'event', 'youth_gathering', 'disorder', 'unsafe_place', 'other']);
    expect(INDICATORS.map((i) => i.key)).toEqual([...INDICATOR_KEYS]);
    for (const i of INDICATORS) {
      for (const text of [i.sv.label, i.sv.hint, i.en.label, i.en.hint]) expect(text.trim().length).toBeGreaterThan(3);
      expect(i.sv.hint.length).toBeLessThanOrEqual(90); // one line on a 360 px phone tile
    }
    expect(indicator('staff_incident').sv.label).toBe('Incident mot anställd');
    expect(indicator('unsafe_place').sv.label).toBe('Otrygg plats');
  });

  it('tell a key from anything else', () => {
    expect(isIndicatorKey('fire')).toBe(true);
    expect(isIndicatorKey('Fire')).toBe(false);
    expect(isIndicatorKey(undefined)).toBe(false);
    expect(() => indicator('nope' as never)).toThrow(/unknown indicator/);
  });
});

describe('Report schema', () => {
  const base = () => ({
    id: uuidv7(),
    week: '2026-W48',
    createdAt: '2026-11-25T12:00:00.000Z',
    calm: false,
    observations: [{ id: uuidv7(), category: 'fire', areaId: 'a1', timeOfDay: 'night', persists: true }],
  });

  it('accepts the v1 contract shape with UUIDv7 ids and strips unknown keys', () => {
    const out = v.parse(ReportSchema, { ...base(), deviceId: 'x' });
    expect(out).not.toHaveProperty('deviceId');
    expect(out.observations[0]!.category).toBe('fire');
  });

  it.each([
    ['week', { week: '2026-48' }, /week: must be an ISO week/],
    ['createdAt', { createdAt: '25/11/2026' }, /createdAt: must be an ISO timestamp/],
    ['calm', { calm: 'no' }, /calm: must be true or false/],
  ])('names the field in its message (%s)', (_n, change, message) => {
    const r = v.safeParse(ReportSchema, { ...base(), ...change });
    expect(r.success).toBe(false);
    if (!r.success) expect(describeIssues(r.issues)).toMatch(message);
  });

  it('names nested paths', () => {
    const bad = base();
    (bad.observations[0] as Record<string, unknown>).location = { lat: 95, lon: 0 };
    const r = v.safeParse(ReportSchema, bad);
    expect(r.success).toBe(false);
    if (!r.success) expect(describeIssues(r.issues)).toMatch(/^observations\[0\]\.location\.lat: /);
  });

  it('the envelope takes at most 500 items and leaves items unchecked', () => {
    expect(v.safeParse(ReportBatchSchema, { reports: Array(500).fill(null) }).success).toBe(true);
    expect(v.safeParse(ReportBatchSchema, { reports: Array(501).fill(null) }).success).toBe(false);
  });

  it('UUIDv7 ids are time-ordered and pass the schema\'s uuid check', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a < b).toBe(true);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
