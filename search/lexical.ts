import type { TokenScope } from '../schemas/governance.ts'
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
  /**
   * Terms in more than this fraction of chunks never generate candidates on their own (they still
   * score). 1 keeps the search exact; see {@link lexicalSearch}.
   */
  candidateDfLimit: number
}

/** Defaults chosen on SciFact's train split (bench/quality.ts), see README. */
export const DEFAULT_BM25: Bm25Options = {
  k1: 0.9,
  b: 0.4,
  titleWeight: 2,
  headingWeight: 1.5,
  candidateDfLimit: 0.02,
}

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
 * bound is below the pool-th score found, the result is exact, otherwise more terms are added —
 * except terms so common (in more than `candidateDfLimit` of the chunks) that a chunk holding only
 * them would rank at the tail anyway: they score but do not pull in candidates once `limit` hits exist.
 */
export async function lexicalSearch(
  db: Queryable,
  query: ParsedQuery,
  filter: SearchFilter,
  limit: number,
  options: Bm25Options = DEFAULT_BM25,
  scope?: TokenScope,
): Promise<LexicalHit[]> {
  if (!query.rankText) return []
  const stats = await termStats(db, query.rankText)
  const { terms } = stats
  if (terms.length === 0) return []
  let essential = essentialCount(terms, limit)
  for (;;) {
    const hits = await scoreCandidates(
      db,
      query,
      { filter, scope },
      limit,
      options,
      stats,
      terms.slice(0, essential),
    )
    const threshold = hits.length >= limit ? hits[limit - 1]!.score : 0
    const bound = terms.slice(essential).reduce((s, t) => s + t.idf * (options.k1 + 1), 0)
    const next = terms[essential]
    if (!next || bound < threshold) return hits
    // A chunk matching only very common terms (in > candidateDfLimit of all chunks) is not worth
    // the scan: stop here unless the rarer terms found fewer than `limit` chunks.
    if (next.df > options.candidateDfLimit * stats.nChunks && hits.length >= limit) return hits
    essential = Math.min(terms.length, Math.max(essential + 1, essential * 2))
  }
}

async function scoreCandidates(
  db: Queryable,
  query: ParsedQuery,
  restrict: { filter: SearchFilter; scope: TokenScope | undefined },
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
  const where = filterSql(restrict.filter, params.length + 1, restrict.scope)
  params.push(...where.params)
  // The documents join is only needed to filter; unfiltered queries skip it.
  const join = where.sql === 'TRUE' ? '' : 'JOIN documents d ON d.id = c.document_id'
  return db.query<LexicalHit>(
    `WITH terms AS (SELECT * FROM unnest($1::text[], $2::float8[]) AS t(term, idf)),
     cand AS (
       -- Keep only the query terms of each chunk's tsvector (setweight marks them C, ts_filter keeps
       -- C): C-level work instead of unnesting every lexeme of every candidate. Title (A) and
       -- heading (B) occurrences are kept apart for their boost.
       SELECT c.id, c.document_id, c.token_count,
         ts_filter(setweight(c.tsv, 'C', $1::text[]), '{c}') AS q,
         ts_filter(setweight(ts_filter(c.tsv, '{a}'), 'C', $1::text[]), '{c}') AS qa,
         ts_filter(setweight(ts_filter(c.tsv, '{b}'), 'C', $1::text[]), '{c}') AS qb
       FROM chunks c ${join}
       WHERE c.tsv @@ $3::tsquery ${constraint} AND ${where.sql}
     ),
     matches AS (
       -- tf: every occurrence counts 1; title and heading occurrences count titleWeight/headingWeight.
       SELECT cand.id, cand.document_id, cand.token_count, terms.idf,
         (cardinality(u.positions)
           + ($7::float8 - 1) * coalesce((SELECT cardinality(a.positions) FROM unnest(cand.qa) a WHERE a.lexeme = u.lexeme), 0)
           + ($8::float8 - 1) * coalesce((SELECT cardinality(b.positions) FROM unnest(cand.qb) b WHERE b.lexeme = u.lexeme), 0)
         )::float8 AS tf
       FROM cand CROSS JOIN LATERAL unnest(cand.q) AS u
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
