-- 005: one row per digest period that was (or is being) e-mailed.
--
-- The digest is sent from a cron tick in `fieldkb serve`, and several server processes (replicas,
-- a restart overlapping the old process, a manual `fieldkb digest --send`) may tick for the same
-- period. UNIQUE (period_from, period_to) turns "send the digest for this week" into a claim that
-- exactly one of them wins: each INSERTs the row with ON CONFLICT, only the process whose INSERT
-- went in sends, and a failed send deletes its claim so the next tick retries. The table lives in
-- the database, not in memory, so it survives restarts.
CREATE TABLE digest_sends (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The inclusive period the digest covers (dates in FIELDKB_TIMEZONE).
  period_from  date NOT NULL,
  period_to    date NOT NULL,
  recipients   text[] NOT NULL,
  subject      text NOT NULL,
  -- Message-ID of the delivered mail; NULL while the send is in flight.
  message_id   text,
  -- When the claim was taken: a claim that is still unsent long after this belongs to a process
  -- that died mid-send, and may be taken over.
  claimed_at   timestamptz NOT NULL DEFAULT now(),
  -- NULL until the SMTP server accepted the message.
  sent_at      timestamptz,
  UNIQUE (period_from, period_to),
  CHECK (period_from <= period_to)
);
