/**
 * Lexical view of the selected chunks: TF-IDF vectors over lemma keys (sublinear tf, idf
 * `ln(1 + n/df)`), L2-normalised, so the dot product of two vectors is their cosine in [0, 1].
 * Term ids follow the sorted vocabulary, so the same input always gives the same ids.
 */

/** A sparse vector: ascending term ids and their weights. */
export interface SparseVector {
  ids: Int32Array
  weights: Float32Array | Float64Array
}

/** TF-IDF vectors of a set of texts and the vocabulary behind them. */
export interface LexicalIndex {
  vectors: SparseVector[]
  /** Lemma keys by term id (sorted). */
  vocab: string[]
  /** Number of texts holding each term. */
  df: Int32Array
}

/**
 * TF-IDF vectors for texts given as lists of lemma keys.
 * @example const { vectors } = tfidf([['pool', 'exhaust'], ['pool', 'timeout']]); sparseDot(vectors[0]!, vectors[1]!)
 */
export function tfidf(docs: readonly (readonly string[])[]): LexicalIndex {
  const vocab = [...new Set(docs.flat())].sort()
  const idOf = new Map(vocab.map((k, i) => [k, i]))
  const df = new Int32Array(vocab.length)
  const counts = docs.map((terms) => {
    const tf = new Map<number, number>()
    for (const t of terms) {
      const id = idOf.get(t)!
      tf.set(id, (tf.get(id) ?? 0) + 1)
    }
    for (const id of tf.keys()) df[id]! += 1
    return tf
  })
  const n = docs.length
  const vectors = counts.map((tf) => {
    const ids = Int32Array.from([...tf.keys()].sort((a, b) => a - b))
    const weights = Float32Array.from(ids, (id) => (1 + Math.log(tf.get(id)!)) * Math.log(1 + n / df[id]!))
    const norm = Math.hypot(...weights) || 1
    for (let i = 0; i < weights.length; i += 1) weights[i]! /= norm
    return { ids, weights }
  })
  return { vectors, vocab, df }
}

/** Dot product of two sparse vectors (their cosine when both are unit length). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.ids.length <= b.ids.length ? [a, b] : [b, a]
  // A small vector against a large one (a singleton against a cluster sum): binary search.
  if (small.ids.length * 8 < large.ids.length) return gallopDot(small, large)
  let i = 0
  let j = 0
  let sum = 0
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!
    const y = b.ids[j]!
    if (x === y) sum += a.weights[i++]! * b.weights[j++]!
    else if (x < y) i += 1
    else j += 1
  }
  return sum
}

function gallopDot(small: SparseVector, large: SparseVector): number {
  let sum = 0
  let lo = 0
  for (let i = 0; i < small.ids.length; i += 1) {
    const id = small.ids[i]!
    let hi = large.ids.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (large.ids[mid]! < id) lo = mid + 1
      else hi = mid
    }
    if (lo < large.ids.length && large.ids[lo] === id) sum += small.weights[i]! * large.weights[lo]!
  }
  return sum
}

/** The sum of two sparse vectors. */
export function sparseAdd(a: SparseVector, b: SparseVector): SparseVector {
  const ids = new Int32Array(a.ids.length + b.ids.length)
  const weights = new Float64Array(ids.length)
  let i = 0
  let j = 0
  let n = 0
  while (i < a.ids.length || j < b.ids.length) {
    const x = i < a.ids.length ? a.ids[i]! : Number.POSITIVE_INFINITY
    const y = j < b.ids.length ? b.ids[j]! : Number.POSITIVE_INFINITY
    ids[n] = Math.min(x, y)
    weights[n] = (x <= y ? a.weights[i++]! : 0) + (y <= x ? b.weights[j++]! : 0)
    n += 1
  }
  return { ids: ids.slice(0, n), weights: weights.slice(0, n) }
}
