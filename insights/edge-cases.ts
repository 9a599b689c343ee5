/**
 * One-offs worth knowing: problem-bearing chunks that joined no cross-customer pattern and that
 * nothing at another customer resembles. At most one per document (its most unusual chunk), and
 * only when that chunk's echo — its best calibrated score with another customer's chunk — stays
 * below the grouping threshold: a problem someone else also wrote about is a pattern that did not
 * form, not an edge case. Further rules, each measured on both keyed corpora (bench:insights):
 *   - a document whose problem joined a pattern offers no one-off; sharing only a remedy (its fix
 *     or workaround chunk in a pattern) does not count, since one fix answers many problems;
 *   - look-alikes: a chunk scoring ≥ the threshold with a pattern member of another customer is a
 *     variant of that pattern (same symptom, another cause), not a one-off;
 *   - strength: outside incidents (one problem per document) an `unmatched` chunk must be of the
 *     problem kind, and not a status repeat — a note the customer's own other documents restate
 *     (weekly blockers, kickoff observations) is the engagement's running state, not a one-off.
 * Ranked: chunks of the edge-case kind first, then by how little they echo.
 *   - `heading`: the chunk is of the edge-case kind (a gotcha, a "known weirdness" note, …);
 *   - `unmatched`: another problem-bearing chunk in no pattern.
 */
import { excerpt } from './excerpt.ts'
import { compareText } from './order.ts'
import type { Selected } from './select.ts'
import type { ComputedEdgeCase } from './types.ts'

/** Options of {@link edgeCases}. */
export interface EdgeOptions {
  /** Highest echo a one-off may have, and highest score with another customer's pattern member (default 2, the grouping threshold). */
  maxEcho?: number
  /**
   * Highest score an `unmatched` chunk outside incidents may have with the same customer's other
   * documents (default 4.5, measured: restated weekly notes score 4.8–6.9 on both keyed corpora,
   * real one-offs up to 4.3; a narrow margin, see bench:insights).
   */
  maxOwnEcho?: number
  /** Exact pair score of two rows; without it the look-alike and status-repeat rules are off. */
  pair?: (a: number, b: number) => number
  /** Most edge cases listed (default 50). */
  limit?: number
}

// Kinds that tell the most about a one-off, best first; the rest follow.
const PRIORITY = ['edge-case', 'root-cause', 'problem', 'workaround', 'impact', 'fix']
// A pattern shared only through these kinds is a shared remedy, not a shared problem.
const REMEDY = new Set(['fix', 'workaround'])
// An incident write-up is about one problem, so each of these sections speaks for it.
const INCIDENT_KINDS = new Set(['problem', 'root-cause', 'impact'])

function priority(s: Selected): number {
  const i = PRIORITY.indexOf(s.chunk.sectionKind)
  return i < 0 ? PRIORITY.length : i
}

/** Highest `pair(row, j)` over `others`, -Infinity when empty. */
function best(row: number, others: readonly number[], pair: (a: number, b: number) => number): number {
  let max = Number.NEGATIVE_INFINITY
  for (const j of others) max = Math.max(max, pair(row, j))
  return max
}

/**
 * Edge cases among `selected`, given the rows in a kept pattern and each row's echo; in rank
 * order (`rank` 1 = most worth reading).
 * @example edgeCases(selected, new Set([0, 4, 5]), grouping.echo, { pair })
 */
export function edgeCases(
  selected: readonly Selected[],
  inPattern: ReadonlySet<number>,
  echo: ArrayLike<number>,
  options: EdgeOptions = {},
): ComputedEdgeCase[] {
  const maxEcho = options.maxEcho ?? 2
  const maxOwnEcho = options.maxOwnEcho ?? 4.5
  const pair = options.pair
  const customer = (r: number) => selected[r]!.chunk.customer.toLowerCase()
  const better = (a: number, b: number) =>
    (selected[a]!.edge ? 0 : 1) - (selected[b]!.edge ? 0 : 1) ||
    echo[a]! - echo[b]! ||
    priority(selected[a]!) - priority(selected[b]!) ||
    selected[a]!.chunk.chunkId - selected[b]!.chunk.chunkId
  const docsInPatterns = new Set(
    [...inPattern]
      .filter((r) => !REMEDY.has(selected[r]!.chunk.sectionKind))
      .map((r) => selected[r]!.chunk.documentId),
  )
  const members = [...inPattern]
  const rowsOf = new Map<string, number[]>()
  selected.forEach((_, r) => {
    const list = rowsOf.get(customer(r))
    if (list) list.push(r)
    else rowsOf.set(customer(r), [r])
  })
  // A variant of a pattern: as close to another customer's member as members are to each other.
  const lookAlike = (row: number) =>
    pair !== undefined &&
    best(
      row,
      members.filter((m) => customer(m) !== customer(row)),
      pair,
    ) >= maxEcho
  const strongEnough = (s: Selected, row: number) => {
    if (s.edge) return true
    if (s.chunk.type === 'incident') return INCIDENT_KINDS.has(s.chunk.sectionKind)
    if (s.chunk.sectionKind !== 'problem') return false
    if (!pair) return true
    const own = (rowsOf.get(customer(row)) ?? []).filter(
      (j) => selected[j]!.chunk.documentId !== s.chunk.documentId,
    )
    return best(row, own, pair) < maxOwnEcho
  }
  const bestOfDoc = new Map<number, number>()
  selected.forEach((s, row) => {
    if (inPattern.has(row) || echo[row]! >= maxEcho || docsInPatterns.has(s.chunk.documentId)) return
    const current = bestOfDoc.get(s.chunk.documentId)
    if (current !== undefined && better(row, current) >= 0) return
    if (!strongEnough(s, row) || lookAlike(row)) return
    bestOfDoc.set(s.chunk.documentId, row)
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
