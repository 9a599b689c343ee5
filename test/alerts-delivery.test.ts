import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runAlerts } from '../alerts/run.ts'
import { loadConfig } from '../config/load.ts'
import { ingestPaths } from '../ingest/run.ts'
import { getPattern, listPatterns } from '../insights/read.ts'
import { refreshInsights } from '../insights/refresh.ts'
import type { PatternDetail } from '../schemas/insights.ts'
import { createAlert, listDeliveries } from '../storage/alerts.ts'
import { SAMPLE_CORPUS } from './helpers/corpus.ts'
import { freshDb, type TestDb } from './helpers/db.ts'
import { localEmbedder } from './helpers/local-embedder.ts'
import { startSmtp } from './helpers/smtp.ts'
import { startReceiver } from './helpers/webhook-receiver.ts'

const PUBLIC_URL = 'https://kb.fieldkb.example'
const FAST = { webhook: { retries: 2, minTimeoutMs: 5 }, mailTimeoutMs: 2000 }

describe('alert evaluation and delivery over the sample corpus', () => {
  let t: TestDb
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  let hook: Awaited<ReturnType<typeof startReceiver>>
  let widest: PatternDetail
  const embedder = localEmbedder()
  const config = (smtpUrl: string) =>
    loadConfig({
      FIELDKB_DATA_DIR: '/nonexistent',
      FIELDKB_PUBLIC_URL: PUBLIC_URL,
      SMTP_URL: smtpUrl,
      FIELDKB_MAIL_FROM: 'fieldkb@fieldkb.example',
    })
  const run = (ids: number[], smtpUrl = smtp.url) =>
    runAlerts({ db: t.db, embedder }, config(smtpUrl), ids, FAST)

  beforeAll(async () => {
    t = await freshDb()
    const summary = await ingestPaths([path.join(SAMPLE_CORPUS, 'customers')], {
      db: t.db,
      embedder,
      options: { maxFileBytes: 1 << 20, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false },
    })
    expect(summary.failed).toBe(0)
    await refreshInsights(t.db)
    // The widest pattern where one customer has two documents (the "not crossing" case needs one).
    const listed = (await listPatterns(t.db, { minCustomers: 2 })).sort(
      (a, b) => b.customerCount - a.customerCount || a.rank - b.rank,
    )
    for (const p of listed) {
      const detail = await getPattern(t.db, p.id)
      const perCustomer = new Map<string, Set<number>>()
      for (const m of detail.members)
        perCustomer.set(m.customer, (perCustomer.get(m.customer) ?? new Set()).add(m.documentId))
      if ([...perCustomer.values()].some((ids) => ids.size >= 2)) {
        widest = detail
        break
      }
    }
    expect(widest, 'a pattern with two documents from one customer').toBeDefined()
    smtp = await startSmtp()
    hook = await startReceiver()
  }, 180_000)
  afterAll(async () => {
    await smtp?.close()
    await hook?.close()
    await t?.dispose()
  })
  beforeEach(async () => {
    await t.db.query('DELETE FROM alerts')
    smtp.messages.length = 0
    hook.received.length = 0
    hook.fail(0)
  })

  it('notifies a watcher when a document of the watched pattern is ingested, once per document', async () => {
    const alert = await createAlert(t.db, {
      kind: 'pattern',
      patternId: widest.id,
      filter: {},
      email: [],
      webhookUrl: hook.url,
    })
    const member = widest.members[0]!.documentId
    const outside = (await t.db.query<{ id: number }>('SELECT id FROM documents ORDER BY id')).find(
      (d) => !widest.members.some((m) => m.documentId === Number(d.id)),
    )!
    const first = await run([member, Number(outside.id)])
    expect(first).toMatchObject({ events: 1, sent: 1, failed: 0 })
    expect(hook.received).toHaveLength(1)
    expect(hook.verify(hook.received[0]!, alert.secret)).toBe(true)
    expect(hook.received[0]!.json).toMatchObject({
      type: 'pattern.member',
      eventKey: `pattern:${widest.id}:doc:${member}`,
      pattern: { id: widest.id, label: widest.label, customerCount: widest.customerCount },
      document: { id: member, url: `${PUBLIC_URL}/documents/${member}` },
    })
    expect((await run([member])).sent).toBe(0)
    expect(hook.received).toHaveLength(1)
  })

  it('notifies when a pattern reaches N customers through the new documents, and not for one already there', async () => {
    const n = widest.customerCount
    await createAlert(t.db, {
      kind: 'customers',
      minCustomers: n,
      filter: {},
      email: ['pm@product.example'],
      webhookUrl: null,
    })
    // Every member new: the pattern went from no customers to n.
    const all = [...new Set(widest.members.map((m) => m.documentId))]
    const reached = await run(all)
    expect(reached.failed).toBe(0)
    const mails = await smtp.parsed()
    expect(mails.map((m) => m.subject)).toContain(
      `fieldkb alert — Pattern "${widest.label}" reached ${widest.customerCount} customers`,
    )
    const keys = (await listDeliveries(t.db)).map((d) => d.eventKey)
    expect(keys).toContain(`customers:${widest.id}:${n}`)
    // A customer that already had a document there adds one more: the count did not cross n.
    const byCustomer = new Map<string, number[]>()
    for (const m of widest.members)
      byCustomer.set(m.customer, [...(byCustomer.get(m.customer) ?? []), m.documentId])
    smtp.messages.length = 0
    await t.db.query('DELETE FROM alert_deliveries')
    const repeat = [...byCustomer.values()].find((ids) => new Set(ids).size >= 2)
    expect(repeat, 'the widest pattern has a customer with two documents').toBeDefined()
    await run([repeat![0]!])
    expect((await listDeliveries(t.db)).map((d) => d.eventKey)).not.toContain(`customers:${widest.id}:${n}`)
  })

  it('records a failed webhook after retrying with backoff, and delivers the same body on the next evaluation', async () => {
    const alert = await createAlert(t.db, {
      kind: 'search',
      query: 'certificate',
      filter: {},
      email: [],
      webhookUrl: hook.url,
    })
    const docs = (await t.db.query<{ id: number }>('SELECT id FROM documents ORDER BY id')).map((d) =>
      Number(d.id),
    )
    hook.fail(100)
    const failed = await run(docs)
    expect(failed.events).toBeGreaterThan(0)
    expect(failed.sent).toBe(0)
    expect(failed.failed).toBe(failed.events)
    // One attempt plus two retries per event, all answered 500.
    expect(hook.received).toHaveLength(3 * failed.events)
    expect(failed.errors[0]).toMatch(
      /webhook http:\/\/127\.0\.0\.1:\d+\/hooks\/fieldkb failed after 3 attempts: HTTP 500/,
    )
    const recorded = await listDeliveries(t.db, alert.id)
    expect(recorded.every((d) => d.status === 'failed' && d.attempts === 1)).toBe(true)
    const firstBodies = new Set(hook.received.map((r) => r.body))
    hook.received.length = 0
    hook.fail(0)
    const retried = await run([])
    expect(retried).toMatchObject({ events: 0, sent: failed.events, failed: 0 })
    expect(new Set(hook.received.map((r) => r.body))).toEqual(firstBodies)
    expect(hook.received.every((r) => hook.verify(r, alert.secret))).toBe(true)
    expect((await listDeliveries(t.db, alert.id)).every((d) => d.status === 'sent' && d.attempts === 2)).toBe(
      true,
    )
    expect((await run(docs)).sent).toBe(0)
  })

  it('retries an e-mail that failed because the SMTP server was down', async () => {
    await createAlert(t.db, {
      kind: 'search',
      query: 'certificate',
      filter: {},
      email: ['ops@x.example'],
      webhookUrl: null,
    })
    const docs = (await t.db.query<{ id: number }>('SELECT id FROM documents ORDER BY id')).map((d) =>
      Number(d.id),
    )
    const down = await startSmtp()
    await down.close()
    const failed = await run(docs, down.url)
    expect(failed.failed).toBeGreaterThan(0)
    expect(failed.errors[0]).toContain('connection refused')
    expect(smtp.messages).toHaveLength(0)
    const retried = await run([])
    expect(retried.sent).toBe(failed.failed)
    expect(smtp.messages).toHaveLength(failed.failed)
  })

  it('delivers each event once when two evaluations race', async () => {
    await createAlert(t.db, {
      kind: 'search',
      query: 'certificate',
      filter: {},
      email: [],
      webhookUrl: hook.url,
    })
    const docs = (await t.db.query<{ id: number }>('SELECT id FROM documents ORDER BY id')).map((d) =>
      Number(d.id),
    )
    const [a, b] = await Promise.all([run(docs), run(docs)])
    expect(a.events).toBe(b.events)
    expect(a.sent + b.sent).toBe(a.events)
    expect(hook.received).toHaveLength(a.events)
    expect(new Set(hook.received.map((r) => r.json.eventKey)).size).toBe(a.events)
  })
})
