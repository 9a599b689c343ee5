import type { Embedder } from '../embeddings/types.ts'
import { EmbeddingError } from '../lib/errors.ts'
import { sha256 } from '../lib/hash.ts'
import type { Queryable } from '../storage/db.ts'
import { getCachedEmbeddings, putCachedEmbeddings } from '../storage/embedding-cache.ts'

/**
 * Embed `inputs`, reusing vectors already computed for the exact same text under the same model,
 * so unchanged text is never sent to the embedder twice. Returns vectors in input order.
 */
export async function embedWithCache(
  db: Queryable,
  embedder: Embedder,
  inputs: string[],
): Promise<number[][]> {
  const hashes = inputs.map((text) => sha256(text))
  const cached = await getCachedEmbeddings(db, embedder.modelId, [...new Set(hashes)])
  const missing = [...new Set(hashes.filter((h) => !cached.has(h)))]
  if (missing.length > 0) {
    const textOf = new Map(hashes.map((h, i) => [h, inputs[i]!]))
    let vectors: number[][]
    try {
      vectors = await embedder.embedDocuments(missing.map((h) => textOf.get(h)!))
    } catch (cause) {
      if (cause instanceof EmbeddingError) throw cause
      throw new EmbeddingError(`embedding failed: ${(cause as Error).message}`, true, { cause })
    }
    if (vectors.length !== missing.length) {
      throw new EmbeddingError(
        `embedder returned ${vectors.length} vectors for ${missing.length} texts`,
        false,
      )
    }
    const fresh = missing.map((hash, i) => ({ hash, embedding: vectors[i]! }))
    for (const f of fresh) {
      if (f.embedding.length !== embedder.dimensions || f.embedding.some((x) => !Number.isFinite(x))) {
        throw new EmbeddingError(
          `embedder ${embedder.modelId} returned an invalid vector (length ${f.embedding.length}, expected ${embedder.dimensions})`,
          false,
        )
      }
      cached.set(f.hash, f.embedding)
    }
    await putCachedEmbeddings(db, embedder.modelId, fresh)
  }
  return hashes.map((h) => cached.get(h)!)
}
