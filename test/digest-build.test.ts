import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../api/app.ts'
import { loadConfig } from '../config/load.ts'
import { buildDigest } from '../digest/build.ts'
import { explicitPeriod } from '../digest/period.ts'
import { renderHtml } from '../digest/render-html.ts'
import { HashingEmbeddings } from '../embeddings/hashing.ts'
import { ingestPaths } from '../ingest/run.ts'
import { Digest } from '../schemas/digest.ts'
import { SAMPLE_CORPUS } from './helpers/corpus.ts'
import { freshDb, type TestDb } from './helpers/db.ts'
import { type FakeOpenAI, startFakeOpenAI } from './helpers/fake-openai.ts'
import { localEmbedder } from './helpers/local-embedder.ts'

const PUBLIC_URL = 'https://fieldkb.example'
const period = (from: string, to: string) => explicitPeriod(from, to, 'UTC')

describe('building the digest from the store', () => {
  let t: TestDb
  let fake: FakeOpenAI
  const build = (from: string, to: string) =>
    buildDigest(t.db, { period: period(from, to), publicUrl: PUBLIC_URL })

  beforeAll(async () => {
    t = await freshDb()
    const summary = await ingestPaths([path.join(SAMPLE_CORPUS, 'customers')], {
      db: t.db,
      embedder: localEmbedder(),
      options: { maxFileBytes: 1 << 20, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false },
    })
    expect(summary.failed).toBe(0)
    fake = await startFakeOpenAI({ chatReply: 'Two new cross-customer problems need attention this week.' })
  })
  afterAll(async () => {
    await fake?.close()
    await t?.dispose()
  })

  it('counts documents dated exactly on from and on to, and none a day outside', async () => {
    // St. Aldric 11-13 sits on `from`, Kestrel 11-19 on `to`; Larkspur has documents on 11-12 and 11-20.
    const d = await build('2026-11-13', '2026-11-19')
    expect(d.headline.documents).toBe(4)
    expect(d.headline.customers).toEqual([
      'Ironbridge Manufacturing',
      'Kestrel Freight',
      'Meridian Trust Bank',
      'St. Aldric Health Network',
    ])
    expect((await build('2026-11-12', '2026-11-12')).headline).toMatchObject({ documents: 1, incidents: 1 })
    expect((await build('2026-11-20', '2026-11-20')).headline.customers).toEqual(['Larkspur Retail Group'])
    expect((await build('2026-11-21', '2026-11-30')).headline.documents).toBe(0)
  })

  it('counts documents by type and incidents by severity', async () => {
    const d = await build('2026-06-01', '2026-11-30')
    expect(d.headline).toMatchObject({
      documents: 40,
      byType: { 'field-report': 14, incident: 15, 'integration-doc': 11 },
      activeCustomers: 6,
      incidents: 15,
    })
    expect(d.headline.bySeverity.sev1 + d.headline.bySeverity.sev2).toBe(d.notableIncidents.length)
    expect(Object.values(d.headline.bySeverity).reduce((a, b) => a + b, 0)).toBe(15)
  })

  it('lists sev1/sev2 incidents in the period with an extractive root cause and a link', async () => {
    const d = await build('2026-11-09', '2026-11-15')
    expect(d.notableIncidents).toHaveLength(1)
    const [incident] = d.notableIncidents
    expect(incident).toMatchObject({
      customer: 'Larkspur Retail Group',
      severity: 'sev2',
      date: '2026-11-12',
    })
    // The lead sentence of a chunk the ingest classifier called root-cause (the classifier, not
    // the digest, decides which sections state a cause).
    const causes = await t.db.query<{ text: string }>(
      "SELECT text FROM chunks WHERE document_id = $1 AND section_kind = 'root-cause'",
      [incident!.documentId],
    )
    const plain = (x: string) => x.replace(/[`*_]/g, '').replace(/\s+/g, ' ')
    expect(incident!.rootCause).toEqual(expect.any(String))
    expect(causes.some((c) => plain(c.text).includes(incident!.rootCause!.replace(/…$/, '')))).toBe(true)
    expect(incident!.url).toBe(`${PUBLIC_URL}/documents/${incident!.documentId}`)
  })

  it('compares with the period of the same length just before, and lists the other incidents', async () => {
    const d = await build('2026-11-13', '2026-11-19')
    const before = await build('2026-11-06', '2026-11-12')
    expect(d.previousPeriod).toEqual({
      from: '2026-11-06',
      to: '2026-11-12',
      documents: before.headline.documents,
      incidents: before.headline.incidents,
      activeCustomers: before.headline.activeCustomers,
      bySeverity: before.headline.bySeverity,
      crossCustomerPatterns: before.headline.crossCustomerPatterns,
    })
    const all = await build('2026-06-01', '2026-11-30')
    expect(all.notableIncidents.length + all.otherIncidents.length).toBe(
      Math.min(15, all.notableIncidents.length + 10),
    )
    expect(all.otherIncidents.every((i) => i.severity !== 'sev1' && i.severity !== 'sev2')).toBe(true)
  })

  it('summarises extractively without a chat model, and validates against the schema', async () => {
    const d = await build('2026-11-13', '2026-11-19')
    expect(() => Digest.parse(d)).not.toThrow()
    expect(d.summarySource).toBe('extractive')
    expect(d.executiveSummary).toMatch(
      /^In 13–19 Nov 2026 FDEs filed 4 documents \(4 field reports\) across 4 customers\./,
    )
  })

  it('asks the chat model for the summary when one is configured, with numbers but no raw documents', async () => {
    fake.reset()
    const config = loadConfig({
      FIELDKB_DATA_DIR: '/nonexistent',
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: 'sk-test-key',
      FIELDKB_CHAT_MODEL: 'gpt-test',
    })
    const d = await buildDigest(t.db, {
      period: period('2026-06-01', '2026-11-30'),
      publicUrl: PUBLIC_URL,
      chat: config.chat,
    })
    expect(d).toMatchObject({
      executiveSummary: 'Two new cross-customer problems need attention this week.',
      summarySource: 'llm',
    })
    const [request] = fake.chatRequests()
    const body = JSON.stringify(request!.body)
    expect(body).toContain('gpt-test')
    expect(body).toContain('\\"documents\\":40')
    expect(body).not.toContain('S3cr3tPassw0rd!')
    expect(body).not.toContain('AKIAZZFAKE7EXAMPLE42')
  })

  it('falls back to the extractive summary when the chat model fails', async () => {
    fake.reset()
    fake.failAlways(500)
    const logs: string[] = []
    const chat = { apiKey: 'sk-test-key', baseURL: fake.url, model: 'gpt-test' }
    const d = await buildDigest(t.db, {
      period: period('2026-11-13', '2026-11-19'),
      publicUrl: PUBLIC_URL,
      chat,
      log: (l) => logs.push(l),
    })
    fake.reset()
    expect(d.summarySource).toBe('extractive')
    expect(logs.join('\n')).toMatch(/chat model failed/)
    expect(logs.join('\n')).not.toContain('sk-test-key')
  })

  describe('over HTTP', () => {
    const config = () =>
      loadConfig({
        FIELDKB_DATA_DIR: '/nonexistent',
        FIELDKB_PUBLIC_URL: PUBLIC_URL,
        FIELDKB_TIMEZONE: 'Europe/Berlin',
      })
    const app = () =>
      createApp({
        db: t.db,
        embedder: new HashingEmbeddings(16),
        config: config(),
        rateLimit: false,
        now: () => new Date('2026-11-23T07:00:00Z'),
      })

    it('serves the digest as JSON for ?from=&to=, and the last complete week by default', async () => {
      const res = await app().request('/api/digest?from=2026-11-13&to=2026-11-19')
      expect(res.status).toBe(200)
      const d = Digest.parse(await res.json())
      expect(d.headline.documents).toBe(4)
      const week = Digest.parse(await (await app().request('/api/digest')).json())
      expect(week.period).toMatchObject({ from: '2026-11-16', to: '2026-11-22', timezone: 'Europe/Berlin' })
    })

    it('serves exactly the HTML e-mail at /digest.html', async () => {
      const res = await app().request('/api/digest.html?from=2026-11-13&to=2026-11-19')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      const html = await res.text()
      const d = await buildDigest(t.db, {
        period: explicitPeriod('2026-11-13', '2026-11-19', 'Europe/Berlin'),
        publicUrl: PUBLIC_URL,
        now: () => new Date('2026-11-23T07:00:00Z'),
      })
      expect(html).toBe(renderHtml(d))
    })

    it.each([
      ['an impossible date', '?from=2026-02-30&to=2026-03-02'],
      ['an inverted range', '?from=2026-11-20&to=2026-11-13'],
      ['only one bound', '?from=2026-11-13'],
      ['since together with from/to', '?since=7d&from=2026-11-13&to=2026-11-19'],
      ['a bad since', '?since=forever'],
    ])('answers 400 for %s', async (_name, query) => {
      const res = await app().request(`/api/digest${query}`)
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/problem\+json/)
    })
  })
})
