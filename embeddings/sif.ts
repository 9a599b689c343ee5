/**
 * Smooth-inverse-frequency sentence vectors (Arora, Liang & Ma, ICLR 2017, "A Simple but
 * Tough-to-Beat Baseline for Sentence Embeddings"): weight each word by a/(a + p(w)), average, then
 * remove the projection on a fixed common component and L2-normalise.
 */
import { HALF_TO_FLOAT } from './half.ts'

/** A loaded word-vector table, ready to embed sentences. */
export interface GloveModel {
  readonly dims: number
  /** Word → row (its frequency rank). */
  readonly ids: ReadonlyMap<string, number>
  /** SIF weight a/(a + p(w)) per row. */
  readonly weights: Float32Array
  /** Half-precision bits, row-major `ids.size × dims`. */
  readonly vectors: Uint16Array
  /** Unit-length common component removed from every sentence vector. */
  readonly common: Float32Array
}

/** The SIF smoothing constant a; the paper finds 1e-3…1e-4 best. */
export const SIF_A = 1e-3

/**
 * Offset k of the Zipf–Mandelbrot law p(rank) ∝ 1/(rank + k), rank counted from 1. The source
 * carries no counts, but GloVe vocabularies are sorted by descending corpus frequency, and 2.7 is
 * Mandelbrot's classic fit for English text.
 */
export const ZIPF_OFFSET = 2.7

// The common component is the top singular direction of SIF vectors of pseudo-sentences of this
// many words drawn by frequency from the most frequent words (computed in closed form, below).
const PSEUDO_SENTENCE_WORDS = 10
const COMMON_TOP_WORDS = 50_000

/** Estimated unigram probability of each 0-based frequency rank, normalised over the vocabulary. */
export function zipfProbabilities(size: number): Float64Array {
  const p = new Float64Array(size)
  let total = 0
  for (let r = 0; r < size; r++) {
    p[r] = 1 / (r + 1 + ZIPF_OFFSET)
    total += p[r]!
  }
  for (let r = 0; r < size; r++) p[r] = p[r]! / total
  return p
}

/** SIF weight a/(a + p) for each probability. */
export function sifWeights(probs: Float64Array, a = SIF_A): Float32Array {
  return Float32Array.from(probs, (p) => a / (a + p))
}

/**
 * The fixed common component: the first (uncentred) principal direction of SIF vectors of random
 * n-word sentences whose words are drawn i.i.d. by p(w) from the `COMMON_TOP_WORDS` most frequent
 * eligible words. With v = (1/n)Σ wᵢxᵢ, E[vvᵀ] = (1 - 1/n)μμᵀ + S/n where μ = E[w x] and
 * S = E[w² x xᵀ], so no sampling is needed and the result is deterministic.
 */
export function commonComponent(
  model: Pick<GloveModel, 'dims' | 'weights' | 'vectors'>,
  probs: Float64Array,
  eligible: (row: number) => boolean,
): Float32Array {
  const { dims, weights, vectors } = model
  const mu = new Float64Array(dims)
  const s = new Float64Array(dims * dims)
  const x = new Float64Array(dims)
  let mass = 0
  for (let row = 0, taken = 0; row < probs.length && taken < COMMON_TOP_WORDS; row++) {
    if (!eligible(row)) continue
    taken++
    const q = probs[row]!
    const w = weights[row]!
    mass += q
    for (let d = 0; d < dims; d++) x[d] = HALF_TO_FLOAT[vectors[row * dims + d]!]!
    for (let i = 0; i < dims; i++) {
      mu[i] = mu[i]! + q * w * x[i]!
      const qwwx = q * w * w * x[i]!
      for (let j = i; j < dims; j++) s[i * dims + j] = s[i * dims + j]! + qwwx * x[j]!
    }
  }
  const n = PSEUDO_SENTENCE_WORDS
  const m = new Float64Array(dims * dims)
  for (let i = 0; i < dims; i++) {
    for (let j = i; j < dims; j++) {
      const v = ((1 - 1 / n) * mu[i]! * mu[j]!) / (mass * mass) + s[i * dims + j]! / (n * mass)
      m[i * dims + j] = v
      m[j * dims + i] = v
    }
  }
  return topEigenvector(m, dims, mu)
}

/** Power iteration on a symmetric positive semi-definite matrix; sign fixed to agree with `start`. */
function topEigenvector(m: Float64Array, dims: number, start: Float64Array): Float32Array {
  let v = normalised(start)
  for (let iter = 0; iter < 1000; iter++) {
    const next = new Float64Array(dims)
    for (let i = 0; i < dims; i++) {
      let sum = 0
      for (let j = 0; j < dims; j++) sum += m[i * dims + j]! * v[j]!
      next[i] = sum
    }
    const unit = normalised(next)
    let delta = 0
    for (let i = 0; i < dims; i++) delta = Math.max(delta, Math.abs(unit[i]! - v[i]!))
    v = unit
    if (delta < 1e-12) break
  }
  let dot = 0
  for (let i = 0; i < dims; i++) dot += v[i]! * start[i]!
  return Float32Array.from(v, (c) => (dot < 0 ? -c : c))
}

function normalised(v: Float64Array): Float64Array {
  let norm = 0
  for (const c of v) norm += c * c
  norm = Math.sqrt(norm)
  return v.map((c) => c / norm)
}

/**
 * SIF vector of a sentence given its words' rows. With no rows (no known word) it returns the
 * common component: unit length, never NaN under cosine distance, and orthogonal to every other
 * sentence vector, so such a text sits at cosine similarity 0 from everything else.
 */
export function sifVector(rows: readonly number[], model: GloveModel): number[] {
  const { dims, weights, vectors, common } = model
  const acc = new Float64Array(dims)
  for (const row of rows) {
    const w = weights[row]!
    const base = row * dims
    for (let d = 0; d < dims; d++) acc[d] = acc[d]! + w * HALF_TO_FLOAT[vectors[base + d]!]!
  }
  let dot = 0
  for (let d = 0; d < dims; d++) dot += acc[d]! * common[d]!
  let norm = 0
  for (let d = 0; d < dims; d++) {
    acc[d] = acc[d]! - dot * common[d]!
    norm += acc[d]! * acc[d]!
  }
  norm = Math.sqrt(norm)
  if (!(norm > 1e-9)) return Array.from(common)
  return Array.from(acc, (c) => c / norm)
}
