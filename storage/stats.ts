import type { Queryable } from './db.ts'

/** Store-wide counts for `fieldkb status`, `/api/stats` and the UI. */
export interface StoreStats {
  documents: number
  failed: number
  chunks: number
  customers: number
  byType: Record<string, number>
  embeddingModel: string | null
  lastIngestAt: string | null
}

/** Count what the store holds. */
export async function storeStats(db: Queryable): Promise<StoreStats> {
  const [totals] = await db.query<{
    documents: number
    failed: number
    customers: number
    last: Date | null
  }>(
    `SELECT count(*) FILTER (WHERE status = 'ok')::int AS documents,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            count(DISTINCT customer)::int AS customers,
            max(updated_at) AS last
     FROM documents`,
  )
  const [chunks] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks')
  const types = await db.query<{ type: string; n: number }>(
    "SELECT type, count(*)::int AS n FROM documents WHERE status = 'ok' GROUP BY type ORDER BY type",
  )
  const [model] = await db.query<{ value: { modelId: string } }>(
    "SELECT value FROM store_meta WHERE key = 'embedding_model'",
  )
  return {
    documents: totals?.documents ?? 0,
    failed: totals?.failed ?? 0,
    chunks: chunks?.n ?? 0,
    customers: totals?.customers ?? 0,
    byType: Object.fromEntries(types.map((t) => [t.type, t.n])),
    embeddingModel: model?.value.modelId ?? null,
    lastIngestAt: totals?.last ? new Date(totals.last).toISOString() : null,
  }
}

/** A document that failed to ingest, with its error. */
export interface FailedDocument {
  id: number
  sourcePath: string
  error: string
  updatedAt: string
}

/** Documents whose last ingest failed, newest first. */
export async function failedDocuments(db: Queryable, limit = 100): Promise<FailedDocument[]> {
  const rows = await db.query<{ id: number; source_path: string; error: string; updated_at: Date }>(
    `SELECT id, source_path, error, updated_at FROM documents WHERE status = 'failed'
     ORDER BY updated_at DESC, id DESC LIMIT $1`,
    [limit],
  )
  return rows.map((r) => ({
    id: r.id,
    sourcePath: r.source_path,
    error: r.error,
    updatedAt: new Date(r.updated_at).toISOString(),
  }))
}

/**
 * Refresh planner statistics after bulk writes. PGlite has no autovacuum daemon, so without this
 * the planner keeps guessing on empty-table estimates (measured: hybrid search 2× slower).
 */
export async function analyzeStore(db: Queryable): Promise<void> {
  await db.exec('ANALYZE documents, chunks, term_stats, postings')
}
