import type { TokenScope } from '../schemas/governance.ts'
import type { SearchFilter } from '../schemas/search.ts'
import type { Queryable } from '../storage/db.ts'
import { filterSql } from '../storage/filters.ts'
import { essentialCount, orQuery, type QueryTerm, termStats } from './bm25-terms.ts'
import { type CandidateBudget, impactCandidates } from './postings.ts'
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

/** Candidate budget of the impact-index fast path (per query; scaled up for larger pools). */
export const DEFAULT_BUDGET: CandidateBudget = { perTerm: 200, rescore: 300, maxTerms: 32 }

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
 * (BM25F-style). That one definition ({@link scoreCandidates}) scores every hit, whichever way the
 * candidates were found:
 *
 * 1. Fast path: the best postings of each query term by stored impact (migration 011), merged and
 *    cut to a budget, then rescored exactly. Returned when it is exhaustive (every term rare enough
 *    that its whole list was read) or when it yields `limit` hits after filters and constraints.
 * 2. Otherwise (a selective filter or phrase left too few): candidates from the GIN index under
 *    the filter, with MaxScore: only chunks holding one of the rarer terms are scored first; a
 *    chunk holding none of them can score at most Σ idf·(k1+1) over the common terms, and if that
 *    bound is below the limit-th score the result is exact, otherwise more terms are added — except
 *    terms in more than `candidateDfLimit` of the chunks once `limit` hits exist.
 */
export async function lexicalSearch(
  db: Queryable,
  query: ParsedQuery,
  filter: SearchFilter,
  limit: number,
  options: Bm25Options = DEFAULT_BM25,
  budget: CandidateBudget | null = DEFAULT_BUDGET,
  scope?: TokenScope,
): Promise<LexicalHit[]> {
  if (!query.rankText) return []
  const stats = await termStats(db, query.rankText)
  const { terms } = stats
  if (terms.length === 0) return []
  if (budget) {
    const fast = await impactCandidates(db, terms, {
      perTerm: Math.max(budget.perTerm, limit),
      rescore: Math.max(budget.rescore, limit * 2),
      maxTerms: budget.maxTerms,
    })
    const hits =
      fast.ids.length === 0
        ? []
        : await scoreCandidates(db, query, { filter, scope }, limit, options, stats, fast)
    if (fast.complete || hits.length >= limit) return hits
  }
  let essential = essentialCount(terms, limit)
  for (;;) {
    const found = await scoreCandidates(db, query, { filter, scope }, limit, options, stats, {
      tsquery: orQuery(terms.slice(0, essential)),
    })
    const threshold = found.length >= limit ? found[limit - 1]!.score : 0
    const bound = terms.slice(essential).reduce((s, t) => s + t.idf * (options.k1 + 1), 0)
    const next = terms[essential]
    if (!next || bound < threshold) return found
    // A chunk matching only very common terms (in > candidateDfLimit of all chunks) is not worth
    // the scan: stop here unless the rarer terms found fewer than `limit` chunks.
    if (next.df > options.candidateDfLimit * stats.nChunks && found.length >= limit) return found
    essential = Math.min(terms.length, Math.max(essential + 1, essential * 2))
  }
}

/** Which chunks to score: explicit ids (fast path) or every chunk matching a tsquery (GIN). */
type CandidateSource = { ids: number[] } | { tsquery: string }

/**
 * THE BM25 definition: every candidate's score is summed from its postings (migration 011) over
 * the query terms, with tf = n + (titleWeight − 1)·n_title + (headingWeight − 1)·n_heading.
 */
async function scoreCandidates(
  db: Queryable,
  query: ParsedQuery,
  restrict: { filter: SearchFilter; scope: TokenScope | undefined },
  limit: number,
  o: Bm25Options,
  stats: { terms: QueryTerm[]; avgdl: number },
  source: CandidateSource,
): Promise<LexicalHit[]> {
  const params: unknown[] = [
    stats.terms.map((t) => t.term),
    stats.terms.map((t) => t.idf),
    'ids' in source ? source.ids : source.tsquery,
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
    // A constraint of stop words only analyses to an empty tsquery, which would match nothing.
    const tsq = `websearch_to_tsquery('english', $${params.length})`
    constraint = `AND (c.tsv @@ ${tsq} OR numnode(${tsq}) = 0)`
  }
  const where = filterSql(restrict.filter, params.length + 1, restrict.scope)
  params.push(...where.params)
  // The chunks/documents join is only needed to filter; plain fast-path queries skip it.
  const join = where.sql === 'TRUE' ? '' : 'JOIN documents d ON d.id = c.document_id'
  const cand =
    'ids' in source
      ? !constraint && !join
        ? 'SELECT unnest($3::bigint[]) AS id'
        : `SELECT c.id FROM chunks c ${join} WHERE c.id = ANY($3::bigint[]) ${constraint} AND ${where.sql}`
      : `SELECT c.id FROM chunks c ${join} WHERE c.tsv @@ $3::tsquery ${constraint} AND ${where.sql}`
  return db.query<LexicalHit>(
    `WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[]) AS q(term, idf)),
     cand AS (${cand})
     SELECT cand.id, s.document_id AS "documentId", s.score
     FROM cand CROSS JOIN LATERAL (
       -- An aggregate per candidate (never flattened into a join): one (chunk_id, term) index probe
       -- per candidate instead of reading a common term's whole posting list.
       SELECT min(p.document_id) AS document_id, sum(
         q.idf * t.tf * ($5::float8 + 1) / (t.tf + $5::float8 * (1 - $6::float8 + $6::float8 * p.len / $9::float8))
       )::float8 AS score
       FROM postings p JOIN q ON q.term = p.term
       CROSS JOIN LATERAL (
         SELECT (p.n + ($7::float8 - 1) * p.n_title + ($8::float8 - 1) * p.n_heading)::float8 AS tf
       ) t
       WHERE p.chunk_id = cand.id AND p.term = ANY($1::text[])
     ) s
     WHERE s.score IS NOT NULL
     ORDER BY s.score DESC, cand.id
     LIMIT $4::int`,
    params,
  )
}
