import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppEnv } from '../api/auth.ts'
import { refreshInsights } from '../insights/refresh.ts'
import { type CustomerNames, loadCustomerNames, setCustomerSettings } from '../storage/customer-aliases.ts'
import { createToken } from '../storage/tokens.ts'
import { type CorpusStore, corpusStore, webApp } from './e2e/web-fixture.ts'

const OWN = 'kestrel freight'
const ORIGIN = 'http://localhost'
const PERIOD = 'from=2026-06-01&to=2026-11-30'

let store: CorpusStore
let app: Hono<AppEnv>
let customers: CustomerNames[]
let tokens: { admin: string; pseudo: string; none: string }
let pseudoId: number

beforeAll(async () => {
  store = await corpusStore()
  customers = await loadCustomerNames(store.db)
  const admin = await createToken(store.db, { role: 'admin', name: 'admin' })
  const pseudo = await createToken(store.db, {
    role: 'reader',
    name: 'kestrel fde',
    scope: { customers: [OWN], others: 'pseudonymous' },
  })
  const none = await createToken(store.db, {
    role: 'reader',
    name: 'kestrel only',
    scope: { customers: [OWN], others: 'none' },
  })
  tokens = { admin: admin.token, pseudo: pseudo.token, none: none.token }
  pseudoId = pseudo.id
  app = webApp(store)
}, 120_000)
afterAll(async () => store?.dispose())

const get = (path: string, token: string, a = app) =>
  Promise.resolve(a.request(path, { headers: { authorization: `Bearer ${token}` } }))
const json = async (path: string, token: string) => {
  const res = await get(path, token)
  expect(res.status, `${path}: ${res.status}`).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

/**
 * Every spelling of every customer but Kestrel Freight that must never reach its token; people's
 * names and short forms count as whole words ("Ben", not "Benchmark").
 */
function forbidden(): { name: string; whole: boolean }[] {
  const own = customers.find((c) => c.key === OWN)!
  const ownVariants = new Set([own.display, ...own.aliases.map((a) => a.alias)].map((s) => s.toLowerCase()))
  return customers
    .filter((c) => c.key !== OWN)
    .flatMap((c) => [{ alias: c.display, kind: 'name' }, ...c.aliases])
    .filter((a) => !ownVariants.has(a.alias.toLowerCase()))
    .map((a) => ({ name: a.alias, whole: a.kind === 'author' || a.alias.length < 5 }))
}

/** The forbidden names found in `text` (plain or HTML-escaped), case-insensitively. */
function leaks(text: string): string[] {
  const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return forbidden()
    .filter(({ name, whole }) =>
      [name, html(name)].some((form) =>
        new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(form)}${whole ? '(?![\\p{L}\\p{N}])' : ''}`, 'iu').test(
          text,
        ),
      ),
    )
    .map((f) => f.name)
}

async function allDocuments(): Promise<{ id: number; customer: string | null }[]> {
  const list = await json('/api/documents?pageSize=100', tokens.admin)
  return list.items as { id: number; customer: string | null }[]
}

/** Every API route and UI page a reader can reach, for one token (pages through its web session). */
async function crawl(token: string): Promise<{ path: string; status: number; text: string }[]> {
  const login = await app.request('/login', {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, next: '/' }),
  })
  expect(login.status).toBe(303)
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  const docs = await allDocuments()
  const patterns = (await json('/api/patterns?minCustomers=1', tokens.admin)).patterns as { id: string }[]
  const kestrelDoc = docs.find((d) => d.customer?.toLowerCase() === OWN)!
  const detail = await json(`/api/documents/${kestrelDoc.id}`, tokens.admin)
  const chunkIds = (detail.chunks as { id: number }[]).slice(0, 3).map((c) => c.id)
  const queries = [
    'proxy TLS certificate',
    'throttling 429 rate limit',
    'Meridian',
    'embedding migration stale',
  ]
  const api = [
    ...queries.flatMap((q) => [
      `/api/search?q=${encodeURIComponent(q)}`,
      `/api/search?q=${encodeURIComponent(q)}&group=document`,
    ]),
    '/api/documents?pageSize=100',
    ...docs.map((d) => `/api/documents/${d.id}`),
    ...chunkIds.map((id) => `/api/similar/${id}`),
    '/api/patterns?minCustomers=1',
    ...patterns.map((p) => `/api/patterns/${p.id}`),
    ...patterns.flatMap((p) => [`/api/patterns/${p.id}/brief`, `/api/patterns/${p.id}/brief?format=json`]),
    '/api/patterns.csv',
    '/api/patterns?format=csv',
    ...queries.map((q) => `/api/ask?q=${encodeURIComponent(q)}`),
    '/api/edge-cases',
    `/api/digest?${PERIOD}`,
    `/api/digest.html?${PERIOD}`,
    '/api/stats',
  ]
  const pages = [
    '/',
    ...queries.map((q) => `/search?q=${encodeURIComponent(q)}`),
    ...docs.map((d) => `/documents/${d.id}`),
    ...chunkIds.map((id) => `/similar/${id}`),
    '/patterns',
    '/patterns?all=1',
    ...patterns.map((p) => `/patterns/${p.id}`),
    ...patterns.map((p) => `/patterns/${p.id}/brief.md`),
    '/patterns/export.csv',
    '/edge-cases',
    `/digest?${PERIOD}`,
    `/digest/email?${PERIOD}`,
    '/ingest',
  ]
  const out: { path: string; status: number; text: string }[] = []
  for (const path of api) {
    const res = await get(path, token)
    out.push({ path, status: res.status, text: await res.text() })
  }
  for (const path of pages) {
    const res = await app.request(path, { headers: { cookie } })
    out.push({ path, status: res.status, text: await res.text() })
  }
  return out
}

describe('a token scoped to one customer, others pseudonymous', () => {
  it('knows the other customers by name, slug, short form, domain and author before anything is hidden', () => {
    const names = forbidden().map((f) => f.name)
    for (const expected of [
      'Meridian Trust Bank',
      'meridian-trust-bank',
      'Meridian',
      'meridiantrust.okta.example',
      'St. Aldric',
      'Larkspur',
      'Cobalt',
      'Jonas Lindqvist',
    ]) {
      expect(names).toContain(expected)
    }
  })

  it('sees no other customer name, slug, alias or domain in any API response or UI page it can reach', async () => {
    const responses = await crawl(tokens.pseudo)
    expect(responses.length).toBeGreaterThan(100)
    // Every route answered (an error page leaks nothing and would prove nothing).
    expect(responses.filter((r) => r.status !== 200).map((r) => `${r.path}: ${r.status}`)).toEqual([])
    const found = responses.flatMap((r) => leaks(r.text).map((name) => `${r.path}: ${name}`))
    expect(found).toEqual([])
    // The crawl did read other customers' material (under pseudonyms), not only errors.
    const meridianDoc = (await allDocuments()).find((d) => d.customer === 'Meridian Trust Bank')!
    const page = responses.find((r) => r.path === `/api/documents/${meridianDoc.id}`)!
    expect(page.status).toBe(200)
    expect(JSON.parse(page.text).customer).toMatch(/^a bank \(C-[0-9A-F]{4}\)$/)
  }, 300_000)

  it('the same crawl by an unscoped admin does show the other customers, so the check can fail', async () => {
    const list = await get('/api/patterns?minCustomers=1', tokens.admin)
    expect(leaks(await list.text())).toContain('Meridian Trust Bank')
  })

  it('keeps its own customer by name', async () => {
    const body = await json('/api/search?q=proxy%20TLS&group=document', tokens.pseudo)
    const hits = body.hits as { document: { customer: string } }[]
    expect(hits.map((h) => h.document.customer)).toContain('Kestrel Freight')
  })

  it('gets the same pseudonyms across requests, insight refreshes and a restarted server', async () => {
    const labels = async (a = app) => {
      const res = await get('/api/patterns?minCustomers=1', tokens.pseudo, a)
      const patterns = ((await res.json()) as { patterns: { customers: string[] }[] }).patterns
      return [...new Set(patterns.flatMap((p) => p.customers))].sort()
    }
    const first = await labels()
    expect(first.filter((l) => /^an? [a-z ]+ \(C-[0-9A-F]{4}\)$/.test(l)).length).toBeGreaterThanOrEqual(3)
    expect(await labels()).toEqual(first)
    await refreshInsights(store.db)
    expect(await labels()).toEqual(first)
    expect(await labels(webApp(store))).toEqual(first)
  })
})

describe('a token scoped to one customer, others none', () => {
  it('cannot reach any other customer’s document by id (404), and sees no other customer’s name', async () => {
    const docs = await allDocuments()
    const foreign = docs.filter((d) => d.customer !== null && d.customer.toLowerCase() !== OWN)
    expect(foreign.length).toBeGreaterThan(30)
    for (const d of foreign) {
      expect((await get(`/api/documents/${d.id}`, tokens.none)).status, `document ${d.id}`).toBe(404)
    }
    const responses = await crawl(tokens.none)
    for (const r of responses) {
      const id = /^\/(?:api\/)?documents\/(\d+)$/.exec(r.path)?.[1]
      if (id && foreign.some((d) => d.id === Number(id))) expect(r.status, r.path).toBe(404)
    }
    const found = responses.flatMap((r) => leaks(r.text).map((name) => `${r.path}: ${name}`))
    expect(found).toEqual([])
  }, 300_000)

  it('finds only its own customer’s documents in search, lists and pattern evidence', async () => {
    const search = await json('/api/search?q=throttling%20rate%20limit&k=50', tokens.none)
    const customersHit = new Set(
      (search.hits as { document: { customer: string } }[]).map((h) => h.document.customer),
    )
    expect([...customersHit]).toEqual(['Kestrel Freight'])
    const list = await json('/api/documents?pageSize=100', tokens.none)
    expect(new Set((list.items as { customer: string }[]).map((d) => d.customer))).toEqual(
      new Set(['Kestrel Freight']),
    )
    const patterns = (await json('/api/patterns?minCustomers=1', tokens.none)).patterns as { id: string }[]
    for (const p of patterns) {
      const detail = await json(`/api/patterns/${p.id}`, tokens.none)
      for (const m of detail.members as { customer: string }[]) expect(m.customer).toBe('Kestrel Freight')
    }
  })
})

describe('confidential documents and customers', () => {
  it('keeps a confidential customer out of other customers’ views, while patterns still count it', async () => {
    const meridian = (await allDocuments()).filter((d) => d.customer === 'Meridian Trust Bank')
    const before = (await json('/api/patterns?minCustomers=1', tokens.pseudo)).patterns as {
      id: string
      customerCount: number
    }[]
    await setCustomerSettings(store.db, 'Meridian Trust Bank', { confidential: true })
    try {
      for (const d of meridian) expect((await get(`/api/documents/${d.id}`, tokens.pseudo)).status).toBe(404)
      expect((await get(`/api/documents/${meridian[0]!.id}`, tokens.admin)).status).toBe(200)
      const after = (await json('/api/patterns?minCustomers=1', tokens.pseudo)).patterns as typeof before
      expect(after.map((p) => [p.id, p.customerCount])).toEqual(before.map((p) => [p.id, p.customerCount]))
      const ids = new Set(meridian.map((d) => d.id))
      for (const p of after) {
        const detail = await json(`/api/patterns/${p.id}`, tokens.pseudo)
        for (const m of detail.members as { documentId: number }[]) expect(ids.has(m.documentId)).toBe(false)
      }
      const search = await json('/api/search?q=okta%20saml%20zscaler%20ebcdic&k=50', tokens.pseudo)
      for (const h of search.hits as { document: { id: number } }[])
        expect(ids.has(h.document.id)).toBe(false)
    } finally {
      await setCustomerSettings(store.db, 'Meridian Trust Bank', { confidential: false })
    }
  })

  it('hides a document marked `confidential: true` from other customers only', async () => {
    const upload = await app.request('/api/documents?filename=secret-merger.md', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'text/markdown' },
      body: '---\ntitle: Merger data room pilot\ncustomer: Larkspur Retail Group\ntype: field-report\ndate: 2026-11-10\nconfidential: true\n---\n\n# Merger data room pilot\n\nThe data room assistant pilot started.\n',
    })
    expect(upload.status).toBe(201)
    const { documentId } = (await upload.json()) as { documentId: number }
    expect((await get(`/api/documents/${documentId}`, tokens.pseudo)).status).toBe(404)
    expect((await get(`/api/documents/${documentId}`, tokens.admin)).status).toBe(200)
    const larkspur = await createToken(store.db, {
      role: 'reader',
      scope: { customers: ['larkspur retail group'], others: 'none' },
    })
    expect((await get(`/api/documents/${documentId}`, larkspur.token)).status).toBe(200)
  })
})

describe('audit of reads outside a token’s scope', () => {
  it('records who read which other customer’s document and when, listable by admins only', async () => {
    const cobalt = (await allDocuments()).find((d) => d.customer === 'Cobalt Mutual Insurance')!
    const kestrel = (await allDocuments()).find((d) => d.customer === 'Kestrel Freight')!
    const startedAt = new Date(Date.now() - 1000).toISOString()
    expect((await get(`/api/documents/${cobalt.id}`, tokens.pseudo)).status).toBe(200)
    expect((await get(`/api/documents/${kestrel.id}`, tokens.pseudo)).status).toBe(200)
    const audit = await json('/api/audit?limit=1000', tokens.admin)
    const mine = (
      audit.items as {
        tokenId: number
        documentId: number
        customer: string
        at: string
        tokenName: string
      }[]
    ).filter((e) => e.tokenId === pseudoId && e.at >= startedAt)
    expect(mine.map((e) => [e.documentId, e.customer, e.tokenName])).toEqual([
      [cobalt.id, 'Cobalt Mutual Insurance', 'kestrel fde'],
    ])
    expect((await get('/api/audit', tokens.pseudo)).status).toBe(403)
  })
})

describe('no way to tell which pseudonym is which customer', () => {
  it('matches nothing when a pseudonymous token filters or searches by another customer’s real name', async () => {
    const admin = await json('/api/search?q=SAML&customer=Meridian%20Trust%20Bank&mode=lexical', tokens.admin)
    expect((admin.hits as unknown[]).length).toBeGreaterThan(0)
    const filtered = await json(
      '/api/search?q=SAML&customer=Meridian%20Trust%20Bank&mode=lexical',
      tokens.pseudo,
    )
    expect(filtered.hits).toEqual([])
    const byName = await json('/api/search?q=Meridian&mode=lexical', tokens.pseudo)
    expect((await json('/api/search?q=Meridian&mode=lexical', tokens.admin)).hits).not.toEqual([])
    expect(byName.hits).toEqual([])
    const edge = await json('/api/edge-cases?customer=Meridian%20Trust%20Bank', tokens.pseudo)
    expect(edge.edgeCases).toEqual([])
  })
})

describe('token scopes over the API', () => {
  it('creates a scoped token with POST /api/tokens and lists its scope', async () => {
    const res = await app.request('/api/tokens', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        role: 'reader',
        name: 'api-made',
        customers: ['Kestrel Freight'],
        others: 'none',
      }),
    })
    expect(res.status).toBe(201)
    const created = (await res.json()) as { token: string; id: number }
    const listed = (
      (await json('/api/tokens', tokens.admin)).items as { id: number; customers: string[]; others: string }[]
    ).find((t) => t.id === created.id)!
    expect([listed.customers, listed.others]).toEqual([['kestrel freight'], 'none'])
    const meridian = (await allDocuments()).find((d) => d.customer === 'Meridian Trust Bank')!
    expect((await get(`/api/documents/${meridian.id}`, created.token)).status).toBe(404)
  })
})

describe('a store ingested before governance existed', () => {
  it('builds the name variants on the first scoped read, so slugs and short forms are still replaced', async () => {
    const doc = (await allDocuments()).find((d) => d.customer === 'Ironbridge Manufacturing')!
    await store.db.query('DELETE FROM customer_aliases')
    const res = await get(`/api/documents/${doc.id}`, tokens.pseudo)
    expect(res.status).toBe(200)
    expect(leaks(await res.text())).toEqual([])
    const stored = await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM customer_aliases')
    expect(stored[0]!.n).toBeGreaterThan(50)
  })
})
