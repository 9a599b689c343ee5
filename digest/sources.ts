/**
 * The digest's one window onto mined insights (patterns, edge cases): everything else in `digest/`
 * goes through here, so a change in the insights module touches this file only.
 */
import type { DigestPeriod } from '../schemas/digest.ts'
import type { Queryable } from '../storage/db.ts'

/** A pattern as the digest needs it, with its activity inside the period. */
export interface PatternFacts {
  id: string
  label: string
  terms: string[]
  customers: string[]
  customerCount: number
  documentCount: number
  periodDocumentCount: number
  trend: 'new' | 'rising' | 'steady' | 'fading'
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
  /** Patterns at ≥ 2 customers with a member dated in the period or first seen in it, by rank. */
  patterns: PatternFacts[]
  edgeCases: EdgeCaseFacts[]
}

async function tablesExist(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ ok: boolean }>(
    `SELECT to_regclass('patterns') IS NOT NULL AND to_regclass('pattern_members') IS NOT NULL
            AND to_regclass('edge_cases') IS NOT NULL AND to_regclass('insight_runs') IS NOT NULL AS ok`,
  )
  return row?.ok === true
}

/** Cross-customer patterns and edge cases relevant to `period`. */
export async function readInsights(
  db: Queryable,
  period: Pick<DigestPeriod, 'from' | 'to'>,
  limits = { edgeCases: 10 },
): Promise<InsightFacts> {
  if (!(await tablesExist(db))) return { available: false, patterns: [], edgeCases: [] }
  const range = [period.from, period.to]
  const [patterns, edgeCases, [mined]] = await Promise.all([
    db.query<PatternFacts>(
      `SELECT p.id, p.label, p.terms, p.customers, p.customer_count AS "customerCount",
              p.document_count AS "documentCount", p.trend, p.rank,
              p.first_seen::text AS "firstSeen", p.last_seen::text AS "lastSeen",
              count(DISTINCT m.document_id) FILTER (WHERE m.date BETWEEN $1::date AND $2::date)::int
                AS "periodDocumentCount"
       FROM patterns p LEFT JOIN pattern_members m ON m.pattern_id = p.id
       WHERE p.customer_count >= 2
       GROUP BY p.id
       HAVING bool_or(m.date BETWEEN $1::date AND $2::date) OR p.first_seen BETWEEN $1::date AND $2::date
       ORDER BY p.rank, p.id`,
      range,
    ),
    db.query<EdgeCaseFacts>(
      `SELECT e.document_id AS "documentId", d.title, e.customer, e.date::text AS date, e.heading, e.excerpt
       FROM edge_cases e JOIN documents d ON d.id = e.document_id
       WHERE e.date BETWEEN $1::date AND $2::date
       ORDER BY e.date DESC, e.chunk_id
       LIMIT $3`,
      [...range, limits.edgeCases],
    ),
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM insight_runs'),
  ])
  return {
    available: (mined?.n ?? 0) > 0,
    patterns,
    edgeCases: edgeCases.map((e) => ({ ...e, documentId: Number(e.documentId) })),
  }
}
