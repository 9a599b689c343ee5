import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppEnv } from '../api/auth.ts'
import { createToken, revokeToken } from '../storage/tokens.ts'
import { type CorpusStore, corpusStore, TOKEN_ENV, TOKENS, webApp } from './e2e/web-fixture.ts'

const ORIGIN = 'http://localhost'
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

describe('web UI forms on an open server', () => {
  it('lets anyone upload on an open server, still with the CSRF token', async () => {
    const form = await page('/ingest')
    const csrf = form.html.match(/name="_csrf" value="([^"]+)"/)![1]!
    const cookie = cookieOf(form.res)
    const refused = await upload(app, cookie, 'open-upload.md', undefined)
    expect(refused.status).toBe(403)
    const ok = await upload(app, cookie, 'open-upload.md', csrf)
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toMatch(/^\/ingest\?done=\d+&status=added$/)
  })
})

describe('web UI with tokens', () => {
  let secured: Hono<AppEnv>
  beforeAll(() => {
    secured = webApp(store, TOKEN_ENV)
  })

  async function login(token: string) {
    const res = await secured.request('/login', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, next: '/ingest' }),
    })
    return res
  }

  it('sends visitors without a session to /login, remembering where they were going', async () => {
    const res = await secured.request('/search?q=proxy')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login?next=%2Fsearch%3Fq%3Dproxy')
    const form = await page('/login?next=%2Fsearch%3Fq%3Dproxy', secured)
    expect(form.res.status).toBe(200)
    expect(form.html).toContain('<label for="token">')
    expect(form.html).toContain('value="/search?q=proxy"')
  })

  it('logs in with a valid token from this origin only, into an HttpOnly SameSite=Strict cookie', async () => {
    expect((await login('wrong-token-0123456789')).status).toBe(401)
    const foreign = await secured.request('/login', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: TOKENS.reader }),
    })
    expect(foreign.status).toBe(403)
    const res = await login(TOKENS.reader)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/ingest')
    const setCookie = res.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^fkb_session=[\w-]{43};/)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    const home = await page('/', secured, { headers: { cookie: cookieOf(res) } })
    expect(home.res.status).toBe(200)
    expect(home.html).toContain('Signed in')
    const open = await secured.request('/login', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: TOKENS.reader, next: '//evil.example/' }),
    })
    expect(open.headers.get('location')).toBe('/')
  })

  it('refuses uploads without the CSRF token or from another origin, and from readers', async () => {
    const editor = cookieOf(await login(TOKENS.editor))
    const csrf = (await page('/ingest', secured, { headers: { cookie: editor } })).html.match(
      /name="_csrf" value="([^"]+)"/,
    )![1]!
    expect((await upload(secured, editor, 'csrf.md', undefined)).status).toBe(403)
    expect((await upload(secured, editor, 'csrf.md', 'forged')).status).toBe(403)
    expect((await upload(secured, editor, 'csrf.md', csrf, 'https://evil.example')).status).toBe(403)

    const reader = cookieOf(await login(TOKENS.reader))
    const readerPage = await page('/ingest', secured, { headers: { cookie: reader } })
    expect(readerPage.html).not.toContain('action="/ingest"')
    expect(readerPage.html).toContain('needs the editor role')
    // The reader's own valid token (from the logout form): the role, not the token, is refused.
    const readerCsrf = readerPage.html.match(/name="_csrf" value="([^"]+)"/)![1]!
    const refused = await upload(secured, reader, 'reader.md', readerCsrf)
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('editor role')
  })

  it('uploads through the ingest pipeline as an editor', async () => {
    const editor = cookieOf(await login(TOKENS.editor))
    const csrf = (await page('/ingest', secured, { headers: { cookie: editor } })).html.match(
      /name="_csrf" value="([^"]+)"/,
    )![1]!
    const res = await upload(secured, editor, 'editor-notes.md', csrf)
    expect(res.status).toBe(303)
    const id = Number(/done=(\d+)/.exec(res.headers.get('location') ?? '')?.[1])
    const doc = await page(`/documents/${id}`, secured, { headers: { cookie: editor } })
    expect(doc.html).toContain('Webhook retries at Upload Co')
    expect(doc.html).toContain('[REDACTED:')
    expect(doc.html).not.toContain('ghp_')
    const bad = await upload(secured, editor, 'notes.exe', csrf)
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Upload failed')
  })

  it('logs out only with the CSRF token', async () => {
    const res = await login(TOKENS.reader)
    const cookie = cookieOf(res)
    const html = (await page('/', secured, { headers: { cookie } })).html
    const csrf = html.match(/name="_csrf" value="([^"]+)"/)![1]!
    const post = (fields: Record<string, string>) =>
      secured.request('/logout', {
        method: 'POST',
        headers: { origin: ORIGIN, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      })
    expect((await post({})).status).toBe(403)
    const out = await post({ _csrf: csrf })
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe('/login')
    expect((await secured.request('/', { headers: { cookie } })).status).toBe(303)
  })

  it('lets the session read the API but never write to it', async () => {
    const cookie = cookieOf(await login(TOKENS.editor))
    expect((await secured.request('/api/stats', { headers: { cookie } })).status).toBe(200)
    const write = await secured.request('/api/documents?filename=x.md', {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/markdown' },
      body: '# x',
    })
    expect(write.status).toBe(401)
  })
})

describe('web UI sessions from stored tokens', () => {
  it('asks for a login when required even though no token exists (beyond loopback)', async () => {
    const required = webApp(store, {}, { required: true })
    const res = await required.request('/ingest')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login?next=%2Fingest')
    expect((await required.request('/login')).status).toBe(200)
  })

  it('ends the session when its token is revoked', async () => {
    // A second token keeps logins required once the first is revoked (no token at all means open).
    await createToken(store.db, { role: 'admin', name: 'stays' })
    const created = await createToken(store.db, { role: 'reader', name: 'ui test' })
    const secured = webApp(store)
    const res = await secured.request('/login', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: created.token }),
    })
    expect(res.status).toBe(303)
    const cookie = cookieOf(res)
    expect((await secured.request('/', { headers: { cookie } })).status).toBe(200)
    await revokeToken(store.db, created.id)
    const after = await secured.request('/', { headers: { cookie } })
    expect(after.status).toBe(303)
    expect(after.headers.get('location')).toBe('/login?next=%2F')
  })
})

function cookieOf(res: Response): string {
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!
}

async function upload(a: Hono<AppEnv>, cookie: string, name: string, csrf?: string, origin = ORIGIN) {
  const form = new FormData()
  if (csrf !== undefined) form.set('_csrf', csrf)
  const text = `---\ntitle: Webhook retries at Upload Co\ncustomer: Upload Co\ntype: field-report\ndate: 2026-11-12\n---\n\n# Webhook retries at Upload Co\n\nThe webhook retried without backoff. Token ghp_abcdefghijklmnopqrstuvwxyz0123456789 was in the log.\n`
  form.set('file', new File([text], name, { type: 'text/markdown' }))
  return a.request('/ingest', { method: 'POST', headers: { origin, cookie }, body: form })
}
