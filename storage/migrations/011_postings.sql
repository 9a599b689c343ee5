-- 011: a plain-SQL inverted index for BM25.
--
-- Why: scoring every chunk the GIN index returns for a common term (unnesting its tsvector) cost
-- 200-350 ms per query at 100k chunks. A posting holds, per (term, chunk), what BM25 needs — the
-- occurrence counts (all, title, heading) and the chunk length — plus an impact: the BM25
-- term-frequency part at the default parameters (k1 0.9, b 0.4, title ×2, heading ×1.5) and the
-- average chunk length at write time. The (term, impact DESC) B-tree hands out the best chunks of
-- each query term in a few page reads; the (chunk_id, term) B-tree serves exact scoring of a
-- candidate set (search/lexical.ts), so the impact only orders candidates, never is the score.
-- Plain tables and B-trees: PostgreSQL 15, PGlite and Citus (distributed by document_id) alike.
CREATE TABLE postings (
  term        text NOT NULL,
  chunk_id    bigint NOT NULL,
  document_id bigint NOT NULL,
  n           smallint NOT NULL, -- occurrences (tsvector positions, capped at 256 as tsvector does)
  n_title     smallint NOT NULL, -- of which in the title (weight A)
  n_heading   smallint NOT NULL, -- of which in a heading (weight B)
  len         integer NOT NULL,  -- chunks.token_count, copied so scoring needs no join
  impact      real NOT NULL
);
CREATE INDEX postings_term_impact_idx ON postings (term, impact DESC) INCLUDE (chunk_id);
CREATE INDEX postings_chunk_term_idx ON postings (chunk_id, term);

-- Postings of a set of chunk rows (the statement's transition table or, once, all chunks).
CREATE FUNCTION postings_of(p_tsv tsvector, p_chunk bigint, p_document bigint, p_len integer, p_avgdl float8)
RETURNS TABLE (term text, chunk_id bigint, document_id bigint, n smallint, n_title smallint,
               n_heading smallint, len integer, impact real)
LANGUAGE sql IMMUTABLE AS $$
  SELECT u.lexeme, p_chunk, p_document, c.n, c.a, c.b, p_len,
    ((c.n + c.a + 0.5 * c.b) / ((c.n + c.a + 0.5 * c.b) + 0.9 * (0.6 + 0.4 * p_len / p_avgdl)))::real
  FROM unnest(p_tsv) AS u,
    LATERAL (SELECT coalesce(cardinality(u.positions), 1)::smallint AS n,
                    coalesce(cardinality(array_positions(u.weights, 'A')), 0)::smallint AS a,
                    coalesce(cardinality(array_positions(u.weights, 'B')), 0)::smallint AS b) c
$$;

-- Lock order as in 006: corpus_stats row first, then term rows (sorted), then postings.
CREATE OR REPLACE FUNCTION chunks_stats_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  avgdl float8;
BEGIN
  UPDATE corpus_stats SET
    n_chunks = n_chunks + (SELECT count(*) FROM new_rows),
    total_len = total_len + (SELECT coalesce(sum(token_count), 0) FROM new_rows)
  RETURNING greatest(1, total_len::float8 / greatest(n_chunks, 1)) INTO avgdl;
  INSERT INTO term_stats (term, df)
    SELECT lexeme, count(*) FROM new_rows, unnest(tsvector_to_array(new_rows.tsv)) AS lexeme
    GROUP BY lexeme ORDER BY lexeme
  ON CONFLICT (term) DO UPDATE SET df = term_stats.df + EXCLUDED.df;
  INSERT INTO postings SELECT p.* FROM new_rows r, postings_of(r.tsv, r.id, r.document_id, r.token_count, avgdl) p;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION chunks_stats_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE corpus_stats SET
    n_chunks = n_chunks - (SELECT count(*) FROM old_rows),
    total_len = total_len - (SELECT coalesce(sum(token_count), 0) FROM old_rows);
  UPDATE term_stats t SET df = t.df - o.n
    FROM (SELECT lexeme, count(*) AS n FROM old_rows, unnest(tsvector_to_array(old_rows.tsv)) AS lexeme
          GROUP BY lexeme ORDER BY lexeme) o
    WHERE t.term = o.lexeme;
  DELETE FROM postings WHERE chunk_id IN (SELECT id FROM old_rows);
  RETURN NULL;
END $$;

-- Stores created before 011: index what they already hold.
INSERT INTO postings
  SELECT p.* FROM chunks c,
    postings_of(c.tsv, c.id, c.document_id, c.token_count,
      (SELECT greatest(1, total_len::float8 / greatest(n_chunks, 1)) FROM corpus_stats)) p;
