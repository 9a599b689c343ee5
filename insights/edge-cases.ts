/**
 * One-offs worth knowing: problem-bearing chunks that joined no cross-customer pattern and that
 * nothing at another customer resembles. At most one per document (its most unusual chunk), and
 * only when that chunk's echo — its best calibrated score with another customer's chunk — stays
 * below the grouping threshold: a problem someone else also wrote about is a pattern that did not
 * form, not an edge case. A document already in a pattern contributes only a chunk of the
 * edge-case kind. Ranked: chunks of the edge-case kind first, then by how little they echo.
 *   - `heading`: the chunk is of the edge-case kind (a gotcha, a "known weirdness" note, …);
 *   - `unmatched`: another problem-bearing chunk in no pattern.
 */
import { excerpt } from './excerpt.ts'
import { compareText } from './order.ts'
import type { Selected } from './select.ts'
import type { ComputedEdgeCase } from './types.ts'

/** Options of {@link edgeCases}. */
export interface EdgeOptions {
  /** Highest echo a one-off may have (default 2, the grouping threshold). */
  maxEcho?: number
  /** Most edge cases listed (default 50). */
  limit?: number
}

// Kinds that tell the most about a one-off, best first; the rest follow.
const PRIORITY = ['edge-case', 'root-cause', 'problem', 'workaround', 'impact', 'fix']

function priority(s: Selected): number {
  const i = PRIORITY.indexOf(s.chunk.sectionKind)
  return i < 0 ? PRIORITY.length : i
}

/**
 * Edge cases among `selected`, given the rows in a kept pattern and each row's echo; in rank
 * order (`rank` 1 = most worth reading).
 * @example edgeCases(selected, new Set([0, 4, 5]), grouping.echo)
 */
export function edgeCases(
  selected: readonly Selected[],
  inPattern: ReadonlySet<number>,
  echo: ArrayLike<number>,
  options: EdgeOptions = {},
): ComputedEdgeCase[] {
  const maxEcho = options.maxEcho ?? 2
  const better = (a: number, b: number) =>
    (selected[a]!.edge ? 0 : 1) - (selected[b]!.edge ? 0 : 1) ||
    echo[a]! - echo[b]! ||
    priority(selected[a]!) - priority(selected[b]!) ||
    selected[a]!.chunk.chunkId - selected[b]!.chunk.chunkId
  const docsInPatterns = new Set([...inPattern].map((r) => selected[r]!.chunk.documentId))
  const bestOfDoc = new Map<number, number>()
  selected.forEach((s, row) => {
    if (inPattern.has(row) || echo[row]! >= maxEcho) return
    // A document in a pattern offers a one-off only where its author flagged one (edge-case kind).
    if (!s.edge && docsInPatterns.has(s.chunk.documentId)) return
    const best = bestOfDoc.get(s.chunk.documentId)
    if (best === undefined || better(row, best) < 0) bestOfDoc.set(s.chunk.documentId, row)
  })
  const rows = [...bestOfDoc.values()].sort(better).slice(0, options.limit ?? 50)
  return rows.map((row, i) => {
    const s = selected[row]!
    return {
      chunkId: s.chunk.chunkId,
      documentId: s.chunk.documentId,
      customer: s.chunk.customer,
      reason: s.edge ? 'heading' : 'unmatched',
      heading: s.heading,
      excerpt: excerpt(s.chunk.text),
      date: s.chunk.date,
      rank: i + 1,
    }
  })
}

/** Edge cases by customer (case-insensitive), date, document: the order listings use. */
export function byCustomer(a: ComputedEdgeCase, b: ComputedEdgeCase): number {
  return (
    compareText(a.customer.toLowerCase(), b.customer.toLowerCase()) ||
    compareText(a.date, b.date) ||
    a.documentId - b.documentId
  )
}
