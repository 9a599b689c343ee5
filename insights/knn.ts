/**
 * Candidate neighbours for clustering: the k nearest rows of every row in the dense view (exact
 * brute force over typed arrays, each pair scored once) and in the lexical view (an inverted index
 * over terms, skipping terms so common that they say nothing). Ties go to the lower row index,
 * so the lists are identical for identical input.
 */
import type { DenseMatrix } from './dense.ts'
import type { SparseVector } from './lexical.ts'

/** Fixed-size best-k list (highest score first, lower index first on ties). */
class TopK {
  readonly ids: Int32Array
  readonly scores: Float64Array
  size = 0
  constructor(readonly k: number) {
    this.ids = new Int32Array(k)
    this.scores = new Float64Array(k)
  }
  /** Lowest score that still gets in once full. */
  get floor(): number {
    return this.size < this.k ? Number.NEGATIVE_INFINITY : this.scores[this.k - 1]!
  }
  push(id: number, score: number): void {
    if (this.size === this.k && !(score > this.scores[this.k - 1]!)) return
    let i = Math.min(this.size, this.k - 1)
    while (
      i > 0 &&
      (this.scores[i - 1]! < score || (this.scores[i - 1] === score && this.ids[i - 1]! > id))
    ) {
      this.ids[i] = this.ids[i - 1]!
      this.scores[i] = this.scores[i - 1]!
      i -= 1
    }
    this.ids[i] = id
    this.scores[i] = score
    if (this.size < this.k) this.size += 1
  }
  list(): Int32Array {
    return this.ids.slice(0, this.size)
  }
}

/**
 * The `k` most cosine-similar rows of every row (self excluded).
 * @example denseNeighbours(matrix, 20)[3] // row ids nearest to row 3, best first
 */
export function denseNeighbours(m: DenseMatrix, k: number): Int32Array[] {
  const { n, dim, data } = m
  const tops = Array.from({ length: n }, () => new TopK(Math.max(1, Math.min(k, n - 1))))
  for (let i = 0; i < n; i += 1) {
    const ti = tops[i]!
    const a = i * dim
    for (let j = i + 1; j < n; j += 1) {
      // Inlined, 4-way unrolled dot product: this loop is the O(n²·dim) part of a refresh.
      const b = j * dim
      let s0 = 0
      let s1 = 0
      let s2 = 0
      let s3 = 0
      let t = 0
      for (; t + 3 < dim; t += 4) {
        s0 += data[a + t]! * data[b + t]!
        s1 += data[a + t + 1]! * data[b + t + 1]!
        s2 += data[a + t + 2]! * data[b + t + 2]!
        s3 += data[a + t + 3]! * data[b + t + 3]!
      }
      for (; t < dim; t += 1) s0 += data[a + t]! * data[b + t]!
      const s = s0 + s1 + s2 + s3
      if (s > ti.floor) ti.push(j, s)
      const tj = tops[j]!
      if (s > tj.floor) tj.push(i, s)
    }
  }
  return tops.map((t) => t.list())
}

/**
 * The `k` rows sharing the most TF-IDF weight with every row. Terms held by more than `maxDf`
 * rows are skipped here (they would make this quadratic and carry little weight); exact scores
 * are computed later for the candidates.
 */
export function lexicalNeighbours(
  vectors: readonly SparseVector[],
  df: Int32Array,
  k: number,
  maxDf: number,
): Int32Array[] {
  const postings: number[][] = Array.from({ length: df.length }, () => [])
  const weightsOf: number[][] = Array.from({ length: df.length }, () => [])
  vectors.forEach((v, row) => {
    for (let t = 0; t < v.ids.length; t += 1) {
      const id = v.ids[t]!
      if (df[id]! < 2 || df[id]! > maxDf) continue
      postings[id]!.push(row)
      weightsOf[id]!.push(v.weights[t]!)
    }
  })
  const acc = new Float64Array(vectors.length)
  const touched: number[] = []
  return vectors.map((v, row) => {
    for (let t = 0; t < v.ids.length; t += 1) {
      const id = v.ids[t]!
      if (df[id]! < 2 || df[id]! > maxDf) continue
      const rows = postings[id]!
      const ws = weightsOf[id]!
      for (let p = 0; p < rows.length; p += 1) {
        const other = rows[p]!
        if (other === row) continue
        if (acc[other] === 0) touched.push(other)
        acc[other]! += v.weights[t]! * ws[p]!
      }
    }
    const top = new TopK(Math.max(1, k))
    for (const other of touched) {
      top.push(other, acc[other]!)
      acc[other] = 0
    }
    touched.length = 0
    return top.list()
  })
}
