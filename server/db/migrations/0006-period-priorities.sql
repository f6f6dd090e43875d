-- 6: the period's decision on the three prioritised areas.
-- Table of the period decision (the steering group's three prioritised areas).
--
-- One row per period ("2026-Q4" / "2026-T3") for which priorities were decided;
-- a new decision for the same period replaces it (version + 1). `first_week` is
-- the period's first ISO week: the areas in force in a week are those of the
-- latest decision whose period started on or before it (so they stay in force
-- until the next decision, also across a change of period kind).
  CREATE TABLE period_priorities (
    period TEXT PRIMARY KEY,
    first_week TEXT NOT NULL,
    area_ids TEXT NOT NULL,          -- JSON array of area ids, in decided order
    rationale TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    decided_at TEXT NOT NULL,
    decided_by TEXT                  -- staff account id; NULL in tests
  ) WITHOUT ROWID;
  CREATE INDEX period_priorities_first_week ON period_priorities(first_week);
