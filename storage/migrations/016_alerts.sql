-- 016: alerts — saved searches and pattern subscriptions, and every notification they caused.
--
-- An alert is one of three kinds: `search` (a saved query + filter, matched against documents an
-- ingest adds or updates), `pattern` (watch one stable pattern id: a document joins it), or
-- `customers` (any pattern reaching `min_customers` customers). It notifies by e-mail and/or an
-- outgoing webhook signed with its own `secret` (HMAC-SHA256 of the body).
CREATE TABLE alerts (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('search', 'pattern', 'customers')),
  query          text,
  -- A SearchFilter (customers, types, tags, severities, from, to) as JSON.
  filter         jsonb NOT NULL DEFAULT '{}'::jsonb,
  pattern_id     text,
  min_customers  integer CHECK (min_customers >= 2),
  owner          text,
  email          text[] NOT NULL DEFAULT '{}',
  webhook_url    text,
  secret         text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'search' OR query IS NOT NULL),
  CHECK (kind <> 'pattern' OR pattern_id IS NOT NULL),
  CHECK (kind <> 'customers' OR min_customers IS NOT NULL),
  CHECK (cardinality(email) > 0 OR webhook_url IS NOT NULL)
);

-- One row per (alert, event, channel). The UNIQUE key turns "notify about this event" into a claim
-- only one process wins (as digest_sends does for a period), so nothing is sent twice across
-- processes or re-runs. A failed delivery keeps its row with status 'failed' and is claimed again
-- by the next evaluation; a 'pending' row older than the stale limit belongs to a dead process.
CREATE TABLE alert_deliveries (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id     bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  event_key    text NOT NULL,
  channel      text NOT NULL CHECK (channel IN ('email', 'webhook')),
  -- The event as notified (redacted stored text only), so a retry sends the same thing.
  payload      jsonb NOT NULL,
  status       text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text,
  claimed_at   timestamptz NOT NULL DEFAULT now(),
  sent_at      timestamptz,
  UNIQUE (alert_id, event_key, channel)
);
CREATE INDEX alert_deliveries_failed ON alert_deliveries (alert_id) WHERE status <> 'sent';
