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
  /** Pearson correlation of the two cosines over the same pairs. */
  correlation: number
  pairs: number
}

// Exact statistics up to this many pairs; above it a fixed, evenly spread sample of this size.
const MAX_PAIRS = 200_000

/**
 * Distribution of both cosines over pairs of rows from different documents.
 * @example const cal = calibrate(dense, lexical, documentIds)
 */
export function calibrate(
  m: DenseMatrix,
  lex: readonly SparseVector[],
  docs: readonly number[],
): Calibration {
  const n = m.n
  const total = (n * (n - 1)) / 2
  const stride = Math.max(1, Math.floor(total / MAX_PAIRS))
  const d = new Welford()
  const l = new Welford()
  const xs: number[] = []
  const ys: number[] = []
  let index = 0
  for (let i = 0; i < n; i += 1) {
    // Visit every stride-th pair of the upper triangle without enumerating the others.
    let j = i + 1 + ((stride - (index % stride)) % stride)
    index += n - i - 1
    for (; j < n; j += stride) {
      if (docs[i] === docs[j]) continue
      const x = rowDot(m, i, j)
      const y = sparseDot(lex[i]!, lex[j]!)
      d.add(x)
      l.add(y)
      xs.push(x)
      ys.push(y)
    }
  }
  const dense = d.result()
  const lexical = l.result()
  let cov = 0
  for (let p = 0; p < xs.length; p += 1) cov += (xs[p]! - dense.mean) * (ys[p]! - lexical.mean)
  const correlation = xs.length > 1 ? cov / (xs.length - 1) / (dense.sd * lexical.sd) : 0
  return { dense, lexical, correlation, pairs: d.count }
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

/**
 * The blended score of an embedding cosine and a lexical cosine: `w·z(dense) + (1 − w)·z(lexical)`,
 * divided by that blend's own standard deviation, so the score is again a z-score: "how many
 * standard deviations above a typical pair of chunks". Affine, so the mean score of many pairs is
 * the score of their mean cosines (which is what makes average linkage cheap).
 * @example const score = blend(calibrate(dense, lexical, docs), 0.5); score(0.42, 0.1)
 */
export function blend(cal: Calibration, w: number): (dense: number, lexical: number) => number {
  const sd = Math.sqrt(w * w + (1 - w) * (1 - w) + 2 * w * (1 - w) * cal.correlation) || 1
  return (dense, lexical) =>
    ((w * (dense - cal.dense.mean)) / cal.dense.sd +
      ((1 - w) * (lexical - cal.lexical.mean)) / cal.lexical.sd) /
    sd
}

/** The blended score of rows `i` and `j`. */
export function pairScore(
  m: DenseMatrix,
  lex: readonly SparseVector[],
  score: (dense: number, lexical: number) => number,
): (i: number, j: number) => number {
  return (i, j) => score(rowDot(m, i, j), sparseDot(lex[i]!, lex[j]!))
}
