import type Database from 'better-sqlite3';
import { PICTURES_MIGRATION } from '../pictures/schema';
import { PUSH_MIGRATION } from '../push/schema';
import { INTERVENTIONS_MIGRATION } from '../interventions/schema';
import { FOLLOWUP_MIGRATION } from '../followup/schema';
import { FIGURES_MIGRATION } from '../figures/schema';

/**
 * Versioned migrations, applied in order at start. Never edit a released one:
 * append a new entry. `user_version` records how far a database has come.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the core – who reports, where, and what.
  `
  CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );
  CREATE TABLE areas (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    geometry TEXT,               -- GeoJSON geometry (Point or Polygon), optional
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );
  CREATE TABLE places (
    id TEXT PRIMARY KEY,
    area_id TEXT NOT NULL REFERENCES areas(id),
    name TEXT NOT NULL,
    geometry TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (area_id, name)
  );
  -- An informant function: a role such as "Bovärdskontor Väster", never a person.
  CREATE TABLE functions (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );
  CREATE TABLE function_areas (
    function_id TEXT NOT NULL REFERENCES functions(id) ON DELETE CASCADE,
    area_id TEXT NOT NULL REFERENCES areas(id),
    PRIMARY KEY (function_id, area_id)
  ) WITHOUT ROWID;
  CREATE TABLE invites (
    id TEXT PRIMARY KEY,
    function_id TEXT NOT NULL REFERENCES functions(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL UNIQUE,  -- sha256 of the code; the code itself is never stored
    expires_at TEXT NOT NULL,
    max_devices INTEGER NOT NULL,
    demo INTEGER NOT NULL DEFAULT 0,
    revoked_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    function_id TEXT NOT NULL REFERENCES functions(id) ON DELETE CASCADE,
    invite_id TEXT REFERENCES invites(id),
    token_hash TEXT NOT NULL UNIQUE, -- sha256 of the bearer token
    enrolled_at TEXT NOT NULL,
    last_seen_at TEXT,
    revoked_at TEXT
  );
  CREATE INDEX devices_invite ON devices(invite_id);
  CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    function_id TEXT NOT NULL REFERENCES functions(id),
    device_id TEXT REFERENCES devices(id),
    week TEXT NOT NULL,            -- "YYYY-Www"; sorts as weeks do
    calm INTEGER NOT NULL,
    created_at TEXT NOT NULL,      -- as the client says
    received_at TEXT NOT NULL,
    content_hash TEXT NOT NULL     -- tells a duplicate from a conflict
  );
  CREATE INDEX reports_function_week ON reports(function_id, week);
  CREATE INDEX reports_week ON reports(week);
  CREATE TABLE observations (
    id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports(id),
    position INTEGER NOT NULL,
    week TEXT NOT NULL,            -- denormalised from the report for compilation queries
    category TEXT NOT NULL,
    area_id TEXT NOT NULL REFERENCES areas(id),
    place_id TEXT REFERENCES places(id),
    time_of_day TEXT NOT NULL,
    occurred_on TEXT,
    persists INTEGER NOT NULL,
    note TEXT,
    lat REAL,
    lon REAL
  );
  CREATE INDEX observations_report ON observations(report_id);
  CREATE INDEX observations_week_area ON observations(week, area_id, category);
  CREATE INDEX observations_area_week ON observations(area_id, week);
  CREATE INDEX observations_place_week ON observations(place_id, week) WHERE place_id IS NOT NULL;
  `,
  // 2: staff accounts, their sessions, log-in throttling, the first-run setup code and the audit log.
  `
  CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'reader')),
    password_hash TEXT NOT NULL,   -- "scrypt$N$r$p$salt$hash"; never the password
    demo INTEGER NOT NULL DEFAULT 0,
    disabled_at TEXT,
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,      -- sha256 of the cookie value; the value itself is never stored
    staff_id TEXT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,      -- absolute expiry counts from here
    last_seen_at TEXT NOT NULL     -- idle expiry counts from here
  ) WITHOUT ROWID;
  CREATE INDEX sessions_staff ON sessions(staff_id);
  CREATE TABLE login_failures (
    key TEXT NOT NULL,             -- "account:<e-mail>" or "address:<client address>"
    at TEXT NOT NULL
  );
  CREATE INDEX login_failures_key_at ON login_failures(key, at);
  CREATE TABLE setup_codes (
    code_hash TEXT PRIMARY KEY,    -- sha256 of the one-time code printed at start
    created_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor_type TEXT NOT NULL,      -- 'staff' | 'device' | 'system' | 'anonymous'
    actor_id TEXT,
    action TEXT NOT NULL,          -- e.g. 'auth.login', 'invite.create', 'device.revoke'
    target TEXT,
    detail TEXT                    -- small JSON object; never notes, passwords, tokens or codes
  );
  CREATE INDEX audit_log_at ON audit_log(at);
  `,
  // 3: the weekly compiled picture – drafts and immutable published versions.
  PICTURES_MIGRATION,
  // 4: Web Push – VAPID keys, subscriptions, reminder slots and the delivery queue.
  PUSH_MIGRATION,
  // 5: interventions (insatser) and their follow-ups.
  INTERVENTIONS_MIGRATION,
  // 6: the period's decision on the three prioritised areas.
  FOLLOWUP_MIGRATION,
  // 7: other sources' figures (police, property management, rescue service) and the statutory lägesbild's texts.
  FIGURES_MIGRATION,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `database schema version ${current} is newer than this program (${MIGRATIONS.length}); refusing to start`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
