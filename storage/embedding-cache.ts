import type { Queryable } from './db.ts'
import { fromVectorText, toVectorParam } from './vector-sql.ts'

/** Cached vectors for `hashes` under `modelId`, keyed by input hash (misses are absent). */
export async function getCachedEmbeddings(
  db: Queryable,
  modelId: string,
  hashes: string[],
): Promise<Map<string, number[]>> {
  if (hashes.length === 0) return new Map()
  const rows = await db.query<{ input_hash: string; embedding: string }>(
    'SELECT input_hash, embedding::text AS embedding FROM embedding_cache WHERE model_id = $1 AND input_hash = ANY($2::text[])',
    [modelId, hashes],
  )
  return new Map(rows.map((r) => [r.input_hash, fromVectorText(r.embedding)]))
}

/** Remember vectors for input hashes (existing entries are kept). */
export async function putCachedEmbeddings(
  db: Queryable,
  modelId: string,
  entries: { hash: string; embedding: ArrayLike<number> }[],
): Promise<void> {
  // Key order: two writers inserting overlapping keys then wait for each other in one direction
  // only, never in a cycle.
  const sorted = [...entries].sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0))
  for (let start = 0; start < sorted.length; start += 500) {
    const batch = sorted.slice(start, start + 500)
    const params: unknown[] = [modelId]
    const tuples = batch.map((e) => {
      params.push(e.hash, toVectorParam(e.embedding))
      return `($1, $${params.length - 1}, $${params.length}::vector)`
    })
    await db.query(
      `INSERT INTO embedding_cache (model_id, input_hash, embedding) VALUES ${tuples.join(', ')}
       ON CONFLICT (model_id, input_hash) DO NOTHING`,
      params,
    )
  }
}
