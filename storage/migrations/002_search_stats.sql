-- 002: corpus statistics for BM25 scoring inside PostgreSQL.
--
-- ts_rank/ts_rank_cd ignore how rare a term is across the corpus (no idf) and saturate poorly on
-- long texts, which costs ~0.1 nDCG@10 against Lucene's BM25 on SciFact. BM25 needs, per query
-- term, the number of chunks containing it (document frequency), plus the number of chunks and
-- their average length. Both are kept here, maintained by statement-level triggers on `chunks`, so
-- every write path (ingest, replace, delete, cascade) keeps them exact inside its own transaction.

CREATE TABLE term_stats (
  term text PRIMARY KEY,          -- a lexeme as stored in chunks.tsv (english stemmer output)
  df   integer NOT NULL CHECK (df >= 0)
);

-- One row: totals for the length normalisation (avgdl = total_len / n_chunks).
CREATE TABLE corpus_stats (
  id        boolean PRIMARY KEY DEFAULT true CHECK (id),
  n_chunks  bigint NOT NULL DEFAULT 0,
  total_len bigint NOT NULL DEFAULT 0
);
INSERT INTO corpus_stats DEFAULT VALUES;

-- Lexemes are processed in sorted order so concurrent writers lock term rows in the same order
-- and cannot deadlock.
CREATE FUNCTION chunks_stats_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO term_stats (term, df)
    SELECT lexeme, count(*) FROM new_rows, unnest(tsvector_to_array(new_rows.tsv)) AS lexeme
    GROUP BY lexeme ORDER BY lexeme
  ON CONFLICT (term) DO UPDATE SET df = term_stats.df + EXCLUDED.df;
  UPDATE corpus_stats SET
    n_chunks = n_chunks + (SELECT count(*) FROM new_rows),
    total_len = total_len + (SELECT coalesce(sum(token_count), 0) FROM new_rows);
  RETURN NULL;
END $$;

CREATE FUNCTION chunks_stats_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE term_stats t SET df = t.df - o.n
    FROM (SELECT lexeme, count(*) AS n FROM old_rows, unnest(tsvector_to_array(old_rows.tsv)) AS lexeme
          GROUP BY lexeme ORDER BY lexeme) o
    WHERE t.term = o.lexeme;
  UPDATE corpus_stats SET
    n_chunks = n_chunks - (SELECT count(*) FROM old_rows),
    total_len = total_len - (SELECT coalesce(sum(token_count), 0) FROM old_rows);
  RETURN NULL;
END $$;

CREATE TRIGGER chunks_stats_insert AFTER INSERT ON chunks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chunks_stats_after_insert();
CREATE TRIGGER chunks_stats_delete AFTER DELETE ON chunks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chunks_stats_after_delete();
