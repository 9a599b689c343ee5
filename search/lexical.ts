import type { SearchFilter } from '../schemas/search.ts'
import type { Queryable } from '../storage/db.ts'
import { filterSql } from '../storage/filters.ts'
import type { ParsedQuery } from './query.ts'

/** BM25 parameters and field boosts. */
export interface Bm25Options {
  /** Term-frequency saturation (Lucene default 1.2). */
  k1: number
  /** Length normalisation strength (Lucene default 0.75). */
  b: number
  /** How much one occurrence in the title counts, relative to one in the body. */
  titleWeight: number
  /** How much one occurrence in a heading counts, relative to one in the body. */
  headingWeight: number
}

/** Defaults chosen on SciFact's train split (bench/quality.ts), see README. */
export const DEFAULT_BM25: Bm25Options = { k1: 1.2, b: 0.75, titleWeight: 2, headingWeight: 1.5 }

/** A chunk with its BM25 score. */
export interface LexicalHit {
  id: number
  documentId: number
  score: number
}

/**
 * BM25 over chunks, computed inside PostgreSQL: candidates are chunks matching ANY query term
 * (GIN index), optionally constrained by phrases/exclusions; each term contributes
 * idf * tf(k1+1) / (tf + k1(1 - b + b·len/avglen)), with idf and avglen from the corpus statistics
 * kept by triggers (migration 002) and tf counting title/heading occurrences with a boost (BM25F-style).
 */
export async function lexicalSearch(
  db: Queryable,
  query: ParsedQuery,
  filter: SearchFilter,
  limit: number,
  options: Bm25Options = DEFAULT_BM25,
): Promise<LexicalHit[]> {
  if (!query.rankText && !query.constraint) return []
  const params: unknown[] = [
    query.rankText,
    limit,
    options.k1,
    options.b,
    options.titleWeight,
    options.headingWeight,
  ]
  let constraint = ''
  if (query.constraint) {
    params.push(query.constraint)
    constraint = `AND c.tsv @@ websearch_to_tsquery('english', $${params.length})`
  }
  const where = filterSql(filter, params.length + 1)
  params.push(...where.params)
  const sql = `
    WITH qterms AS (
      SELECT DISTINCT lexeme AS term FROM unnest(tsvector_to_array(to_tsvector('english', $1::text))) AS lexeme
    ),
    terms AS (
      SELECT t.term, ln(1 + (cs.n_chunks - t.df + 0.5) / (t.df + 0.5)) AS idf
      FROM qterms q JOIN term_stats t ON t.term = q.term, corpus_stats cs
      WHERE t.df > 0
    ),
    avg AS (SELECT greatest(total_len::float8 / nullif(n_chunks, 0), 1) AS avgdl FROM corpus_stats),
    tsq AS (
      -- plainto_tsquery ANDs the terms; BM25 ranks any match, so turn AND/FOLLOWED-BY into OR.
      -- Lexemes in tsquery text are quoted and contain no spaces, so ' & ' only matches operators.
      SELECT replace(replace(plainto_tsquery('english', $1::text)::text, ' & ', ' | '), ' <-> ', ' | ') AS q
    ),
    cand AS (
      SELECT c.id, c.document_id, c.token_count, c.tsv
      FROM chunks c JOIN documents d ON d.id = c.document_id, tsq
      WHERE tsq.q <> '' AND c.tsv @@ tsq.q::tsquery ${constraint} AND ${where.sql}
    )
    SELECT cand.id, cand.document_id AS "documentId", sum(
      terms.idf * m.tf * ($3::float8 + 1) / (m.tf + $3::float8 * (1 - $4::float8 + $4::float8 * cand.token_count / avg.avgdl))
    )::float8 AS score
    FROM cand
    CROSS JOIN avg
    CROSS JOIN LATERAL (
      SELECT u.lexeme, (
        SELECT sum(CASE w WHEN 'A' THEN $5::float8 WHEN 'B' THEN $6::float8 ELSE 1 END) FROM unnest(u.weights) AS w
      )::float8 AS tf
      FROM unnest(cand.tsv) AS u
    ) m
    JOIN terms ON terms.term = m.lexeme
    GROUP BY cand.id, cand.document_id
    ORDER BY score DESC, cand.id
    LIMIT $2::int`
  return db.query<LexicalHit>(sql, params)
}
