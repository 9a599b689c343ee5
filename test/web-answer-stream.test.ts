import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from '../api/server.ts'
import { Answer } from '../schemas/answer.ts'
import { type CorpusStore, corpusStore, TOKEN_ENV, TOKENS, webApp, webAppDeps } from './e2e/web-fixture.ts'
import { browserSkipReason, launchBrowser } from './helpers/browser.ts'
import { type FakeOpenAI, startFakeOpenAI } from './helpers/fake-openai.ts'

const Q = 'TLS certificate errors calling the model API behind a corporate proxy that inspects HTTPS'
const XSS = '<img src=x onerror=alert(1)>'
const panelOf = (html: string) => {
  const start = html.indexOf('<section class="answer')
  return html.slice(start, html.indexOf('</section>', start))
}
const events = (text: string) =>
  [...text.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((m) => [m[1], JSON.parse(m[2]!)] as const)

if (browserSkipReason) console.warn(browserSkipReason)

describe('the search page streams the generated answer into the answer panel', () => {
  let store: CorpusStore
  let fake: FakeOpenAI
  let chatEnv: Record<string, string>
  const cleanup: (() => Promise<void>)[] = []
  beforeAll(async () => {
    store = await corpusStore()
    fake = await startFakeOpenAI()
    chatEnv = { FIELDKB_CHAT_MODEL: 'fake-chat', OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k' }
  }, 120_000)
  afterAll(async () => {
    for (const done of cleanup.reverse()) await done()
    await fake?.close()
    await store?.dispose()
  })

  it('renders a complete page without JavaScript: the offline answer, the plain link and the stream address', async () => {
    fake.setChatReply('The proxy re-signed TLS [1].')
    const before = fake.requests.filter((r) => r.path === '/chat/completions').length
    const q = new URLSearchParams({ q: Q, customer: 'Kestrel Freight' }).toString()
    const html = await (await webApp(store, chatEnv).request(`/search?${q}`)).text()
    const panel = panelOf(html)
    expect(panel).toMatch(/Yes — seen at|Seen at 1 customer/)
    expect(panel).toContain('Extracted from the sources above')
    expect(panel).toMatch(/<li id="source-1" value="1"><a href="\/documents\/\d+#chunk-\d+">/)
    expect(panel).toContain('Write this answer with the chat model</a>')
    expect(panel).toContain(`data-answer-stream="/search/answer-stream?${q.replaceAll('&', '&amp;')}"`)
    // The page itself never waits on the model.
    expect(fake.requests.filter((r) => r.path === '/chat/completions').length).toBe(before)
  })

  it('marks no panel for streaming and has no stream route when no chat model is configured', async () => {
    const app = webApp(store)
    const html = await (await app.request(`/search?q=${encodeURIComponent(Q)}`)).text()
    expect(panelOf(html)).not.toContain('data-answer-stream')
    expect((await app.request(`/search/answer-stream?q=${encodeURIComponent(Q)}`)).status).toBe(404)
  })

  it('streams sentences then the answer for the same query and filters, behind the web login', async () => {
    fake.setChatReply('The proxy re-signed TLS [1]. The CA bundle fixed it [2].')
    const path = `/search/answer-stream?q=${encodeURIComponent(Q)}&customer=Kestrel+Freight`
    const locked = webApp(store, { ...chatEnv, ...TOKEN_ENV })
    const anonymous = await locked.request(path)
    expect(anonymous.status).toBe(303)
    expect(anonymous.headers.get('location')).toContain('/login?next=')
    const res = await webApp(store, chatEnv).request(path)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const got = events(await res.text())
    expect(got.map((e) => e[0])).toEqual(['sentence', 'sentence', 'answer'])
    const answer = Answer.parse(got[2]![1])
    expect(answer.mode).toBe('llm')
    expect(new Set(answer.citations.map((c) => c.customer))).toEqual(new Set(['Kestrel Freight']))
    expect((await webApp(store, chatEnv).request('/search/answer-stream?q=')).status).toBe(400)
  })

  // Records every heading the panel shows, to see the streaming state the final answer replaces.
  const RECORD_HEADINGS = `window.headings = [];
    new MutationObserver(() => {
      const h = document.querySelector('#answer-h')?.textContent
      if (h && window.headings.at(-1) !== h) window.headings.push(h)
    }).observe(document, { subtree: true, childList: true, characterData: true })`

  it.skipIf(browserSkipReason !== null)(
    'fills the panel from the stream in Chromium, renders model markup as text and links the citations',
    async () => {
      const server = await startServer(webAppDeps(store, { ...chatEnv, ...TOKEN_ENV }), {
        host: '127.0.0.1',
        port: 0,
      })
      cleanup.push(() => server.close())
      const browser = await launchBrowser()
      cleanup.push(() => browser.close())
      const page = await (await browser.newContext()).newPage()
      const dialogs: string[] = []
      const pageErrors: string[] = []
      page.on('dialog', (d) => {
        dialogs.push(d.message())
        void d.dismiss()
      })
      page.on('pageerror', (e) => pageErrors.push(e.message))
      await page.addInitScript({ content: RECORD_HEADINGS })
      await page.goto(`${server.url}/`)
      await page.fill('#token', TOKENS.reader)
      await Promise.all([page.waitForURL(`${server.url}/`), page.click('button:has-text("Log in")')])
      fake.setChatReply(`The proxy re-signed TLS ${XSS} [1]. The CA bundle fixed it [2].`)
      await page.goto(`${server.url}/search?q=${encodeURIComponent(Q)}`)
      const panel = page.locator('section.answer')
      await panel.getByText('Generated by the chat model from the sources above').waitFor({ timeout: 30_000 })
      const headings = (await page.evaluate('window.headings')) as string[]
      expect(headings).toContain('Writing the answer…')
      expect(headings.at(-1)).toMatch(/seen at/i)
      const text = await panel.innerText()
      expect(text).toContain(`The proxy re-signed TLS ${XSS}`)
      expect(text).toContain('The CA bundle fixed it.')
      expect(text).not.toContain('Extracted from the sources above')
      expect(await panel.locator('img').count()).toBe(0)
      const cites = await panel.locator('a.cite').evaluateAll((as) => as.map((a) => a.getAttribute('href')))
      expect(cites).toEqual(['#source-1', '#source-2'])
      const sources = await panel
        .locator('ol.sources li a')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')))
      expect(sources).toHaveLength(2)
      for (const href of sources) expect(href).toMatch(/^\/documents\/\d+#chunk-\d+$/)
      expect(dialogs).toEqual([])
      expect(pageErrors).toEqual([])
    },
    60_000,
  )
})
