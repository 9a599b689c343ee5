/**
 * The pure insight pipeline: selected problem chunks and their vectors in, ranked patterns and
 * edge cases out. No I/O; the same input always gives the same output.
 */
import { type DescribedGroup, describeGroup } from './describe.ts'
import { edgeCases } from './edge-cases.ts'
import { GROUP_DEFAULTS, type Grouping, type GroupOptions, groupChunks } from './groups.ts'
import { classTerms, type LabelText } from './label.ts'
import { compareText } from './order.ts'
import type { Selected } from './select.ts'
import { pairScore } from './similarity.ts'
import { nameWords } from './terms.ts'
import { genericHeadings, patternTitles, termsTitle } from './title.ts'
import type { ComputedEdgeCase, ComputedPattern } from './types.ts'

/** Options of {@link computeInsights}; every field has a documented default. */
export interface InsightOptions extends GroupOptions {
  /** A group is a pattern when it spans at least this many distinct customers (default 2). */
  minCustomers?: number
  /**
   * …and at least this many documents (default 3): two similar sections are weak evidence (one
   * pair above the threshold happens by chance in any large corpus), three sightings are not.
   */
  minDocuments?: number
  /** Weeks of counts per pattern (default 12). */
  weeks?: number
  /** Date the trend windows end at, `YYYY-MM-DD` (default: the latest date in the input). */
  referenceDate?: string
}

/** The documented defaults of {@link InsightOptions} (the reference date aside). */
export const INSIGHT_DEFAULTS = { ...GROUP_DEFAULTS, minCustomers: 2, minDocuments: 3, weeks: 12 } as const

/** What {@link computeInsights} returns. */
export interface InsightResult {
  patterns: ComputedPattern[]
  edgeCases: ComputedEdgeCase[]
  /** Figures for the run record: input size, groups, the calibration behind the threshold. */
  stats: {
    selected: number
    groups: number
    referenceDate: string | null
    calibration: Grouping['calibration'] | null
  }
}

/** Order: distinct customers desc, then last seen desc (recency), then members desc, then id. */
export function comparePatterns(a: DescribedGroup, b: DescribedGroup): number {
  return (
    b.customerCount - a.customerCount ||
    compareText(b.lastSeen, a.lastSeen) ||
    b.members.length - a.members.length ||
    a.members[0]!.chunkId - b.members[0]!.chunkId
  )
}

/**
 * Patterns (groups spanning ≥ `minCustomers` customers) and edge cases of the selected chunks.
 * `background` adds texts outside the selection to the labels' background class.
 * @example const { patterns } = computeInsights(selectProblemChunks(chunks), vectors, { minCustomers: 3 })
 */
export function computeInsights(
  input: readonly Selected[],
  vectors: readonly ArrayLike<number>[],
  options: InsightOptions = {},
  background: readonly LabelText[] = [],
): InsightResult {
  // Rows in chunk-id order: the result must not depend on the order the caller passed them in.
  const order = input.map((_, i) => i).sort((a, b) => input[a]!.chunk.chunkId - input[b]!.chunk.chunkId)
  const selected = order.map((i) => input[i]!)
  const embeddings = order.map((i) => vectors[i]!)
  const minCustomers = options.minCustomers ?? INSIGHT_DEFAULTS.minCustomers
  const reference = options.referenceDate ?? latest(selected)
  if (selected.length === 0 || reference === null) {
    return {
      patterns: [],
      edgeCases: [],
      stats: { selected: 0, groups: 0, referenceDate: reference, calibration: null },
    }
  }
  const grouping = groupChunks(selected, embeddings, options)
  const minDocuments = options.minDocuments ?? INSIGHT_DEFAULTS.minDocuments
  const kept = grouping.groups.filter(
    (rows) =>
      new Set(rows.map((r) => selected[r]!.chunk.customer.toLowerCase())).size >= minCustomers &&
      new Set(rows.map((r) => selected[r]!.chunk.documentId)).size >= minDocuments,
  )
  const described = kept.map((rows) => ({
    rows,
    group: describeGroup(rows, selected, grouping, reference, options.weeks ?? INSIGHT_DEFAULTS.weeks),
  }))
  described.sort((x, y) => comparePatterns(x.group, y.group))
  const inPattern = new Set(kept.flat())
  const text = (s: Selected): LabelText => ({
    text: [...s.chunk.headingPath.slice(1), s.chunk.text].join('\n'),
    customer: s.chunk.customer,
  })
  const rest = [...selected.filter((_, r) => !inPattern.has(r)).map(text), ...background]
  const classes = described.map((d) => d.rows.map((r) => text(selected[r]!)))
  const terms = classTerms(classes, rest, { top: 5, exclude: nameWords })
  // More terms than are listed help titling tell a focused candidate from a loose one.
  const titleTerms = classTerms(classes, rest, { top: 12, exclude: nameWords }).map((more, i) => [
    ...terms[i]!,
    ...more.filter((t) => !terms[i]!.includes(t)),
  ])
  const fallback = described.map(
    ({ group }, i) =>
      termsTitle(
        terms[i]!,
        classes[i]!.map((t) => t.text),
      ) || group.excerpt.slice(0, 60),
  )
  const titles = patternTitles(
    described.map(({ rows, group }, i) => {
      const fit = new Map(group.members.map((m) => [m.chunkId, m.similarity]))
      return {
        terms: titleTerms[i]!,
        members: rows.map((r) => ({
          ...selected[r]!.chunk,
          similarity: fit.get(selected[r]!.chunk.chunkId) ?? 0,
        })),
      }
    }),
    genericHeadings(selected.map((s) => s.chunk)),
    fallback,
  )
  const patterns = described.map(({ group }, i) => ({
    ...group,
    rank: i + 1,
    label: titles[i]!,
    terms: terms[i]!,
    summary: null,
  }))
  return {
    patterns,
    edgeCases: edgeCases(selected, inPattern, grouping.echo, {
      pair: pairScore(grouping.dense, grouping.lexical, grouping.score),
    }),
    stats: {
      selected: selected.length,
      groups: grouping.groups.length,
      referenceDate: reference,
      calibration: grouping.calibration,
    },
  }
}

function latest(selected: readonly Selected[]): string | null {
  let max: string | null = null
  for (const s of selected) if (max === null || s.chunk.date > max) max = s.chunk.date
  return max
}
