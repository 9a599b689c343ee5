import { NotFoundError } from '../lib/errors.ts'
import type { TokenScope } from '../schemas/governance.ts'
import type { SimilarHit } from '../schemas/search.ts'
import type { Db } from '../storage/db.ts'
import { knn } from '../storage/knn.ts'
import { scopeSql } from '../storage/scope.ts'
import { fromVectorText } from '../storage/vector-sql.ts'
import { hydrate } from './hydrate.ts'
import type { SearchDeps } from './types.ts'

/**
 * The chunks nearest to `vector` at customers other than `customer`, best chunk per document, at
 * most `k`, leaving out `excludeDocumentId`. `pool` neighbours are fetched before de-duplication.
 */
async function nearestElsewhere(
  db: Db,
  vector: number[],
  options: {
    customer: string | null
    k: number
    pool: number
    excludeDocumentId?: number
    scope?: TokenScope
  },
): Promise<SimilarHit[]> {
  const hits = await knn(db, vector, options.pool, {
    ...(options.customer ? { excludeCustomers: [options.customer] } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
  })
  const seen = new Set<number>(options.excludeDocumentId === undefined ? [] : [options.excludeDocumentId])
  const best = hits.filter((h) => !seen.has(h.documentId) && seen.add(h.documentId)).slice(0, options.k)
  const distance = new Map(best.map((h) => [h.chunkId, h.distance]))
  const hydrated = await hydrate(
    db,
    best.map((h) => h.chunkId),
    '',
  )
  return hydrated.map((h) => {
    const similarity = 1 - distance.get(h.chunkId)!
    return { ...h, score: similarity, similarity }
  })
}

/**
 * "Seen elsewhere": the chunks most similar to a chunk, at customers other than its own, best
 * chunk per document. Throws `NotFoundError` when the chunk does not exist or is outside `deps.scope`.
 */
export async function similarTo(deps: SearchDeps, target: { chunkId: number }, k = 5): Promise<SimilarHit[]> {
  const scoped = scopeSql(deps.scope, 2)
  const rows = await deps.db.query<{ embedding: string | null; customer: string }>(
    `SELECT c.embedding::text AS embedding, d.customer FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE c.id = $1 AND ${scoped.sql}`,
    [target.chunkId, ...scoped.params],
  )
  const row = rows[0]
  if (!row) throw new NotFoundError(`chunk ${target.chunkId} not found`)
  if (!row.embedding) return []
  return nearestElsewhere(deps.db, fromVectorText(row.embedding), {
    customer: row.customer,
    k,
    pool: k * 5,
    ...(deps.scope ? { scope: deps.scope } : {}),
  })
}

/**
 * Documents at other customers most like this one: nearest chunks to the mean of its chunk
 * vectors, best chunk per document. Empty when the document has no embedded chunks.
 */
export async function similarToDocument(
  db: Db,
  doc: { id: number; customer: string | null },
  k = 5,
  scope?: TokenScope,
): Promise<SimilarHit[]> {
  // pgvector's avg(vector) is the element-wise mean.
  const rows = await db.query<{ mean: string | null }>(
    'SELECT avg(embedding)::text AS mean FROM chunks WHERE document_id = $1 AND embedding IS NOT NULL',
    [doc.id],
  )
  const mean = rows[0]?.mean
  if (!mean) return []
  return nearestElsewhere(db, fromVectorText(mean), {
    customer: doc.customer,
    k,
    pool: k * 8,
    excludeDocumentId: doc.id,
    ...(scope ? { scope } : {}),
  })
}
