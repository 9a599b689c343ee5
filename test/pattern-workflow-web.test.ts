import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppDeps } from '../api/app.ts'
import { createApp } from '../api/app.ts'
import { type RunningServer, startServer } from '../api/server.ts'
import { loadConfig } from '../config/load.ts'
import { refreshInsights } from '../insights/refresh.ts'
import { createSessions, webRoutes, webSession } from '../web/app.tsx'
import { timelineBuckets } from '../web/timeline.tsx'
import { type TestApp, testApp } from './helpers/app.ts'
import { artifact, browserSkipReason, launchBrowser } from './helpers/browser.ts'
import { BACKGROUND_DOCS, THROTTLE_DOCS, throttleNote } from './helpers/workflow-corpus.ts'

const TOKENS = { reader: 'reader-token-0123456789abcdef', editor: 'editor-token-0123456789abcdef' }
const ENV = {
  FIELDKB_DATA_DIR: '/nonexistent',
  FIELDKB_API_TOKENS: `reader:${TOKENS.reader},editor:${TOKENS.editor}`,
}
const ORIGIN = 'http://localhost'
const NOW = new Date('2026-12-02T10:00:00Z')

let t: TestApp
let id: string

function deps(): AppDeps {
  const config = loadConfig(ENV)
  const sessions = createSessions()
  const base = { db: t.db, embedder: t.embedder, config, now: () => NOW }
  return {
    ...base,
    rateLimit: false,
    auth: { session: webSession(sessions, t.db) },
    mount: (app) => {
      app.route('/', webRoutes({ ...base, sessions, rateLimit: false }))
    },
  }
}

beforeAll(async () => {
  t = await testApp()
  const docs = [
    ...BACKGROUND_DOCS,
    ...THROTTLE_DOCS,
    ['late.md', throttleNote('Hooli', '2027-02-10', 9)] as const,
  ]
  for (const [name, text] of docs) expect((await t.upload(name, text)).status).toBe(201)
  const { patterns } = await refreshInsights(t.db)
  expect(patterns).toHaveLength(1)
  id = patterns[0]!.id
})
afterAll(async () => t?.dispose())

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!

describe('pattern workflow form (app.request)', () => {
  const app = () => createApp(deps())
  async function login(a: ReturnType<typeof app>, token: string) {
    const res = await a.request('/login', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, next: '/patterns' }),
    })
    const cookie = cookieOf(res)
    const html = await (await a.request(`/patterns/${id}`, { headers: { cookie } })).text()
    return { cookie, html, csrf: html.match(/name="_csrf" value="([^"]+)"/)?.[1] }
  }
  const post = (a: ReturnType<typeof app>, cookie: string, fields: Record<string, string>, origin = ORIGIN) =>
    a.request(`/patterns/${id}/workflow`, {
      method: 'POST',
      headers: { origin, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    })
  const status = async () =>
    (
      await t.db.query<{ status: string }>('SELECT status FROM pattern_workflow WHERE pattern_id = $1', [id])
    )[0]?.status ?? 'new'

  it('shows readers the workflow without a form, and refuses their POST', async () => {
    const a = app()
    const reader = await login(a, TOKENS.reader)
    expect(reader.html).toContain('Editing needs the editor role.')
    expect(reader.html).not.toContain(`action="/patterns/${id}/workflow"`)
    // Even with the session's own CSRF token (the logout form carries one), a reader may not change it.
    expect((await post(a, reader.cookie, { status: 'planned', _csrf: reader.csrf! })).status).toBe(403)
    expect(await status()).toBe('new')
  })

  it('refuses an editor’s change without the CSRF token, with a forged one, or from another site', async () => {
    const a = app()
    const editor = await login(a, TOKENS.editor)
    expect(editor.csrf).toBeDefined()
    expect((await post(a, editor.cookie, { status: 'planned' })).status).toBe(403)
    expect((await post(a, editor.cookie, { status: 'planned', _csrf: 'forged' })).status).toBe(403)
    expect(
      (await post(a, editor.cookie, { status: 'planned', _csrf: editor.csrf! }, 'https://evil.example'))
        .status,
    ).toBe(403)
    expect(await status()).toBe('new')
    const bad = await post(a, editor.cookie, {
      status: 'planned',
      tickets: 'javascript:alert(1)',
      _csrf: editor.csrf!,
    })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('tickets.0')
    expect(await status()).toBe('new')
    const ok = await post(a, editor.cookie, { status: 'acknowledged', _csrf: editor.csrf! })
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toBe(`/patterns/${id}?saved=1#workflow`)
    expect(await status()).toBe('acknowledged')
  })

  it('offers the CSV of all patterns and the brief as downloads', async () => {
    const a = app()
    const { cookie } = await login(a, TOKENS.reader)
    const list = await (await a.request('/patterns', { headers: { cookie } })).text()
    expect(list).toContain('href="/patterns/export.csv"')
    expect(list).toContain('<span class="badge status status-acknowledged">acknowledged</span>')
    const csv = await a.request('/patterns/export.csv', { headers: { cookie } })
    expect(csv.headers.get('content-disposition')).toContain('fieldkb-patterns.csv')
    expect((await csv.text()).split('\r\n')[1]).toContain(`,${id},`)
    const md = await a.request(`/patterns/${id}/brief.md`, { headers: { cookie } })
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/)
    expect(await md.text()).toContain('- Status: acknowledged')
  })
})

describe('weekly or monthly timeline buckets', () => {
  it('covers every week from the first to the last date, empty weeks included', () => {
    const { unit, buckets } = timelineBuckets(['2026-10-01', '2026-10-20', '2026-10-21'])
    expect(unit).toBe('week')
    expect(buckets).toEqual([
      { start: '2026-09-28', count: 1 },
      { start: '2026-10-05', count: 0 },
      { start: '2026-10-12', count: 0 },
      { start: '2026-10-19', count: 2 },
    ])
  })

  it('switches to months when the life spans more than half a year', () => {
    const { unit, buckets } = timelineBuckets(['2026-01-15', '2026-09-02'])
    expect(unit).toBe('month')
    expect(buckets.map((b) => b.start)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
      '2026-07-01',
      '2026-08-01',
      '2026-09-01',
    ])
    expect(buckets.map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1])
  })
})

if (browserSkipReason) console.warn(browserSkipReason)

describe.skipIf(browserSkipReason !== null)('pattern page in headless Chromium', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  const dialogs: string[] = []

  beforeAll(async () => {
    server = await startServer(deps(), { host: '127.0.0.1', port: 0 })
    browser = await launchBrowser()
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await page.goto(`${server.url}/login?next=${encodeURIComponent(`/patterns/${id}`)}`)
    await page.fill('#token', TOKENS.editor)
    await Promise.all([
      page.waitForURL(`${server.url}/patterns/${id}`),
      page.click('button:has-text("Log in")'),
    ])
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('draws the timeline over the whole life with dated axis labels', async () => {
    const bars = page.locator('svg.timeline rect.bar')
    // 2026-10-01 … 2027-02-10: the 20 weeks from Monday 28 September to Monday 8 February.
    expect(await bars.count()).toBe(20)
    expect(await bars.first().getAttribute('data-start')).toBe('2026-09-28')
    expect(await bars.last().getAttribute('data-start')).toBe('2027-02-08')
    const counts = (await bars.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-count')))).map(Number)
    expect(counts.filter((n) => n > 0)).toEqual([1, 1, 1, 1])
    const ticks = await page.locator('svg.timeline text.tick').allTextContents()
    expect(ticks[0]).toBe('2026-09-28')
    expect(ticks.at(-1)).toBe('2027-02-08')
    expect(ticks.length).toBeLessThanOrEqual(9)
  })

  it('saves the form, then shows the status, regressed badge, escaped owner and the audit trail', async () => {
    await page.selectOption('select[name="status"]', 'fixed')
    await page.fill('input[name="owner"]', '<img src=x onerror=alert(1)> Ana')
    await page.fill('input[name="fixedOn"]', '2026-11-01')
    await page.fill('textarea[name="tickets"]', 'https://tracker.example/PROJ-7')
    await page.fill('textarea[name="notes"]', 'Shipped the limiter.\nWatch Hooli.')
    await Promise.all([page.waitForURL(/saved=1/), page.click('button:has-text("Save")')])
    expect(await page.locator('[role=status]').textContent()).toContain('Saved.')
    expect(await page.locator('.pattern-head .badge.regressed').textContent()).toBe('regressed')
    expect(await page.locator('.pattern-head .badge.status').textContent()).toBe('fixed')
    expect(await page.locator('#workflow [role=alert]').textContent()).toContain('marked fixed on 2026-11-01')
    expect(await page.locator('#workflow').textContent()).toContain('Owner: <img src=x onerror=alert(1)> Ana')
    expect(await page.locator('#workflow img').count()).toBe(0)
    expect(await page.locator('.tickets a').getAttribute('href')).toBe('https://tracker.example/PROJ-7')
    await page.click('details.audit summary')
    const audit = await page.locator('details.audit li').allTextContents()
    expect(audit.some((l) => /web \(editor token\) changed status: acknowledged → fixed/.test(l))).toBe(true)
    expect(audit.some((l) => /changed fixedOn: \(none\) → 2026-11-01/.test(l))).toBe(true)
    expect(await page.locator('a:has-text("Export brief")').getAttribute('href')).toBe(
      `/patterns/${id}/brief.md`,
    )
    await page.screenshot({ path: artifact('pattern-workflow'), fullPage: true })
    expect(dialogs).toEqual([])
  })
})
