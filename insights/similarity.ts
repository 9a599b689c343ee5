/**
 * The similarity used to group problem chunks: embedding cosine and TF-IDF cosine, each turned into
 * a z-score against the input's own distribution of pairs (chunks of different documents), then
 * blended. Z-scores make the blend and the clustering threshold independent of the embedding
 * model: a weak 100-d model and a 1536-d one spread cosines very differently, but "3 standard
 * deviations above a typical pair" means the same thing for both.
 */
import { type DenseMatrix, rowDot } from './dense.ts'
import { type SparseVector, sparseDot } from './lexical.ts'

/** Mean and standard deviation of each view's cosine over pairs of different documents. */
export interface Calibration {
  dense: { mean: number; sd: number }
  lexical: { mean: number; sd: number }
  pairs: number
}

// Exact statistics up to this many pairs; above it a fixed, evenly spread sample of this size.
const MAX_PAIRS = 400_000
// A lexical z-score can reach 20+ on boilerplate two texts happen to share (a pasted config
// block); capping it keeps word overlap alone from outvoting the embedding.
const Z_CAP = 6

/**
 * Distribution of both cosines over pairs of rows from different documents.
 * @example const cal = calibrate(dense, lexical, documentIds)
 */
export function calibrate(m: DenseMatrix, lex: readonly SparseVector[], docs: readonly number[]): Calibration {
  const n = m.n
  const total = (n * (n - 1)) / 2
  const stride = Math.max(1, Math.floor(total / MAX_PAIRS))
  const d = new Welford()
  const l = new Welford()
  let index = 0
  for (let i = 0; i < n; i += 1) {
    // Visit every stride-th pair of the upper triangle without enumerating the others.
    let j = i + 1 + ((stride - (index % stride)) % stride)
    index += n - i - 1
    for (; j < n; j += stride) {
      if (docs[i] === docs[j]) continue
      d.add(rowDot(m, i, j))
      l.add(sparseDot(lex[i]!, lex[j]!))
    }
  }
  return { dense: d.result(), lexical: l.result(), pairs: d.count }
}

/** Streaming mean and variance. */
class Welford {
  count = 0
  private mean = 0
  private m2 = 0
  add(x: number): void {
    this.count += 1
    const delta = x - this.mean
    this.mean += delta / this.count
    this.m2 += delta * (x - this.mean)
  }
  result(): { mean: number; sd: number } {
    const sd = this.count > 1 ? Math.sqrt(this.m2 / (this.count - 1)) : 0
    return { mean: this.mean, sd: sd > 1e-9 ? sd : 1 }
  }
}

/** Scores pairs of rows: `denseWeight·z(embedding) + (1 − denseWeight)·z(lexical)`. */
export interface PairScorer {
  (i: number, j: number): number
}

/**
 * The blended z-score similarity of rows `i` and `j`.
 * @example const score = pairScorer(dense, lexical, calibrate(dense, lexical, docs), 0.5); score(0, 1)
 */
export function pairScorer(
  m: DenseMatrix,
  lex: readonly SparseVector[],
  cal: Calibration,
  denseWeight: number,
): PairScorer {
  const zd = (x: number) => Math.min(Z_CAP, (x - cal.dense.mean) / cal.dense.sd)
  const zl = (x: number) => Math.min(Z_CAP, (x - cal.lexical.mean) / cal.lexical.sd)
  return (i, j) =>
    denseWeight * zd(rowDot(m, i, j)) + (1 - denseWeight) * zl(sparseDot(lex[i]!, lex[j]!))
}
