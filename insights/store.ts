/** Write a computed set of patterns and edge cases, replacing the previous set atomically. */
import type { Db, Queryable } from '../storage/db.ts'
import type { PreviousPattern } from './identity.ts'
import type { ComputedEdgeCase, ComputedPattern } from './types.ts'
import { carryWorkflows } from './workflow-store.ts'

// Arbitrary constant: concurrent refreshes (an ingest hook and a CLI run) queue on it instead of
// interleaving their DELETE/INSERT of the same ids.
const REFRESH_LOCK = 7_413_004

/** What the run record stores besides the results. */
export interface RunRecord {
  startedAt: Date
  inputHash: string
  params: Record<string, unknown>
  counts: Record<string, unknown>
}

/**
 * Replace all patterns, members and edge cases with `patterns`/`edgeCases` and record the run, in
 * one transaction. Rows go in as one JSON parameter per table (`jsonb_to_recordset`), so a
 * refresh is a handful of statements whatever its size. Members and edge cases whose chunk was
 * deleted since the computation (an ingest running meanwhile) are skipped. `lineage` (new id →
 * predecessor ids, from `predecessors()`) carries workflow annotations to split or merged patterns;
 * the workflow tables themselves are never cleared. Returns the run id.
 */
export async function writeInsights(
  db: Db,
  patterns: readonly ComputedPattern[],
  edgeCases: readonly ComputedEdgeCase[],
  run: RunRecord,
  lineage: ReadonlyMap<string, readonly string[]> = new Map(),
): Promise<number> {
  const patternRows = patterns.map((p) => ({
    id: p.id,
    label: p.label,
    terms: p.terms,
    excerpt: p.excerpt,
    summary: p.summary,
    customers: p.customers,
    customer_count: p.customerCount,
    document_count: p.documentCount,
    first_seen: p.firstSeen,
    last_seen: p.lastSeen,
    trend: p.trend,
    weekly_counts: p.weeklyCounts,
    rank: p.rank,
  }))
  const memberRows = patterns.flatMap((p) =>
    p.members.map((m) => ({ pattern_id: p.id, chunk_id: m.chunkId, similarity: m.similarity })),
  )
  const edgeRows = edgeCases.map((e) => ({
    chunk_id: e.chunkId,
    reason: e.reason,
    heading: e.heading,
    excerpt: e.excerpt,
    rank: e.rank,
  }))
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK])
    const labels = new Map(
      (await tx.query<{ id: string; label: string }>('SELECT id, label FROM patterns')).map((r) => [
        r.id,
        r.label,
      ]),
    )
    await tx.query('DELETE FROM pattern_members')
    await tx.query('DELETE FROM patterns')
    await tx.query('DELETE FROM edge_cases')
    await tx.query(
      `INSERT INTO patterns (id, label, terms, excerpt, summary, customers, customer_count, document_count,
                             first_seen, last_seen, trend, weekly_counts, rank)
       SELECT r.id, r.label, ARRAY(SELECT jsonb_array_elements_text(r.terms)), r.excerpt, r.summary,
              ARRAY(SELECT jsonb_array_elements_text(r.customers)), r.customer_count, r.document_count,
              r.first_seen, r.last_seen, r.trend, r.weekly_counts, r.rank
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, label text, terms jsonb, excerpt text, summary text,
            customers jsonb, customer_count int, document_count int, first_seen date, last_seen date,
            trend text, weekly_counts jsonb, rank int)`,
      [JSON.stringify(patternRows)],
    )
    // Customer and date come from the document as it is now, not as it was when computed.
    await tx.query(
      `INSERT INTO pattern_members (pattern_id, chunk_id, document_id, customer, date, similarity)
       SELECT r.pattern_id, c.id, d.id, d.customer, d.date, r.similarity
       FROM jsonb_to_recordset($1::jsonb) AS r(pattern_id text, chunk_id bigint, similarity real)
       JOIN chunks c ON c.id = r.chunk_id JOIN documents d ON d.id = c.document_id`,
      [JSON.stringify(memberRows)],
    )
    await tx.query(
      `INSERT INTO edge_cases (chunk_id, document_id, customer, reason, heading, excerpt, date, rank)
       SELECT c.id, d.id, d.customer, r.reason, r.heading, r.excerpt, d.date, r.rank
       FROM jsonb_to_recordset($1::jsonb) AS r(chunk_id bigint, reason text, heading text, excerpt text, rank int)
       JOIN chunks c ON c.id = r.chunk_id JOIN documents d ON d.id = c.document_id
       ORDER BY lower(d.customer), d.date, d.id, c.id`,
      [JSON.stringify(edgeRows)],
    )
    await carryWorkflows(tx, lineage, labels)
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO insight_runs (started_at, finished_at, input_hash, params, counts)
       VALUES ($1, now(), $2, $3::jsonb, $4::jsonb) RETURNING id`,
      [run.startedAt.toISOString(), run.inputHash, JSON.stringify(run.params), JSON.stringify(run.counts)],
    )
    return Number(row!.id)
  })
}

/** The stored patterns with their member documents (for {@link import('./identity.ts').keepIds}). */
export async function storedPatterns(db: Queryable): Promise<PreviousPattern[]> {
  const rows = await db.query<{ id: string; documentIds: (number | string)[] }>(
    `SELECT p.id, array_agg(DISTINCT m.document_id ORDER BY m.document_id) AS "documentIds"
     FROM patterns p JOIN pattern_members m ON m.pattern_id = p.id
     GROUP BY p.id ORDER BY p.id`,
  )
  return rows.map((r) => ({ id: r.id, documentIds: r.documentIds.map(Number) }))
}
