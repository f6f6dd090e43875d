-- 7: the job queue – side effects of domain actions (server/jobs/).
-- A domain action writes its jobs in its own transaction (enqueueJob), so a side effect
-- exists exactly when the action committed. The runner claims due jobs, calls the
-- handler registered for the kind and records the result. `dedupe_key` is UNIQUE: the
-- same side effect is never queued twice. A job left 'running' by a process that died
-- is taken up again at the next start (at least once), unless its kind says otherwise.
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,                   -- e.g. 'push.delivery'; the feature that owns it registers the handler
  dedupe_key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,                -- JSON; never notes, tokens, codes or passwords
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,  -- claims so far, the running one included
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  outcome TEXT,                         -- the handler's one-word result, e.g. 'sent', 'gone', 'expired'
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX jobs_due ON jobs(state, next_attempt_at);
CREATE INDEX jobs_kind_state ON jobs(kind, state);
