import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DocumentDetail, DocumentList, SimilarResponse, StatsResponse, UploadResult } from '../schemas/api.ts'
import { SearchResponse } from '../schemas/search.ts'
import { body, markdown, seed, type TestApp, testApp } from './helpers/app.ts'
import { backend } from './helpers/db.ts'

describe(`the HTTP API routes on ${backend}`, () => {
  let t: TestApp
  let ids: Record<string, number>
  beforeAll(async () => {
    t = await testApp()
    ids = await seed(t)
  })
  afterAll(async () => t?.dispose())

  it('reports healthy at /healthz when the database answers', async () => {
    const res = await t.call('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('uploads a raw markdown body through the ingest pipeline and answers 201 with a Location', async () => {
    const res = await t.upload(
      'notes/../../etc/Weekly Notes.md',
      markdown({ customer: 'Larkspur' }, '# Weekly\n\nAll good.'),
    )
    expect(res.status).toBe(201)
    const body = UploadResult.parse(await res.json())
    expect(body).toMatchObject({ status: 'added', sourcePath: 'uploads/Weekly-Notes.md', chunks: 1 })
    expect(res.headers.get('location')).toBe(`/api/documents/${body.documentId}`)
  })

  it('uploads a multipart file and keeps the same document id when the same name is uploaded again', async () => {
    const form = (text: string) => {
      const f = new FormData()
      f.append('file', new File([text], 'visit.txt', { type: 'text/plain' }))
      return f
    }
    const first = await t.call('/api/documents', {
      method: 'POST',
      body: form('Visit one. Talked about proxies.'),
    })
    expect(first.status).toBe(201)
    const again = await t.call('/api/documents', {
      method: 'POST',
      body: form('Visit one. Talked about proxies.'),
    })
    const changed = await t.call('/api/documents', { method: 'POST', body: form('Visit two. New notes.') })
    const [a, b, c] = [await body(first), await body(again), await body(changed)]
    expect(again.status).toBe(200)
    expect(b).toMatchObject({ status: 'unchanged', documentId: a.documentId })
    expect(changed.status).toBe(200)
    expect(c).toMatchObject({ status: 'updated', documentId: a.documentId })
  })

  it('lists documents newest first with paging and a total', async () => {
    const res = await t.call('/api/documents?pageSize=2')
    const body = DocumentList.parse(await res.json())
    expect(body.total).toBeGreaterThanOrEqual(3)
    expect(body.items).toHaveLength(2)
    expect(body.items[0]!.date! >= body.items[1]!.date!).toBe(true)
    const last = DocumentList.parse(
      await (await t.call(`/api/documents?pageSize=2&page=${Math.ceil(body.total / 2)}`)).json(),
    )
    expect(last.items.length).toBeGreaterThan(0)
    const beyond = DocumentList.parse(await (await t.call('/api/documents?page=999')).json())
    expect(beyond).toMatchObject({ items: [], total: body.total, page: 999 })
  })

  it('filters the document list by customer, type, tag, severity, dates and status', async () => {
    const titles = async (qs: string) =>
      DocumentList.parse(await (await t.call(`/api/documents?${qs}`)).json()).items.map((d) => d.title)
    expect(await titles('customer=kestrel freight&type=incident')).toEqual(['Proxy broke TLS'])
    expect(await titles('type=incident,field-report&customer=Kestrel Freight')).toEqual([
      'Proxy broke TLS',
      'Kickoff week',
    ])
    expect(await titles('tag=sso&tag=saml')).toEqual(['SAML clock skew'])
    expect(await titles('severity=sev2&severity=sev3')).toEqual(['SAML clock skew', 'Proxy broke TLS'])
    expect(await titles('from=2026-07-01&to=2026-08-31')).toEqual(['Proxy broke TLS'])
    expect(await titles('status=failed')).toEqual([])
  })

  it('returns one document with metadata, frontmatter, warnings, redactions and chunks', async () => {
    const res = await t.call(`/api/documents/${ids['proxy-tls.md']}`)
    const doc = DocumentDetail.parse(await res.json())
    expect(doc).toMatchObject({
      title: 'Proxy broke TLS',
      customer: 'Kestrel Freight',
      severity: 'sev2',
      status: 'ok',
    })
    expect(doc.frontmatter).toMatchObject({ customer: 'Kestrel Freight' })
    expect(doc.tags).toEqual(['proxy', 'tls'])
    expect(doc.chunks.map((c) => c.ordinal)).toEqual(doc.chunks.map((_, i) => i))
    expect(doc.chunks[0]).toMatchObject({ headingPath: expect.any(Array), tokenCount: expect.any(Number) })
  })

  it('searches with filters and groups hits by document', async () => {
    const res = await t.call('/api/search?q=proxy&group=document&k=5')
    const body = SearchResponse.parse(await res.json())
    expect(body.hits.map((h) => h.document.title)).toContain('Proxy broke TLS')
    const filtered = SearchResponse.parse(
      await (await t.call('/api/search?q=proxy&customer=Meridian Bank')).json(),
    )
    expect(filtered.hits.every((h) => h.document.customer === 'Meridian Bank')).toBe(true)
    const lexical = SearchResponse.parse(
      await (await t.call('/api/search?q=proxy&mode=lexical&type=incident')).json(),
    )
    expect(lexical.mode).toBe('lexical')
  })

  it('escapes a <script> from an uploaded document in search highlights', async () => {
    const hostile = 'zanzibar <script>alert(1)</script> <img src=x onerror=alert(2)> "quoted" & more'
    expect((await t.upload('xss.md', markdown({ customer: 'Evil' }, `# Notes\n\n${hostile}`))).status).toBe(
      201,
    )
    expect((await t.upload('xss.txt', `Notes\n\n${hostile}`, undefined, 'text/plain')).status).toBe(201)
    const body = SearchResponse.parse(await (await t.call('/api/search?q=zanzibar')).json())
    const hits = body.hits.filter((h) => h.document.sourcePath.startsWith('uploads/xss.'))
    expect(hits).toHaveLength(2)
    for (const hit of hits) {
      expect(hit.highlight).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
      expect(hit.highlight).toContain('&quot;quoted&quot; &amp; more')
      // The only markup in a highlight is <mark>: everything from the document is escaped.
      expect(hit.highlight.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/)
    }
  })

  it('finds similar chunks at other customers for a chunk', async () => {
    const doc = DocumentDetail.parse(await (await t.call(`/api/documents/${ids['proxy-tls.md']}`)).json())
    const res = await t.call(`/api/similar/${doc.chunks[0]!.id}?k=3`)
    const body = SimilarResponse.parse(await res.json())
    expect(body.chunkId).toBe(doc.chunks[0]!.id)
    expect(body.hits.length).toBeGreaterThan(0)
    expect(body.hits.every((h) => h.document.customer !== 'Kestrel Freight')).toBe(true)
  })

  it('reports store statistics with failed files', async () => {
    const body = StatsResponse.parse(await (await t.call('/api/stats')).json())
    expect(body.documents).toBeGreaterThanOrEqual(3)
    expect(body.byType.incident).toBeGreaterThanOrEqual(2)
    expect(body.embeddingModel).toBe(t.embedder.modelId)
    expect(body.failedFiles).toEqual([])
  })

  it('deletes a document with 204 and then answers 404 for it', async () => {
    const created = await body(await t.upload('doomed.md', '# Doomed\n\nbye'))
    const del = await t.call(`/api/documents/${created.documentId}`, { method: 'DELETE' })
    expect(del.status).toBe(204)
    expect(await del.text()).toBe('')
    expect((await t.call(`/api/documents/${created.documentId}`)).status).toBe(404)
    expect((await t.call(`/api/documents/${created.documentId}`, { method: 'DELETE' })).status).toBe(404)
  })

  it('answers unknown routes with a 404 problem', async () => {
    const res = await t.call('/api/nope')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({ status: 404, code: 'not_found', title: 'Not Found' })
  })
})
