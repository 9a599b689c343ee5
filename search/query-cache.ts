import type { Embedder } from '../embeddings/types.ts'

const MAX_ENTRIES = 1000
const cache = new Map<string, Promise<number[]>>()

/**
 * Embed a query, remembering the last 1,000 (per model) so repeated searches, paging and facet
 * clicks never call the embedder again. Failed embeddings are not cached.
 */
export function embedQueryCached(embedder: Embedder, text: string): Promise<number[]> {
  const key = `${embedder.modelId}\n${text}`
  const hit = cache.get(key)
  if (hit) {
    // Map keeps insertion order: re-inserting marks the entry as recently used.
    cache.delete(key)
    cache.set(key, hit)
    return hit
  }
  const pending = embedder.embedQuery(text)
  cache.set(key, pending)
  pending.catch(() => cache.delete(key))
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!)
  return pending
}
