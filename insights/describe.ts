/**
 * Facts about one group of chunks: who and when, weekly counts and trend, how close each member is
 * to the centre, and which member best represents it.
 */
import { sha256 } from '../lib/hash.ts'
import { dotWith } from './dense.ts'
import { excerpt } from './excerpt.ts'
import type { Grouping } from './groups.ts'
import { sparseAdd, sparseDot } from './lexical.ts'
import { compareText } from './order.ts'
import type { Selected } from './select.ts'
import { classifyTrend, trendInput, weeklyCounts } from './trend.ts'
import type { ComputedPattern, PatternMember } from './types.ts'

/** A pattern before it is labelled and ranked. */
export type DescribedGroup = Omit<ComputedPattern, 'rank' | 'label' | 'terms' | 'summary'>

/**
 * Distinct customers of `rows`, compared case-insensitively; each shown in its most frequent spelling.
 * @example distinctCustomers(['Acme', 'ACME', 'acme', 'Globex']) // ['acme', 'Globex'] (ties: smallest)
 */
export function distinctCustomers(names: readonly string[]): string[] {
  const spellings = new Map<string, Map<string, number>>()
  for (const name of names) {
    const key = name.toLowerCase()
    const forms = spellings.get(key) ?? new Map<string, number>()
    forms.set(name, (forms.get(name) ?? 0) + 1)
    spellings.set(key, forms)
  }
  return [...spellings.entries()]
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([, forms]) => [...forms].sort((x, y) => y[1] - x[1] || compareText(x[0], y[0]))[0]![0])
}

/** A stable id for a set of chunks: the same members always get the same id across refreshes. */
export function patternId(chunkIds: readonly number[]): string {
  return sha256([...chunkIds].sort((a, b) => a - b).join(',')).slice(0, 16)
}

/**
 * Describe group `rows` of `selected` (a grouping's rows) relative to `reference` (`YYYY-MM-DD`).
 * @example describeGroup([0, 3, 7], selected, grouping, '2026-11-20', 12)
 */
export function describeGroup(
  rows: readonly number[],
  selected: readonly Selected[],
  grouping: Grouping,
  reference: string,
  weeks: number,
): DescribedGroup {
  const { dense, lexical, score } = grouping
  const chunks = rows.map((r) => selected[r]!.chunk)
  const docDates = new Map(chunks.map((c) => [c.documentId, c.date]))
  const dates = [...docDates.values()].sort(compareText)
  const centre = new Float32Array(dense.dim)
  let lexSum = { ids: new Int32Array(0), weights: new Float64Array(0) } as (typeof lexical)[number]
  for (const r of rows) {
    for (let k = 0; k < dense.dim; k += 1) centre[k]! += dense.data[r * dense.dim + k]! / rows.length
    lexSum = sparseAdd(lexSum, lexical[r]!)
  }
  // Representative: the member with the best mean score against all members (the medoid, via
  // the centroid, since the score is affine).
  const fit = rows.map((r) => score(dotWith(dense, r, centre), sparseDot(lexical[r]!, lexSum) / rows.length))
  let best = 0
  for (let i = 1; i < rows.length; i += 1) if (fit[i]! > fit[best]!) best = i
  let norm = 0
  for (let k = 0; k < dense.dim; k += 1) norm += centre[k]! ** 2
  norm = Math.sqrt(norm) || 1
  const members: PatternMember[] = rows.map((r, i) => ({
    chunkId: chunks[i]!.chunkId,
    documentId: chunks[i]!.documentId,
    customer: chunks[i]!.customer,
    date: chunks[i]!.date,
    similarity: Math.round((dotWith(dense, r, centre) / norm) * 1e4) / 1e4,
  }))
  members.sort((a, b) => compareText(a.date, b.date) || a.chunkId - b.chunkId)
  const customers = distinctCustomers(chunks.map((c) => c.customer))
  return {
    id: patternId(members.map((m) => m.chunkId)),
    excerpt: excerpt(chunks[best]!.text),
    customers,
    customerCount: customers.length,
    documentCount: docDates.size,
    firstSeen: dates[0]!,
    lastSeen: dates.at(-1)!,
    trend: classifyTrend(
      trendInput(
        [...new Map(chunks.map((c) => [c.documentId, { date: c.date, customer: c.customer }])).values()],
        reference,
      ),
    ),
    weeklyCounts: weeklyCounts(dates, reference, weeks),
    members,
  }
}
