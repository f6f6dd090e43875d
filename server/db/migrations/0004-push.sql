-- 4: Web Push – VAPID keys, subscriptions, reminder slots and the delivery queue.
-- The push feature's tables.
-- Requires the core migration (devices, functions, reports).
  -- Small key/value store of the push feature: VAPID keys, reminder times, scheduler state.
  CREATE TABLE push_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  -- One row per browser push subscription (unique endpoint). Informant subscriptions
  -- belong to a device (and so to its function); reader subscriptions to a staff account.
  CREATE TABLE push_subscriptions (
    id TEXT PRIMARY KEY,
    endpoint TEXT NOT NULL UNIQUE,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    device_id TEXT REFERENCES devices(id) ON DELETE CASCADE,
    function_id TEXT REFERENCES functions(id) ON DELETE CASCADE,
    account_id TEXT,                       -- staff account (reader), no FK: owned by the accounts feature
    notify_pictures INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,            -- the app re-registers on every open
    last_success_at TEXT,
    last_failure_at TEXT,
    last_error TEXT,
    failures INTEGER NOT NULL DEFAULT 0    -- consecutive failed deliveries
  );
  CREATE INDEX push_subscriptions_function ON push_subscriptions(function_id) WHERE function_id IS NOT NULL;
  CREATE INDEX push_subscriptions_device ON push_subscriptions(device_id) WHERE device_id IS NOT NULL;
  CREATE INDEX push_subscriptions_seen ON push_subscriptions(last_seen_at);
  CREATE INDEX push_subscriptions_pictures ON push_subscriptions(notify_pictures) WHERE notify_pictures = 1;
  -- Every reminder slot the scheduler has handled, recorded in the same transaction that
  -- queues its deliveries: a restart never handles a slot twice.
  CREATE TABLE push_slots (
    slot_key TEXT PRIMARY KEY,             -- "2026-W48/wed-14:00"
    week TEXT NOT NULL,
    due_at TEXT NOT NULL,
    handled_at TEXT NOT NULL,
    outcome TEXT NOT NULL,                 -- 'queued' | 'skipped' (missed by more than the grace period)
    queued INTEGER NOT NULL DEFAULT 0
  );
  -- The delivery queue: one row per (message, subscription). State moves
  -- pending -> sending -> sent | gone | failed | cancelled; a row left in 'sending' by a
  -- crash becomes 'unknown' and is never resent (at most once).
  CREATE TABLE push_deliveries (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                    -- 'reminder' | 'picture'
    slot_key TEXT REFERENCES push_slots(slot_key),
    subscription_id TEXT NOT NULL REFERENCES push_subscriptions(id) ON DELETE CASCADE,
    function_id TEXT,                      -- reminders: re-checked before each attempt
    week TEXT,
    payload TEXT NOT NULL,
    topic TEXT,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    last_error TEXT,
    UNIQUE (slot_key, subscription_id)
  );
  CREATE INDEX push_deliveries_due ON push_deliveries(state, next_attempt_at);
  CREATE INDEX push_deliveries_subscription ON push_deliveries(subscription_id);
