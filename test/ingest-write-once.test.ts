import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestSource } from '../ingest/ingest-source.ts'
import { ensureEmbeddingModel } from '../storage/embedding-model.ts'
import { backend, freshDb, type TestDb } from './helpers/db.ts'
import { localEmbedder } from './helpers/local-embedder.ts'

const OPTIONS = { maxFileBytes: 1 << 20, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }

function source(body: string) {
  const text = `---\ntitle: Queue backlog\ncustomer: Acme\ndate: 2026-10-01\ntype: incident\n---\n\n## Symptoms\n\n${body}\n`
  return {
    sourceKey: '/reports/acme/backlog.md',
    sourcePath: 'acme/backlog.md',
    bytes: new TextEncoder().encode(text),
    mtime: new Date('2026-10-02T00:00:00Z'),
  }
}

describe(`writing a document another run already stored on ${backend}`, () => {
  let t: TestDb
  const embedder = localEmbedder()
  const deps = () => ({ db: t.db, embedder, options: OPTIONS })
  const chunkIds = async (documentId: number) =>
    (
      await t.db.query<{ id: number }>('SELECT id FROM chunks WHERE document_id = $1 ORDER BY id', [
        documentId,
      ])
    ).map((r) => r.id)

  beforeAll(async () => {
    t = await freshDb()
    await ensureEmbeddingModel(t.db, embedder)
  }, 60_000)
  afterAll(async () => t?.dispose())

  it('leaves the stored version untouched when its content hash already matches', async () => {
    const body = 'The worker queue backed up after the broker restart and consumers stalled.'
    const first = await ingestSource(source(body), deps())
    expect(first.status).toBe('added')
    const before = await chunkIds(first.documentId!)
    // No previous hash: this run read the store before the other run wrote the same bytes.
    const second = await ingestSource(source(body), deps())
    expect(second).toEqual({
      sourcePath: 'acme/backlog.md',
      status: 'unchanged',
      documentId: first.documentId,
    })
    expect(await chunkIds(first.documentId!)).toEqual(before)
  })

  it('still replaces the stored version when the bytes differ', async () => {
    const edited = await ingestSource(source('Consumers stalled again after the broker upgrade.'), deps())
    expect(edited.status).toBe('updated')
  })
})
