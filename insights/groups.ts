/**
 * Grouping rule: problem chunks are grouped by a blend of embedding similarity and word overlap.
 *
 * 1. Views. Embeddings are mean-centred and re-normalised; texts (headings + body, the customer's
 *    own name removed) become TF-IDF vectors over lemma keys.
 * 2. Calibration. Over pairs of chunks from different documents, each view's cosine is turned into
 *    a z-score (mean and standard deviation of that input, not fixed constants), the two z-scores
 *    are averaged with `denseWeight` (default 0.5), and the blend is rescaled to unit variance.
 *    A score of 2 means "two standard deviations above a typical pair", whatever the embedder.
 * 3. Candidates. Each chunk's `neighbours` (default 10) nearest chunks in each view; a candidate
 *    pair counts when its chunks come from different documents and score ≥ `threshold` (default 2).
 * 4. Average linkage over the candidate graph: clusters merge while the mean score over all their
 *    cross-document pairs stays ≥ `threshold` (see cluster.ts).
 * 5. Clusters made of mostly the same documents are folded together (see consolidate.ts).
 * Everything is ordered by row (= chunk id order), so the same input gives the same groups.
 */
import { averageLinkage } from './cluster.ts'
import { consolidate } from './consolidate.ts'
import { centredUnitRows, type DenseMatrix, project } from './dense.ts'
import { denseNeighbours, lexicalNeighbours } from './knn.ts'
import { type SparseVector, tfidf } from './lexical.ts'
import type { Selected } from './select.ts'
import { blend, type Calibration, calibrate, pairScore } from './similarity.ts'
import { contentTerms, nameWords } from './terms.ts'

/** Tuning of {@link groupChunks}; the defaults are the documented rule. */
export interface GroupOptions {
  /** Minimum mean blended z-score inside a group (default 2). */
  threshold?: number
  /** Weight of the embedding view in the blend, 0…1 (default 0.5). */
  denseWeight?: number
  /** Candidate neighbours per chunk and view (default 10). */
  neighbours?: number
}

/** The documented defaults of {@link GroupOptions}. */
export const GROUP_DEFAULTS = { threshold: 2, denseWeight: 0.5, neighbours: 10 } as const

/** Groups of rows of the input, and the views they were computed from. */
export interface Grouping {
  /** Ascending row lists (singletons included), ordered by first row. */
  groups: number[][]
  dense: DenseMatrix
  lexical: SparseVector[]
  calibration: Calibration
  /** The pair score, as a function of a dense and a lexical cosine. */
  score: (dense: number, lexical: number) => number
  /**
   * Per row, the best pair score with a candidate neighbour of another customer (-Infinity when
   * none): low means nobody else wrote anything like it, which is what makes a one-off.
   */
  echo: Float64Array
}

// Candidate search runs on at most this many dimensions (random projection above it); exact
// scores always use the full vectors.
const SEARCH_DIMS = 128

/**
 * Group selected chunks (rows) given their embeddings (same order, same length each).
 * @example const { groups } = groupChunks(selected, vectors)
 */
export function groupChunks(
  selected: readonly Selected[],
  embeddings: readonly ArrayLike<number>[],
  options: GroupOptions = {},
): Grouping {
  const threshold = options.threshold ?? GROUP_DEFAULTS.threshold
  const k = options.neighbours ?? GROUP_DEFAULTS.neighbours
  const dense = centredUnitRows(embeddings)
  const terms = selected.map((s) =>
    contentTerms([...s.chunk.headingPath, s.chunk.text].join('\n'), nameWords(s.chunk.customer)).map(
      (t) => t.key,
    ),
  )
  const lex = tfidf(terms)
  const documents = selected.map((s) => s.chunk.documentId)
  const calibration = calibrate(dense, lex.vectors, documents)
  const score = blend(calibration, options.denseWeight ?? GROUP_DEFAULTS.denseWeight)
  const pair = pairScore(dense, lex.vectors, score)
  const near = denseNeighbours(project(dense, SEARCH_DIMS), k)
  // Terms in over 5% of chunks carry almost no weight; skipping them keeps the index search linear.
  const lexNear = lexicalNeighbours(lex.vectors, lex.df, k, Math.max(50, Math.ceil(selected.length * 0.05)))
  const seen = new Set<number>()
  const edges: [number, number][] = []
  const customers = selected.map((s) => s.chunk.customer.toLowerCase())
  const echo = new Float64Array(dense.n).fill(Number.NEGATIVE_INFINITY)
  for (let i = 0; i < dense.n; i += 1) {
    for (const j of [...near[i]!, ...lexNear[i]!]) {
      const [a, b] = i < j ? [i, j] : [j, i]
      const id = a * dense.n + b
      if (seen.has(id) || documents[a] === documents[b]) continue
      seen.add(id)
      const s = pair(a, b)
      if (customers[a] !== customers[b]) {
        echo[a] = Math.max(echo[a]!, s)
        echo[b] = Math.max(echo[b]!, s)
      }
      if (s >= threshold) edges.push([a, b])
    }
  }
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1])
  const clusters = averageLinkage(
    { dense, lexical: lex.vectors, vocabularySize: lex.vocab.length, documents, score },
    edges,
    threshold,
  )
  return { groups: consolidate(clusters, documents), dense, lexical: lex.vectors, calibration, score, echo }
}
