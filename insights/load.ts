/** Read what insights need from the store: chunk metadata first, vectors only for chosen chunks. */
import type { Queryable } from '../storage/db.ts'
import { fromVectorText } from '../storage/vector-sql.ts'
import type { InsightChunk } from './types.ts'

/**
 * Every embedded chunk of every ingested document, ordered by chunk id (without vectors, which
 * are the bulk of the data and only needed for the problem-bearing few).
 */
export async function loadChunks(db: Queryable): Promise<InsightChunk[]> {
  return db.query<InsightChunk>(
    `SELECT c.id AS "chunkId", c.document_id AS "documentId", c.ordinal, c.heading_path AS "headingPath",
            c.text, c.token_count AS "tokenCount", d.customer, d.date::text AS date, d.type,
            c.section_kind AS "sectionKind"
     FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE d.status = 'ok' AND c.embedding IS NOT NULL
     ORDER BY c.id`,
  )
}

// Vectors travel as text (pgvector's portable form, identical on PGlite and pg); batches keep one
// result set to a few MB even at 1536 dimensions.
const BATCH = 500

/** The embeddings of `chunkIds`, in the same order. */
export async function loadEmbeddings(db: Queryable, chunkIds: readonly number[]): Promise<Float32Array[]> {
  const byId = new Map<number, Float32Array>()
  for (let i = 0; i < chunkIds.length; i += BATCH) {
    const rows = await db.query<{ id: number; embedding: string }>(
      'SELECT id, embedding::text AS embedding FROM chunks WHERE id = ANY($1::bigint[])',
      [chunkIds.slice(i, i + BATCH)],
    )
    for (const r of rows) byId.set(Number(r.id), Float32Array.from(fromVectorText(r.embedding)))
  }
  return chunkIds.map((id) => {
    const v = byId.get(id)
    if (!v) throw new Error(`chunk ${id} has no embedding`)
    return v
  })
}

/** The latest document date in the store (`YYYY-MM-DD`), or null when it is empty. */
export async function latestDocumentDate(db: Queryable): Promise<string | null> {
  const [row] = await db.query<{ d: string | null }>(
    "SELECT max(date)::text AS d FROM documents WHERE status = 'ok' AND date_source IS DISTINCT FROM 'mtime'",
  )
  return row?.d ?? null
}
