import type { SearchFilter } from '../schemas/search.ts'
import type { Db } from './db.ts'
import { filterSql, isFiltered } from './filters.ts'
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
  const where = filterSql(options.filter ?? {}, 3)
  const params: unknown[] = [toVectorParam(vector), k, ...where.params]
  let exclude = ''
  if (options.excludeCustomers && options.excludeCustomers.length > 0) {
    params.push(options.excludeCustomers.map((c) => c.toLowerCase()))
    exclude = ` AND lower(d.customer) <> ALL($${params.length}::text[])`
  }
  if (options.tsConstraint) {
    params.push(options.tsConstraint)
    exclude += ` AND c.tsv @@ websearch_to_tsquery('english', $${params.length})`
  }
  const sql = `SELECT c.id AS "chunkId", c.document_id AS "documentId", (c.embedding <=> $1::vector)::float8 AS distance
     FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE c.embedding IS NOT NULL AND ${where.sql}${exclude}
     ORDER BY c.embedding <=> $1::vector LIMIT $2::int`
  const filtered = isFiltered(options.filter ?? {}) || exclude !== ''
  return db.transaction(async (tx) => {
    // HNSW returns at most ef_search candidates (default 40): widen it to k so a pool of 100
    // really holds 100 neighbours.
    await tx.query("SELECT set_config('hnsw.ef_search', $1, true)", [String(Math.min(1000, Math.max(40, k)))])
    // With a filter, strict_order keeps results exactly ordered while the scan continues past
    // ef_search candidates until k rows survive the filter (pgvector >= 0.8).
    if (filtered) await tx.exec("SET LOCAL hnsw.iterative_scan = 'strict_order'")
    return tx.query<KnnHit>(sql, params)
  })
}
