import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLimiter } from '../api/rate-limit.ts'
import { loadConfig } from '../config/load.ts'
import { createToken } from '../storage/tokens.ts'
import { webRoutes } from '../web/app.tsx'
import { body, type TestApp, testApp } from './helpers/app.ts'
import { backend } from './helpers/db.ts'

/** What @hono/node-server hands the app: the connection, whose address the limiter keys on. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })

describe(`rate limits by principal on ${backend}`, () => {
  let t: TestApp
  let token: string
  const now = new Date('2026-12-01T00:00:00Z')
  beforeAll(async () => {
    t = await testApp()
    token = (await createToken(t.db, { role: 'reader', name: 'limited' })).token
  })
  afterAll(async () => t?.dispose())

  const limited = () => t.withApp({ deps: { rateLimit: { windowMs: 60_000, max: 600 }, now: () => now } })

  it('counts random bearer values against the address, so 700 of them meet 429s', async () => {
    const { app } = limited()
    const statuses: number[] = []
    for (let i = 0; i < 700; i++) {
      const headers = { authorization: `Bearer fkb_${randomBytes(16).toString('hex')}` }
      statuses.push((await app.request('/api/stats', { headers }, from('203.0.113.9'))).status)
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(600)
    expect(statuses.filter((s) => s === 429)).toHaveLength(100)
    const last = await app.request(
      '/api/stats',
      { headers: { authorization: 'Bearer x' } },
      from('203.0.113.9'),
    )
    expect(last.headers.get('retry-after')).toBe('60')
    expect(await body(last)).toMatchObject({ status: 429, code: 'rate_limited' })
    // Another address, and a valid token from the same address, keep their own budgets.
    expect((await app.request('/api/stats', {}, from('198.51.100.4'))).status).toBe(401)
    const valid = await app.request(
      '/api/stats',
      { headers: { authorization: `Bearer ${token}` } },
      from('203.0.113.9'),
    )
    expect(valid.status).toBe(200)
    expect(valid.headers.get('ratelimit-remaining')).toBe('599')
  })

  it('gives a stored token one budget wherever it comes from, keyed by its id', async () => {
    const small = t.withApp({ deps: { rateLimit: { windowMs: 60_000, max: 3 }, now: () => now } })
    const headers = { authorization: `Bearer ${token}` }
    const statuses: number[] = []
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4']) {
      statuses.push((await small.app.request('/api/stats', { headers }, from(address))).status)
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    // Spacing or case in the header is the same token, not a fresh budget.
    const variant = { authorization: `bearer   ${token}` }
    expect((await small.app.request('/api/stats', { headers: variant }, from('192.0.2.5'))).status).toBe(429)
  })

  it('keeps at most maxKeys counters however many keys it sees', () => {
    let clock = 0
    const limiter = createLimiter({ windowMs: 60_000, max: 5, maxKeys: 100, now: () => clock })
    for (let i = 0; i < 10_000; i++) limiter.hit(`ip:key-${i}`)
    expect(limiter.size).toBe(100)
    for (let i = 0; i < 5; i++) expect(limiter.hit('ip:busy').allowed).toBe(true)
    expect(limiter.hit('ip:busy')).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 60 })
    clock += 60_000
    expect(limiter.hit('ip:busy')).toMatchObject({ allowed: true, remaining: 4 })
  })

  it('limits login attempts per address, whatever else the request carries', async () => {
    const config = loadConfig({
      FIELDKB_DATA_DIR: '/nonexistent',
      FIELDKB_API_TOKENS: 'reader:reader-token-0123456789ab',
    })
    const web = t.withApp({
      env: { FIELDKB_API_TOKENS: 'reader:reader-token-0123456789ab' },
      deps: {
        mount: (app) => {
          app.route('/', webRoutes({ db: t.db, embedder: t.embedder, config, now: () => now }))
        },
      },
    })
    const attempt = (address: string) =>
      web.app.request(
        '/login',
        {
          method: 'POST',
          headers: {
            origin: 'http://localhost',
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Bearer ${randomBytes(12).toString('hex')}`,
          },
          body: new URLSearchParams({ token: `guess-${randomBytes(8).toString('hex')}` }),
        },
        from(address),
      )
    const statuses: number[] = []
    for (let i = 0; i < 25; i++) statuses.push((await attempt('203.0.113.50')).status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(20)
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429])
    expect((await attempt('203.0.113.51')).status).toBe(401)
  })

  it('limits web pages too, answering with the error page and Retry-After', async () => {
    const config = loadConfig({ FIELDKB_DATA_DIR: '/nonexistent' })
    const web = t.withApp({
      env: { FIELDKB_API_TOKENS: 'reader:reader-token-0123456789ab' },
      deps: {
        mount: (app) => {
          app.route(
            '/',
            webRoutes({
              db: t.db,
              embedder: t.embedder,
              config,
              now: () => now,
              rateLimit: { windowMs: 60_000, max: 3 },
            }),
          )
        },
      },
    })
    const statuses: number[] = []
    for (const path of ['/login', '/patterns', '/digest', '/login']) {
      statuses.push((await web.app.request(path, {}, from('203.0.113.77'))).status)
    }
    expect(statuses.slice(0, 3)).not.toContain(429)
    const refused = await web.app.request('/search?q=x', {}, from('203.0.113.77'))
    expect(statuses[3]).toBe(429)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('60')
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/)
    expect((await web.app.request('/login', {}, from('203.0.113.78'))).status).toBe(200)
  })

  it('ignores X-Forwarded-For unless the connection comes from a configured proxy', async () => {
    // true: answered 429 (the store has tokens, so the others are 401s).
    const statusesFor = async (env: Record<string, string>, socket: string) => {
      const app = t.withApp({ env, deps: { rateLimit: { windowMs: 60_000, max: 2 }, now: () => now } }).app
      const out: boolean[] = []
      for (const forwarded of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        out.push(
          (await app.request('/api/stats', { headers: { 'x-forwarded-for': forwarded } }, from(socket)))
            .status === 429,
        )
      }
      return out
    }
    expect(await statusesFor({}, '10.0.0.1')).toEqual([false, false, true])
    const proxied = { FIELDKB_TRUSTED_PROXIES: '10.0.0.1' }
    expect(await statusesFor(proxied, '10.0.0.1')).toEqual([false, false, false])
    expect(await statusesFor(proxied, '10.0.0.9')).toEqual([false, false, true])
    // A client-written hop left of the proxy's own entry buys no fresh budget.
    const app = t.withApp({
      env: proxied,
      deps: { rateLimit: { windowMs: 60_000, max: 2 }, now: () => now },
    }).app
    const spoofed: boolean[] = []
    for (const fake of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) {
      const headers = { 'x-forwarded-for': `${fake}, 203.0.113.7` }
      spoofed.push((await app.request('/api/stats', { headers }, from('10.0.0.1'))).status === 429)
    }
    expect(spoofed).toEqual([false, false, true])
    expect(() => loadConfig({ FIELDKB_TRUSTED_PROXIES: 'proxy.local' })).toThrow(/FIELDKB_TRUSTED_PROXIES/)
  })
})
