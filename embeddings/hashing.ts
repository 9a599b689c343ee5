import { Embeddings } from '@langchain/core/embeddings'
import { sha256 } from '../lib/hash.ts'
import type { EmbedderInfo } from './types.ts'

/**
 * A tiny deterministic embedder: words are feature-hashed into `dimensions` buckets with signed
 * counts, then L2-normalised. No model file, no network; lexical rather than semantic. Used by
 * tests and benchmarks that need real vectors fast, never as the default.
 * @example const e = new HashingEmbeddings(64); await e.embedQuery('connection pool exhausted')
 */
export class HashingEmbeddings extends Embeddings implements EmbedderInfo {
  readonly modelId: string
  private readonly memo = new Map<string, [number, number]>()

  constructor(readonly dimensions = 64) {
    super({})
    this.modelId = `hashing:words@${dimensions}`
  }

  /** Embed many texts. */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.vector(t))
  }

  /** Embed one query. */
  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text)
  }

  private vector(text: string): number[] {
    const v = new Array<number>(this.dimensions).fill(0)
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      const [bucket, sign] = this.bucket(word)
      v[bucket]! += sign
    }
    const norm = Math.hypot(...v)
    // A text without words still gets a valid unit vector (cosine distance must not be NaN).
    if (norm === 0) v[0] = 1
    return norm === 0 ? v : v.map((x) => x / norm)
  }

  private bucket(word: string): [number, number] {
    let hit = this.memo.get(word)
    if (!hit) {
      const h = Number.parseInt(sha256(word).slice(0, 8), 16)
      hit = [h % this.dimensions, h & 0x100 ? 1 : -1]
      this.memo.set(word, hit)
    }
    return hit
  }
}
