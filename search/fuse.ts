/** One ranked list entry: an id with its score (higher is better). */
export interface Ranked {
  id: number
  score: number
}

/** A fused entry with the ranks it had in each input list. */
export interface Fused {
  id: number
  score: number
  lexicalRank: number | null
  vectorRank: number | null
}

/** How to fuse the lexical and vector lists. */
export interface FusionOptions {
  method: 'rrf' | 'weighted'
  /** Weight of the vector list relative to the lexical one (lexical weight is 1). */
  vectorWeight: number
  /** RRF constant k (60 in Cormack et al. 2009). */
  rrfK: number
}

/**
 * Fusion defaults, chosen by measurement on SciFact's train split (bench/quality.ts): see README.
 * A weak embedder gets a small weight, so it can reorder close lexical calls but not bury them.
 */
export const DEFAULT_FUSION: FusionOptions = { method: 'weighted', vectorWeight: 0.15, rrfK: 60 }

/**
 * Fuse a lexical and a vector ranking. `rrf`: sum of weight/(k + rank). `weighted`: each list's
 * scores are divided by that list's top score (so both lie in [0, 1]) and summed with the weight.
 * Ties break by id for determinism.
 */
export function fuse(lexical: Ranked[], vector: Ranked[], options: FusionOptions = DEFAULT_FUSION): Fused[] {
  const byId = new Map<number, Fused>()
  const entry = (id: number) => {
    let e = byId.get(id)
    if (!e) {
      e = { id, score: 0, lexicalRank: null, vectorRank: null }
      byId.set(id, e)
    }
    return e
  }
  const add = (list: Ranked[], weight: number, which: 'lexicalRank' | 'vectorRank') => {
    const top = list[0]?.score ?? 0
    const bottom = list.at(-1)?.score ?? 0
    list.forEach((r, i) => {
      const e = entry(r.id)
      e[which] = i + 1
      if (options.method === 'rrf') e.score += weight / (options.rrfK + i + 1)
      else e.score += weight * normalise(r.score, top, bottom)
    })
  }
  add(lexical, 1, 'lexicalRank')
  add(vector, options.vectorWeight, 'vectorRank')
  return [...byId.values()].sort((a, b) => b.score - a.score || a.id - b.id)
}

function normalise(score: number, top: number, bottom: number): number {
  // Min-max within the list: the last candidate scores 0, the best 1.
  return top === bottom ? 1 : (score - bottom) / (top - bottom)
}
