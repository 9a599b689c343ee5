/**
 * Average-linkage agglomerative clustering on a sparse candidate graph. Clusters joined by a
 * candidate edge are merged, best first, while the mean similarity over ALL pairs between them
 * (not only the edges) stays at or above the threshold. Average linkage does not chain the way
 * single linkage (connected components) does: one bridging pair cannot glue two topics together.
 * Queued pairs are re-scored lazily: when the best queued pair is stale (a side grew since it was
 * scored), its current mean is computed and it is queued again, so every merge uses exact, current
 * means, and the work per merge does not grow with a cluster's number of neighbours.
 *
 * Pairs of chunks from the same document are left out of every mean: a document's sections are
 * alike because they share a title and context, not because the problem recurs.
 *
 * The pair score is affine in the two cosines, so the mean over all pairs of two clusters is the
 * score of the dot products of their summed vectors, minus the few same-document pairs: each
 * evaluation costs O(dimensions), whatever the cluster sizes. Ties go to the lower cluster ids, so
 * the output depends only on the input.
 */
import { type DenseMatrix, rowDot } from './dense.ts'
import { Heap } from './heap.ts'
import { type SparseVector, sparseAdd, sparseDot } from './lexical.ts'

/** What the clustering needs to know about the rows. */
export interface LinkageInput {
  dense: DenseMatrix
  lexical: readonly SparseVector[]
  /** Number of distinct lexical term ids. */
  vocabularySize: number
  /** Document of each row. */
  documents: readonly number[]
  /** The pair score from a mean embedding cosine and a mean lexical cosine; must be affine. */
  score: (dense: number, lexical: number) => number
}

interface Cluster {
  rows: number[]
  dense: Float32Array | Float64Array
  lexical: SparseVector
  /** The lexical sum spread over the whole vocabulary, kept once a cluster is large. */
  spread: Float64Array | null
  byDoc: Map<number, number[]>
  version: number
}

interface Entry {
  score: number
  a: number
  b: number
  va: number
  vb: number
}

const first = (x: Entry, y: Entry) =>
  x.score > y.score || (x.score === y.score && (x.a < y.a || (x.a === y.a && x.b < y.b)))

function mergeSorted(x: number[], y: number[]): number[] {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < x.length || j < y.length)
    out.push(j >= y.length || (i < x.length && x[i]! < y[j]!) ? x[i++]! : y[j++]!)
  return out
}

// Sums of big clusters hold thousands of terms; a dense copy makes their dot products O(small side).
const SPREAD_AT = 32

function spread(v: SparseVector, size: number): Float64Array {
  const out = new Float64Array(size)
  for (let t = 0; t < v.ids.length; t += 1) out[v.ids[t]!] = v.weights[t]!
  return out
}

function spreadDot(dense: Float64Array, v: SparseVector): number {
  let sum = 0
  for (let t = 0; t < v.ids.length; t += 1) sum += dense[v.ids[t]!]! * v.weights[t]!
  return sum
}

function vecDot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let sum = 0
  for (let k = 0; k < x.length; k += 1) sum += x[k]! * y[k]!
  return sum
}

/**
 * Group rows `0…n-1` along candidate `edges`; returns clusters as ascending row lists, ordered by
 * their first row (singletons included).
 * @example averageLinkage(input, [[0, 1], [2, 3]], 2) // e.g. [[0, 1], [2], [3]]
 */
export function averageLinkage(
  input: LinkageInput,
  edges: readonly (readonly [number, number])[],
  threshold: number,
): number[][] {
  const { dense: m, lexical, documents } = input
  const clusters = new Map<number, Cluster>()
  // Absorbed cluster → the cluster it went into (union-find), so old queue entries still resolve.
  const parent = Int32Array.from({ length: m.n }, (_, i) => i)
  const find = (x: number): number => {
    let r = x
    while (parent[r] !== r) r = parent[r]!
    while (parent[x] !== r) [parent[x], x] = [r, parent[x]!]
    return r
  }
  for (let i = 0; i < m.n; i += 1) {
    clusters.set(i, {
      rows: [i],
      dense: m.data.subarray(i * m.dim, (i + 1) * m.dim),
      lexical: lexical[i]!,
      spread: null,
      byDoc: new Map([[documents[i]!, [i]]]),
      version: 0,
    })
  }
  const linkage = (a: Cluster, b: Cluster): number => {
    let dense = vecDot(a.dense, b.dense)
    let lex = a.spread
      ? spreadDot(a.spread, b.lexical)
      : b.spread
        ? spreadDot(b.spread, a.lexical)
        : sparseDot(a.lexical, b.lexical)
    let count = a.rows.length * b.rows.length
    const [few, many] = a.byDoc.size <= b.byDoc.size ? [a.byDoc, b.byDoc] : [b.byDoc, a.byDoc]
    for (const [doc, xs] of few) {
      const ys = many.get(doc)
      if (!ys) continue
      for (const x of xs) {
        for (const y of ys) {
          dense -= rowDot(m, x, y)
          lex -= sparseDot(lexical[x]!, lexical[y]!)
          count -= 1
        }
      }
    }
    return count === 0 ? Number.NEGATIVE_INFINITY : input.score(dense / count, lex / count)
  }
  const heap = new Heap<Entry>(first)
  const offer = (x: number, y: number) => {
    const [a, b] = x < y ? [x, y] : [y, x]
    const ca = clusters.get(a)!
    const cb = clusters.get(b)!
    const score = linkage(ca, cb)
    if (score >= threshold) heap.push({ score, a, b, va: ca.version, vb: cb.version })
  }
  for (const [i, j] of edges) if (i !== j) offer(i, j)
  for (let e = heap.pop(); e; e = heap.pop()) {
    const a = find(e.a)
    const b = find(e.b)
    if (a === b) continue
    // Up to date (neither side changed since it was scored): merge. Otherwise score it again.
    if (a === e.a && b === e.b && clusters.get(a)!.version === e.va && clusters.get(b)!.version === e.vb) {
      merge(a, b)
    } else {
      offer(a, b)
    }
  }
  return [...clusters.values()].map((c) => c.rows).sort((x, y) => x[0]! - y[0]!)

  function merge(a: number, b: number): void {
    const ca = clusters.get(a)!
    const cb = clusters.get(b)!
    const dense = ca.dense instanceof Float64Array ? ca.dense : Float64Array.from(ca.dense)
    for (let k = 0; k < dense.length; k += 1) dense[k]! += cb.dense[k]!
    for (const [doc, xs] of cb.byDoc) ca.byDoc.set(doc, [...(ca.byDoc.get(doc) ?? []), ...xs])
    ca.rows = mergeSorted(ca.rows, cb.rows)
    ca.dense = dense
    ca.lexical = sparseAdd(ca.lexical, cb.lexical)
    if (ca.rows.length >= SPREAD_AT) {
      if (!ca.spread) ca.spread = spread(ca.lexical, input.vocabularySize)
      else
        for (let t = 0; t < cb.lexical.ids.length; t += 1)
          ca.spread[cb.lexical.ids[t]!]! += cb.lexical.weights[t]!
    }
    ca.version += 1
    clusters.delete(b)
    parent[b] = a
  }
}
