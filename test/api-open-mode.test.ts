import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allowedHosts } from '../api/host-guard.ts'
import { startServer } from '../api/server.ts'
import { loadConfig } from '../config/load.ts'
import { webRoutes } from '../web/app.tsx'
import { body, type TestApp, testApp } from './helpers/app.ts'
import { backend } from './helpers/db.ts'

/** A raw HTTP request (fetch may not set `Host`), answering status and body. */
function raw(url: string, headers: Record<string, string>, method = 'GET', data = '') {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString()
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', reject)
    req.end(data)
  })
}

describe(`open mode (no tokens, loopback) against web pages on ${backend}`, () => {
  let t: TestApp
  let web: ReturnType<TestApp['withApp']>
  beforeAll(async () => {
    t = await testApp()
    const config = loadConfig({ FIELDKB_DATA_DIR: '/nonexistent' })
    web = t.withApp({
      deps: {
        mount: (app) => {
          app.route('/', webRoutes({ db: t.db, embedder: t.embedder, config, rateLimit: false }))
        },
      },
    })
  })
  afterAll(async () => t?.dispose())

  it('answers only to loopback Host names, on the API, the UI and /healthz (DNS rebinding)', async () => {
    for (const path of ['/api/stats', '/api/documents', '/', '/healthz']) {
      const res = await web.call(path, { headers: { host: 'attacker.example' } })
      expect(res.status, path).toBe(403)
      expect(await res.text(), path).not.toContain('documents":')
      expect((await web.call(path, { headers: { host: 'attacker.example:8787' } })).status, path).toBe(403)
    }
    for (const host of ['localhost:8787', '127.0.0.1:8787', '[::1]:8787', 'LOCALHOST', '127.0.0.1']) {
      expect((await web.call('/api/stats', { headers: { host } })).status, host).toBe(200)
    }
    expect((await web.call('/api/stats', { headers: { host: 'user@localhost' } })).status).toBe(403)
  })

  it('also answers to the host of FIELDKB_PUBLIC_URL (a reverse proxy in front)', async () => {
    const proxied = t.withApp({ env: { FIELDKB_PUBLIC_URL: 'https://kb.internal.example' } })
    expect((await proxied.call('/api/stats', { headers: { host: 'kb.internal.example' } })).status).toBe(200)
    expect((await proxied.call('/api/stats', { headers: { host: 'other.example' } })).status).toBe(403)
  })

  it('refuses writes that a browser marks as cross-site, whatever the content type', async () => {
    const attempts: [string, Record<string, string>][] = [
      ['/api/tokens', { origin: 'https://evil.example', 'content-type': 'text/plain' }],
      ['/api/documents?filename=x.md', { origin: 'https://evil.example', 'content-type': 'text/plain' }],
      ['/api/documents?filename=x.md', { origin: 'null', 'content-type': 'text/markdown' }],
      ['/api/documents?filename=x.md', { 'sec-fetch-site': 'cross-site', 'content-type': 'text/markdown' }],
      ['/ingest', { origin: 'http://localhost:3000', 'content-type': 'text/plain' }],
    ]
    for (const [path, headers] of attempts) {
      const res = await web.call(path, { method: 'POST', headers, body: '{"role":"admin"}' })
      expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403)
    }
    expect(
      (await web.call('/api/documents/1', { method: 'DELETE', headers: { origin: 'https://evil.example' } }))
        .status,
    ).toBe(403)
    const stats = await body(await web.call('/api/stats'))
    expect(stats).toMatchObject({ documents: 0 })
  })

  it('accepts writes from its own origin and from clients that send no Origin (curl, scripts)', async () => {
    const own = await web.call('/api/documents?filename=own.md', {
      method: 'POST',
      headers: {
        origin: 'http://localhost',
        'sec-fetch-site': 'same-origin',
        'content-type': 'text/markdown',
      },
      body: '# Own\n\nfrom the UI',
    })
    expect(own.status).toBe(201)
    const cli = await web.call('/api/documents?filename=cli.md', {
      method: 'POST',
      headers: { 'content-type': 'text/markdown' },
      body: '# CLI\n\nfrom curl',
    })
    expect(cli.status).toBe(201)
  })

  it('refuses token creation over HTTP while no token exists, even from a same-origin page', async () => {
    const res = await web.call('/api/tokens', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'admin' }),
    })
    expect(res.status).toBe(403)
    expect((await body(res)).hint).toContain('fieldkb token create --role admin')
  })

  it('makes the real server refuse a rebound Host and accept its loopback names', async () => {
    const config = loadConfig({ FIELDKB_DATA_DIR: '/nonexistent' })
    const server = await startServer(
      { db: t.db, embedder: t.embedder, config },
      { host: '127.0.0.1', port: 0 },
    )
    try {
      const url = `${server.url}/api/stats`
      expect((await raw(url, { host: `attacker.example:${server.port}` })).status).toBe(403)
      expect((await raw(url, { host: `localhost:${server.port}` })).status).toBe(200)
      expect((await raw(url, {})).status).toBe(200)
      const forged = await raw(
        `${server.url}/api/tokens`,
        { origin: 'https://evil.example', 'content-type': 'text/plain' },
        'POST',
        '{"role":"admin"}',
      )
      expect(forged.status).toBe(403)
    } finally {
      await server.close()
    }
  })

  it('checks Origin on writes with tokens too, yet lets a bearer-token script through', async () => {
    const admin = 'admin-token-origin-check-1'
    const secured = t.withApp({ env: { FIELDKB_API_TOKENS: `admin:${admin}` } })
    const create = (headers: Record<string, string>) =>
      secured.call('/api/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ role: 'reader', name: 'script' }),
        token: admin,
      })
    expect((await create({ origin: 'https://evil.example' })).status).toBe(403)
    expect((await create({})).status).toBe(201)
  })

  it('derives the accepted Host names from the bound address, and checks none beyond loopback', async () => {
    expect(allowedHosts('127.0.0.2', 'http://127.0.0.2:8787')).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      '127.0.0.2',
    ])
    expect(allowedHosts('::1', loadConfig({ FIELDKB_HOST: '::1' }).server.publicUrl)).toContain('[::1]')
    expect(loadConfig({ FIELDKB_HOST: '::1' }).server.publicUrl).toBe('http://[::1]:8787')
    expect(allowedHosts('0.0.0.0', 'https://kb.example.com')).toBeNull()
    const exposed = t.withApp({
      env: { FIELDKB_HOST: '0.0.0.0', FIELDKB_API_TOKENS: 'reader:reader-token-exposed-1' },
    })
    const lan = { host: '192.168.1.20:8787' }
    expect((await exposed.call('/api/stats', { headers: lan, token: 'reader-token-exposed-1' })).status).toBe(
      200,
    )
  })
})
