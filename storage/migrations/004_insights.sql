-- 004: insights — recurring problems across customers (patterns), one-offs (edge cases), and a
-- record of every refresh.
--
-- These tables are derived data: a refresh recomputes everything from documents and chunks and
-- replaces all rows inside ONE transaction (DELETE + INSERT, serialised by an advisory lock), so a
-- reader always sees one complete set, the old one until the commit and the new one after it.
-- Nothing else writes here, and losing these tables loses nothing: `fieldkb insights refresh`
-- rebuilds them.
--
-- No foreign keys to chunks or documents, on purpose: with ON DELETE CASCADE, an ingest replacing a
-- document would lock member rows while a refresh locks the same rows and then the chunks (a
-- deadlock on a busy server), and without a cascade the ingest would fail. Chunk ids are never
-- reused, so a row whose chunk is gone is simply stale: reads join chunks/documents and skip it,
-- and the refresh that follows every ingest drops it.

CREATE TABLE patterns (
  -- A hash of the member chunk ids (text, not an identity): the same members keep the same id
  -- across refreshes, so links to /patterns/<id> survive a refresh that changes nothing.
  id             text PRIMARY KEY,
  -- Extractive label (top c-TF-IDF terms), or the LLM's short label when a chat model is set.
  label          text NOT NULL,
  -- The five most distinctive terms, most distinctive first.
  terms          text[] NOT NULL DEFAULT '{}',
  -- The member closest to the centre, trimmed to ~300 characters (already redacted text).
  excerpt        text NOT NULL,
  -- One-line LLM summary; NULL without a chat model or when the model call failed.
  summary        text,
  -- Distinct customers, compared case-insensitively, in their most frequent spelling.
  customers      text[] NOT NULL DEFAULT '{}',
  customer_count integer NOT NULL CHECK (customer_count >= 1),
  document_count integer NOT NULL CHECK (document_count >= 1),
  first_seen     date NOT NULL,
  last_seen      date NOT NULL CHECK (last_seen >= first_seen),
  trend          text NOT NULL CHECK (trend IN ('new', 'rising', 'steady', 'fading')),
  -- [{"week": "2026-W47", "count": 2}, …] oldest first: read whole, never queried inside, so
  -- jsonb rather than a child table.
  weekly_counts  jsonb NOT NULL DEFAULT '[]',
  computed_at    timestamptz NOT NULL DEFAULT now(),
  -- 1 = most customers, then most recent, then largest; unique within a refresh.
  rank           integer NOT NULL UNIQUE CHECK (rank >= 1)
);

-- Listings filter on the seen range and customer count and order by rank (already unique-indexed);
-- the tables are small (one row per pattern), so one index for the date filter is enough.
CREATE INDEX patterns_seen_idx ON patterns (last_seen, first_seen);

CREATE TABLE pattern_members (
  pattern_id  text NOT NULL REFERENCES patterns (id) ON DELETE CASCADE,
  chunk_id    bigint NOT NULL,
  document_id bigint NOT NULL,
  -- Copied from the document at refresh time so per-customer and per-week counts need no join.
  customer    text NOT NULL,
  date        date NOT NULL,
  -- Cosine of the member's (centred) embedding with the pattern centroid.
  similarity  real NOT NULL,
  PRIMARY KEY (pattern_id, chunk_id)
);

-- "Which patterns is this document in?" (document pages, the digest).
CREATE INDEX pattern_members_document_idx ON pattern_members (document_id);

CREATE TABLE edge_cases (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  chunk_id    bigint NOT NULL,
  document_id bigint NOT NULL,
  customer    text NOT NULL,
  -- 'heading': under an edge-case heading (gotcha, caveat, …); 'unmatched': in no pattern.
  reason      text NOT NULL CHECK (reason IN ('heading', 'unmatched')),
  heading     text,
  excerpt     text NOT NULL,
  date        date NOT NULL
);

-- Edge cases are listed per customer, compared case-insensitively like everywhere else.
CREATE INDEX edge_cases_customer_idx ON edge_cases (lower(customer), date);

-- One row per refresh: when, over what input (hash of chunk ids, metadata and texts plus the
-- parameters) and what came out, so "why did this pattern change?" has an answer.
CREATE TABLE insight_runs (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  input_hash  text NOT NULL,
  params      jsonb NOT NULL DEFAULT '{}',
  -- {"chunks": …, "selected": …, "patterns": …, "edgeCases": …, "durationMs": …, "warnings": […]}
  counts      jsonb NOT NULL DEFAULT '{}'
);
