import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../api/server.ts'
import { artifact, browserSkipReason, launchBrowser } from '../helpers/browser.ts'
import { type CorpusStore, corpusStore, TOKEN_ENV, TOKENS, webAppDeps } from './web-fixture.ts'

if (browserSkipReason) console.warn(browserSkipReason)

// One browser, one server and one store for the file; the steps run in order like a user session.
describe.skipIf(browserSkipReason !== null)('web UI in headless Chromium', () => {
  let store: CorpusStore
  let server: RunningServer
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const dialogs: string[] = []
  const consoleErrors: string[] = []

  const watch = (p: Page) => {
    // Any alert/confirm/prompt means injected script ran; CSP violations show up as console errors.
    p.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    p.on('pageerror', (e) => consoleErrors.push(e.message))
    p.on('console', (m) => {
      // Expected 401s (a wrong token) are logged as failed loads; policy violations are not that.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        consoleErrors.push(m.text())
    })
  }
  const go = async (path: string) => {
    const res = await page.goto(`${server.url}${path}`)
    expect(res?.status(), path).toBeLessThan(400)
  }
  const login = async (p: Page, token: string) => {
    await p.goto(`${server.url}/`)
    await p.waitForURL(/\/login\?next=/)
    await p.fill('#token', token)
    await Promise.all([p.waitForURL(`${server.url}/`), p.click('button:has-text("Log in")')])
  }

  beforeAll(async () => {
    store = await corpusStore()
    server = await startServer(webAppDeps(store, TOKEN_ENV), { host: '127.0.0.1', port: 0 })
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    page = await context.newPage()
    watch(page)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await store?.dispose()
  })

  it('asks for a token, then logs in as an editor', async () => {
    await go('/')
    expect(page.url()).toContain('/login?next=%2F')
    await page.screenshot({ path: artifact('login') })
    await page.fill('#token', 'not-a-valid-token-at-all')
    await page.click('button:has-text("Log in")')
    expect(await page.locator('#login-error').textContent()).toContain('not valid')
    await page.fill('#token', TOKENS.editor)
    await Promise.all([page.waitForURL(`${server.url}/`), page.click('button:has-text("Log in")')])
    expect(await page.locator('header .who').textContent()).toContain('editor')
    // Keyboard users land on the skip link first.
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content')
  })

  it('searches, keeps the query in the URL, and narrows by a filter', async () => {
    await page.fill('#q', 'SAML clock skew')
    await Promise.all([page.waitForURL(/\/search\?q=SAML\+clock\+skew/), page.press('#q', 'Enter')])
    expect(await page.locator('#results-h').textContent()).toMatch(/\d+ documents? for “SAML clock skew”/)
    expect(await page.locator('.hits mark').count()).toBeGreaterThan(0)
    await page.screenshot({ path: artifact('search'), fullPage: true })

    await page.click('details.filters summary')
    await page.selectOption('#f-customer', 'Meridian Trust Bank')
    await Promise.all([page.waitForURL(/customer=Meridian\+Trust\+Bank/), page.click('text=Apply filters')])
    const customers = await page.locator('.results .badge.customer').allTextContents()
    expect(customers.length).toBeGreaterThan(0)
    expect(new Set(customers)).toEqual(new Set(['Meridian Trust Bank']))
    expect(await page.inputValue('#q')).toBe('SAML clock skew')
    await page.screenshot({ path: artifact('search-filtered'), fullPage: true })
  })

  it('opens a document with its text, chunks and similar notes elsewhere', async () => {
    await Promise.all([page.waitForURL(/\/documents\/\d+/), page.click('.hits h3 a >> nth=0')])
    await page.waitForSelector('article.doc h1')
    expect(await page.locator('section.doc-part').count()).toBeGreaterThan(1)
    expect(await page.locator('.badge.kind').count()).toBeGreaterThan(0)
    expect(await page.locator('#similar-h').textContent()).toBe('Seen at other customers')
    await page.screenshot({ path: artifact('document'), fullPage: true })
    await Promise.all([page.waitForURL(/\/similar\/\d+/), page.click('.chunk-foot a >> nth=0')])
    await page.screenshot({ path: artifact('similar'), fullPage: true })
  })

  it('shows patterns and the edge cases', async () => {
    await go('/patterns')
    expect(await page.locator('h1').textContent()).toContain('Patterns')
    await page.screenshot({ path: artifact('patterns'), fullPage: true })
    const first = page.locator('.pattern h2 a').first()
    if ((await first.count()) > 0) {
      await Promise.all([page.waitForURL(/\/patterns\/[0-9a-f]{16}$/), first.click()])
      await page.screenshot({ path: artifact('pattern'), fullPage: true })
    }
  })

  it('previews the digest e-mail in a sandboxed frame', async () => {
    await go('/digest')
    const frame = page.frameLocator('iframe.email')
    await expect(frame.locator('text=fieldkb weekly digest').waitFor()).resolves.toBeUndefined()
    expect(await page.locator('iframe.email').getAttribute('sandbox')).toBe('')
    await page.screenshot({ path: artifact('digest'), fullPage: true })
  })

  it('uploads a file through the form as an editor', async () => {
    await go('/ingest')
    await page.setInputFiles('#file', {
      name: 'browser-upload.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(
        '---\ntitle: Browser upload check\ncustomer: Upload Co\ntype: field-report\ndate: 2026-11-13\n---\n\n# Browser upload check\n\nThe proxy broke TLS again.\n',
      ),
    })
    await Promise.all([
      page.waitForURL(/\/ingest\?done=\d+&status=added/),
      page.click('button:has-text("Upload")'),
    ])
    expect(await page.locator('.notice.ok').textContent()).toContain('Added')
    expect(await page.locator('#recent-h + .scroll').textContent()).toContain('Browser upload check')
    await page.screenshot({ path: artifact('ingest'), fullPage: true })
  })

  it('keeps the stored XSS document inert on every page it shows up on', async () => {
    await go(`/documents/${store.xssId}`)
    expect(await page.locator('h1').textContent()).toContain('<script>alert(1)</script>')
    await page.screenshot({ path: artifact('xss-document'), fullPage: true })
    await go('/search?q=proxy+TLS+trap')
    await go('/ingest')
    await go('/digest')
    await page.frameLocator('iframe.email').locator('body').waitFor()
    await go(`/digest/email?from=2026-11-09&to=2026-11-15`)
    expect(dialogs).toEqual([])
    expect(consoleErrors).toEqual([])
  })

  it('works without JavaScript and on a phone-sized screen', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } })
    const p = await noJs.newPage()
    watch(p)
    await login(p, TOKENS.reader)
    await p.fill('#q', 'rate limit 429 retry')
    await Promise.all([p.waitForURL(/\/search\?q=/), p.press('#q', 'Enter')])
    expect(await p.locator('.hits > li').count()).toBeGreaterThan(0)
    await p.screenshot({ path: artifact('search-mobile-nojs'), fullPage: true })
    await noJs.close()
    expect(dialogs).toEqual([])
  })
})
