import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToken } from '../storage/tokens.ts'
import { seed, type TestApp, testApp } from './helpers/app.ts'
import { backend } from './helpers/db.ts'

// Hostile values, already in URL-encoded form; the last few are deliberately malformed encodings.
const PAYLOADS: [label: string, encoded: string][] = [
  ...(
    [
      "' OR 1=1 --",
      "'; DROP TABLE documents; --",
      '%',
      '_',
      '\\',
      '$1',
      '1::text',
      '" OR ""="',
      '<script>alert(1)</script>',
      '../../etc/passwd',
      'Ünïcödé 🚀 漢字 مرحبا',
      '\u0000',
      '\u202eevil',
      '-1',
      '9'.repeat(40),
      'x'.repeat(10_000),
      "'".repeat(10_000),
    ] as const
  ).map((p): [string, string] => [JSON.stringify(p.slice(0, 30)), encodeURIComponent(p)]),
  ['bare %', '%'],
  ['bad escape', '%ZZ'],
  ['lone surrogate', '%ED%A0%80'],
  ['invalid utf-8', '%FF%FE'],
]

const SEARCH = ['q', 'customer', 'type', 'tag', 'severity', 'from', 'to', 'k', 'group', 'mode']
const LIST = ['customer', 'type', 'tag', 'severity', 'from', 'to', 'status', 'page', 'pageSize']

describe(`API input hardening on ${backend}`, () => {
  let t: TestApp
  let ids: Record<string, number>
  let token: string
  beforeAll(async () => {
    t = await testApp({ deps: { log: () => {} } })
    token = (await createToken(t.db, { role: 'admin' })).token
    ids = await seed(t, token)
  })
  afterAll(async () => t?.dispose())

  const expect4xxOr2xx = async (label: string, path: string, init: RequestInit = {}) => {
    const res = await t.call(path, { ...init, token })
    expect(res.status, `${label}: ${path.slice(0, 120)}`).toBeLessThan(500)
    if (res.status >= 400) expect(res.headers.get('content-type'), label).toBe('application/problem+json')
    await res.body?.cancel()
  }

  it('answers hostile values in every query parameter with a normal result or a 4xx, never a 500', async () => {
    for (const [label, p] of PAYLOADS) {
      for (const name of SEARCH) {
        const base = name === 'q' ? '' : 'q=proxy&'
        await expect4xxOr2xx(label, `/api/search?${base}${name}=${p}`)
        await expect4xxOr2xx(label, `/api/search?${base}${name}=ok&${name}=${p}`)
      }
      for (const name of LIST) await expect4xxOr2xx(label, `/api/documents?${name}=${p}`)
      await expect4xxOr2xx(label, `/api/similar/1?k=${p}`)
    }
  })

  it('answers hostile values in every path parameter with a 4xx, never a 500', async () => {
    for (const [label, p] of PAYLOADS) {
      await expect4xxOr2xx(label, `/api/documents/${p}`)
      await expect4xxOr2xx(label, `/api/documents/${p}`, { method: 'DELETE' })
      await expect4xxOr2xx(label, `/api/similar/${p}`)
      await expect4xxOr2xx(label, `/api/tokens/${p}`, { method: 'DELETE' })
    }
  })

  it('answers hostile upload file names and token names with a sanitised result or a 4xx', async () => {
    for (const [label, p] of PAYLOADS) {
      const upload = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hostile name test' }
      await expect4xxOr2xx(label, `/api/documents?filename=${p}`, upload)
      await expect4xxOr2xx(label, `/api/documents?filename=${p}.md`, upload)
      const name = decodeURIComponentSafe(p)
      await expect4xxOr2xx(label, '/api/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'reader', name }),
      })
    }
    const { items } = (await (await t.call('/api/documents?pageSize=100', { token })).json()) as {
      items: { sourcePath: string }[]
    }
    for (const d of items) expect(d.sourcePath).toMatch(/^uploads\/[\p{L}\p{N}._-]+$/u)
  })

  it('leaves the documents table intact and searchable afterwards', async () => {
    for (const id of Object.values(ids))
      expect((await t.call(`/api/documents/${id}`, { token })).status).toBe(200)
    const res = await t.call('/api/search?q=proxy', { token })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { hits: unknown[] }).hits.length).toBeGreaterThan(0)
    const [row] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM documents WHERE source_path LIKE 'uploads/%'",
    )
    expect(row!.n).toBeGreaterThanOrEqual(Object.keys(ids).length)
  })
})

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
