/** Read the stored insights: pattern listings, one pattern with its members, edge cases, last run. */
import { NotFoundError } from '../lib/errors.ts'
import type { TokenScope } from '../schemas/governance.ts'
import type {
  EdgeCase,
  InsightRun,
  PatternDetail,
  PatternMemberDoc,
  PatternSummary,
} from '../schemas/insights.ts'
import type { Queryable } from '../storage/db.ts'
import { inScope, scopeSql } from '../storage/scope.ts'

/** Filters of {@link listPatterns}. */
export interface PatternFilter {
  /** Only patterns with a member dated on or after this day (`YYYY-MM-DD`). */
  from?: string
  /** Only patterns with a member dated on or before this day. */
  to?: string
  /** Only patterns spanning at least this many customers. */
  minCustomers?: number
  /**
   * The caller's token scope. Patterns still count every customer, but their excerpt and summary
   * come only from members the scope may read (the best such member's text when some are hidden).
   */
  scope?: TokenScope
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
  const scoped = scopeSql(filter.scope, 4)
  const rows = await db.query<SummaryRow>(
    `WITH listed AS (SELECT ${SUMMARY_COLUMNS} FROM patterns p
     WHERE p.customer_count >= $1
       AND ($2::date IS NULL OR p.last_seen >= $2::date)
       AND ($3::date IS NULL OR p.first_seen <= $3::date)
       AND ($2::date IS NULL AND $3::date IS NULL OR EXISTS (
             SELECT 1 FROM pattern_members m JOIN chunks c ON c.id = m.chunk_id WHERE m.pattern_id = p.id
               AND ($2::date IS NULL OR m.date >= $2::date) AND ($3::date IS NULL OR m.date <= $3::date))))
     ${scoped.params.length === 0 ? 'SELECT * FROM listed' : SCOPED_EXCERPT.replaceAll('$SCOPE', () => scoped.sql)}
     ORDER BY rank`,
    [filter.minCustomers ?? 1, filter.from ?? null, filter.to ?? null, ...scoped.params],
  )
  return rows.map(summary)
}

// A pattern with a hidden member (another customer's confidential document, or any other
// customer's for `others: none`) shows the text of its best visible member instead of its stored
// excerpt and summary, which may quote the hidden one.
const SCOPED_EXCERPT = `, hidden AS (
       SELECT m.pattern_id, bool_or(NOT ($SCOPE)) AS any_hidden
       FROM pattern_members m JOIN documents d ON d.id = m.document_id GROUP BY m.pattern_id
     )
     SELECT l.id, l.rank, l.label, l.terms,
       CASE WHEN h.any_hidden THEN NULL ELSE l.summary END AS summary,
       CASE WHEN h.any_hidden THEN coalesce((
         SELECT left(c.text, 280) FROM pattern_members m JOIN chunks c ON c.id = m.chunk_id
           JOIN documents d ON d.id = m.document_id
         WHERE m.pattern_id = l.id AND $SCOPE ORDER BY m.similarity DESC, m.chunk_id LIMIT 1), '')
         ELSE l.excerpt END AS excerpt,
       l.customers, l."customerCount", l."documentCount", l."firstSeen", l."lastSeen", l.trend,
       l."weeklyCounts", l."computedAt"
     FROM listed l LEFT JOIN hidden h ON h.pattern_id = l.id`

/**
 * One pattern with its members (chunk, heading path and document), members by date.
 * Throws `NotFoundError` when no pattern has this id.
 */
export async function getPattern(db: Queryable, id: string, scope?: TokenScope): Promise<PatternDetail> {
  const [row] = await db.query<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM patterns p WHERE p.id = $1`, [id])
  if (!row) {
    throw new NotFoundError(`no pattern ${id}`, {
      hint: 'a pattern keeps its id while most of its documents stay; this one is gone, list them again',
    })
  }
  const scoped = scopeSql(scope, 2)
  const members = await db.query<PatternMemberDoc>(
    `SELECT m.chunk_id AS "chunkId", c.heading_path AS "headingPath", m.similarity::float8 AS similarity,
            d.id AS "documentId", d.title, d.source_path AS "sourcePath", d.customer, d.date::text AS date
     FROM pattern_members m JOIN chunks c ON c.id = m.chunk_id JOIN documents d ON d.id = m.document_id
     WHERE m.pattern_id = $1 AND ${scoped.sql}
     ORDER BY d.date, m.chunk_id`,
    [id, ...scoped.params],
  )
  if (scoped.params.length === 0) return { ...summary(row), members }
  const [listed] = (await listPatterns(db, { scope })).filter((p) => p.id === id)
  return { ...summary(row), ...(listed ? { summary: listed.summary, excerpt: listed.excerpt } : {}), members }
}

/**
 * Edge cases, per customer (case-insensitive order), then by date.
 * @example await listEdgeCases(db, { customer: 'kestrel freight' })
 */
export async function listEdgeCases(
  db: Queryable,
  filter: { customer?: string; limit?: number; scope?: TokenScope } = {},
): Promise<EdgeCase[]> {
  const scoped = scopeSql(filter.scope, 3)
  // As for search filters: another customer's real name must not tell a pseudonymous viewer which pseudonym it is.
  if (filter.customer && filter.scope?.others === 'pseudonymous' && !inScope(filter.scope, filter.customer))
    return []
  return db.query<EdgeCase>(
    `SELECT e.id, e.chunk_id AS "chunkId", e.document_id AS "documentId", d.title, d.source_path AS "sourcePath",
            e.customer, e.reason, e.heading, e.excerpt, e.date::text AS date, e.rank
     FROM edge_cases e JOIN chunks c ON c.id = e.chunk_id JOIN documents d ON d.id = c.document_id
     WHERE ($1::text IS NULL OR lower(e.customer) = lower($1::text)) AND ${scoped.sql}
     ORDER BY lower(e.customer), e.date, e.id
     LIMIT $2`,
    [filter.customer ?? null, filter.limit ?? 200, ...scoped.params],
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
