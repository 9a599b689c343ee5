-- 015: pattern workflow — what product decided about a pattern (status, owner, tickets, notes),
-- and an audit trail of every change.
--
-- Unlike the derived insight tables (004), these rows are people's work: a refresh never deletes
-- or rewrites them. They are keyed by the stable pattern id (insights/identity.ts), without a
-- foreign key to `patterns`, because a refresh replaces every pattern row; a pattern that splits
-- or merges gets a copy of its predecessors' row (carried_from names them), and a pattern that
-- disappears keeps its row and audit history for the record.
CREATE TABLE pattern_workflow (
  pattern_id   text PRIMARY KEY,
  status       text NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'acknowledged', 'planned', 'fixed', 'wont-fix')),
  owner        text,
  -- http(s) URLs of tickets (Jira, Linear, GitHub…), validated by schemas/workflow.ts.
  tickets      text[] NOT NULL DEFAULT '{}',
  notes        text,
  -- The day the fix shipped: a member document dated after it flags the pattern as regressed.
  fixed_on     date,
  -- [{"id": "…", "label": "…"}]: the patterns these annotations were carried from, oldest first.
  carried_from jsonb NOT NULL DEFAULT '[]',
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pattern_audit (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pattern_id text NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  -- Who: "cli", "token #3 (alice)", "static editor token", "refresh" (a carry-over)…
  actor      text NOT NULL,
  field      text NOT NULL,
  old_value  text,
  new_value  text
);

CREATE INDEX pattern_audit_pattern_idx ON pattern_audit (pattern_id, id);
