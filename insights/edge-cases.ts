/**
 * One-offs worth knowing: problem sections that ended up in no cross-customer pattern.
 *   - `heading`: a section under an edge-case heading (gotcha, edge case, workaround, caveat,
 *     pitfall, lessons learned) — one entry per section (its first chunk);
 *   - `unmatched`: a document none of whose problem chunks joined a pattern — one entry, its
 *     most telling problem section (root cause first, then problem/issue/symptom, then the rest).
 */
import { excerpt } from './excerpt.ts'
import { compareText } from './order.ts'
import type { Selected } from './select.ts'
import type { ComputedEdgeCase } from './types.ts'

const PRIORITY = [/root\s+cause/i, /problem|issue|symptom|what went wrong/i, /cause|impact|fix|resolution/i]

function priority(heading: string | null): number {
  const i = PRIORITY.findIndex((re) => heading !== null && re.test(heading))
  return i < 0 ? PRIORITY.length : i
}

/**
 * Edge cases among `selected`, given the selected rows that belong to a kept pattern; ordered by
 * customer (case-insensitive), date, document and chunk.
 * @example edgeCases(selected, new Set([0, 4, 5]))
 */
export function edgeCases(selected: readonly Selected[], inPattern: ReadonlySet<number>): ComputedEdgeCase[] {
  const docsInPatterns = new Set([...inPattern].map((r) => selected[r]!.chunk.documentId))
  const sections = new Map<string, number>()
  const bestOfDoc = new Map<number, number>()
  selected.forEach((s, row) => {
    if (inPattern.has(row)) return
    const c = s.chunk
    if (s.edge) {
      // One entry per edge-case section, however many chunks or sub-headings it spans.
      const key = `${c.documentId}\u0000${s.heading}`
      const seen = sections.get(key)
      if (seen === undefined || selected[seen]!.chunk.ordinal > c.ordinal) sections.set(key, row)
      return
    }
    if (docsInPatterns.has(c.documentId)) return
    const best = bestOfDoc.get(c.documentId)
    const rank = (r: number) => [priority(selected[r]!.heading), selected[r]!.chunk.ordinal] as const
    if (best === undefined) bestOfDoc.set(c.documentId, row)
    else {
      const [pa, oa] = rank(row)
      const [pb, ob] = rank(best)
      if (pa < pb || (pa === pb && oa < ob)) bestOfDoc.set(c.documentId, row)
    }
  })
  const entry = (row: number, reason: ComputedEdgeCase['reason']): ComputedEdgeCase => {
    const s = selected[row]!
    return {
      chunkId: s.chunk.chunkId,
      documentId: s.chunk.documentId,
      customer: s.chunk.customer,
      reason,
      heading: s.heading ?? s.chunk.headingPath.at(-1) ?? null,
      excerpt: excerpt(s.chunk.text),
      date: s.chunk.date,
    }
  }
  const out = [
    ...[...sections.values()].map((r) => entry(r, 'heading')),
    ...[...bestOfDoc.values()].map((r) => entry(r, 'unmatched')),
  ]
  return out.sort(
    (a, b) =>
      compareText(a.customer.toLowerCase(), b.customer.toLowerCase()) ||
      compareText(a.date, b.date) ||
      a.documentId - b.documentId ||
      a.chunkId - b.chunkId,
  )
}
