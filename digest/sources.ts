/**
 * The digest's one window onto mined insights (patterns, edge cases): everything else in `digest/`
 * goes through here, so a change in the insights module touches this file only.
 */
import { distinctCustomers } from '../insights/describe.ts'
import { getPattern, lastRun, listEdgeCases, listPatterns } from '../insights/read.ts'
import { refreshInsights } from '../insights/refresh.ts'
import { classifyTrend, trendInput } from '../insights/trend.ts'
import type { DigestPeriod } from '../schemas/digest.ts'
import type { TokenScope } from '../schemas/governance.ts'
import type { Db, Queryable } from '../storage/db.ts'

/** A pattern as the digest needs it, with its activity inside the period. */
export interface PatternFacts {
  id: string
  label: string
  terms: string[]
  customers: string[]
  customerCount: number
  documentCount: number
  /** Distinct documents of the pattern dated inside the period. */
  periodDocumentCount: number
  /** …and inside the period of the same length just before. */
  previousPeriodDocumentCount: number
  trend: 'spike' | 'new' | 'rising' | 'steady' | 'fading'
  firstSeen: string
  lastSeen: string
  rank: number
  /** Member documents dated up to the end of the period, newest first (for the fix line). */
  documentIds: number[]
}

/** An edge case with its document's title. */
export interface EdgeCaseFacts {
  documentId: number
  title: string
  customer: string
  date: string
  heading: string | null
  excerpt: string
}

/** What insights contribute to a digest; `available` is false until insights were refreshed once. */
export interface InsightFacts {
  available: boolean
  /** Patterns at ≥ 2 customers with a member dated in the period, by rank. */
  patterns: PatternFacts[]
  /** Patterns at ≥ 2 customers spiking, new or rising at the end of the period, most customers first. */
  rising: PatternFacts[]
  /** Edge cases dated in the period, best ranked first, one per document. */
  edgeCases: EdgeCaseFacts[]
  /** Patterns at ≥ 2 customers with a member dated in the previous period. */
  previousActive: number
}

type Range = Pick<DigestPeriod, 'from' | 'to'>
const inRange = (date: string, r: Range) => date >= r.from && date <= r.to
const UP = new Set(['spike', 'new', 'rising'])

/** Cross-customer patterns and edge cases relevant to `period` (`previous`: the period before it). */
export async function readInsights(
  db: Queryable,
  period: Range,
  previous: Range,
  maxEdgeCases = 10,
  scope?: TokenScope,
): Promise<InsightFacts> {
  const run = await lastRun(db)
  if (!run) return { available: false, patterns: [], rising: [], edgeCases: [], previousActive: 0 }
  // Everything seen by the end of the period: a digest of a past week describes that week.
  const listed = await listPatterns(db, { to: period.to, minCustomers: 2 })
  const all = await Promise.all(
    listed.map(async (p): Promise<PatternFacts & { active: boolean }> => {
      const members = (await getPattern(db, p.id)).members.filter((m) => m.date <= period.to)
      // Counts cover every customer; the documents a digest points at only those the scope may read.
      const visible = scope
        ? new Set((await getPattern(db, p.id, scope)).members.map((m) => m.documentId))
        : null
      const docs = (r: Range) =>
        new Set(members.filter((m) => inRange(m.date, r)).map((m) => m.documentId)).size
      const occurrences = new Map(members.map((m) => [m.documentId, { date: m.date, customer: m.customer }]))
      const customers = distinctCustomers(members.map((m) => m.customer))
      const dates = members.map((m) => m.date).sort()
      const byDate = [...occurrences].sort((a, b) => b[1].date.localeCompare(a[1].date) || a[0] - b[0])
      return {
        id: p.id,
        label: p.label,
        terms: p.terms,
        customers,
        customerCount: customers.length,
        documentCount: occurrences.size,
        periodDocumentCount: docs(period),
        previousPeriodDocumentCount: docs(previous),
        trend: classifyTrend(trendInput([...occurrences.values()], period.to)),
        firstSeen: dates[0] ?? p.firstSeen,
        lastSeen: dates.at(-1) ?? p.lastSeen,
        rank: p.rank,
        documentIds: byDate.map(([id]) => Number(id)).filter((id) => !visible || visible.has(id)),
        active: docs(period) > 0,
      }
    }),
  )
  const strip = ({ active: _, ...facts }: PatternFacts & { active: boolean }): PatternFacts => facts
  const patterns = all.filter((p) => p.active && p.customerCount >= 2).map(strip)
  const rising = all
    .filter((p) => UP.has(p.trend) && p.customerCount >= 2)
    .sort((a, b) => b.customerCount - a.customerCount || a.rank - b.rank)
    .map(strip)
  const seen = new Set<number>()
  const edgeCases = (await listEdgeCases(db, { limit: 1000, ...(scope ? { scope } : {}) }))
    .filter((e) => inRange(e.date, period))
    // Most worth reading first (the refresh's rank), then newest.
    .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || b.date.localeCompare(a.date) || a.id - b.id)
    // One per document: a digest points at the report, the web UI lists every section.
    .filter((e) => !seen.has(e.documentId) && Boolean(seen.add(e.documentId)))
    .slice(0, maxEdgeCases)
    .map(({ documentId, title, customer, date, heading, excerpt }) => ({
      documentId,
      title,
      customer,
      date,
      heading,
      excerpt,
    }))
  const previousActive = all.filter((p) => p.previousPeriodDocumentCount > 0 && p.customerCount >= 2).length
  return { available: true, patterns, rising, edgeCases, previousActive }
}

/** Recompute the stored patterns and edge cases (the example script runs this after its ingest). */
export async function refreshPatterns(db: Db): Promise<void> {
  await refreshInsights(db)
}
