-- 001: documents, chunks, the embedding cache and store metadata.

-- pgvector provides the `vector` type, distance operators and the HNSW index.
CREATE EXTENSION IF NOT EXISTS vector;

-- Key/value facts about the store itself. `embedding_model` records the model id and dimension
-- the vectors were built with, so a run with another model is refused instead of silently mixing
-- incomparable vectors.
CREATE TABLE store_meta (
  key   text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE documents (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Identity of the source: the absolute file path, or `upload:<sha256>` for uploads. Unique so a
  -- re-ingest finds and replaces the same row (stable document ids across edits).
  source_key    text NOT NULL UNIQUE,
  -- Shown to users: path relative to the ingest root.
  source_path   text NOT NULL,
  -- Metadata is NULL only for files that failed before they could be parsed (status = 'failed').
  title         text,
  customer      text,
  type          text CHECK (type IN ('field-report', 'incident', 'integration-doc')),
  date          date,
  tags          text[] NOT NULL DEFAULT '{}',
  severity      text CHECK (severity IN ('sev1', 'sev2', 'sev3', 'sev4')),
  author        text,
  format        text,
  -- sha256 of the raw source bytes: an unchanged file is skipped without parsing or embedding.
  content_hash  text,
  frontmatter   jsonb NOT NULL DEFAULT '{}',
  warnings      jsonb NOT NULL DEFAULT '[]',
  -- Redaction counts per kind, e.g. {"email": 2}; the secrets themselves are never stored.
  redactions    jsonb NOT NULL DEFAULT '{}',
  status        text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'failed')),
  error         text,
  ingested_at   timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ok_documents_have_metadata CHECK (
    status <> 'ok' OR (title IS NOT NULL AND customer IS NOT NULL AND type IS NOT NULL AND date IS NOT NULL)
  )
);

-- Filters in search, listings and insights are equality (customer, type) or ranges (date):
-- plain btree indexes serve all three and keep ORDER BY date cheap.
-- Customer filters compare case-insensitively, so the index is on lower(customer).
CREATE INDEX documents_customer_idx ON documents (lower(customer));
CREATE INDEX documents_type_idx ON documents (type);
CREATE INDEX documents_date_idx ON documents (date);
-- Tag filters use array containment (tags @> ARRAY[...]), which only GIN can index.
CREATE INDEX documents_tags_idx ON documents USING gin (tags);

CREATE TABLE chunks (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Chunks live and die with their document: replacing or deleting a document is one statement.
  document_id  bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  ordinal      integer NOT NULL,
  heading_path text[] NOT NULL DEFAULT '{}',
  text         text NOT NULL,
  token_count  integer NOT NULL,
  -- English configuration: stemming + stop words, so "timeouts" matches "timeout". Built at insert
  -- from the (already redacted) heading path and text; headings weighted A, body D.
  tsv          tsvector NOT NULL,
  -- Dimension-less here on purpose: the store is bound to one model on first use, and then the
  -- column is narrowed to vector(N) and the HNSW index built (see storage/embedding-model.ts).
  embedding    vector,
  UNIQUE (document_id, ordinal)
);

-- GIN is the index type for tsvector @@ tsquery: it maps each lexeme to the chunks holding it.
CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv);

-- Embeddings already computed, keyed by model and sha256 of the exact input text, so unchanged
-- text is never sent to the embedder twice (edits to one section re-embed only that section).
CREATE TABLE embedding_cache (
  model_id   text NOT NULL,
  input_hash text NOT NULL,
  embedding  vector NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_id, input_hash)
);
