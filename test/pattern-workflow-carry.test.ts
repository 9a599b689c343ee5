import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keepIds, predecessors } from '../insights/identity.ts'
import { storedPatterns, writeInsights } from '../insights/store.ts'
import type { ComputedPattern } from '../insights/types.ts'
import { webRoutes } from '../web/app.tsx'
import { body, type TestApp, testApp } from './helpers/app.ts'
import { BACKGROUND_DOCS } from './helpers/workflow-corpus.ts'

interface ChunkRow {
  chunkId: number
  documentId: number
  customer: string
  date: string
}

/** A computed pattern over the given chunks, as the clustering would hand it to identity and store. */
function pattern(id: string, rank: number, label: string, rows: ChunkRow[]): ComputedPattern {
  const dates = rows.map((r) => r.date).sort()
  const customers = [...new Set(rows.map((r) => r.customer))]
  return {
    id,
    rank,
    label,
    terms: [],
    excerpt: `${label} excerpt`,
    summary: null,
    customers,
    customerCount: customers.length,
    documentCount: new Set(rows.map((r) => r.documentId)).size,
    firstSeen: dates[0]!,
    lastSeen: dates.at(-1)!,
    trend: 'steady',
    weeklyCounts: [],
    members: rows.map((r) => ({ ...r, similarity: 0.9 })),
  }
}

/** Store `computed` the way a refresh does: ids kept by overlap, annotations carried by lineage. */
async function refreshWith(t: TestApp, computed: ComputedPattern[]): Promise<string[]> {
  const previous = await storedPatterns(t.db)
  const kept = keepIds(computed, previous)
  const run = { startedAt: new Date(), inputHash: 'test', params: {}, counts: {} }
  await writeInsights(t.db, kept, [], run, predecessors(kept, previous))
  return kept.map((p) => p.id)
}

describe('workflow carried over when patterns split or merge', () => {
  let t: TestApp
  let rows: ChunkRow[]
  const patch = (id: string, payload: unknown) =>
    t.call(`/api/patterns/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    })
  const get = async (id: string) => body(await t.call(`/api/patterns/${id}`))

  beforeAll(async () => {
    t = await testApp()
    for (const [name, text] of BACKGROUND_DOCS) expect((await t.upload(name, text)).status).toBe(201)
    rows = await t.db.query<ChunkRow>(
      `SELECT c.id::int AS "chunkId", d.id::int AS "documentId", d.customer, d.date::text AS date
       FROM chunks c JOIN documents d ON d.id = c.document_id ORDER BY d.id, c.id`,
    )
    expect(new Set(rows.map((r) => r.documentId)).size).toBe(10)
  })
  afterAll(async () => t?.dispose())

  it('gives both halves of a split pattern its annotations, the new half marked as carried', async () => {
    const docs = (from: number, to: number) => rows.filter((r) => r.documentId >= from && r.documentId <= to)
    const [p, s] = await refreshWith(t, [
      pattern('aaaaaaaaaaaaaaaa', 1, 'Proxy and SSO trouble', docs(1, 6)),
      pattern('bbbbbbbbbbbbbbbb', 2, 'Data import trouble', docs(7, 10)),
    ])
    expect(
      (
        await patch(p!, {
          status: 'planned',
          owner: 'Ana',
          tickets: ['https://tracker.example/P-1'],
          notes: 'split me',
        })
      ).status,
    ).toBe(200)
    expect(
      (await patch(s!, { status: 'acknowledged', tickets: ['https://tracker.example/S-9'] })).status,
    ).toBe(200)

    const [q, r, s2] = await refreshWith(t, [
      pattern('cccccccccccccccc', 1, 'Proxy trouble', docs(1, 3)),
      pattern('dddddddddddddddd', 2, 'SSO trouble', docs(4, 6)),
      pattern('eeeeeeeeeeeeeeee', 3, 'Data import trouble', docs(7, 10)),
    ])
    expect(q).toBe(p)
    expect(s2).toBe(s)
    expect(r).toBe('dddddddddddddddd')
    expect((await get(q!)).workflow).toMatchObject({ status: 'planned', owner: 'Ana', carriedFrom: [] })
    const half = await get(r!)
    expect(half.workflow).toMatchObject({
      status: 'planned',
      owner: 'Ana',
      tickets: ['https://tracker.example/P-1'],
      notes: 'split me',
      carriedFrom: [{ id: p, label: 'Proxy and SSO trouble' }],
    })
    const audit = half.audit as { actor: string; field: string; newValue: string }[]
    expect(audit[0]).toMatchObject({ actor: 'refresh', field: 'carriedFrom', newValue: p })
    const web = t.withApp({
      deps: {
        mount: (app) => app.route('/', webRoutes({ db: t.db, embedder: t.embedder, config: t.config })),
      },
    })
    const html = await (await web.call(`/patterns/${r}`)).text()
    expect(html).toContain(
      `Carried from pattern “Proxy and SSO trouble” (${p}) when the patterns were regrouped.`,
    )

    // Refreshing again with the same groups carries nothing twice.
    await refreshWith(t, [
      pattern('cccccccccccccccc', 1, 'Proxy trouble', docs(1, 3)),
      pattern('dddddddddddddddd', 2, 'SSO trouble', docs(4, 6)),
      pattern('eeeeeeeeeeeeeeee', 3, 'Data import trouble', docs(7, 10)),
    ])
    expect(((await get(r!)).audit as unknown[]).length).toBe(audit.length)
  })

  it('gives a merged pattern the tickets and notes of the pattern whose id it did not keep', async () => {
    const docs = (from: number, to: number) => rows.filter((r) => r.documentId >= from && r.documentId <= to)
    const before = await storedPatterns(t.db)
    const sso = before.find((p) => p.documentIds.includes(4))!.id
    const imports = before.find((p) => p.documentIds.includes(7))!.id
    const [, merged] = await refreshWith(t, [
      pattern('ffffffffffffffff', 1, 'Proxy trouble', docs(1, 3)),
      pattern('9999999999999999', 2, 'SSO and import trouble', docs(4, 10)),
    ])
    // Docs 4–10 share 4 of 7 with the import pattern and 3 of 7 with the SSO one: the import id wins.
    expect(merged).toBe(imports)
    const p = await get(merged!)
    expect(p.workflow).toMatchObject({
      status: 'acknowledged',
      tickets: ['https://tracker.example/S-9', 'https://tracker.example/P-1'],
      notes: 'split me',
      carriedFrom: [{ id: sso, label: 'SSO trouble' }],
    })
    const res = await t.call(`/api/patterns/${sso}`)
    expect(res.status).toBe(404)
  })
})
