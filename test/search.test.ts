import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestPaths } from '../ingest/run.ts'
import { ValidationError } from '../lib/errors.ts'
import { search, similarTo } from '../search/index.ts'
import { copyCorpus } from './helpers/corpus.ts'
import { freshDb, type TestDb } from './helpers/db.ts'
import { localEmbedder } from './helpers/local-embedder.ts'

const embedder = localEmbedder()

describe('search over the sample corpus', () => {
  let t: TestDb
  let corpus: { dir: string; cleanup: () => void }
  const deps = () => ({ db: t.db, embedder })
  const paths = async (q: string, extra: Record<string, unknown> = {}) =>
    (await search(deps(), { q, k: 5, group: 'document', ...extra })).hits.map((h) => h.document.sourcePath)

  beforeAll(async () => {
    t = await freshDb()
    corpus = copyCorpus()
    const xss = path.join(corpus.dir, 'customers', 'larkspur-retail-group', 'incidents')
    mkdirSync(xss, { recursive: true })
    writeFileSync(
      path.join(xss, '2026-11-01-widget-xss.md'),
      '# Chat widget rendered markup\n\nThe widget echoed <script>alert("pwned")</script> from the product feed into the page.\n',
    )
    const summary = await ingestPaths([corpus.dir], {
      db: t.db,
      embedder,
      options: { maxFileBytes: 1 << 20, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false },
    })
    expect(summary.failed).toBe(0)
  })
  afterAll(async () => {
    await t?.dispose()
    corpus?.cleanup()
  })

  // Paraphrases: none of these queries reuse the documents' own titles.
  it.each([
    [
      'the LLM vendor kept answering too many requests during overnight bulk jobs',
      /throttl|rate-limit|quota/,
    ],
    ['people could not sign in because the identity provider and server clocks disagreed', /sso|oidc|saml/],
    [
      'the company firewall decrypts HTTPS and our calls to the model endpoint failed',
      /proxy|tls|zscaler|unreachable/,
    ],
    ['answers got worse because the index mixed vectors from two embedding model versions', /embedding/],
    ['patient data showed up in the application logs', /phi-in-application-logs/],
  ])('finds the right documents for the paraphrase "%s"', async (q, expected) => {
    const found = await paths(q)
    expect(
      found.some((p) => expected.test(p)),
      found.join('\n'),
    ).toBe(true)
  })

  it('reports the lexical rank, vector rank and fused score of every hit', async () => {
    const { hits } = await search(deps(), { q: 'connection pool exhausted', k: 5 })
    expect(hits.length).toBe(5)
    for (const h of hits) {
      expect(h.lexicalRank !== null || h.vectorRank !== null).toBe(true)
      expect(h.score).toBeGreaterThan(0)
    }
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a))
  })

  it('applies customer, type, severity and date filters together', async () => {
    const { hits } = await search(deps(), {
      q: 'timeouts',
      k: 20,
      filter: { customers: ['kestrel freight'], types: ['incident'], from: '2026-10-01' },
    })
    expect(hits.length).toBeGreaterThan(0)
    for (const h of hits) {
      expect(h.document.customer).toBe('Kestrel Freight')
      expect(h.document.type).toBe('incident')
      expect(h.document.date >= '2026-10-01').toBe(true)
    }
  })

  it('returns nothing for an impossible filter in every mode', async () => {
    for (const mode of ['hybrid', 'lexical', 'vector'] as const) {
      const r = await search(deps(), { q: 'rate limit', mode, filter: { customers: ['Nobody Inc'] } })
      expect(r.hits).toEqual([])
      const r2 = await search(deps(), {
        q: 'rate limit',
        mode,
        filter: { from: '2026-10-01', to: '2026-09-01' },
      })
      expect(r2.hits).toEqual([])
    }
  })

  it('returns k results for a selective filter when k exist', async () => {
    const all = await search(deps(), {
      q: 'weekly status',
      k: 50,
      mode: 'vector',
      filter: { types: ['field-report'] },
    })
    expect(all.hits.length).toBeGreaterThanOrEqual(10)
    const r = await search(deps(), {
      q: 'weekly status',
      k: 3,
      mode: 'vector',
      filter: { customers: ['Ironbridge Manufacturing'], types: ['field-report'] },
    })
    expect(r.hits).toHaveLength(3)
  })

  it('honours "quoted phrases" and -exclusions', async () => {
    const phrase = await search(deps(), { q: '"clock skew"', k: 20 })
    expect(phrase.hits.length).toBeGreaterThan(0)
    // The phrase may sit in the chunk's text, its headings or the document title (all indexed).
    for (const h of phrase.hits) {
      expect([h.document.title, ...h.headingPath, h.text].join('\n').toLowerCase()).toMatch(/clock\W+skew/)
    }
    const excluded = await search(deps(), { q: 'proxy -zscaler', k: 20 })
    expect(excluded.hits.length).toBeGreaterThan(0)
    for (const h of excluded.hits) {
      expect([h.document.title, ...h.headingPath, h.text].join('\n').toLowerCase()).not.toContain('zscaler')
    }
  })

  it('escapes HTML from documents in highlights and marks the matches', async () => {
    const { hits } = await search(deps(), { q: 'widget echoed script alert', k: 3 })
    const hit = hits.find((h) => h.document.sourcePath.endsWith('widget-xss.md'))!
    expect(hit.text).toContain('<script>')
    // Whether "script" itself gets marked depends on the server's text-search parser and locale.
    expect(hit.highlight.replace(/<\/?mark>/g, '')).toContain(
      '&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;',
    )
    expect(hit.highlight.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/)
    expect(hit.highlight).toMatch(/<mark>widget<\/mark>/i)
  })

  it('keeps the best chunk per document when grouping by document', async () => {
    const { hits } = await search(deps(), { q: 'retrieval quality tables OCR', k: 10, group: 'document' })
    const ids = hits.map((h) => h.document.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('counts hits per customer and per type for facets', async () => {
    const { facets } = await search(deps(), { q: 'rate limit', k: 5 })
    expect(facets.customers.length).toBeGreaterThan(1)
    expect(facets.types.reduce((s, f) => s + f.count, 0)).toBe(
      facets.customers.reduce((s, f) => s + f.count, 0),
    )
  })

  it('rejects an empty query and one over 1,000 characters with a clear error', async () => {
    await expect(search(deps(), { q: '   ' })).rejects.toBeInstanceOf(ValidationError)
    await expect(search(deps(), { q: 'a'.repeat(1001) })).rejects.toThrow(/over 1000 characters/)
  })

  it('finds similar chunks only at other customers ("seen elsewhere")', async () => {
    const { hits } = await search(deps(), { q: 'connection pool exhausted max_connections', k: 1 })
    const source = hits[0]!
    const similar = await similarTo(deps(), { chunkId: source.chunkId }, 5)
    expect(similar.length).toBeGreaterThan(0)
    for (const s of similar) expect(s.document.customer).not.toBe(source.document.customer)
    expect(similar.map((s) => s.similarity)).toEqual(
      [...similar.map((s) => s.similarity)].sort((a, b) => b - a),
    )
    await expect(similarTo(deps(), { chunkId: 99_999_999 })).rejects.toThrow(/not found/)
  })
})
