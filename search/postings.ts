import type { Queryable } from '../storage/db.ts'
import type { QueryTerm } from './bm25-terms.ts'

/** How many candidates the impact index hands to exact rescoring. */
export interface CandidateBudget {
  /** Best postings read per query term (by stored impact). */
  perTerm: number
  /** Candidates kept for exact rescoring, by their partial score Σ idf·impact. */
  rescore: number
  /** Query terms (rarest first) that generate candidates; the rest still score. */
  maxTerms: number
}

/** Candidate chunk ids, and whether they are every chunk holding any query term. */
export interface Candidates {
  ids: number[]
  /** True when no term's list and no candidate was cut: rescoring them is exhaustive. */
  complete: boolean
}

/**
 * Top postings per query term from the `(term, impact DESC)` B-tree (migration 011), merged by
 * partial score Σ idf·impact. Cost is bounded by `perTerm × terms`, whatever the terms' frequencies.
 */
export async function impactCandidates(
  db: Queryable,
  terms: QueryTerm[],
  budget: CandidateBudget,
): Promise<Candidates> {
  const used = terms.slice(0, budget.maxTerms)
  const rows = await db.query<{ id: number }>(
    `SELECT p.chunk_id AS id
     FROM unnest($1::text[], $2::float8[]) AS q(term, idf)
     CROSS JOIN LATERAL (
       SELECT chunk_id, impact FROM postings WHERE term = q.term ORDER BY impact DESC LIMIT $3::int
     ) p
     GROUP BY p.chunk_id
     ORDER BY sum(q.idf * p.impact) DESC, p.chunk_id
     LIMIT $4::int`,
    [used.map((t) => t.term), used.map((t) => t.idf), budget.perTerm, budget.rescore + 1],
  )
  const ids = rows.map((r) => Number(r.id))
  const complete =
    used.length === terms.length && used.every((t) => t.df <= budget.perTerm) && ids.length <= budget.rescore
  return { ids: ids.slice(0, budget.rescore), complete }
}
