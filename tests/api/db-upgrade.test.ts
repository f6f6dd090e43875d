/**
 * A database written by the code before migrations became files (schema version 6, as
 * released up to commit 3cb093d; tests/fixtures/db-v6-schema.sql) opens with today's code,
 * keeps every row, and ends with exactly the schema a new database gets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../server/db/open';
import { latestSchemaVersion } from '../../server/db/migrations';

const V6_SCHEMA = readFileSync(join(import.meta.dirname, '../fixtures/db-v6-schema.sql'), 'utf8');
const T = '2026-11-25T13:00:00.000Z';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-upgrade-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a version-6 database with a few rows in every main table, as the old code would have. */
function writeV6(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(V6_SCHEMA);
  db.pragma('user_version = 6');
  db.exec(`
    INSERT INTO organisations (id, name) VALUES ('org', 'Bostadsbolaget');
    INSERT INTO areas (id, name) VALUES ('area', 'Centrum');
    INSERT INTO places (id, area_id, name) VALUES ('place', 'area', 'Torget');
    INSERT INTO functions (id, organisation_id, name) VALUES ('fn', 'org', 'Bovärdskontor Väster');
    INSERT INTO function_areas (function_id, area_id) VALUES ('fn', 'area');
    INSERT INTO invites (id, function_id, code_hash, expires_at, max_devices) VALUES ('inv', 'fn', 'h-code', '${T}', 3);
    INSERT INTO devices (id, function_id, invite_id, token_hash, enrolled_at) VALUES ('dev', 'fn', 'inv', 'h-token', '${T}');
    INSERT INTO reports (id, function_id, device_id, week, calm, created_at, received_at, content_hash) VALUES ('rep', 'fn', 'dev', '2026-W47', 0, '${T}', '${T}', 'hash');
    INSERT INTO observations (id, report_id, position, week, category, area_id, place_id, time_of_day, persists, note)
      VALUES ('obs', 'rep', 0, '2026-W47', 'vandalism', 'area', 'place', 'night', 1, 'Klotter på gaveln');
    INSERT INTO staff (id, email, role, password_hash, created_at, password_changed_at) VALUES ('st', 'a@example.se', 'coordinator', 'scrypt$x', '${T}', '${T}');
    INSERT INTO sessions (id_hash, staff_id, created_at, last_seen_at) VALUES ('h-session', 'st', '${T}', '${T}');
    INSERT INTO audit_log (at, actor_type, actor_id, action, target) VALUES ('${T}', 'staff', 'st', 'picture.publish', 'picture:EST-2026-47/1');
    INSERT INTO picture_drafts (week, content) VALUES ('2026-W47', '{}');
    INSERT INTO pictures (id, week, register_number, version, content, facts, published_at) VALUES ('pic', '2026-W47', 'EST-2026-47', 1, '{}', '{}', '${T}');
    INSERT INTO push_settings (key, value, updated_at) VALUES ('reminders', '[]', '${T}');
    INSERT INTO push_subscriptions (id, endpoint, p256dh, auth, device_id, function_id, created_at, last_seen_at)
      VALUES ('sub', 'https://push.example/1', 'p', 'a', 'dev', 'fn', '${T}', '${T}');
    INSERT INTO push_slots (slot_key, week, due_at, handled_at, outcome, queued) VALUES ('2026-W48/wed-14:00', '2026-W48', '${T}', '${T}', 'queued', 1);
    INSERT INTO push_deliveries (kind, slot_key, subscription_id, function_id, week, payload, topic, state, attempts, next_attempt_at, expires_at, created_at, last_error)
      VALUES ('reminder', '2026-W48/wed-14:00', 'sub', 'fn', '2026-W48', '{"type":"reminder"}', 'reminder2026W48', 'pending', 1, '2026-11-25T13:00:30.000Z', '2026-11-26T13:00:00.000Z', '${T}', 'HTTP 503');
    INSERT INTO push_deliveries (kind, subscription_id, payload, state, attempts, next_attempt_at, expires_at, created_at, finished_at)
      VALUES ('picture', 'sub', '{"type":"picture"}', 'sent', 1, '${T}', '2026-11-28T13:00:00.000Z', '${T}', '${T}');
    INSERT INTO interventions (id, area_id, place_id, action, organisation, term, planned_start, status, decided_week, created_at, updated_at)
      VALUES ('int', 'area', 'place', 'Belysning', 'Kommunen', 'short', '2026-11-23', 'active', '2026-W47', '${T}', '${T}');
    INSERT INTO intervention_observations (intervention_id, observation_id) VALUES ('int', 'obs');
    INSERT INTO intervention_followups (id, intervention_id, week, carried_out, outcome, decision, counts, created_at)
      VALUES ('fu', 'int', '2026-W52', 'yes', 'better', 'continue', '{}', '${T}');
    INSERT INTO period_priorities (period, first_week, area_ids, rationale, decided_at) VALUES ('2026-Q4', '2026-W40', '["area"]', 'Mest rapporter', '${T}');
  `);
  db.close();
}

const KEPT_TABLES = [
  'organisations', 'areas', 'places', 'functions', 'function_areas', 'invites', 'devices', 'reports', 'observations',
  'staff', 'sessions', 'audit_log', 'picture_drafts', 'pictures', 'push_settings', 'push_subscriptions', 'push_slots',
  'interventions', 'intervention_observations', 'intervention_followups', 'period_priorities',
];

/** Columns later migrations added to kept tables, with the value old rows get. */
const ADDED_SINCE_V6: Record<string, Record<string, unknown>> = {
  devices: { label: null }, // 0013-device-labels.sql
};

function dump(db: Database.Database): Record<string, unknown[]> {
  return Object.fromEntries(KEPT_TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]));
}
function schema(db: Database.Database): unknown[] {
  return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
}

describe('a database written by the released code (schema version 6)', () => {
  it('opens with today’s code, keeps its data, carries waiting push deliveries over as jobs, and ends with the schema of a new database', () => {
    const file = join(dir, 'v6.sqlite');
    writeV6(file);
    const before = new Database(file, { readonly: true });
    const rows = dump(before);
    before.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(dump(db)).toEqual(
      Object.fromEntries(Object.entries(rows).map(([t, list]) => [t, list.map((r) => ({ ...(r as object), ...ADDED_SINCE_V6[t] }))])),
    );
    expect(rows.observations).toHaveLength(1);
    expect(db.prepare('SELECT kind, dedupe_key, state, attempts, next_attempt_at, last_error, payload FROM jobs').all()).toEqual([
      {
        kind: 'push.delivery',
        dedupe_key: 'push.reminder:2026-W48/wed-14:00:sub',
        state: 'pending',
        attempts: 1,
        next_attempt_at: '2026-11-25T13:00:30.000Z',
        last_error: 'HTTP 503',
        payload: JSON.stringify({
          type: 'reminder',
          subscriptionId: 'sub',
          functionId: 'fn',
          week: '2026-W48',
          message: '{"type":"reminder"}',
          topic: 'reminder2026W48',
          expiresAt: '2026-11-26T13:00:00.000Z',
        }),
      },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);

    const fresh = openDatabase(join(dir, 'fresh.sqlite'));
    expect(schema(db)).toEqual(schema(fresh));
    fresh.close();
    db.close();
  });

  it('backfills the week aggregates from the rows it already has, and keeps them as rows change', () => {
    const file = join(dir, 'v6.sqlite');
    writeV6(file);
    const raw = new Database(file);
    raw.exec(`
      INSERT INTO reports (id, function_id, device_id, week, calm, created_at, received_at, content_hash) VALUES
        ('rep2', 'fn', 'dev', '2026-W47', 0, '${T}', '${T}', 'hash2'), ('calm', 'fn', 'dev', '2026-W48', 1, '${T}', '${T}', 'hash3');
      INSERT INTO observations (id, report_id, position, week, category, area_id, place_id, time_of_day, persists, note) VALUES
        ('obs2', 'rep2', 0, '2026-W47', 'vandalism', 'area', 'place', 'night', 0, NULL),
        ('obs3', 'rep2', 1, '2026-W47', 'event', 'area', NULL, 'day', 0, NULL);
    `);
    raw.close();

    const db = openDatabase(file);
    const aggregates = () => ({
      areas: db.prepare('SELECT * FROM week_area_counts ORDER BY 1, 2, 3').all(),
      years: db.prepare('SELECT * FROM year_area_counts ORDER BY 1, 2, 3').all(),
      weeks: db.prepare('SELECT * FROM week_reports ORDER BY 1').all(),
      places: db.prepare('SELECT * FROM week_place_counts ORDER BY 1, 2, 3').all(),
      functions: db.prepare('SELECT * FROM week_function_reports ORDER BY 1, 2').all(),
    });
    expect(aggregates()).toEqual({
      areas: [
        { week: '2026-W47', area_id: 'area', category: 'event', count: 1, day: 1, evening: 0, night: 0, unknown: 0, persisting: 0 },
        { week: '2026-W47', area_id: 'area', category: 'vandalism', count: 2, day: 0, evening: 0, night: 2, unknown: 0, persisting: 1 },
      ],
      years: [
        { year: '2026', area_id: 'area', category: 'event', count: 1 },
        { year: '2026', area_id: 'area', category: 'vandalism', count: 2 },
      ],
      weeks: [
        { week: '2026-W47', reports: 2, calm: 0 },
        { week: '2026-W48', reports: 1, calm: 1 },
      ],
      places: [{ week: '2026-W47', place_id: 'place', category: 'vandalism', count: 2 }],
      functions: [
        { week: '2026-W47', function_id: 'fn', reports: 2, calm: 0 },
        { week: '2026-W48', function_id: 'fn', reports: 1, calm: 1 },
      ],
    });

    // The triggers keep them after the upgrade: an edit and a removal change the counts, an emptied group goes.
    db.exec(`
      UPDATE observations SET category = 'event', time_of_day = 'day', place_id = NULL WHERE id = 'obs2';
      DELETE FROM observations WHERE id = 'obs3';
      DELETE FROM reports WHERE id = 'calm';
    `);
    expect(aggregates()).toEqual({
      areas: [
        { week: '2026-W47', area_id: 'area', category: 'event', count: 1, day: 1, evening: 0, night: 0, unknown: 0, persisting: 0 },
        { week: '2026-W47', area_id: 'area', category: 'vandalism', count: 1, day: 0, evening: 0, night: 1, unknown: 0, persisting: 1 },
      ],
      years: [
        { year: '2026', area_id: 'area', category: 'event', count: 1 },
        { year: '2026', area_id: 'area', category: 'vandalism', count: 1 },
      ],
      weeks: [{ week: '2026-W47', reports: 2, calm: 0 }],
      places: [{ week: '2026-W47', place_id: 'place', category: 'vandalism', count: 1 }],
      functions: [{ week: '2026-W47', function_id: 'fn', reports: 2, calm: 0 }],
    });
    db.close();
  });

  it('at the latest version applies nothing: schema and rows stay as they are', () => {
    const file = join(dir, 'v6.sqlite');
    writeV6(file);
    openDatabase(file).close();
    const first = new Database(file, { readonly: true });
    const [rows, tables] = [dump(first), schema(first)];
    first.close();
    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(schema(again)).toEqual(tables);
    expect(dump(again)).toEqual(rows);
    again.close();
  });

  it('is refused, untouched, when a newer program has written it', () => {
    const file = join(dir, 'newer.sqlite');
    writeV6(file);
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestSchemaVersion() + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer than this program/);
    const after = new Database(file, { readonly: true });
    expect(after.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'jobs'").pluck().get()).toBe(0);
    after.close();
  });
});
