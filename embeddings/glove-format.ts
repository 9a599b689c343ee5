/**
 * Binary layout of the word-vector cache. All numbers are little-endian (typed arrays are written in
 * host order; every platform Node supports in practice is little-endian).
 *
 *   0   magic "FKBGLOVE"            24  f64 source file size (bytes)
 *   8   u32 format version           32  f64 SIF constant a
 *   12  u32 dims                     40  f64 Zipf offset k
 *   16  u32 vocabulary size          48  16 reserved zero bytes
 *   20  u32 vocabulary byte length
 *   64  vocabulary: UTF-8 words in frequency order joined by "\n", zero-padded to a multiple of 4
 *       f32 × size      SIF weight per word
 *       f32 × dims      common component (unit length)
 *       u16 × size·dims half-precision vectors, row-major
 */
import type { GloveModel } from './sif.ts'
import { SIF_A, ZIPF_OFFSET } from './sif.ts'

/** Bumped whenever the layout or the way weights/common component are derived changes. */
export const CACHE_VERSION = 1
const MAGIC = 'FKBGLOVE'
const HEADER_BYTES = 64

/** The cache file is missing pieces, was written by another version, or is inconsistent. */
export class CacheFormatError extends Error {}

/** Fixed-size header fields. */
export interface CacheHeader {
  dims: number
  size: number
  vocabBytes: number
  sourceBytes: number
}

/** Everything a cache file stores, as produced at build time. */
export interface CacheContents {
  words: readonly string[]
  dims: number
  weights: Float32Array
  common: Float32Array
  vectors: Uint16Array
  sourceBytes: number
}

/** Bytes of the header, i.e. what {@link parseHeader} needs. */
export const CACHE_HEADER_BYTES = HEADER_BYTES

function layout(h: CacheHeader) {
  const weights = HEADER_BYTES + Math.ceil(h.vocabBytes / 4) * 4
  const common = weights + 4 * h.size
  const vectors = common + 4 * h.dims
  return { weights, common, vectors, total: vectors + 2 * h.size * h.dims }
}

/** Serialise `contents` as the chunks of one cache file. */
export function encodeCache(contents: CacheContents): Uint8Array[] {
  const vocab = Buffer.from(contents.words.join('\n'), 'utf8')
  const header: CacheHeader = {
    dims: contents.dims,
    size: contents.words.length,
    vocabBytes: vocab.length,
    sourceBytes: contents.sourceBytes,
  }
  const head = new Uint8Array(HEADER_BYTES)
  const view = new DataView(head.buffer)
  head.set(Buffer.from(MAGIC, 'latin1'), 0)
  view.setUint32(8, CACHE_VERSION, true)
  view.setUint32(12, header.dims, true)
  view.setUint32(16, header.size, true)
  view.setUint32(20, header.vocabBytes, true)
  view.setFloat64(24, header.sourceBytes, true)
  view.setFloat64(32, SIF_A, true)
  view.setFloat64(40, ZIPF_OFFSET, true)
  const pad = new Uint8Array(layout(header).weights - HEADER_BYTES - vocab.length)
  const bytes = (a: Float32Array | Uint16Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
  return [head, vocab, pad, bytes(contents.weights), bytes(contents.common), bytes(contents.vectors)]
}

/**
 * Read and check the header against this code's version and parameters and the file's length;
 * `sourceBytes`, when the source is present, must match the size it was built from.
 */
export function parseHeader(head: Uint8Array, fileBytes: number, sourceBytes?: number): CacheHeader {
  if (head.length < HEADER_BYTES) throw new CacheFormatError('shorter than its header')
  if (Buffer.from(head.subarray(0, 8)).toString('latin1') !== MAGIC) throw new CacheFormatError('bad magic')
  const view = new DataView(head.buffer, head.byteOffset, HEADER_BYTES)
  if (view.getUint32(8, true) !== CACHE_VERSION) throw new CacheFormatError('other format version')
  if (view.getFloat64(32, true) !== SIF_A || view.getFloat64(40, true) !== ZIPF_OFFSET) {
    throw new CacheFormatError('built with other SIF parameters')
  }
  const header: CacheHeader = {
    dims: view.getUint32(12, true),
    size: view.getUint32(16, true),
    vocabBytes: view.getUint32(20, true),
    sourceBytes: view.getFloat64(24, true),
  }
  if (header.dims === 0 || header.size === 0) throw new CacheFormatError('empty table')
  if (layout(header).total !== fileBytes) throw new CacheFormatError('wrong file size')
  if (sourceBytes !== undefined && sourceBytes !== header.sourceBytes) {
    throw new CacheFormatError('built from another version of the word vectors')
  }
  return header
}

/** Turn a whole cache file (4-byte aligned) into a model, validating it on the way. */
export function decodeCache(bytes: Uint8Array): GloveModel {
  if (bytes.byteOffset % 4 !== 0) throw new CacheFormatError('buffer not 4-byte aligned')
  const header = parseHeader(bytes, bytes.length)
  const { dims, size, vocabBytes } = header
  const at = layout(header)
  const words = new TextDecoder().decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + vocabBytes)).split('\n')
  const ids = new Map<string, number>()
  for (let row = 0; row < words.length; row++) ids.set(words[row]!, row)
  if (words.length !== size || ids.size !== size) throw new CacheFormatError('vocabulary does not match')
  const weights = new Float32Array(bytes.buffer, bytes.byteOffset + at.weights, size)
  const common = new Float32Array(bytes.buffer, bytes.byteOffset + at.common, dims)
  const vectors = new Uint16Array(bytes.buffer, bytes.byteOffset + at.vectors, size * dims)
  for (const w of weights) if (!(w > 0 && w <= 1)) throw new CacheFormatError('bad SIF weight')
  let norm = 0
  for (const c of common) norm += c * c
  if (!(Math.abs(norm - 1) < 1e-3)) throw new CacheFormatError('bad common component')
  return { dims, ids, weights, vectors, common }
}
