import { HTTPException } from 'hono/http-exception'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Db } from '../storage/db.ts'
import { seed, type TestApp, testApp } from './helpers/app.ts'
import { backend } from './helpers/db.ts'

const PROBLEM = 'application/problem+json'

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toBe(PROBLEM)
  return (await res.json()) as Record<string, unknown> & { issues?: { path: unknown[]; message: string }[] }
}

describe(`API error responses on ${backend}`, () => {
  let t: TestApp
  const logged: string[] = []
  // A store whose every query fails the way a broken database does, with SQL in the message.
  const brokenDb = (): Db => {
    const fail = () =>
      Promise.reject(new Error('relation "documents" does not exist: SELECT secret_column FROM documents'))
    return { ...t.db, query: fail, exec: fail, transaction: fail }
  }
  beforeAll(async () => {
    t = await testApp({
      env: { FIELDKB_MAX_FILE_BYTES: '2000' },
      deps: {
        log: (line) => logged.push(line),
        mount: (app) => {
          app.get('/api/test/throw', () => {
            throw new Error('SELECT password FROM users WHERE id = 1')
          })
          app.get('/api/test/http', () => {
            throw new HTTPException(409, { message: 'already there' })
          })
          app.get('/api/test/zod', () => z.object({ n: z.number() }).parse({ n: 'x' }) as never)
        },
      },
    })
    await seed(t)
  })
  afterAll(async () => t?.dispose())

  it('answers bad query parameters with 400 and the zod issues naming each field', async () => {
    const body = await problem(await t.call('/api/search?q=proxy&k=abc&type=memo&from=2026-02-30'))
    expect(body).toMatchObject({ status: 400, code: 'validation_error', title: 'Bad Request' })
    expect(body.issues!.map((i) => i.path[0]).sort()).toEqual(['from', 'k', 'type'])
    expect((await problem(await t.call('/api/search'))).issues![0]!.path).toEqual(['q'])
    expect((await t.call('/api/search?q=a&q=b')).status).toBe(400)
    expect((await t.call('/api/search?q=%20%20')).status).toBe(400)
    expect((await t.call(`/api/search?q=${'x'.repeat(1001)}`)).status).toBe(400)
    expect((await t.call('/api/documents?pageSize=101')).status).toBe(400)
    expect((await t.call('/api/documents?page=0')).status).toBe(400)
    expect((await t.call('/api/similar/1?k=0')).status).toBe(400)
  })

  it('answers non-positive-integer ids with 400', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '1e3', '99999999999999999999']) {
      const body = await problem(await t.call(`/api/documents/${id}`))
      expect(body.status, id).toBe(400)
      expect(body.issues![0]!.path).toEqual(['id'])
    }
    expect((await t.call('/api/similar/x')).status).toBe(400)
  })

  it('answers malformed or invalid JSON bodies with 400', async () => {
    // Token creation needs a real admin token (never the open mode's implicit admin).
    const admin = 'admin-token-for-json-tests'
    const app = t.withApp({ env: { FIELDKB_API_TOKENS: `admin:${admin}` } })
    const post = (body: string) =>
      app.call('/api/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        token: admin,
      })
    expect((await problem(await post('{"role":'))).detail).toMatch(/not valid JSON/)
    expect((await problem(await post('{"role":"root"}'))).issues![0]!.path).toEqual(['role'])
    expect((await post('{"role":"reader","extra":1}')).status).toBe(400)
  })

  it('answers missing records with 404 problems', async () => {
    for (const [path, method] of [
      ['/api/documents/987654', 'GET'],
      ['/api/documents/987654', 'DELETE'],
      ['/api/similar/987654', 'GET'],
      ['/api/tokens/987654', 'DELETE'],
    ] as const) {
      const body = await problem(await t.call(path, { method }))
      expect(body, path).toMatchObject({ status: 404, code: 'not_found', instance: path })
    }
  })

  it('answers an upload over FIELDKB_MAX_FILE_BYTES with 413, whether streamed or declared', async () => {
    expect(await problem(await t.upload('big.md', 'x'.repeat(2001)))).toMatchObject({
      status: 413,
      code: 'payload_too_large',
      hint: expect.stringContaining('FIELDKB_MAX_FILE_BYTES'),
    })
    const huge = 'x'.repeat(200_000)
    expect((await t.upload('huge.md', huge)).status).toBe(413)
    const declared = await t.call('/api/documents?filename=d.md', {
      method: 'POST',
      headers: { 'content-type': 'text/markdown', 'content-length': String(huge.length) },
      body: huge,
    })
    expect(declared.status).toBe(413)
  })

  it('answers unsupported upload types with 415 and bad file names with 400', async () => {
    const json = await t.call('/api/documents?filename=a.md', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(await problem(json)).toMatchObject({ status: 415, code: 'unsupported_media_type' })
    expect((await t.upload('payload.exe', 'MZ')).status).toBe(400)
    expect((await t.upload('../../.md', 'x')).status).toBe(400)
    const noName = await t.call('/api/documents', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    })
    expect((await problem(noName)).issues![0]!.path).toEqual(['filename'])
    const noFile = new FormData()
    noFile.append('other', 'x')
    expect((await t.call('/api/documents', { method: 'POST', body: noFile })).status).toBe(400)
  })

  it('answers a file that is not text with 422 and the parse error, storing nothing', async () => {
    const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents')
    const binary = await problem(
      await t.upload('image.md', new Uint8Array([0x89, 0x50, 0x00, 0x01]), undefined),
    )
    expect(binary).toMatchObject({
      status: 422,
      code: 'parse_error',
      detail: expect.stringContaining('binary'),
    })
    const latin1 = await problem(
      await t.upload('latin.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9]), undefined, 'text/plain'),
    )
    expect(latin1).toMatchObject({
      status: 422,
      detail: expect.stringContaining('UTF-8'),
      hint: expect.any(String),
    })
    const after = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents')
    expect(after[0]!.n).toBe(before[0]!.n)
  })

  it('answers a plain Error with a generic 500 that reveals no SQL, message or stack, and logs it', async () => {
    const res = await t.call('/api/test/throw')
    const text = await res.text()
    expect(res.status).toBe(500)
    expect(JSON.parse(text)).toMatchObject({
      code: 'internal_error',
      instance: expect.stringMatching(/^urn:uuid:/),
    })
    expect(text).not.toMatch(/SELECT|password|users|at .*\.ts/)
    const id = (JSON.parse(text).instance as string).slice('urn:uuid:'.length)
    expect(logged.some((l) => l.includes(id) && l.includes('SELECT password'))).toBe(true)
  })

  it('answers a database failure with 500 on /api and 503 on /healthz, without internals', async () => {
    const broken = t.withApp({ deps: { db: brokenDb(), log: () => {} } })
    const api = await broken.call('/api/stats')
    const text = await api.text()
    expect(api.status).toBe(500)
    expect(text).not.toMatch(/secret_column|relation|SELECT/)
    const health = await problem(await broken.call('/healthz'))
    expect(health).toMatchObject({ status: 503, code: 'unavailable' })
    expect(JSON.stringify(health)).not.toMatch(/secret_column/)
  })

  it('maps HTTPException to its status and a raw ZodError to 400 with issues', async () => {
    expect(await problem(await t.call('/api/test/http'))).toMatchObject({
      status: 409,
      detail: 'already there',
    })
    const zod = await problem(await t.call('/api/test/zod'))
    expect(zod).toMatchObject({ status: 400, issues: [{ path: ['n'] }] })
  })

  it('answers with 429 and Retry-After once a token exceeds the rate limit, counting each token apart', async () => {
    let now = new Date('2026-10-01T00:00:00Z')
    const [a, b] = ['reader-token-aaaaaaaaaaaa', 'reader-token-bbbbbbbbbbbb']
    const limited = t.withApp({
      env: { FIELDKB_API_TOKENS: `reader:${a},reader:${b}` },
      deps: { rateLimit: { windowMs: 60_000, max: 2 }, now: () => now },
    })
    expect((await limited.call('/api/stats', { token: a })).status).toBe(200)
    const second = await limited.call('/api/stats', { token: a })
    expect(second.headers.get('ratelimit-remaining')).toBe('0')
    const third = await limited.call('/api/stats', { token: a })
    expect(await problem(third)).toMatchObject({ status: 429, code: 'rate_limited' })
    expect(third.headers.get('retry-after')).toBe('60')
    expect((await limited.call('/api/stats', { token: b })).status).toBe(200)
    expect((await limited.call('/healthz')).status).toBe(200)
    now = new Date(now.getTime() + 61_000)
    expect((await limited.call('/api/stats', { token: a })).status).toBe(200)
  })
})
