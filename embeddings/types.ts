import type { Embeddings } from '@langchain/core/embeddings'

/** What the store must know about an embedding model to refuse mixing vectors from two models. */
export interface EmbedderInfo {
  /** Stable id recorded in the store, e.g. `local:glove-sg-100d-sif@1` or `openai:text-embedding-3-small`. */
  readonly modelId: string
  /** Vector length every call returns. */
  readonly dimensions: number
  /**
   * Whether vectors are worth keeping in the store's embedding cache (default true: remote and
   * paid APIs). A local model that embeds faster than a database lookup sets it to false.
   */
  readonly cacheEmbeddings?: boolean
}

/**
 * A LangChain `Embeddings` (so any LangChain embeddings class can be plugged in) that also states
 * its model id and dimensions.
 */
export type Embedder = Embeddings & EmbedderInfo
