import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refreshInsights } from '../insights/refresh.ts'
import { createToken } from '../storage/tokens.ts'
import { body, type TestApp, testApp } from './helpers/app.ts'
import { BACKGROUND_DOCS, THROTTLE_DOCS, throttleNote } from './helpers/workflow-corpus.ts'

const TOKENS = { reader: 'reader-token-0123456789abcdef', editor: 'editor-token-0123456789abcdef' }
const env = {
  FIELDKB_CHUNK_TOKENS: '50',
  FIELDKB_CHUNK_OVERLAP: '0',
  FIELDKB_API_TOKENS: `reader:${TOKENS.reader},editor:${TOKENS.editor}`,
  FIELDKB_PUBLIC_URL: 'https://kb.example',
}

describe('pattern workflow through the API', () => {
  let t: TestApp
  let id: string
  const patch = (payload: unknown, token = TOKENS.editor, raw?: string) =>
    t.call(`/api/patterns/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: raw ?? JSON.stringify(payload),
      token,
    })
  const get = async (token = TOKENS.reader) => body(await t.call(`/api/patterns/${id}`, { token }))

  beforeAll(async () => {
    t = await testApp({ env, deps: { now: () => new Date('2026-12-02T10:00:00Z') } })
    for (const [name, text] of [...BACKGROUND_DOCS, ...THROTTLE_DOCS])
      expect((await t.upload(name, text, TOKENS.editor)).status).toBe(201)
    const { patterns } = await refreshInsights(t.db)
    expect(patterns).toHaveLength(1)
    id = patterns[0]!.id
  })
  afterAll(async () => t?.dispose())

  it('shows a pattern nobody has annotated as new, not regressed, with an empty audit trail', async () => {
    const p = await get()
    expect(p.workflow).toMatchObject({ status: 'new', owner: null, tickets: [], notes: null })
    expect(p.regressed).toBe(false)
    expect(p.audit).toEqual([])
  })

  it('refuses a reader’s change with 403 and an unknown pattern with 404', async () => {
    expect((await patch({ status: 'planned' }, TOKENS.reader)).status).toBe(403)
    const unknown = await t.call('/api/patterns/0123456789abcdef', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'planned' }),
      token: TOKENS.editor,
    })
    expect(unknown.status).toBe(404)
    expect((await get()).audit).toEqual([])
  })

  it('answers 422 naming the field for a bad status or ticket URL, and 400 for a body that is not JSON', async () => {
    const bad = await patch({ status: 'done' })
    expect(bad.status).toBe(422)
    expect(JSON.stringify(await bad.json())).toContain('status')
    const url = await patch({ tickets: ['javascript:alert(1)'] })
    expect(url.status).toBe(422)
    expect(JSON.stringify(await url.json())).toContain('tickets')
    expect((await patch({ addTickets: ['https://user:pw@tracker.example/X-1'] })).status).toBe(422)
    expect((await patch({ colour: 'red' })).status).toBe(422)
    expect((await patch(undefined, TOKENS.editor, '{not json')).status).toBe(400)
    expect((await get()).workflow).toMatchObject({ status: 'new', tickets: [] })
  })

  it('records each changed field in the audit trail with who made it', async () => {
    const res = await patch({
      status: 'planned',
      owner: 'Ana',
      tickets: ['https://tracker.example/PROJ-12'],
      notes: 'Q1',
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      status: 'planned',
      owner: 'Ana',
      tickets: ['https://tracker.example/PROJ-12'],
    })
    const stored = await createToken(t.db, { role: 'editor', name: 'pm-laptop' })
    expect((await patch({ owner: 'Ben' }, stored.token)).status).toBe(200)
    const p = await get()
    const audit = p.audit as {
      actor: string
      field: string
      oldValue: string | null
      newValue: string | null
    }[]
    expect(audit.map((a) => [a.actor, a.field, a.oldValue, a.newValue])).toEqual([
      ['static editor token', 'status', 'new', 'planned'],
      ['static editor token', 'owner', null, 'Ana'],
      ['static editor token', 'tickets', null, 'https://tracker.example/PROJ-12'],
      ['static editor token', 'notes', null, 'Q1'],
      [`token #${stored.id} (pm-laptop)`, 'owner', 'Ana', 'Ben'],
    ])
  })

  it('keeps the workflow across a refresh in which a new document joins the pattern', async () => {
    expect(
      (await t.upload('throttle-umbrella.md', throttleNote('Umbrella', '2026-10-25', 4), TOKENS.editor))
        .status,
    ).toBe(201)
    const { patterns } = await refreshInsights(t.db)
    expect(patterns.map((p) => p.id)).toEqual([id])
    const p = await get()
    expect(p.documentCount).toBe(4)
    expect(p.workflow).toMatchObject({
      status: 'planned',
      owner: 'Ben',
      tickets: ['https://tracker.example/PROJ-12'],
      notes: 'Q1',
    })
  })

  it('flags a fixed pattern as regressed once a document dated after the fix joins it', async () => {
    expect((await patch({ status: 'fixed', fixedOn: '2026-11-01' })).status).toBe(200)
    expect((await get()).regressed).toBe(false)
    const list = body(await t.call('/api/patterns', { token: TOKENS.reader }))
    expect((await list).patterns).toMatchObject([{ id, status: 'fixed', regressed: false }])
    expect(
      (await t.upload('throttle-hooli.md', throttleNote('Hooli', '2026-11-20', 5), TOKENS.editor)).status,
    ).toBe(201)
    await refreshInsights(t.db)
    const p = await get()
    expect(p.regressed).toBe(true)
    expect(p.workflow).toMatchObject({ status: 'fixed', fixedOn: '2026-11-01' })
    const again = await body(await t.call('/api/patterns', { token: TOKENS.reader }))
    expect(again.patterns).toMatchObject([{ id, regressed: true }])
  })

  it('sets the fix day to today when none is given, and clears it when the status moves on', async () => {
    await patch({ status: 'acknowledged' })
    expect((await get()).workflow).toMatchObject({ fixedOn: null })
    await patch({ status: 'fixed' })
    expect((await get()).workflow).toMatchObject({ fixedOn: '2026-12-02' })
    expect((await get()).regressed).toBe(false)
  })

  it('exports the brief as JSON and markdown with evidence links, known fixes and the workflow', async () => {
    const json = await body(await t.call(`/api/patterns/${id}/brief?format=json`, { token: TOKENS.reader }))
    expect(json).toMatchObject({
      id,
      customerCount: 5,
      documentCount: 5,
      firstSeen: '2026-10-01',
      lastSeen: '2026-11-20',
    })
    expect(json.customers).toEqual(expect.arrayContaining(['Acme', 'Globex', 'Umbrella', 'Hooli']))
    const evidence = json.evidence as { url: string; customer: string }[]
    expect(evidence).toHaveLength(5)
    expect(evidence[0]!.url).toMatch(/^https:\/\/kb\.example\/documents\/\d+#chunk-\d+$/)
    const fixes = json.knownFixes as { excerpt: string; heading: string }[]
    expect(fixes.length).toBe(5)
    expect(fixes[0]!.excerpt).toContain('Token bucket limiter')
    const md = await t.call(`/api/patterns/${id}/brief`, { token: TOKENS.reader })
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/)
    expect(md.headers.get('content-disposition')).toContain(`pattern-${id}.md`)
    const text = await md.text()
    expect(text).toContain('## Known fixes')
    expect(text).toContain('- Owner: Ben')
    expect(text).toContain('<https://tracker.example/PROJ-12>')
    expect(text).toContain(`<https://kb.example/patterns/${id}>`)
    expect((await t.call('/api/patterns/0123456789abcdef/brief', { token: TOKENS.reader })).status).toBe(404)
  })

  it('exports every pattern as CSV with formula-looking cells defused and commas quoted', async () => {
    await patch({ owner: '=HYPERLINK("https://evil.example","x"), @SUM(A1)' })
    const res = await t.call('/api/patterns.csv', { token: TOKENS.reader })
    expect(res.headers.get('content-type')).toMatch(/text\/csv/)
    const csv = await res.text()
    const [header, row] = csv.trimEnd().split('\r\n')
    expect(header).toBe(
      'rank,id,title,status,regressed,owner,tickets,customer_count,customers,document_count,first_seen,last_seen,trend,url',
    )
    expect(row).toContain(`"'=HYPERLINK(""https://evil.example"",""x""), @SUM(A1)"`)
    // The customer "=Initech" sorts first, so the joined customers cell starts with "=".
    expect(row).toContain(",'=Initech; ")
    expect(row).not.toMatch(/,=/)
    expect(row).toMatch(/,fixed,no,/)
    expect(row).toContain(`https://kb.example/patterns/${id}`)
    const same = await t.call('/api/patterns?format=csv', { token: TOKENS.reader })
    expect(same.headers.get('content-type')).toMatch(/text\/csv/)
    expect(await same.text()).toBe(csv)
    expect((await t.call('/api/patterns.csv')).status).toBe(401)
  })
})
