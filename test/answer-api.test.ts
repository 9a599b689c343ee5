import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Answer } from '../schemas/answer.ts'
import { type CorpusStore, corpusStore, TOKEN_ENV, TOKENS, webApp } from './e2e/web-fixture.ts'
import { type FakeOpenAI, startFakeOpenAI } from './helpers/fake-openai.ts'

const Q = 'TLS certificate errors calling the model API behind a corporate proxy that inspects HTTPS'
const get = (app: ReturnType<typeof webApp>, path: string, token?: string) =>
  app.request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {})

describe('GET /api/ask and the answer panel', () => {
  let store: CorpusStore
  let fake: FakeOpenAI
  beforeAll(async () => {
    store = await corpusStore()
    fake = await startFakeOpenAI()
  }, 120_000)
  afterAll(async () => {
    await fake?.close()
    await store?.dispose()
  })

  it('answers with the schema of the OpenAPI document, using the search filters', async () => {
    const app = webApp(store)
    const res = await get(app, `/api/ask?q=${encodeURIComponent(Q)}&customer=Kestrel%20Freight`)
    expect(res.status).toBe(200)
    const a = Answer.parse(await res.json())
    expect(a.confidence.noMatch).toBe(false)
    expect(new Set(a.citations.map((c) => c.customer))).toEqual(new Set(['Kestrel Freight']))
    const doc = (await (await get(app, '/api/openapi.json')).json()) as {
      paths: Record<string, { get: { parameters: { name: string }[]; 'x-fieldkb-role': string } }>
      components: { schemas: Record<string, unknown> }
    }
    const op = doc.paths['/api/ask']!.get
    expect(op['x-fieldkb-role']).toBe('reader')
    expect(op.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'customer', 'type', 'tag', 'severity', 'from', 'to', 'mode', 'stream']),
    )
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Answer', 'CitedChunk']))
  })

  it('refuses a missing question with a 400 naming the field, and a caller without a token with a 401', async () => {
    const res = await get(webApp(store), '/api/ask?customer=x')
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toContain('q')
    const locked = webApp(store, TOKEN_ENV)
    expect((await get(locked, `/api/ask?q=proxy`)).status).toBe(401)
    expect((await get(locked, `/api/ask?q=proxy`, TOKENS.reader)).status).toBe(200)
  })

  it('streams a generated answer as server-sent events: sentences, then the answer', async () => {
    fake.setChatReply('The proxy re-signed TLS [1]. The CA bundle fixed it [2].')
    const app = webApp(store, {
      FIELDKB_CHAT_MODEL: 'fake-chat',
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: 'k',
    })
    const res = await get(app, `/api/ask?q=${encodeURIComponent(Q)}&stream=1`)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const text = await res.text()
    const events = [...text.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((m) => [m[1], JSON.parse(m[2]!)])
    expect(events.map((e) => e[0])).toEqual(['sentence', 'sentence', 'answer'])
    const answer = Answer.parse(events[2]![1])
    expect(answer.mode).toBe('llm')
    expect(answer.sentences.map((s) => s.text)).toEqual([
      'The proxy re-signed TLS.',
      'The CA bundle fixed it.',
    ])
  })

  it('shows the cited answer above the results on the search page, escaped, sources linked', async () => {
    const html = await (await get(webApp(store), `/search?q=${encodeURIComponent(Q)}`)).text()
    const panel = html.slice(
      html.indexOf('<section class="answer'),
      html.indexOf('</section>', html.indexOf('<section class="answer')),
    )
    expect(panel).toMatch(/Yes — seen at \d customers/)
    expect(panel).toMatch(/<a class="cite" href="#source-1"[^>]*>\[1\]<\/a>/)
    expect(panel).toMatch(/<li id="source-1" value="1"><a href="\/documents\/\d+#chunk-\d+">/)
    expect(panel).not.toContain('<script>')
    expect(panel).not.toContain('<img')
    // No chat model configured: no link to a generated answer.
    expect(panel).not.toContain('Write this answer with the chat model')
  })

  it('says "no strong match" on the search page for an off-topic question', async () => {
    const html = await (
      await get(webApp(store), '/search?q=best+sourdough+bread+recipe+with+a+long+cold+proof')
    ).text()
    expect(html).toContain('<h2 id="answer-h">No strong match</h2>')
  })

  it('offers the generated answer as a plain link when a chat model is configured, and renders it without JavaScript', async () => {
    fake.setChatReply('The proxy re-signed TLS [1].')
    const app = webApp(store, {
      FIELDKB_CHAT_MODEL: 'fake-chat',
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: 'k',
    })
    const first = await (await get(app, `/search?q=${encodeURIComponent(Q)}`)).text()
    const href = /<a href="([^"]+)">Write this answer with the chat model<\/a>/.exec(first)?.[1]
    expect(href).toBeDefined()
    const html = await (await get(app, href!.replaceAll('&amp;', '&'))).text()
    expect(html).toContain('Generated by the chat model from the sources above')
    expect(html).toContain('The proxy re-signed TLS.')
  })
})
