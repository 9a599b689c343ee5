import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppEnv } from '../api/auth.ts'
import { type CorpusStore, corpusStore, webApp } from './e2e/web-fixture.ts'

let store: CorpusStore
let app: Hono<AppEnv>

beforeAll(async () => {
  store = await corpusStore()
  app = webApp(store)
})
afterAll(async () => store?.dispose())

async function page(path: string, a = app, init: RequestInit = {}) {
  const res = await a.request(path, init)
  return { res, html: await res.text() }
}

/** Results' customer badges, in order. */
function resultCustomers(html: string): string[] {
  const results = html.split('<aside')[0]!
  return [...results.matchAll(/<li class="badge customer">([^<]*)<\/li>/g)].map((m) => m[1]!)
}

/** No executable markup from the stored XSS document survived into the page. */
function expectInert(html: string) {
  // Escaped text may still spell `href="javascript:` out; only real tags (a literal `<`) matter.
  expect(html).not.toMatch(/<script>alert/i)
  expect(html).not.toMatch(/<img[^<>]*onerror/i)
  expect(html).not.toMatch(/<iframe[^<>]*javascript/i)
  expect(html).not.toMatch(/<[a-z][^<>]*\bhref\s*=\s*["']?\s*javascript:/i)
  expect(html).not.toMatch(/<b>Corp/)
}

async function xssChunkId(): Promise<number> {
  const [row] = await store.db.query<{ id: number }>('SELECT id FROM chunks WHERE document_id = $1 LIMIT 1', [
    store.xssId,
  ])
  return Number(row!.id)
}

describe('web UI (open, no tokens)', () => {
  it('renders every page with the security headers', async () => {
    const chunk = await xssChunkId()
    for (const path of [
      '/',
      '/search?q=SAML+clock+skew',
      `/documents/${store.xssId}`,
      '/documents/1',
      `/similar/${chunk}`,
      '/patterns',
      '/edge-cases',
      '/digest',
      '/ingest',
    ]) {
      const { res, html } = await page(path)
      expect(res.status, path).toBe(200)
      expect(html.startsWith('<!doctype html>'), path).toBe(true)
      expect(html).toContain('<main id="main"')
      expect(html).toContain('href="#main"')
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toContain('unsafe-inline')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('same-origin')
    }
  })

  it('keeps the query and filters in the URL, the form and the facet links', async () => {
    const { html } = await page('/search?q=proxy+TLS&type=incident&tag=proxy&from=2026-01-01')
    expect(html).toContain('value="proxy TLS"')
    expect(html).toMatch(/<option value="incident" selected="">/)
    expect(html).toContain('value="proxy"')
    expect(html).toContain('value="2026-01-01"')
    expect(html).toContain('<form class="search" method="get" action="/search"')
    // Facet links carry the whole search with them.
    expect(html).toMatch(
      /href="\/search\?q=proxy\+TLS&amp;customer=[^"]+&amp;type=incident&amp;tag=proxy&amp;from=2026-01-01"/,
    )
  })

  it('groups results by document and narrows them with filters', async () => {
    const all = resultCustomers((await page('/search?q=proxy+TLS+certificate')).html)
    expect(new Set(all).size).toBeGreaterThan(1)
    const { html } = await page('/search?q=proxy+TLS+certificate&customer=Kestrel+Freight')
    const narrowed = resultCustomers(html)
    expect(narrowed.length).toBeGreaterThan(0)
    expect(new Set(narrowed)).toEqual(new Set(['Kestrel Freight']))
    expect(html).toContain('<mark>')
    expect(html).toMatch(/href="\/similar\/\d+">Seen elsewhere/)
    const incidents = await page('/search?q=proxy+TLS+certificate&type=field-report')
    expect(incidents.html).not.toContain('badge type-incident')
    expect(incidents.html).toContain('badge type-field-report')
  })

  it('shows an empty state, and friendly errors instead of stack traces', async () => {
    const empty = await page('/search?q=proxy&customer=Nobody+Inc')
    expect(empty.res.status).toBe(200)
    expect(empty.html).toContain('No matches')
    const long = await page(`/search?q=${'a'.repeat(1001)}`)
    expect(long.res.status).toBe(400)
    expect(long.html).toContain('over 1000 characters')
    const date = await page('/search?q=proxy&from=2026-02-30')
    expect(date.res.status).toBe(400)
    expect(date.html).toContain('From date')
    const missing = await page('/documents/999999')
    expect(missing.res.status).toBe(404)
    expect(missing.html).toContain('There is no document 999999')
    const bad = await page('/documents/abc')
    expect(bad.res.status).toBe(400)
    for (const html of [long.html, date.html, missing.html, bad.html]) expect(html).not.toMatch(/\n\s+at /)
  })

  it('renders the stored XSS attempt as inert text on every page it appears on', async () => {
    const chunk = await xssChunkId()
    const doc = await page(`/documents/${store.xssId}`)
    expect(doc.html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; proxy TLS trap',
    )
    expect(doc.html).toContain('Evil &lt;b&gt;Corp&lt;/b&gt;')
    expect(doc.html).toContain('&#x3C;script>alert(1)&#x3C;/script>')
    const search = await page('/search?q=proxy+TLS+trap')
    expect(search.html).toContain(`/documents/${store.xssId}`)
    const pages = [doc, search]
    for (const path of ['/', `/similar/${chunk}`, '/ingest', '/patterns', '/edge-cases', '/digest/email']) {
      pages.push(await page(path))
    }
    for (const p of pages) expectInert(p.html)
  })

  it('lists recent ingests and failed files with their errors', async () => {
    const { html } = await page('/ingest')
    expect(html).toContain('<h2 id="failed-h">Failed files</h2>')
    expect(html).toContain('customers/acme/broken.md')
    expect(html).toContain('not valid UTF-8 near &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('<input type="hidden" name="_csrf"')
    expect(html).toContain('enctype="multipart/form-data"')
    expectInert(html)
    const failed = await page(`/documents/${store.failedId}`)
    expect(failed.res.status).toBe(200)
    expect(failed.html).toContain('This file failed to ingest')
    expectInert(failed.html)
  })

  it('lists patterns by customer count with sparklines, their documents, details and edge cases', async () => {
    const { html } = await page('/patterns')
    const counts = [...html.matchAll(/(\d+) customers · \d+ documents? · seen/g)].map((m) => Number(m[1]))
    expect(counts.length).toBeGreaterThan(0)
    expect(counts.every((n) => n >= 2)).toBe(true)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
    expect(html).toMatch(/<svg class="spark"[^>]*role="img" aria-label="\d+ documents over \d+ weeks/)
    expect(html).toContain('<h2 id="edge-cases">')
    const id = html.match(/href="\/patterns\/([0-9a-f]{16})"/)![1]
    const detail = await page(`/patterns/${id}`)
    expect(detail.res.status).toBe(200)
    expect(detail.html).toContain('Where it was seen')
    expect(detail.html).toMatch(/href="\/documents\/\d+#chunk-\d+"/)
    expect((await page('/patterns/0123456789abcdef')).res.status).toBe(404)
    expect((await page('/patterns/nope')).res.status).toBe(404)
    const edge = await page('/edge-cases')
    expect(edge.html).toMatch(/\d+ one-off problems? by customer/)
  })

  it('keeps every page under 100 KB of HTML, CSS and JS', async () => {
    const assets = (await page('/')).html.match(/\/assets\/[\w-]+\.(?:css|js)\?v=[\w-]+/g) ?? []
    expect(assets).toHaveLength(3)
    let assetBytes = 0
    for (const a of assets) assetBytes += Buffer.byteLength((await page(a)).html)
    const weights: Record<string, number> = {}
    for (const path of [
      '/',
      '/search?q=proxy+TLS+certificate',
      '/search?q=rate+limit+429+retry+backoff',
      '/documents/1',
      ...(await largestDocuments()),
      '/patterns',
      '/edge-cases',
      '/digest',
      '/ingest',
    ]) {
      let bytes = Buffer.byteLength((await page(path)).html) + assetBytes
      if (path === '/digest') bytes += Buffer.byteLength((await page('/digest/email')).html)
      weights[path] = bytes
      expect(bytes, path).toBeLessThan(100 * 1024)
    }
    console.log('page weights (bytes, incl. CSS+JS):', JSON.stringify(weights))
  })

  it('serves the assets with long-lived caching and revalidation', async () => {
    const css = (await page('/')).html.match(/\/assets\/app\.css\?v=[\w-]+/)![0]
    const { res } = await page(css)
    expect(res.headers.get('content-type')).toContain('text/css')
    expect(res.headers.get('cache-control')).toContain('max-age=31536000')
    const again = await app.request(css, { headers: { 'if-none-match': res.headers.get('etag')! } })
    expect(again.status).toBe(304)
  })

  it('frames the digest e-mail sandboxed, with a policy that runs nothing', async () => {
    const { html } = await page('/digest')
    expect(html).toContain('Subject: <strong>fieldkb digest')
    expect(html).toMatch(
      /<iframe class="email" src="\/digest\/email\?from=2026-11-09&amp;to=2026-11-15"[^>]*sandbox=""/,
    )
    const email = await page('/digest/email?from=2026-11-09&to=2026-11-15')
    expect(email.res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(email.res.headers.get('content-security-policy')).toContain('sandbox')
    expect(email.html).toContain('fieldkb weekly digest')
    const bad = await page('/digest?from=2026-11-20&to=2026-11-01')
    expect(bad.res.status).toBe(400)
    expect(bad.html).toContain('is after')
  })
})

async function largestDocuments(): Promise<string[]> {
  const rows = await store.db.query<{ id: number }>(
    'SELECT document_id AS id FROM chunks GROUP BY document_id ORDER BY sum(length(text)) DESC LIMIT 3',
  )
  return rows.map((r) => `/documents/${r.id}`)
}
