-- 10: the weekly send-out (veckoutskick) – recipients without accounts, their lists, and
-- one send record per (published version, recipient) – server/sendout/.
-- Recipients' addresses are personal data: kept only here, shown only to admins, and
-- deleted for real (with their send records and memberships) when a recipient is removed.
CREATE TABLE recipient_lists (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  is_default INTEGER NOT NULL DEFAULT 0,  -- "Veckans lägesbild": cannot be deleted
  created_at TEXT NOT NULL
);
INSERT INTO recipient_lists (name, is_default, created_at) VALUES ('Veckans lägesbild', 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

CREATE TABLE recipients (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,                     -- a person's name or a function ("TiB", "Polisen i Norrby")
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  organisation TEXT NOT NULL DEFAULT '',
  unsubscribed_at TEXT,                   -- set by the recipient's own one-click unsubscribe; never mailed again
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE recipient_list_members (
  list_id INTEGER NOT NULL REFERENCES recipient_lists(id) ON DELETE CASCADE,
  recipient_id INTEGER NOT NULL REFERENCES recipients(id) ON DELETE CASCADE,
  PRIMARY KEY (list_id, recipient_id)
) WITHOUT ROWID;
CREATE INDEX recipient_list_members_recipient ON recipient_list_members(recipient_id);

-- One row per message of the send-out, written in the publishing transaction with its job.
-- 'sent' is recorded the moment the SMTP server accepts the message, before anything
-- else: the handler never sends a version to a recipient whose row says 'sent'.
CREATE TABLE mail_sends (
  week TEXT NOT NULL,
  version INTEGER NOT NULL,
  recipient_id INTEGER NOT NULL REFERENCES recipients(id) ON DELETE CASCADE,
  state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'sent', 'failed', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,                        -- the SMTP server's answer or the connection error; never the address
  queued_at TEXT NOT NULL,
  sent_at TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (week, version, recipient_id),
  FOREIGN KEY (week, version) REFERENCES pictures(week, version)
) WITHOUT ROWID;
CREATE INDEX mail_sends_recipient ON mail_sends(recipient_id);
