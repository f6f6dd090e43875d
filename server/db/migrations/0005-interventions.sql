-- 5: interventions (insatser) and their follow-ups.
-- Tables of interventions (insatser) and their follow-ups.
--
-- - interventions: one row per intervention. `categories` is a JSON array of
--   indicator keys; `version` is the optimistic-concurrency counter (a PATCH is
--   `UPDATE … SET …, version = version + 1 WHERE id = ? AND version = ?`).
--   `decided_week` puts it into that week's compiled picture.
-- - intervention_observations: the observations that show the problem (links
--   only; the observation rows are never changed).
-- - intervention_followups: append-only record of the follow-ups; `counts` is
--   the JSON snapshot of the before/after counts shown when it was recorded.
--   Follow-ups are kept (documentation for the year review): no update/delete.
  CREATE TABLE interventions (
    id TEXT PRIMARY KEY,
    area_id TEXT NOT NULL REFERENCES areas(id),
    place_id TEXT REFERENCES places(id),
    problem TEXT,
    categories TEXT NOT NULL DEFAULT '[]',   -- JSON array of indicator keys
    action TEXT NOT NULL,
    organisation TEXT NOT NULL,
    term TEXT NOT NULL CHECK (term IN ('short', 'long')),
    planned_start TEXT NOT NULL,             -- "YYYY-MM-DD"
    planned_end TEXT,                        -- "YYYY-MM-DD"; NULL = open-ended
    status TEXT NOT NULL CHECK (status IN ('planned', 'active', 'ended')),
    decided_week TEXT NOT NULL,              -- "YYYY-Www"
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at TEXT NOT NULL,
    created_by TEXT,                         -- staff account id; NULL in tests
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    CHECK (planned_end IS NULL OR planned_end >= planned_start)
  );
  CREATE INDEX interventions_decided_week ON interventions(decided_week);
  CREATE INDEX interventions_area_start ON interventions(area_id, planned_start);
  CREATE INDEX interventions_start ON interventions(planned_start);

  CREATE TABLE intervention_observations (
    intervention_id TEXT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    observation_id TEXT NOT NULL REFERENCES observations(id),
    PRIMARY KEY (intervention_id, observation_id)
  ) WITHOUT ROWID;

  CREATE TABLE intervention_followups (
    id TEXT PRIMARY KEY,
    intervention_id TEXT NOT NULL REFERENCES interventions(id),
    week TEXT NOT NULL,                      -- the week of the follow-up meeting
    carried_out TEXT NOT NULL CHECK (carried_out IN ('yes', 'partly', 'no')),
    carried_out_note TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('better', 'unchanged', 'worse')),
    outcome_note TEXT,
    decision TEXT NOT NULL CHECK (decision IN ('continue', 'expand', 'change', 'end')),
    decision_note TEXT,
    counts TEXT NOT NULL,                    -- JSON BeforeAfter snapshot
    created_at TEXT NOT NULL,
    created_by TEXT
  );
  CREATE INDEX intervention_followups_intervention ON intervention_followups(intervention_id, week);

  CREATE TRIGGER intervention_followups_no_update BEFORE UPDATE ON intervention_followups
  BEGIN SELECT RAISE(ABORT, 'a recorded follow-up is kept as it was; record a new one'); END;
  CREATE TRIGGER intervention_followups_no_delete BEFORE DELETE ON intervention_followups
  BEGIN SELECT RAISE(ABORT, 'a recorded follow-up is kept as it was; record a new one'); END;
