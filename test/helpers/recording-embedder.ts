import { HashingEmbeddings } from '../../embeddings/hashing.ts'

/** A hashing embedder that records every text it is asked to embed (to prove what leaves the process). */
export class RecordingEmbeddings extends HashingEmbeddings {
  readonly seen: string[] = []

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    this.seen.push(...texts)
    return super.embedDocuments(texts)
  }

  override async embedQuery(text: string): Promise<number[]> {
    this.seen.push(text)
    return super.embedQuery(text)
  }
}
