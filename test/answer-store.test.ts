import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ask } from '../answer/index.ts'
import { sampleCorpus } from '../bench/lib/keyed.ts'
import { ingestPaths } from '../ingest/run.ts'
import { refreshInsights } from '../insights/refresh.ts'
import { Answer } from '../schemas/answer.ts'
import { SAMPLE_CORPUS } from './helpers/corpus.ts'
import { freshDb, type TestDb } from './helpers/db.ts'
import { type FakeOpenAI, startFakeOpenAI } from './helpers/fake-openai.ts'
import { localEmbedder } from './helpers/local-embedder.ts'

// The sample corpus's key (its README) names the documents of each planted pattern.
const key = sampleCorpus(SAMPLE_CORPUS)
const proxyDocs = new Set(key.patterns.find((p) => p.id === 'P4')!.docs)
const PROXY_Q = 'TLS certificate errors calling the model API behind a corporate proxy that inspects HTTPS'

describe('asking the sample corpus', () => {
  let t: TestDb
  let fake: FakeOpenAI
  const embedder = localEmbedder()
  const deps = () => ({ db: t.db, embedder })
  const chat = () => ({ model: 'fake-chat', apiKey: 'test-key', baseURL: fake.url })

  beforeAll(async () => {
    t = await freshDb()
    const summary = await ingestPaths([path.join(SAMPLE_CORPUS, 'customers')], {
      db: t.db,
      embedder,
      options: { maxFileBytes: 1 << 20, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false },
    })
    expect(summary.failed).toBe(0)
    await refreshInsights(t.db)
    fake = await startFakeOpenAI()
  }, 120_000)
  afterAll(async () => {
    await fake?.close()
    await t?.dispose()
  })

  it('answers offline from the documents of the planted pattern, grouped by customer, each sentence cited', async () => {
    const a = Answer.parse(await ask(deps(), { q: PROXY_Q }))
    expect(a.mode).toBe('offline')
    expect(a.confidence.noMatch).toBe(false)
    const cited = new Set(a.citations.map((c) => c.sourcePath))
    const relevant = [...cited].filter((p) => proxyDocs.has(p))
    expect(relevant.length).toBeGreaterThanOrEqual(2)
    expect(relevant.length / cited.size).toBeGreaterThanOrEqual(0.5)
    expect(a.customers.length).toBeGreaterThanOrEqual(2)
    expect(a.text).toMatch(/^Yes — seen at \d customers\./)
    for (const s of a.sentences) {
      expect(s.citations.length).toBe(1)
      expect(a.text).toContain(`${s.text} [${s.citations[0]}]`)
      expect(a.citations.find((c) => c.n === s.citations[0])?.customer).toBe(s.customer)
    }
    // Symptom / root cause / fix come from the matching stored section kinds.
    const kinds = new Set(a.sentences.map((s) => s.kind))
    expect(kinds.has('root-cause')).toBe(true)
    expect(
      a.sentences.filter((s) => s.text.startsWith('Root cause:')).every((s) => s.kind === 'root-cause'),
    ).toBe(true)
  })

  it('names the pattern the cited documents belong to', async () => {
    const a = await ask(deps(), { q: PROXY_Q })
    const [stored] = await t.db.query<{ label: string; customer_count: number; trend: string }>(
      `SELECT p.label, p.customer_count, p.trend FROM patterns p WHERE p.id = $1`,
      [a.pattern?.id],
    )
    expect(stored).toBeDefined()
    expect(a.text).toContain(
      `Part of pattern '${stored!.label}' (${stored!.customer_count} customers, ${stored!.trend}).`,
    )
  })

  it('says "no strong match" for nonsense and for off-topic questions, naming the deciding signal', async () => {
    const nonsense = await ask(deps(), { q: 'xyzzy frobnicate' })
    expect(nonsense.confidence).toMatchObject({ noMatch: true, signal: 'no-lexical-match' })
    expect(nonsense.citations).toEqual([])
    expect(nonsense.text).toMatch(/^No strong match: /)
    const offTopic = await ask(deps(), { q: 'best sourdough bread recipe with a long cold proof' })
    expect(offTopic.confidence.noMatch).toBe(true)
    expect(offTopic.text).toContain(offTopic.confidence.reason)
  })

  it('keeps to the filters of search', async () => {
    const a = await ask(deps(), { q: PROXY_Q, filter: { customers: ['Kestrel Freight'] } })
    expect(a.citations.length).toBeGreaterThan(0)
    expect(new Set(a.citations.map((c) => c.customer))).toEqual(new Set(['Kestrel Freight']))
    const none = await ask(deps(), { q: PROXY_Q, filter: { from: '2031-01-01' } })
    expect(none.confidence.signal).toBe('filtered-empty')
  })

  it('generates an answer with the chat model, streamed sentence by sentence, from numbered redacted chunks only', async () => {
    fake.reset()
    fake.setChatReply(
      'At Kestrel the proxy re-signed TLS [1]. Meridian added the CA bundle [2]. Both fixed it. [1]',
    )
    const streamed: string[] = []
    const a = await ask(
      { ...deps(), chat: chat() },
      { q: PROXY_Q },
      { onSentence: (s) => streamed.push(s.text) },
    )
    expect(a.mode).toBe('llm')
    expect(a.warnings).toEqual([])
    expect(streamed).toEqual([
      'At Kestrel the proxy re-signed TLS.',
      'Meridian added the CA bundle.',
      'Both fixed it.',
    ])
    expect(a.citations.map((c) => c.n)).toEqual([1, 2])
    const [request] = fake.chatRequests()
    const body = request!.body as { stream: boolean; messages: { content: string }[] }
    expect(body.stream).toBe(true)
    const prompt = body.messages[1]!.content
    // Every given chunk is numbered; the stored (redacted) text is what is sent, within the bound.
    expect(prompt).toContain('[1] ')
    const rows = await t.db.query<{ text: string }>('SELECT text FROM chunks WHERE id = $1', [
      a.citations[0]!.chunkId,
    ])
    expect(prompt).toContain(rows[0]!.text.replace(/\s+/g, ' ').trim().slice(0, 200))
    expect(prompt.length).toBeLessThan(12_000)
  })

  it('removes and counts citations of chunks that were never given to the model', async () => {
    fake.reset()
    fake.setChatReply('The proxy re-signed TLS [1][42]. Kubernetes is popular [99].')
    const a = await ask({ ...deps(), chat: chat() }, { q: PROXY_Q })
    expect(a.mode).toBe('llm')
    expect(a.sentences).toEqual([
      { text: 'The proxy re-signed TLS.', citations: [1], customer: null, kind: null },
    ])
    expect(a.warnings).toContain('2 citation(s) pointed at no provided chunk and were removed')
    expect(a.warnings).toContain('1 sentence(s) without a valid citation were dropped')
  })

  it('falls back to the extractive answer with a warning when the model times out or fails', async () => {
    fake.reset()
    fake.stallNext(4, 3_000)
    const slow = await ask({ ...deps(), chat: chat() }, { q: PROXY_Q }, { timeoutMs: 300 })
    expect(slow.mode).toBe('offline')
    expect(slow.citations.length).toBeGreaterThan(0)
    expect(slow.warnings[0]).toMatch(/^chat model failed \(.+\); showing the extractive answer$/)
    fake.reset()
    fake.failAlways(500)
    const failed = await ask({ ...deps(), chat: chat() }, { q: PROXY_Q })
    expect(failed.mode).toBe('offline')
    expect(failed.warnings[0]).toMatch(/^chat model failed/)
    fake.reset()
  })

  it('does not call the model when nothing matched', async () => {
    fake.reset()
    const a = await ask({ ...deps(), chat: chat() }, { q: 'xyzzy frobnicate' })
    expect(a.confidence.noMatch).toBe(true)
    expect(fake.chatRequests()).toEqual([])
  })
})
