/** Named queries for chunk vectors: what a re-embed reads and writes. */
import type { Queryable } from './db.ts'
import { toVectorParam } from './vector-sql.ts'

/** A chunk still without a vector, with what its embedding text is built from. */
export interface UnembeddedChunk {
  id: number
  title: string
  customer: string
  heading_path: string[]
  text: string
}

/** How many chunks have no vector yet. */
export async function countUnembedded(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks WHERE embedding IS NULL')
  return rows[0]?.n ?? 0
}

/** The first `limit` chunks (by id) without a vector. */
export async function unembeddedChunks(db: Queryable, limit: number): Promise<UnembeddedChunk[]> {
  return db.query<UnembeddedChunk>(
    `SELECT c.id, d.title, d.customer, c.heading_path, c.text FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE c.embedding IS NULL ORDER BY c.id LIMIT $1`,
    [limit],
  )
}

/** Store one vector per chunk id in a single statement. */
export async function setChunkVectors(db: Queryable, ids: readonly number[], vectors: readonly number[][]) {
  await db.query(
    `UPDATE chunks c SET embedding = v.embedding::vector
     FROM unnest($1::bigint[], $2::text[]) AS v(id, embedding) WHERE c.id = v.id`,
    [ids, vectors.map((v) => toVectorParam(v))],
  )
}
