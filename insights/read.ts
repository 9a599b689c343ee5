/** Read the stored insights: pattern listings, one pattern with its members, edge cases, last run. */
import { NotFoundError } from '../lib/errors.ts'
import type {
  EdgeCase,
  InsightRun,
  PatternDetail,
  PatternMemberDoc,
  PatternSummary,
} from '../schemas/insights.ts'
import type { Queryable } from '../storage/db.ts'

/** Filters of {@link listPatterns}. */
export interface PatternFilter {
  /** Only patterns with a member dated on or after this day (`YYYY-MM-DD`). */
  from?: string
  /** Only patterns with a member dated on or before this day. */
  to?: string
  /** Only patterns spanning at least this many customers. */
  minCustomers?: number
}

const SUMMARY_COLUMNS = `p.id, p.rank, p.label, p.terms, p.summary, p.excerpt, p.customers,
  p.customer_count AS "customerCount", p.document_count AS "documentCount",
  p.first_seen::text AS "firstSeen", p.last_seen::text AS "lastSeen", p.trend,
  p.weekly_counts AS "weeklyCounts", p.computed_at AS "computedAt"`

type SummaryRow = Omit<PatternSummary, 'computedAt'> & { computedAt: Date | string }

function summary(row: SummaryRow): PatternSummary {
  return { ...row, computedAt: new Date(row.computedAt).toISOString() }
}

/**
 * Patterns in rank order, optionally limited to those active in a date range and to a minimum
 * number of customers.
 * @example await listPatterns(db, { from: '2026-10-01', minCustomers: 3 })
 */
export async function listPatterns(db: Queryable, filter: PatternFilter = {}): Promise<PatternSummary[]> {
  const rows = await db.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM patterns p
     WHERE p.customer_count >= $1
       AND ($2::date IS NULL OR p.last_seen >= $2::date)
       AND ($3::date IS NULL OR p.first_seen <= $3::date)
       AND ($2::date IS NULL AND $3::date IS NULL OR EXISTS (
             SELECT 1 FROM pattern_members m JOIN chunks c ON c.id = m.chunk_id WHERE m.pattern_id = p.id
               AND ($2::date IS NULL OR m.date >= $2::date) AND ($3::date IS NULL OR m.date <= $3::date)))
     ORDER BY p.rank`,
    [filter.minCustomers ?? 1, filter.from ?? null, filter.to ?? null],
  )
  return rows.map(summary)
}

/**
 * One pattern with its members (chunk, heading path and document), members by date.
 * Throws `NotFoundError` when no pattern has this id.
 */
export async function getPattern(db: Queryable, id: string): Promise<PatternDetail> {
  const [row] = await db.query<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM patterns p WHERE p.id = $1`, [id])
  if (!row) {
    throw new NotFoundError(`no pattern ${id}`, {
      hint: 'a pattern keeps its id while most of its documents stay; this one is gone, list them again',
    })
  }
  const members = await db.query<PatternMemberDoc>(
    `SELECT m.chunk_id AS "chunkId", c.heading_path AS "headingPath", m.similarity::float8 AS similarity,
            d.id AS "documentId", d.title, d.source_path AS "sourcePath", d.customer, d.date::text AS date
     FROM pattern_members m JOIN chunks c ON c.id = m.chunk_id JOIN documents d ON d.id = m.document_id
     WHERE m.pattern_id = $1
     ORDER BY d.date, m.chunk_id`,
    [id],
  )
  return { ...summary(row), members }
}

/**
 * Edge cases, per customer (case-insensitive order), then by date.
 * @example await listEdgeCases(db, { customer: 'kestrel freight' })
 */
export async function listEdgeCases(
  db: Queryable,
  filter: { customer?: string; limit?: number } = {},
): Promise<EdgeCase[]> {
  return db.query<EdgeCase>(
    `SELECT e.id, e.chunk_id AS "chunkId", e.document_id AS "documentId", d.title, d.source_path AS "sourcePath",
            e.customer, e.reason, e.heading, e.excerpt, e.date::text AS date, e.rank
     FROM edge_cases e JOIN chunks c ON c.id = e.chunk_id JOIN documents d ON d.id = c.document_id
     WHERE $1::text IS NULL OR lower(e.customer) = lower($1::text)
     ORDER BY lower(e.customer), e.date, e.id
     LIMIT $2`,
    [filter.customer ?? null, filter.limit ?? 200],
  )
}

/** The most recent refresh, or null before the first one. */
export async function lastRun(db: Queryable): Promise<InsightRun | null> {
  const [row] = await db.query<
    Omit<InsightRun, 'startedAt' | 'finishedAt'> & { startedAt: Date; finishedAt: Date }
  >(
    `SELECT id, started_at AS "startedAt", finished_at AS "finishedAt", input_hash AS "inputHash", params, counts
     FROM insight_runs ORDER BY id DESC LIMIT 1`,
  )
  if (!row) return null
  return {
    ...row,
    startedAt: new Date(row.startedAt).toISOString(),
    finishedAt: new Date(row.finishedAt).toISOString(),
  }
}
