import type { Embedder } from '../embeddings/types.ts'
import { EmbeddingError } from '../lib/errors.ts'
import { sha256 } from '../lib/hash.ts'
import type { Queryable } from '../storage/db.ts'
import { getCachedEmbeddings, putCachedEmbeddings } from '../storage/embedding-cache.ts'

/**
 * Embed `inputs`, reusing vectors already computed for the exact same text under the same model,
 * so unchanged text is never sent to the embedder twice. Returns vectors in input order. An
 * embedder that declares `cacheEmbeddings: false` (the local model: faster than a lookup) is called
 * directly.
 */
export async function embedWithCache(
  db: Queryable,
  embedder: Embedder,
  inputs: string[],
): Promise<number[][]> {
  if (embedder.cacheEmbeddings === false) return embedChecked(embedder, inputs)
  const hashes = inputs.map((text) => sha256(text))
  const cached = await getCachedEmbeddings(db, embedder.modelId, [...new Set(hashes)])
  const missing = [...new Set(hashes.filter((h) => !cached.has(h)))]
  if (missing.length > 0) {
    const textOf = new Map(hashes.map((h, i) => [h, inputs[i]!]))
    const vectors = await embedChecked(
      embedder,
      missing.map((h) => textOf.get(h)!),
    )
    const fresh = missing.map((hash, i) => ({ hash, embedding: vectors[i]! }))
    for (const f of fresh) cached.set(f.hash, f.embedding)
    await putCachedEmbeddings(db, embedder.modelId, fresh)
  }
  return hashes.map((h) => cached.get(h)!)
}

/** Call the embedder and verify it returned one finite vector of the right width per input. */
async function embedChecked(embedder: Embedder, texts: string[]): Promise<number[][]> {
  if (texts.length === 0) return []
  let vectors: number[][]
  try {
    vectors = await embedder.embedDocuments(texts)
  } catch (cause) {
    if (cause instanceof EmbeddingError) throw cause
    throw new EmbeddingError(`embedding failed: ${(cause as Error).message}`, true, { cause })
  }
  if (vectors.length !== texts.length) {
    throw new EmbeddingError(`embedder returned ${vectors.length} vectors for ${texts.length} texts`, false)
  }
  for (const v of vectors) {
    if (v.length !== embedder.dimensions || v.some((x) => !Number.isFinite(x))) {
      throw new EmbeddingError(
        `embedder ${embedder.modelId} returned an invalid vector (length ${v.length}, expected ${embedder.dimensions})`,
        false,
      )
    }
  }
  return vectors
}
