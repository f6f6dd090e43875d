-- Hardening: the log-in throttle's secret and the withdrawal of published pictures.
-- server_secrets: secrets of this server that must survive a restart, e.g. the key of
-- the log-in throttle's HMAC (throttle keys are never stored in clear). Never leaves
-- the server, never logged.
CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,           -- base64url
  created_at TEXT NOT NULL
) WITHOUT ROWID;

-- A published picture taken back by an admin, with the reason. A separate table:
-- pictures stay immutable (their triggers refuse UPDATE and DELETE), and so does a
-- withdrawal once made.
CREATE TABLE picture_withdrawals (
  week TEXT NOT NULL,
  version INTEGER NOT NULL,
  reason TEXT NOT NULL,
  withdrawn_by TEXT NOT NULL REFERENCES staff(id),
  withdrawn_at TEXT NOT NULL,
  PRIMARY KEY (week, version),
  FOREIGN KEY (week, version) REFERENCES pictures(week, version)
) WITHOUT ROWID;
CREATE TRIGGER picture_withdrawals_no_update BEFORE UPDATE ON picture_withdrawals
BEGIN SELECT RAISE(ABORT, 'picture withdrawals are permanent'); END;
CREATE TRIGGER picture_withdrawals_no_delete BEFORE DELETE ON picture_withdrawals
BEGIN SELECT RAISE(ABORT, 'picture withdrawals are permanent'); END;
