import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestApp, testApp } from './helpers/app.ts'
import { backend } from './helpers/db.ts'

const EDITOR = 'editor-token-for-alert-tests-0123456789'
const READER = 'reader-token-for-alert-tests-0123456789'

describe(`the /api/alerts routes on ${backend}`, () => {
  let t: TestApp
  let call: TestApp['call']
  const json = (body: unknown, token = EDITOR) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    token,
  })

  beforeAll(async () => {
    t = await testApp({ env: { FIELDKB_API_TOKENS: `editor:${EDITOR},reader:${READER}` } })
    call = t.call
  })
  afterAll(async () => t?.dispose())

  it('creates, lists, reads and deletes alerts for an editor', async () => {
    const res = await call(
      '/api/alerts',
      json({
        kind: 'search',
        query: 'proxy tls',
        filter: { customers: ['Kestrel Freight'] },
        webhookUrl: 'https://hooks.example/fieldkb',
        owner: 'pm-lee',
      }),
    )
    expect(res.status).toBe(201)
    const created = (await res.json()) as Record<string, unknown>
    expect(created).toMatchObject({
      kind: 'search',
      query: 'proxy tls',
      filter: { customers: ['Kestrel Freight'] },
      email: [],
      webhookUrl: 'https://hooks.example/fieldkb',
      owner: 'pm-lee',
      sent: 0,
      failed: 0,
    })
    expect(typeof created.secret).toBe('string')
    const watch = await call(
      '/api/alerts',
      json({ kind: 'customers', minCustomers: 3, email: ['pm@x.example'] }),
    )
    expect(watch.status).toBe(201)
    const list = (await (await call('/api/alerts', { token: EDITOR })).json()) as {
      items: Record<string, unknown>[]
    }
    expect(list.items.map((a) => a.kind)).toEqual(['search', 'customers'])
    expect(list.items.every((a) => !('secret' in a))).toBe(true)
    const one = await call(`/api/alerts/${created.id}`, { token: EDITOR })
    expect(one.status).toBe(200)
    expect(await one.json()).not.toHaveProperty('secret')
    expect((await call(`/api/alerts/${created.id}`, { method: 'DELETE', token: EDITOR })).status).toBe(204)
    expect((await call(`/api/alerts/${created.id}`, { token: EDITOR })).status).toBe(404)
    expect((await call(`/api/alerts/${created.id}`, { method: 'DELETE', token: EDITOR })).status).toBe(404)
  })

  it('refuses readers and anonymous callers', async () => {
    expect((await call('/api/alerts', { token: READER })).status).toBe(403)
    expect(
      (await call('/api/alerts', json({ kind: 'pattern', patternId: 'x', email: ['a@b.example'] }, READER)))
        .status,
    ).toBe(403)
    expect((await call('/api/alerts')).status).toBe(401)
  })

  it('answers 400 naming each bad field', async () => {
    const res = await call('/api/alerts', json({ kind: 'pattern', webhookUrl: 'javascript:alert(1)' }))
    expect(res.status).toBe(400)
    const problem = (await res.json()) as { issues: { path: string[]; message: string }[] }
    const paths = problem.issues.map((i) => i.path.join('.'))
    expect(paths).toContain('webhookUrl')
    const none = await call('/api/alerts', json({ kind: 'pattern', patternId: 'abc' }))
    expect(none.status).toBe(400)
    expect(JSON.stringify(await none.json())).toContain('give an e-mail address or a webhook URL')
  })

  it('documents the routes in the OpenAPI description', async () => {
    const doc = (await (await call('/api/openapi.json', { token: EDITOR })).json()) as {
      paths: Record<string, unknown>
    }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/alerts', '/api/alerts/{id}']))
  })
})
