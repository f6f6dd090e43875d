-- 1: the core – who reports, where, and what.
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
  