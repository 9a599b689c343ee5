import type { Config } from '../config/load.ts'
import type { Embedder } from './types.ts'

export type { Embedder, EmbedderInfo } from './types.ts'

/** Build the embedder the config asks for: the offline GloVe/SIF model or an OpenAI-compatible API. */
export async function createEmbedder(config: Config['embeddings']): Promise<Embedder> {
  if (config.provider === 'local') {
    const { LocalSifEmbeddings } = await import('./local.ts')
    return new LocalSifEmbeddings({ cacheDir: config.cacheDir })
  }
  const { createOpenAIEmbedder } = await import('./openai.ts')
  return createOpenAIEmbedder({
    apiKey: config.apiKey,
    model: config.model,
    dimensions: config.dimensions,
    baseURL: config.baseURL,
    batchSize: config.batchSize,
    concurrency: config.concurrency,
  })
}
