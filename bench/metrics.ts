/**
 * Ranking metrics as pytrec_eval / trec_eval compute them: nDCG@k with linear gains (the judged
 * grade) and a log2(rank + 1) discount, Recall@k and MRR@k. A document is relevant when its grade
 * is above 0. Pure functions; a ranking is a list of doc ids, best first (repeats count once).
 */

/** Judgments of one query: doc id → graded relevance. */
export type Judgments = ReadonlyMap<string, number>

function topK(ranking: readonly string[], k: number): string[] {
  const seen = new Set<string>()
  const top: string[] = []
  for (const id of ranking) {
    if (top.length >= k) break
    if (seen.has(id)) continue
    seen.add(id)
    top.push(id)
  }
  return top
}

function relevantCount(judgments: Judgments): number {
  let n = 0
  for (const grade of judgments.values()) if (grade > 0) n++
  return n
}

/**
 * Normalised discounted cumulative gain at `k`: Σ gain/log2(rank+1) over the top k, divided by
 * the same sum for the ideal ordering of every judged-relevant document. 0 when nothing is relevant.
 * @example ndcgAtK(['a', 'x', 'b'], new Map([['a', 1], ['b', 1]]), 10) // → (1 + 1/2) / (1 + 1/log2 3)
 */
export function ndcgAtK(ranking: readonly string[], judgments: Judgments, k: number): number {
  const gains = [...judgments.values()].filter((g) => g > 0).sort((a, b) => b - a)
  const ideal = gains.slice(0, k).reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0)
  if (ideal === 0) return 0
  const dcg = topK(ranking, k).reduce((sum, id, i) => {
    const g = judgments.get(id) ?? 0
    return g > 0 ? sum + g / Math.log2(i + 2) : sum
  }, 0)
  return dcg / ideal
}

/**
 * Share of the judged-relevant documents found in the top `k` (0 when nothing is relevant).
 * @example recallAtK(['a', 'x'], new Map([['a', 1], ['b', 1]]), 10) // → 0.5
 */
export function recallAtK(ranking: readonly string[], judgments: Judgments, k: number): number {
  const total = relevantCount(judgments)
  if (total === 0) return 0
  return topK(ranking, k).filter((id) => (judgments.get(id) ?? 0) > 0).length / total
}

/**
 * Reciprocal rank of the first relevant document within the top `k`, else 0.
 * @example mrrAtK(['x', 'a'], new Map([['a', 1]]), 10) // → 0.5
 */
export function mrrAtK(ranking: readonly string[], judgments: Judgments, k: number): number {
  const i = topK(ranking, k).findIndex((id) => (judgments.get(id) ?? 0) > 0)
  return i < 0 ? 0 : 1 / (i + 1)
}

/** A per-query metric. */
export type Metric = (ranking: readonly string[], judgments: Judgments, k: number) => number

/** A metric averaged over queries. */
export interface MeanScore {
  mean: number
  /** Queries averaged: those with at least one relevant document in the qrels. */
  queries: number
}

/**
 * Mean of `metric@k` over the queries of `qrels` that have a relevant document. A query with no
 * ranking in `run` scores 0; run entries for unjudged queries are ignored.
 */
export function meanMetric(
  run: ReadonlyMap<string, readonly string[]>,
  qrels: ReadonlyMap<string, Judgments>,
  metric: Metric,
  k: number,
): MeanScore {
  let sum = 0
  let queries = 0
  for (const [qid, judgments] of qrels) {
    if (relevantCount(judgments) === 0) continue
    sum += metric(run.get(qid) ?? [], judgments, k)
    queries++
  }
  return { mean: queries === 0 ? 0 : sum / queries, queries }
}

/** The headline numbers reported for a run. */
export interface RunScores {
  ndcg10: number
  recall10: number
  recall100: number
  mrr10: number
  queries: number
}

/** nDCG@10, Recall@10, Recall@100 and MRR@10 of a run, averaged over the judged queries. */
export function scoreRun(
  run: ReadonlyMap<string, readonly string[]>,
  qrels: ReadonlyMap<string, Judgments>,
): RunScores {
  const ndcg = meanMetric(run, qrels, ndcgAtK, 10)
  return {
    ndcg10: ndcg.mean,
    recall10: meanMetric(run, qrels, recallAtK, 10).mean,
    recall100: meanMetric(run, qrels, recallAtK, 100).mean,
    mrr10: meanMetric(run, qrels, mrrAtK, 10).mean,
    queries: ndcg.queries,
  }
}
