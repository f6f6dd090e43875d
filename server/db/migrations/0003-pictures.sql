-- 3: the weekly compiled picture – drafts and immutable published versions.
-- Tables of the weekly compiled picture.
--
-- - picture_drafts: one working draft per week, edited by coordinators. `version`
--   is the optimistic-concurrency counter: a save is
--     UPDATE picture_drafts SET content = ?, version = version + 1, …
--      WHERE week = ? AND version = ?
--   and 0 changed rows means someone else saved first (409, never a silent overwrite).
-- - pictures: published pictures, official documents (allmän handling). One row
--   per (week, version); the register number (diarienummer, e.g. EST-2026-48) is
--   the same for every version of a week. A correction inserts version n+1 and
--   leaves version n readable. Rows can never be changed or deleted (triggers).
--   `facts` is the snapshot of the figures the text was written against.
  CREATE TABLE picture_drafts (
    week TEXT PRIMARY KEY,            -- "YYYY-Www"
    content TEXT NOT NULL,            -- JSON PictureContent
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_by TEXT                   -- staff account id (accounts feature); NULL in tests
  ) WITHOUT ROWID;

  CREATE TABLE pictures (
    id TEXT PRIMARY KEY,
    week TEXT NOT NULL,
    register_number TEXT NOT NULL,    -- diarienummer, configurable prefix: "EST-2026-48"
    version INTEGER NOT NULL CHECK (version >= 1),
    content TEXT NOT NULL,            -- JSON PictureContent as published
    facts TEXT NOT NULL,              -- JSON PictureFacts at publication
    published_at TEXT NOT NULL,
    published_by TEXT,                -- staff account id
    UNIQUE (week, version),
    UNIQUE (register_number, version)
  );
  CREATE INDEX pictures_published_at ON pictures(published_at);

  -- An official document never changes: corrections are new versions.
  CREATE TRIGGER pictures_no_update BEFORE UPDATE ON pictures
  BEGIN SELECT RAISE(ABORT, 'a published picture is immutable; publish a new version'); END;
  CREATE TRIGGER pictures_no_delete BEFORE DELETE ON pictures
  BEGIN SELECT RAISE(ABORT, 'a published picture is immutable; it cannot be deleted'); END;
