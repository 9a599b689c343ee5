/**
 * Dense view of the selected chunks. Embeddings are mean-centred and re-normalised before any
 * cosine: every model puts all texts in a narrow cone (OpenAI cosines rarely drop below 0.2),
 * and centring removes that shared direction so cosines of different models become comparable.
 */

/** Row-major matrix of `n` unit vectors of length `dim`. */
export interface DenseMatrix {
  n: number
  dim: number
  data: Float32Array
}

/**
 * Centre `vectors` on their mean and scale each to unit length (a zero row stays zero).
 * @example const m = centredUnitRows([new Float32Array([1, 0]), new Float32Array([0, 1])])
 */
export function centredUnitRows(vectors: readonly ArrayLike<number>[]): DenseMatrix {
  const n = vectors.length
  const dim = n === 0 ? 0 : vectors[0]!.length
  const mean = new Float64Array(dim)
  for (const v of vectors) {
    if (v.length !== dim) throw new Error(`embedding length ${v.length} differs from ${dim}`)
    for (let k = 0; k < dim; k += 1) mean[k]! += v[k]! / n
  }
  const data = new Float32Array(n * dim)
  for (let i = 0; i < n; i += 1) {
    const v = vectors[i]!
    let norm = 0
    for (let k = 0; k < dim; k += 1) norm += (v[k]! - mean[k]!) ** 2
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0
    for (let k = 0; k < dim; k += 1) data[i * dim + k] = (v[k]! - mean[k]!) * scale
  }
  return { n, dim, data }
}

/** Cosine of rows `i` and `j` of a unit-row matrix. */
export function rowDot(m: DenseMatrix, i: number, j: number): number {
  const { dim, data } = m
  let sum = 0
  const a = i * dim
  const b = j * dim
  for (let k = 0; k < dim; k += 1) sum += data[a + k]! * data[b + k]!
  return sum
}

/** Cosine of row `i` with a unit vector `v`. */
export function dotWith(m: DenseMatrix, i: number, v: Float32Array): number {
  let sum = 0
  for (let k = 0; k < m.dim; k += 1) sum += m.data[i * m.dim + k]! * v[k]!
  return sum
}

/**
 * A lower-dimensional copy for candidate search: `dim` ≤ `target` rows are returned unchanged,
 * wider ones go through a fixed, seeded sparse random projection (each input coordinate adds ±
 * itself to 8 output coordinates — a "very sparse" Johnson–Lindenstrauss projection, Li et al.
 * 2006), which keeps cosines close enough to find neighbours whose exact score is then computed
 * on the full vectors. O(n·dim·8), so it costs little even at 1536 dimensions.
 */
export function project(m: DenseMatrix, target: number): DenseMatrix {
  if (m.dim <= target) return m
  const fanOut = 8
  let seed = 0x9e3779b9
  const next = () => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return seed >>> 0
  }
  const to = new Int32Array(m.dim * fanOut)
  const sign = new Float64Array(m.dim * fanOut)
  for (let i = 0; i < to.length; i += 1) {
    const r = next()
    to[i] = (r >>> 1) % target
    sign[i] = r & 1 ? 1 : -1
  }
  const data = new Float32Array(m.n * target)
  const row = new Float64Array(target)
  for (let i = 0; i < m.n; i += 1) {
    row.fill(0)
    for (let k = 0; k < m.dim; k += 1) {
      const v = m.data[i * m.dim + k]!
      for (let j = k * fanOut; j < (k + 1) * fanOut; j += 1) row[to[j]!]! += v * sign[j]!
    }
    let norm = 0
    for (let t = 0; t < target; t += 1) norm += row[t]! ** 2
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0
    for (let t = 0; t < target; t += 1) data[i * target + t] = row[t]! * scale
  }
  return { n: m.n, dim: target, data }
}
