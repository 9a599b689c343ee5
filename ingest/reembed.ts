import type { Embedder } from '../embeddings/types.ts'
import { countUnembedded, setChunkVectors, unembeddedChunks } from '../storage/chunk-vectors.ts'
import type { Db } from '../storage/db.ts'
import { ensureEmbeddingModel, getEmbeddingModel, unbindEmbeddingModel } from '../storage/embedding-model.ts'
import { embeddingText } from './chunk.ts'
import { embedWithCache } from './embed-cached.ts'

const BATCH = 256

/** What a re-embed did. */
export interface ReembedSummary {
  previousModel: string | null
  model: string
  chunks: number
}

/**
 * Rebuild every chunk vector with `embedder` from the stored (redacted) text. Resumable: the store is
 * rebound to the new model first, then chunks still without a vector are filled batch by batch, so
 * an interrupted run continues where it stopped.
 */
export async function reembed(
  db: Db,
  embedder: Embedder,
  onProgress?: (done: number, total: number) => void,
): Promise<ReembedSummary> {
  const previous = await getEmbeddingModel(db)
  if (previous && (previous.modelId !== embedder.modelId || previous.dimensions !== embedder.dimensions)) {
    await unbindEmbeddingModel(db)
  }
  await ensureEmbeddingModel(db, embedder)
  const total = await countUnembedded(db)
  let done = 0
  for (;;) {
    const rows = await unembeddedChunks(db, BATCH)
    if (rows.length === 0) break
    const inputs = rows.map((r) =>
      embeddingText(
        { title: r.title, customer: r.customer },
        { ordinal: 0, headingPath: r.heading_path, text: r.text, tokenCount: 1 },
      ),
    )
    const vectors = await embedWithCache(db, embedder, inputs)
    await setChunkVectors(
      db,
      rows.map((r) => r.id),
      vectors,
    )
    done += rows.length
    onProgress?.(done, total)
  }
  return { previousModel: previous?.modelId ?? null, model: embedder.modelId, chunks: done }
}
