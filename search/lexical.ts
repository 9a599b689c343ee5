import type { SearchFilter } from '../schemas/search.ts'
import type { Queryable } from '../storage/db.ts'
import { filterSql } from '../storage/filters.ts'
import { essentialCount, orQuery, type QueryTerm, termStats } from './bm25-terms.ts'
import type { ParsedQuery } from './query.ts'

/** BM25 parameters and field boosts. */
export interface Bm25Options {
  /** Term-frequency saturation (Lucene default 1.2; 0.9 measured best here, as in Anserini). */
  k1: number
  /** Length normalisation strength (Lucene default 0.75). */
  b: number
  /** How much one occurrence in the title counts, relative to one in the body. */
  titleWeight: number
  /** How much one occurrence in a heading counts, relative to one in the body. */
  headingWeight: number
}

/** Defaults chosen on SciFact's train split (bench/quality.ts), see README. */
export const DEFAULT_BM25: Bm25Options = { k1: 0.9, b: 0.4, titleWeight: 2, headingWeight: 1.5 }

/** A chunk with its BM25 score. */
export interface LexicalHit {
  id: number
  documentId: number
  score: number
}

/**
 * BM25 over chunks, computed inside PostgreSQL. Each query term contributes
 * idf · tf(k1+1) / (tf + k1(1 − b + b·len/avglen)), with idf and avglen from the corpus statistics
 * kept by triggers (migration 002) and tf counting title/heading occurrences with a boost
 * (BM25F-style). Candidates come from the GIN index, optionally constrained by phrases/exclusions.
 *
 * Speed without approximation (MaxScore): only chunks holding one of the rarer terms are scored
 * first. A chunk holding none of them can score at most Σ idf·(k1+1) over the common terms; if that
 * bound is below the pool-th score found, the result is exact, otherwise more terms are added.
 */
export async function lexicalSearch(
  db: Queryable,
  query: ParsedQuery,
  filter: SearchFilter,
  limit: number,
  options: Bm25Options = DEFAULT_BM25,
): Promise<LexicalHit[]> {
  if (!query.rankText) return []
  const stats = await termStats(db, query.rankText)
  const { terms } = stats
  if (terms.length === 0) return []
  let essential = essentialCount(terms, limit)
  for (;;) {
    const hits = await scoreCandidates(db, query, filter, limit, options, stats, terms.slice(0, essential))
    const threshold = hits.length >= limit ? hits[limit - 1]!.score : 0
    const bound = terms.slice(essential).reduce((s, t) => s + t.idf * (options.k1 + 1), 0)
    if (essential === terms.length || bound < threshold) return hits
    essential = Math.min(terms.length, Math.max(essential + 1, essential * 2))
  }
}

async function scoreCandidates(
  db: Queryable,
  query: ParsedQuery,
  filter: SearchFilter,
  limit: number,
  o: Bm25Options,
  stats: { terms: QueryTerm[]; avgdl: number },
  candidateTerms: QueryTerm[],
): Promise<LexicalHit[]> {
  const params: unknown[] = [
    stats.terms.map((t) => t.term),
    stats.terms.map((t) => t.idf),
    orQuery(candidateTerms),
    limit,
    o.k1,
    o.b,
    o.titleWeight,
    o.headingWeight,
    stats.avgdl,
  ]
  let constraint = ''
  if (query.constraint) {
    params.push(query.constraint)
    constraint = `AND c.tsv @@ websearch_to_tsquery('english', $${params.length})`
  }
  const where = filterSql(filter, params.length + 1)
  params.push(...where.params)
  // The documents join is only needed to filter; unfiltered queries skip it.
  const join = where.sql === 'TRUE' ? '' : 'JOIN documents d ON d.id = c.document_id'
  return db.query<LexicalHit>(
    `WITH terms AS (SELECT * FROM unnest($1::text[], $2::float8[]) AS t(term, idf)),
     cand AS (
       SELECT c.id, c.document_id, c.token_count, c.tsv
       FROM chunks c ${join}
       WHERE c.tsv @@ $3::tsquery ${constraint} AND ${where.sql}
     ),
     matches AS (
       -- tf: body occurrences count 1, title (weight A) and heading (B) occurrences count more.
       SELECT cand.id, cand.document_id, cand.token_count, terms.idf,
         (cardinality(u.positions)
           + ($7::float8 - 1) * cardinality(array_positions(u.weights, 'A'))
           + ($8::float8 - 1) * cardinality(array_positions(u.weights, 'B')))::float8 AS tf
       FROM cand CROSS JOIN LATERAL unnest(cand.tsv) AS u
       JOIN terms ON terms.term = u.lexeme
     )
     SELECT id, document_id AS "documentId", sum(
       idf * tf * ($5::float8 + 1) / (tf + $5::float8 * (1 - $6::float8 + $6::float8 * token_count / $9::float8))
     )::float8 AS score
     FROM matches
     GROUP BY id, document_id
     ORDER BY score DESC, id
     LIMIT $4::int`,
    params,
  )
}
