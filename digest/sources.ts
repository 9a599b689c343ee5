/**
 * The digest's one window onto mined insights (patterns, edge cases): everything else in `digest/`
 * goes through here, so a change in the insights module touches this file only.
 */
import { getPattern, lastRun, listEdgeCases, listPatterns } from '../insights/read.ts'
import { refreshInsights } from '../insights/refresh.ts'
import { classifyTrend, trendInput } from '../insights/trend.ts'
import type { DigestPeriod } from '../schemas/digest.ts'
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
  trend: 'spike' | 'new' | 'rising' | 'steady' | 'fading'
  firstSeen: string
  lastSeen: string
  rank: number
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
  /** Edge cases dated in the period, newest first, one per document. */
  edgeCases: EdgeCaseFacts[]
}

type Range = Pick<DigestPeriod, 'from' | 'to'>
const inRange = (date: string, r: Range) => date >= r.from && date <= r.to

/** Cross-customer patterns and edge cases relevant to `period`. */
export async function readInsights(db: Queryable, period: Range, maxEdgeCases = 10): Promise<InsightFacts> {
  const run = await lastRun(db)
  if (!run) return { available: false, patterns: [], edgeCases: [] }
  const listed = await listPatterns(db, { from: period.from, to: period.to, minCustomers: 2 })
  const patterns = await Promise.all(
    listed.map(async (p): Promise<PatternFacts> => {
      const { members } = await getPattern(db, p.id)
      const docs = new Set(members.filter((m) => inRange(m.date, period)).map((m) => m.documentId))
      // The trend as it stood at the end of the period, so a digest of a past week says what was
      // rising then, not what is rising at the latest document of the store.
      const occurrences = new Map(members.map((m) => [m.documentId, { date: m.date, customer: m.customer }]))
      const trend = classifyTrend(trendInput([...occurrences.values()], period.to))
      const { id, label, terms, customers, customerCount, documentCount, firstSeen, lastSeen, rank } = p
      const facts = {
        id,
        label,
        terms,
        customers,
        customerCount,
        documentCount,
        trend,
        firstSeen,
        lastSeen,
        rank,
      }
      return { ...facts, periodDocumentCount: docs.size }
    }),
  )
  const seen = new Set<number>()
  const edgeCases = (await listEdgeCases(db, { limit: 1000 }))
    .filter((e) => inRange(e.date, period))
    .sort((a, b) => b.date.localeCompare(a.date) || a.id - b.id)
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
  return { available: true, patterns, edgeCases }
}

/** Recompute the stored patterns and edge cases (the example script runs this after its ingest). */
export async function refreshPatterns(db: Db): Promise<void> {
  await refreshInsights(db)
}
