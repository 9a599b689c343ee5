/** Whether the stored insights still describe the documents (for `fieldkb status`). */
import type { Queryable } from '../storage/db.ts'

/** When insights were last refreshed and whether documents changed since. */
export interface InsightsFreshness {
  lastRefreshAt: string | null
  stale: boolean
  /** Why they are stale, in words; null when fresh. */
  reason: string | null
}

/**
 * Compare the last refresh with the documents: stale when a document was added or changed after
 * it started, or when the chunks it would read differ in number (a document deleted or failed).
 */
export async function insightsFreshness(db: Queryable): Promise<InsightsFreshness> {
  const [row] = await db.query<{
    refreshed: Date | null
    run_chunks: number | null
    changed: Date | null
    chunks: number
  }>(
    `SELECT r.started_at AS refreshed, (r.counts->>'chunks')::int AS run_chunks,
            (SELECT max(updated_at) FROM documents WHERE status = 'ok') AS changed,
            (SELECT count(*)::int FROM chunks c JOIN documents d ON d.id = c.document_id
              WHERE d.status = 'ok' AND c.embedding IS NOT NULL) AS chunks
     FROM (SELECT 1) AS one
     LEFT JOIN LATERAL (SELECT started_at, counts FROM insight_runs ORDER BY id DESC LIMIT 1) r ON true`,
  )
  const refreshed = row?.refreshed ? new Date(row.refreshed) : null
  const changed = row?.changed ? new Date(row.changed) : null
  let reason: string | null = null
  if (!refreshed) {
    if (changed) reason = 'never computed'
  } else if (changed && changed > refreshed) {
    reason = `documents changed at ${changed.toISOString()}, after the last refresh`
  } else if (row?.run_chunks != null && row.run_chunks !== row.chunks) {
    reason = `documents were removed since the last refresh (${row.run_chunks} → ${row.chunks} chunks)`
  }
  return { lastRefreshAt: refreshed?.toISOString() ?? null, stale: reason !== null, reason }
}
