import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../api/app.ts'
import { type RunningServer, startServer } from '../api/server.ts'
import { buildDigest } from '../digest/build.ts'
import { defaultPeriod } from '../digest/default-period.ts'
import { digestMessage } from '../digest/deliver.ts'
import { explicitPeriod, isoWeekday } from '../digest/period.ts'
import { addDays } from '../lib/dates.ts'
import { Digest } from '../schemas/digest.ts'
import { type CorpusStore, corpusStore, webAppDeps } from './e2e/web-fixture.ts'
import { artifact, browserSkipReason, launchBrowser } from './helpers/browser.ts'

const TZ = 'UTC'
const PUBLIC_URL = 'http://localhost'

describe('the leadership digest', () => {
  let store: CorpusStore
  let newest: string
  let browser: Browser | undefined
  let server: RunningServer | undefined
  beforeAll(async () => {
    store = await corpusStore()
    if (browserSkipReason === null) {
      browser = await launchBrowser()
      server = await startServer(webAppDeps(store), { host: '127.0.0.1', port: 0 })
    }
    const [row] = await store.db.query<{ d: string }>(
      "SELECT max(date)::text AS d FROM documents WHERE status = 'ok'",
    )
    newest = row!.d
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await store?.dispose()
  })

  it('defaults to the last complete week that has documents, with a note when the calendar week is empty', async () => {
    const monday = addDays(newest, 1 - isoWeekday(newest))
    // Five weeks after the newest document: the last calendar week is empty.
    const later = new Date(`${addDays(monday, 35)}T12:00:00Z`)
    const chosen = await defaultPeriod(store.db, later, TZ)
    expect(chosen.period).toMatchObject({ from: monday, to: addDays(monday, 6) })
    expect(chosen.note).toContain('No documents are dated in the last calendar week')
    expect(chosen.note).toContain(addDays(monday, 28))
    // The week right after the newest document is complete and has it: no note.
    const next = await defaultPeriod(store.db, new Date(`${addDays(monday, 7)}T12:00:00Z`), TZ)
    expect(next).toEqual({ period: chosen.period, note: null })
    const app = createApp({ ...webAppDeps(store, { FIELDKB_PUBLIC_URL: PUBLIC_URL }), now: () => later })
    const d = Digest.parse(await (await app.request('/api/digest')).json())
    expect(d.period.from).toBe(monday)
    expect(d.periodNote).toBe(chosen.note)
    expect(d.headline.documents).toBeGreaterThan(0)
    const { text, html } = digestMessage(d)
    expect(text).toContain('Note: No documents are dated in the last calendar week')
    expect(html).toContain('No documents are dated in the last calendar week')
  })

  it('shows deltas against the previous period, what changed, and charts with plain-text equivalents', async () => {
    const d = await buildDigest(store.db, {
      period: explicitPeriod('2026-11-09', '2026-11-15', TZ),
      publicUrl: PUBLIC_URL,
    })
    const p = d.previousPeriod
    expect(p).toMatchObject({ from: '2026-11-02', to: '2026-11-08' })
    const before = await buildDigest(store.db, {
      period: explicitPeriod(p.from, p.to, TZ),
      publicUrl: PUBLIC_URL,
    })
    expect(p.bySeverity).toEqual(before.headline.bySeverity)
    expect(p.documents).toBe(before.headline.documents)
    const { text, html } = digestMessage(d)
    const sign = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0')
    const flat = text.replace(/\s+/g, ' ')
    expect(flat).toContain(`Documents: ${d.headline.documents} (`)
    expect(flat).toContain(
      `); ${sign(d.headline.documents - p.documents)} vs ${p.documents} the period before`,
    )
    expect(html).toContain(`${sign(d.headline.incidents - p.incidents)} vs ${p.incidents}`)
    // What changed: at most three, regressed before new before rising, each with its customer count.
    expect(d.whatChanged.length).toBeLessThanOrEqual(3)
    const order = { regressed: 0, new: 1, rising: 2 }
    const kinds = d.whatChanged.map((c) => order[c.kind])
    expect(kinds).toEqual([...kinds].sort())
    const candidates = d.newPatterns.length + d.risingPatterns.length
    expect(d.whatChanged.length).toBe(
      Math.min(3, new Set([...d.newPatterns, ...d.risingPatterns].map((x) => x.id)).size),
    )
    if (candidates > 0) expect(text).toContain(`1. [${d.whatChanged[0]!.kind}] ${d.whatChanged[0]!.label}`)
    // Charts: one bar per active customer summing to the documents; 8 weeks ending with this one.
    expect(d.charts.byCustomer.reduce((n, b) => n + b.value, 0)).toBe(d.headline.documents)
    expect(d.charts.byCustomer.map((b) => b.label).sort()).toEqual([...d.headline.customers].sort())
    expect(d.charts.byWeek).toHaveLength(8)
    expect(d.charts.byWeek.at(-1)).toEqual({ label: '2026-11-09', value: d.headline.documents })
    const top = d.charts.byCustomer[0]!
    expect(text).toMatch(
      new RegExp(
        `${top.label.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*#{30}\\s+${top.value}\\n`,
      ),
    )
    expect(html).toContain('width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td height="12"')
    expect(html).not.toMatch(/<svg|<img/i)
    expect(text).toContain('No pattern has been acknowledged by product yet.')
  })

  it('charts documents per customer per week on the home page', async () => {
    const res = await createApp(webAppDeps(store)).request('/')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Documents per customer per week')
    const docs = await store.db.query<{ customer: string; date: string }>(
      "SELECT customer, date::text AS date FROM documents WHERE status = 'ok'",
    )
    const monday = addDays(newest, 1 - isoWeekday(newest))
    const start = addDays(monday, -49)
    const inWindow = docs.filter((d) => d.date >= start && d.date <= addDays(monday, 6))
    const busiest = [...new Set(inWindow.map((d) => d.customer))]
      .map((c) => ({ c, n: inWindow.filter((d) => d.customer === c).length }))
      .sort((a, b) => b.n - a.n || a.c.localeCompare(b.c))[0]!
    const table = html.slice(html.indexOf('<table class="heatmap">'))
    const firstRow = table.slice(table.indexOf('<tbody>'), table.indexOf('</tr>', table.indexOf('<tbody>')))
    expect(firstRow).toContain(`<th scope="row">${busiest.c}</th>`)
    expect(firstRow).toContain(`<td class="total">${busiest.n}</td>`)
    expect(table.slice(0, table.indexOf('</thead>')).match(/<th scope="col"/g)).toHaveLength(10)
    expect(html).not.toMatch(/ style="/)
  })

  describe.skipIf(browserSkipReason !== null)('on a 390 px phone screen in Chromium', () => {
    it.each([
      ['the e-mail', '/digest/email?from=2026-11-09&to=2026-11-15'],
      ['the in-app digest page', '/digest?from=2026-11-09&to=2026-11-15'],
      ['the home page with its chart', '/'],
    ])('does not overflow horizontally: %s', async (name, path) => {
      const context = await browser!.newContext({ viewport: { width: 390, height: 844 } })
      const page = await context.newPage()
      const res = await page.goto(`${server!.url}${path}`)
      expect(res?.status()).toBe(200)
      await page.screenshot({ path: artifact(`digest-390-${name.replace(/\W+/g, '-')}`), fullPage: true })
      // A string, so the test's TypeScript needs no DOM types.
      const sizes = (await page.evaluate(
        '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
      )) as { scroll: number; client: number }
      expect(sizes.scroll).toBeLessThanOrEqual(sizes.client)
      await context.close()
    })
  })
})
