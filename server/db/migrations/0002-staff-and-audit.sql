-- 2: staff accounts, their sessions, log-in throttling, the first-run setup code and the audit log.
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
  