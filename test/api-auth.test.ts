import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../config/schema.ts'
import { TokenList } from '../schemas/api.ts'
import { createToken } from '../storage/tokens.ts'
import { body, CORPUS, seed, type TestApp, testApp } from './helpers/app.ts'
import { backend } from './helpers/db.ts'

describe(`API authentication with no tokens on ${backend}`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await testApp()
  })
  afterAll(async () => t?.dispose())

  it('requires a token when told to (a server beyond loopback) even if none exists', async () => {
    const required = t.withApp({ deps: { auth: { required: true } } })
    expect((await required.call('/api/stats')).status).toBe(401)
  })

  it('is open to anonymous requests while no token exists anywhere', async () => {
    const up = await t.upload('open.md', CORPUS['kickoff.md']!)
    expect(up.status).toBe(201)
    expect((await t.call('/api/search?q=kickoff')).status).toBe(200)
    expect((await t.call('/api/tokens')).status).toBe(200)
    expect((await t.call(`/api/documents/${(await body(up)).documentId}`, { method: 'DELETE' })).status).toBe(
      204,
    )
  })

  it('still rejects a bearer token it does not know, even while open', async () => {
    const res = await t.call('/api/stats', { token: 'fkb_not-a-real-token' })
    expect(res.status).toBe(401)
  })

  it('refuses to create the first token over HTTP, pointing to the CLI', async () => {
    const res = await t.call('/api/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'admin', name: 'first admin' }),
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({
      code: 'forbidden',
      hint: expect.stringContaining('fieldkb token create'),
    })
    expect(TokenList.parse(await (await t.call('/api/tokens')).json()).items).toEqual([])
  })

  it('requires a token on every /api route once the first one is created (by the CLI)', async () => {
    const created = await createToken(t.db, { role: 'admin', name: 'first admin' })
    expect(created.token).toMatch(/^fkb_[A-Za-z0-9_-]{43}$/)
    const anonymous = await t.call('/api/stats')
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(await anonymous.json()).toMatchObject({ code: 'unauthorized', hint: expect.any(String) })
    expect((await t.call('/api/stats', { token: created.token })).status).toBe(200)
    expect((await t.call('/healthz')).status).toBe(200)
  })
})

describe(`API roles on ${backend}`, () => {
  let t: TestApp
  const tokens = {} as Record<Role, string>
  let chunkId: number
  beforeAll(async () => {
    t = await testApp()
    await seed(t)
    for (const role of ['reader', 'editor', 'admin'] as const) {
      tokens[role] = (await createToken(t.db, { role, name: `${role} test` })).token
    }
    const [row] = await t.db.query<{ id: number }>('SELECT id FROM chunks ORDER BY id LIMIT 1')
    chunkId = Number(row!.id)
  })
  afterAll(async () => t?.dispose())

  const newDocument = async () =>
    (await body(await t.upload(`d-${Math.random()}.md`, '# D\n\nx', tokens.admin))).documentId
  const json = (body: unknown) => ({
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const routes: { name: string; least: Role; request: () => Promise<[string, RequestInit]> }[] = [
    { name: 'search', least: 'reader', request: async () => ['/api/search?q=proxy', {}] },
    { name: 'list documents', least: 'reader', request: async () => ['/api/documents', {}] },
    {
      name: 'read a document',
      least: 'reader',
      request: async () => [`/api/documents/${await newDocument()}`, {}],
    },
    { name: 'similar chunks', least: 'reader', request: async () => [`/api/similar/${chunkId}`, {}] },
    { name: 'stats', least: 'reader', request: async () => ['/api/stats', {}] },
    { name: 'openapi', least: 'reader', request: async () => ['/api/openapi.json', {}] },
    {
      name: 'upload',
      least: 'editor',
      request: async () => [
        '/api/documents?filename=role.md',
        { method: 'POST', headers: { 'content-type': 'text/markdown' }, body: '# Role\n\ntext' },
      ],
    },
    {
      name: 'delete',
      least: 'editor',
      request: async () => [`/api/documents/${await newDocument()}`, { method: 'DELETE' }],
    },
    { name: 'list tokens', least: 'admin', request: async () => ['/api/tokens', {}] },
    {
      name: 'create token',
      least: 'admin',
      request: async () => ['/api/tokens', { method: 'POST', ...json({ role: 'reader' }) }],
    },
    {
      name: 'revoke token',
      least: 'admin',
      request: async () => [
        `/api/tokens/${(await createToken(t.db, { role: 'reader' })).id}`,
        { method: 'DELETE' },
      ],
    },
  ]
  const rank: Record<Role, number> = { reader: 1, editor: 2, admin: 3 }

  it('lets each role do exactly what it is allowed to and answers 403 otherwise', async () => {
    for (const route of routes) {
      for (const role of ['reader', 'editor', 'admin'] as const) {
        const [path, init] = await route.request()
        const res = await t.call(path, { ...init, token: tokens[role] })
        const label = `${role} → ${route.name}`
        if (rank[role] >= rank[route.least]) expect(res.status, label).toBeLessThan(300)
        else expect([res.status, (await body(res)).code], label).toEqual([403, 'forbidden'])
      }
    }
  })

  it('answers every /api route with 401 without a token, and keeps /healthz open', async () => {
    for (const route of routes) {
      const [path, init] = await route.request()
      expect((await t.call(path, init)).status, route.name).toBe(401)
    }
    expect((await t.call('/healthz')).status).toBe(200)
  })

  it('rejects malformed Authorization headers with 401', async () => {
    for (const header of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer ',
      `Bearer ${tokens.admin} extra`,
      tokens.admin,
    ]) {
      const res = await t.call('/api/stats', { headers: { authorization: header } })
      expect(res.status, header).toBe(401)
    }
    expect(
      (await t.call('/api/stats', { headers: { authorization: `bearer ${tokens.reader}` } })).status,
    ).toBe(200)
  })

  it('rejects a revoked token and records when tokens were last used', async () => {
    const doomed = await createToken(t.db, { role: 'reader', name: 'doomed' })
    expect((await t.call('/api/stats', { token: doomed.token })).status).toBe(200)
    expect((await t.call(`/api/tokens/${doomed.id}`, { method: 'DELETE', token: tokens.admin })).status).toBe(
      204,
    )
    expect((await t.call('/api/stats', { token: doomed.token })).status).toBe(401)
    const list = TokenList.parse(await (await t.call('/api/tokens', { token: tokens.admin })).json())
    const row = list.items.find((i) => i.id === doomed.id)!
    expect(row.revokedAt).not.toBeNull()
    expect(row.lastUsedAt).not.toBeNull()
  })

  it('never returns a token or its hash when listing tokens', async () => {
    const text = await (await t.call('/api/tokens', { token: tokens.admin })).text()
    for (const token of Object.values(tokens)) expect(text).not.toContain(token)
    expect(text).not.toMatch(/[0-9a-f]{64}/)
  })

  it('accepts static tokens from FIELDKB_API_TOKENS with their roles, alongside stored ones', async () => {
    const reader = 'static-reader-token-1234'
    const admin = 'static-admin-token-12345'
    const app = t.withApp({ env: { FIELDKB_API_TOKENS: `reader:${reader},admin:${admin}` } })
    expect((await app.call('/api/stats', { token: reader })).status).toBe(200)
    const upload = await app.call('/api/documents?filename=s.md', {
      method: 'POST',
      headers: { 'content-type': 'text/markdown' },
      body: '# S',
      token: reader,
    })
    expect(upload.status).toBe(403)
    const list = await app.call('/api/tokens', { token: admin })
    expect(TokenList.parse(await list.json()).staticTokens).toBe(2)
    expect((await app.call('/api/stats', { token: tokens.editor })).status).toBe(200)
    expect((await app.call('/api/stats', { token: `${reader}x` })).status).toBe(401)
  })

  it('resolves a role from a session hook for the web UI when no bearer token is sent', async () => {
    const app = t.withApp({
      deps: { auth: { session: (c) => (c.req.header('cookie') === 'session=ok' ? 'reader' : null) } },
    })
    expect((await app.call('/api/stats', { headers: { cookie: 'session=ok' } })).status).toBe(200)
    expect((await app.call('/api/tokens', { headers: { cookie: 'session=ok' } })).status).toBe(403)
    expect((await app.call('/api/stats', { headers: { cookie: 'session=bad' } })).status).toBe(401)
  })
})
