import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EmbeddingModelMismatchError } from '../lib/errors.ts'
import type { DocumentMeta } from '../schemas/document.ts'
import {
  deleteDocument,
  listSources,
  recordFailure,
  type StoredChunkInput,
  writeDocument,
} from '../storage/documents.ts'
import { getCachedEmbeddings, putCachedEmbeddings } from '../storage/embedding-cache.ts'
import { ensureEmbeddingModel, getEmbeddingModel, unbindEmbeddingModel } from '../storage/embedding-model.ts'
import { knn } from '../storage/knn.ts'
import { loadMigrations, migrate } from '../storage/migrate.ts'
import { backend, freshDb, type TestDb } from './helpers/db.ts'

const MODEL = { modelId: 'test:hand-made@3', dimensions: 3 }

function meta(over: Partial<DocumentMeta> = {}): DocumentMeta {
  return {
    title: 'Doc',
    customer: 'Acme',
    type: 'incident',
    date: '2026-10-01',
    tags: [],
    author: null,
    severity: null,
    ...over,
  }
}

function record(key: string, over: Partial<DocumentMeta> = {}) {
  return {
    sourceKey: key,
    sourcePath: key,
    meta: meta(over),
    format: 'markdown' as const,
    contentHash: `hash-${key}`,
    frontmatter: {},
    warnings: [],
    redactions: {},
  }
}

function chunk(ordinal: number, text: string, embedding: number[]): StoredChunkInput {
  return { ordinal, headingPath: ['Doc'], text, tokenCount: 3, embedding }
}

async function count(t: TestDb, sql: string, params: unknown[] = []) {
  const rows = await t.db.query<{ n: number }>(sql, params)
  return rows[0]!.n
}

describe(`the store on ${backend}`, () => {
  let t: TestDb
  beforeAll(async () => {
    t = await freshDb()
    await ensureEmbeddingModel(t.db, MODEL)
  })
  afterAll(async () => t?.dispose())

  it('applies every migration once and treats a second run as a no-op', async () => {
    const applied = await count(t, 'SELECT count(*)::int AS n FROM schema_migrations')
    expect(applied).toBe(loadMigrations().length)
    expect(await migrate(t.db)).toEqual([])
    expect(await count(t, 'SELECT count(*)::int AS n FROM schema_migrations')).toBe(applied)
  })

  it('migrates a blank database from scratch and then again without changes', async () => {
    const blank = await freshDb({ migrated: false })
    try {
      expect(await migrate(blank.db)).toEqual(loadMigrations().map((m) => m.name))
      expect(await migrate(blank.db)).toEqual([])
    } finally {
      await blank.dispose()
    }
  })

  it('stores a document with its chunks and replaces them atomically on update', async () => {
    const first = await writeDocument(t.db, record('a.md'), [
      chunk(0, 'one', [1, 0, 0]),
      chunk(1, 'two', [0, 1, 0]),
    ])
    expect(first.action).toBe('added')
    const second = await writeDocument(t.db, record('a.md', { title: 'Doc v2' }), [
      chunk(0, 'three', [0, 0, 1]),
    ])
    expect(second).toEqual({ id: first.id, action: 'updated' })
    const texts = await t.db.query<{ text: string }>('SELECT text FROM chunks WHERE document_id = $1', [
      first.id,
    ])
    expect(texts.map((r) => r.text)).toEqual(['three'])
  })

  it('leaves no partial document when a chunk fails half-way through an insert', async () => {
    const bad = [chunk(0, 'fine', [1, 1, 0]), chunk(1, 'wrong width', [1, 2, 3, 4])]
    await expect(writeDocument(t.db, record('partial.md'), bad)).rejects.toThrow()
    expect(
      await count(t, 'SELECT count(*)::int AS n FROM documents WHERE source_key = $1', ['partial.md']),
    ).toBe(0)
    expect(await count(t, "SELECT count(*)::int AS n FROM chunks WHERE text = 'fine'")).toBe(0)
  })

  it('keeps the previous version intact when a replacement fails half-way', async () => {
    const { id } = await writeDocument(t.db, record('keep.md'), [chunk(0, 'original', [1, 0, 1])])
    const bad = [chunk(0, 'new', [1, 0, 0]), chunk(1, 'broken', [Number.NaN, 0, 0])]
    await expect(writeDocument(t.db, record('keep.md', { title: 'New' }), bad)).rejects.toThrow()
    const rows = await t.db.query<{ title: string; text: string }>(
      'SELECT d.title, c.text FROM documents d JOIN chunks c ON c.document_id = d.id WHERE d.id = $1',
      [id],
    )
    expect(rows).toEqual([{ title: 'Doc', text: 'original' }])
  })

  it('deletes a document together with its chunks', async () => {
    const { id } = await writeDocument(t.db, record('gone.md'), [chunk(0, 'bye', [0, 1, 1])])
    expect(await deleteDocument(t.db, id)).toBe(true)
    expect(await count(t, 'SELECT count(*)::int AS n FROM chunks WHERE document_id = $1', [id])).toBe(0)
    expect(await deleteDocument(t.db, id)).toBe(false)
  })

  it('records a failed file with its error and clears its hash so the next run retries it', async () => {
    await recordFailure(t.db, { sourceKey: '/root/bad.bin', sourcePath: 'bad.bin', error: 'not UTF-8' })
    const [state] = await listSources(t.db, '/root/')
    expect(state).toMatchObject({ sourceKey: '/root/bad.bin', status: 'failed', contentHash: null })
  })

  it('caches embeddings by model and input hash', async () => {
    await putCachedEmbeddings(t.db, MODEL.modelId, [{ hash: 'h1', embedding: [0.5, 0.25, 0] }])
    await putCachedEmbeddings(t.db, MODEL.modelId, [{ hash: 'h1', embedding: [9, 9, 9] }])
    const hit = await getCachedEmbeddings(t.db, MODEL.modelId, ['h1', 'missing'])
    expect([...hit.entries()]).toEqual([['h1', [0.5, 0.25, 0]]])
    expect((await getCachedEmbeddings(t.db, 'other-model', ['h1'])).size).toBe(0)
  })
})

describe(`nearest-neighbour search on ${backend}`, () => {
  let t: TestDb
  const points: [string, number[], string][] = []
  beforeAll(async () => {
    t = await freshDb()
    await ensureEmbeddingModel(t.db, MODEL)
    // A hand-made set: 60 points on a spiral, spread over two customers and two types.
    for (let i = 0; i < 60; i++) {
      const a = i * 0.37
      points.push([`p${i}`, [Math.cos(a), Math.sin(a), 0.05 * i], i % 2 === 0 ? 'Acme' : 'Globex'])
    }
    for (const [key, v, customer] of points) {
      const type = Number(key.slice(1)) % 3 === 0 ? 'incident' : 'field-report'
      await writeDocument(t.db, record(key, { customer, type, title: key }), [chunk(0, key, v)])
    }
  })
  afterAll(async () => t?.dispose())

  const cosine = (a: number[], b: number[]) => {
    const dot = a.reduce((s, x, i) => s + x * b[i]!, 0)
    return 1 - dot / (Math.hypot(...a) * Math.hypot(...b))
  }

  async function textsOf(hits: { chunkId: number }[]) {
    const rows = await t.db.query<{ id: number; text: string }>(
      'SELECT id, text FROM chunks WHERE id = ANY($1::bigint[])',
      [hits.map((h) => h.chunkId)],
    )
    const byId = new Map(rows.map((r) => [r.id, r.text]))
    return hits.map((h) => byId.get(h.chunkId))
  }

  it('returns the true nearest neighbours in order of cosine distance', async () => {
    const q = [0.9, 0.3, 0.4]
    const expected = [...points].sort((x, y) => cosine(q, x[1]) - cosine(q, y[1])).slice(0, 5)
    const hits = await knn(t.db, q, 5)
    expect(await textsOf(hits)).toEqual(expected.map((p) => p[0]))
    expect(hits[0]!.distance).toBeCloseTo(cosine(q, expected[0]![1]), 5)
  })

  it('returns k hits for a selective filter when k exist', async () => {
    const q = [1, 0, 0]
    const eligible = points.filter(([key, , c]) => c === 'Globex' && Number(key.slice(1)) % 3 === 0)
    const expected = eligible.sort((x, y) => cosine(q, x[1]) - cosine(q, y[1])).slice(0, 8)
    const hits = await knn(t.db, q, 8, { filter: { customers: ['globex'], types: ['incident'] } })
    expect(await textsOf(hits)).toEqual(expected.map((p) => p[0]))
  })

  it('returns nothing for a filter that matches nothing', async () => {
    expect(await knn(t.db, [1, 0, 0], 5, { filter: { customers: ['Initech'] } })).toEqual([])
    expect(await knn(t.db, [1, 0, 0], 5, { filter: { from: '2030-01-01' } })).toEqual([])
    expect(await knn(t.db, [1, 0, 0], 5, { filter: { customers: [] } })).toEqual([])
  })

  it('leaves out excluded customers', async () => {
    const hits = await knn(t.db, [1, 0, 0], 10, { excludeCustomers: ['ACME'] })
    expect(hits).toHaveLength(10)
    expect((await textsOf(hits)).every((k) => Number(k!.slice(1)) % 2 === 1)).toBe(true)
  })
})

describe(`the embedding model binding on ${backend}`, () => {
  it('refuses another model or dimension with an error naming the re-embed command', async () => {
    const t = await freshDb()
    try {
      expect(await getEmbeddingModel(t.db)).toBeNull()
      expect(await ensureEmbeddingModel(t.db, MODEL)).toBe('bound')
      expect(await ensureEmbeddingModel(t.db, MODEL)).toBe('matched')
      const other = ensureEmbeddingModel(t.db, {
        modelId: 'openai:text-embedding-3-small@1536',
        dimensions: 1536,
      })
      await expect(other).rejects.toBeInstanceOf(EmbeddingModelMismatchError)
      await expect(other).rejects.toThrow(/test:hand-made@3 \(3 dimensions\).*1536/)
      const sameIdOtherDims = ensureEmbeddingModel(t.db, { modelId: MODEL.modelId, dimensions: 4 })
      await expect(sameIdOtherDims).rejects.toMatchObject({
        hint: expect.stringContaining('fieldkb reembed'),
      })
    } finally {
      await t.dispose()
    }
  })

  it('can be unbound and bound to a new model, dropping the old vectors', async () => {
    const t = await freshDb()
    try {
      await ensureEmbeddingModel(t.db, MODEL)
      await writeDocument(t.db, record('x.md'), [chunk(0, 'x', [1, 0, 0])])
      await unbindEmbeddingModel(t.db)
      expect(await ensureEmbeddingModel(t.db, { modelId: 'm2', dimensions: 4 })).toBe('bound')
      expect(await count(t, 'SELECT count(*)::int AS n FROM chunks WHERE embedding IS NOT NULL')).toBe(0)
      await writeDocument(t.db, record('y.md'), [chunk(0, 'y', [1, 0, 0, 0])])
      expect(await knn(t.db, [1, 0, 0, 0], 1)).toHaveLength(1)
    } finally {
      await t.dispose()
    }
  })
})
