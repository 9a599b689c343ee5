import type { TokenScope } from '../schemas/governance.ts'
import type { SearchFilter } from '../schemas/search.ts'
import { type Db, SESSION_SETTINGS } from './db.ts'
import { filterSql } from './filters.ts'
import { toVectorParam } from './vector-sql.ts'

/** One nearest-neighbour hit. */
export interface KnnHit {
  chunkId: number
  documentId: number
  /** Cosine distance in [0, 2]; smaller is closer. */
  distance: number
}

/** Options for {@link knn}. */
export interface KnnOptions {
  filter?: SearchFilter
  /** Documents to leave out (e.g. the document a "seen elsewhere" query starts from). */
  excludeCustomers?: string[]
  /** websearch_to_tsquery text every hit must also match (quoted phrases, -exclusions). */
  tsConstraint?: string | null
  /** The caller's token scope: documents it may not fetch are never candidates. */
  scope?: TokenScope
}

/**
 * The k chunks nearest to `vector` by cosine distance, restricted by the filter. Filtered queries
 * use pgvector's iterative index scan so a selective filter still yields k hits when k exist.
 */
export async function knn(
  db: Db,
  vector: ArrayLike<number>,
  k: number,
  options: KnnOptions = {},
): Promise<KnnHit[]> {
  const where = filterSql(options.filter ?? {}, 3, options.scope)
  const params: unknown[] = [toVectorParam(vector), k, ...where.params]
  let exclude = ''
  if (options.excludeCustomers && options.excludeCustomers.length > 0) {
    params.push(options.excludeCustomers.map((c) => c.toLowerCase()))
    exclude = ` AND lower(d.customer) <> ALL($${params.length}::text[])`
  }
  if (options.tsConstraint) {
    params.push(options.tsConstraint)
    // A constraint of stop words only analyses to an empty tsquery, which would match nothing.
    const tsq = `websearch_to_tsquery('english', $${params.length})`
    exclude += ` AND (c.tsv @@ ${tsq} OR numnode(${tsq}) = 0)`
  }
  const sql = `SELECT c.id AS "chunkId", c.document_id AS "documentId", (c.embedding <=> $1::vector)::float8 AS distance
     FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE c.embedding IS NOT NULL AND ${where.sql}${exclude}
     ORDER BY c.embedding <=> $1::vector LIMIT $2::int`
  // The session already allows 100 candidates and iterative scans (SESSION_SETTINGS); only a larger
  // pool needs ef_search raised, for this transaction only.
  if (k <= Number(SESSION_SETTINGS['hnsw.ef_search'])) return db.query<KnnHit>(sql, params)
  return db.transaction(async (tx) => {
    await tx.query("SELECT set_config('hnsw.ef_search', $1, true)", [String(Math.min(1000, k))])
    return tx.query<KnnHit>(sql, params)
  })
}
