import { ValidationError } from '../lib/errors.ts'
import { SearchRequest, type SearchRequestInput, type SearchResponse } from '../schemas/search.ts'
import { knn } from '../storage/knn.ts'
import { facetCounts } from './facets.ts'
import { DEFAULT_FUSION, type Fused, type FusionOptions, fuse } from './fuse.ts'
import { hydrate } from './hydrate.ts'
import { type Bm25Options, DEFAULT_BM25, DEFAULT_BUDGET, lexicalSearch } from './lexical.ts'
import type { CandidateBudget } from './postings.ts'
import { parseQuery } from './query.ts'
import { embedQueryCached } from './query-cache.ts'
import type { SearchDeps } from './types.ts'

export { similarTo, similarToDocument } from './similar.ts'
export type { SearchDeps } from './types.ts'

/** Ranking knobs (benchmarks sweep them; the defaults are what the product uses). */
export interface RankingOptions {
  bm25?: Bm25Options
  fusion?: FusionOptions
  /** Candidates taken from each list before fusion. */
  pool?: number
  /**
   * Impact-index candidate budget; `null` skips the impact index (the pre-011 design, GIN +
   * MaxScore only), which benchmarks time side by side.
   */
  budget?: CandidateBudget | null
}

/**
 * Hybrid search: BM25 and pgvector kNN, each filtered in SQL, fused; optionally grouped to the
 * best chunk per document. Throws `ValidationError` for a bad request (empty or over-long query).
 * @example await search({ db, embedder }, { q: 'SAML clock skew', filter: { types: ['incident'] }, group: 'document' })
 */
export async function search(
  deps: SearchDeps,
  input: SearchRequestInput,
  ranking: RankingOptions = {},
): Promise<SearchResponse> {
  const started = performance.now()
  const parsed = SearchRequest.safeParse(input)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }))
    throw new ValidationError(`invalid search request: ${issues.map((i) => i.message).join('; ')}`, issues)
  }
  const req = parsed.data
  const query = parseQuery(req.q)
  const pool = ranking.pool ?? Math.max(100, req.k * (req.group === 'document' ? 10 : 3))
  // Both lists at once: on PostgreSQL they run on two pooled connections.
  const [lexical, vector] = await Promise.all([
    req.mode === 'vector'
      ? []
      : lexicalSearch(
          deps.db,
          query,
          req.filter,
          pool,
          ranking.bm25 ?? DEFAULT_BM25,
          ranking.budget === undefined ? DEFAULT_BUDGET : ranking.budget,
          deps.scope,
        ),
    req.mode === 'lexical' || !query.rankText
      ? []
      : embedQueryCached(deps.embedder, query.rankText).then((v) =>
          knn(deps.db, v, pool, { filter: req.filter, tsConstraint: query.constraint, scope: deps.scope }),
        ),
  ])
  const documentOf = new Map<number, number>()
  for (const h of lexical) documentOf.set(h.id, h.documentId)
  for (const h of vector) documentOf.set(h.chunkId, h.documentId)
  const fused = fuse(
    lexical,
    vector.map((h) => ({ id: h.chunkId, score: 1 - h.distance })),
    ranking.fusion ?? DEFAULT_FUSION,
  )
  const ranked = req.group === 'document' ? bestPerDocument(fused, documentOf) : fused
  const top = ranked.slice(0, req.k)
  const [hydrated, facets] = await Promise.all([
    hydrate(
      deps.db,
      top.map((f) => f.id),
      query.rankText,
    ),
    facetCounts(deps.db, [...new Set(fused.map((f) => documentOf.get(f.id)!))]),
  ])
  const info = new Map(top.map((f) => [f.id, f]))
  return {
    query: req.q,
    mode: req.mode,
    hits: hydrated.map((h) => {
      const f = info.get(h.chunkId)!
      return { ...h, score: f.score, lexicalRank: f.lexicalRank, vectorRank: f.vectorRank }
    }),
    facets,
    tookMs: Math.round((performance.now() - started) * 10) / 10,
  }
}

function bestPerDocument(fused: Fused[], documentOf: Map<number, number>): Fused[] {
  const seen = new Set<number>()
  return fused.filter((f) => {
    const doc = documentOf.get(f.id)!
    if (seen.has(doc)) return false
    seen.add(doc)
    return true
  })
}
