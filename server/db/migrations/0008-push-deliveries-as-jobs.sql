-- 8: push deliveries move onto the job queue (kind 'push.delivery').
-- Deliveries still waiting become jobs with the same payload, topic, expiry, attempts
-- and next attempt; finished ones were history only. One caught mid-send by a crash
-- was never going to be resent ('unknown'), so it is not carried over either.
INSERT OR IGNORE INTO jobs (kind, dedupe_key, payload, state, attempts, next_attempt_at, last_error, created_at, updated_at)
SELECT 'push.delivery',
       CASE WHEN slot_key IS NOT NULL
            THEN 'push.reminder:' || slot_key || ':' || subscription_id
            ELSE 'push.picture:migrated-' || id || ':' || subscription_id END,
       json_object(
         'type', kind,
         'subscriptionId', subscription_id,
         'functionId', function_id,
         'week', week,
         'message', payload,
         'topic', topic,
         'expiresAt', expires_at),
       'pending', attempts, next_attempt_at, last_error, created_at, created_at
  FROM push_deliveries
 WHERE state = 'pending';
DROP TABLE push_deliveries;
