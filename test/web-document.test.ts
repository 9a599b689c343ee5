import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppEnv } from '../api/auth.ts'
import { ingestSource } from '../ingest/ingest-source.ts'
import { DocumentDetail } from '../schemas/api.ts'
import { type CorpusStore, webApp } from './e2e/web-fixture.ts'
import { freshDb } from './helpers/db.ts'
import { localEmbedder } from './helpers/local-embedder.ts'

// One long section, so the chunker repeats sentences between its chunks (overlap), and a short
// edge-case section. Each sentence is numbered so its occurrences can be counted on the page.
const sentences = Array.from(
  { length: 24 },
  (_, i) => `Sentence ${i + 1} tells how the nightly loader handled batch ${i + 1} of the freight manifests.`,
)
const NOTE = `---
customer: Example Freight
type: field-report
date: 2026-10-07
---
# Loader notes

## This week

${sentences.join(' ')}

## Things to watch

The manifest export writes dates in the local time zone, so a midnight run reads yesterday's file.
`

describe('the document page and API show the stored body', () => {
  let store: CorpusStore
  let app: Hono<AppEnv>
  let id: number

  beforeAll(async () => {
    const t = await freshDb()
    const embedder = localEmbedder()
    store = { ...t, embedder, xssId: 0, failedId: 0 }
    const options = { maxFileBytes: 64 * 1024, chunkTokens: 120, chunkOverlap: 40, redactIpv4: false }
    const bytes = new TextEncoder().encode(NOTE)
    const outcome = await ingestSource(
      {
        sourceKey: 'test:loader-notes.md',
        sourcePath: 'example-freight/loader-notes.md',
        bytes,
        mtime: new Date(),
      },
      { db: t.db, embedder, options },
    )
    id = outcome.documentId!
    app = webApp(store)
  })
  afterAll(async () => store?.dispose())

  it('shows every sentence of the body once, although the chunks overlap', async () => {
    // The overlap the page must not show twice: some sentence sits in two chunks.
    const chunks = await store.db.query<{ text: string }>('SELECT text FROM chunks WHERE document_id = $1', [
      id,
    ])
    const repeated = sentences.filter((s) => chunks.filter((c) => c.text.includes(s)).length > 1)
    expect(repeated.length).toBeGreaterThan(0)
    const html = await (await app.request(`/documents/${id}`)).text()
    for (const s of sentences) expect(html.split(s).length - 1, s).toBe(1)
    expect(html.split('reads yesterday').length - 1).toBe(1)
  })

  it('marks each section with its kind and keeps the chunk anchors and similar links', async () => {
    const html = await (await app.request(`/documents/${id}`)).text()
    expect(html).toMatch(
      /<h2>Things to watch <span class="badge kind kind-edge-case">edge case<\/span><\/h2>/,
    )
    expect(html).toMatch(/<h2>This week <span class="badge kind kind-status">status<\/span><\/h2>/)
    const ids = await store.db.query<{ id: number }>('SELECT id FROM chunks WHERE document_id = $1', [id])
    for (const c of ids) {
      expect(html).toContain(`id="chunk-${c.id}"`)
      expect(html).toContain(`href="/similar/${c.id}"`)
    }
  })

  it('returns the body, the section tree and the chunk kinds from the API', async () => {
    const res = await app.request(`/api/documents/${id}`)
    expect(res.status).toBe(200)
    const doc = DocumentDetail.parse(await res.json())
    expect(doc.body).toBe(NOTE.slice(NOTE.indexOf('# Loader notes')))
    expect(doc.sections.map((s) => [s.heading, s.kind])).toEqual([
      ['Loader notes', 'other'],
      ['This week', 'status'],
      ['Things to watch', 'edge-case'],
    ])
    expect(doc.chunks.at(-1)!.sectionKind).toBe('edge-case')
  })
})
