import type { EmbedderInfo } from '../embeddings/types.ts'
import { EmbeddingModelMismatchError, ValidationError } from '../lib/errors.ts'
import type { Db, Queryable } from './db.ts'

const META_KEY = 'embedding_model'
const BIND_LOCK = 7_413_002
// pgvector's HNSW indexes `vector` columns of up to 2,000 dimensions; wider models fall back to
// exact scans (still correct, slower) rather than failing.
const HNSW_MAX_DIMENSIONS = 2000

/** The model a store is bound to, or null before the first embedding is written. */
export async function getEmbeddingModel(db: Queryable): Promise<EmbedderInfo | null> {
  const rows = await db.query<{ value: EmbedderInfo }>('SELECT value FROM store_meta WHERE key = $1', [
    META_KEY,
  ])
  return rows[0]?.value ?? null
}

/**
 * Bind the store to `info` on first use (narrow the column to vector(N), build the HNSW index), or
 * check that it is already bound to the same model and dimension. Refuses a mismatch.
 */
export async function ensureEmbeddingModel(db: Db, info: EmbedderInfo): Promise<'bound' | 'matched'> {
  assertDimensions(info.dimensions)
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [BIND_LOCK])
    const current = await getEmbeddingModel(tx)
    if (current) {
      if (current.modelId === info.modelId && current.dimensions === info.dimensions) return 'matched'
      throw new EmbeddingModelMismatchError(
        `this store was built with embedding model ${current.modelId} (${current.dimensions} dimensions) but the configured model is ${info.modelId} (${info.dimensions} dimensions); vectors from two models cannot be compared`,
        {
          hint: 'run `fieldkb reembed` to rebuild every vector with the configured model, or configure the original model again',
        },
      )
    }
    // DDL cannot take bind parameters; the dimension is an integer validated above.
    await tx.exec(`ALTER TABLE chunks ALTER COLUMN embedding TYPE vector(${info.dimensions})`)
    if (info.dimensions <= HNSW_MAX_DIMENSIONS) {
      // HNSW over IVFFlat: no training step (works on an empty table and stays good as data grows),
      // better recall/latency trade-off. vector_cosine_ops because embeddings are compared by
      // cosine distance (<=>); m/ef_construction are pgvector's defaults, written down to be explicit.
      await tx.exec(
        'CREATE INDEX IF NOT EXISTS chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)',
      )
    }
    await tx.query(
      `INSERT INTO store_meta (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [META_KEY, JSON.stringify({ modelId: info.modelId, dimensions: info.dimensions })],
    )
    return 'bound'
  })
}

/** Unbind the store from its model: drop every chunk vector and the index (for `fieldkb reembed`). */
export async function unbindEmbeddingModel(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [BIND_LOCK])
    await tx.exec('DROP INDEX IF EXISTS chunks_embedding_hnsw')
    await tx.exec('UPDATE chunks SET embedding = NULL')
    await tx.exec('ALTER TABLE chunks ALTER COLUMN embedding TYPE vector')
    await tx.query('DELETE FROM store_meta WHERE key = $1', [META_KEY])
  })
}

function assertDimensions(dimensions: number): void {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 16000) {
    throw new ValidationError(
      `embedding dimensions must be an integer between 1 and 16000, got ${dimensions}`,
    )
  }
}
