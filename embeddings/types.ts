import type { Embeddings } from '@langchain/core/embeddings'

/** What the store must know about an embedding model to refuse mixing vectors from two models. */
export interface EmbedderInfo {
  /** Stable id recorded in the store, e.g. `local:glove-sg-100d-sif@1` or `openai:text-embedding-3-small`. */
  readonly modelId: string
  /** Vector length every call returns. */
  readonly dimensions: number
}

/**
 * A LangChain `Embeddings` (so any LangChain embeddings class can be plugged in) that also states
 * its model id and dimensions.
 */
export type Embedder = Embeddings & EmbedderInfo
