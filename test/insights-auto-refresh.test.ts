import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AutoRefresh, autoRefreshInsights } from '../insights/auto-refresh.ts'
import { type TestApp, testApp } from './helpers/app.ts'

const note = (customer: string, n: number) => `---
title: Model API throttled at ${customer} (${n})
customer: ${customer}
type: incident
date: 2026-11-0${n}
---
# Model API throttled

## Root cause
Batch jobs exceeded the provider rate limit; every call got HTTP 429 too many requests until backoff.

## Fix
Token bucket limiter, exponential backoff with jitter honouring Retry-After.
`

async function runs(t: TestApp): Promise<number> {
  const rows = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM insight_runs')
  return rows[0]!.n
}

async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('insights after uploads through the API', () => {
  let t: TestApp
  let refresher: AutoRefresh
  const logged: string[] = []
  // When each change notified the refresher: the coalescing claim depends on the gaps between them.
  const notified: number[] = []
  const DELAY_MS = 1000

  beforeAll(async () => {
    t = await testApp()
    refresher = autoRefreshInsights(t.db, { delayMs: DELAY_MS, log: (l) => logged.push(l) })
    const onChange = () => {
      notified.push(performance.now())
      refresher.notify()
    }
    const { app } = t.withApp({ deps: { onChange } })
    // Route uploads through the app that notifies the refresher.
    t.call = (path, init = {}) => Promise.resolve(app.request(path, init))
  })
  afterAll(async () => {
    await refresher?.stop()
    await t?.dispose()
  })

  it('refreshes patterns once after a burst of uploads, then again after a delete', async () => {
    for (const [i, customer] of ['Acme', 'Globex', 'Initech'].entries()) {
      const res = await t.call(`/api/documents?filename=throttle-${i}.md`, {
        method: 'POST',
        headers: { 'content-type': 'text/markdown' },
        body: note(customer, i + 1),
      })
      expect(res.status).toBe(201)
    }
    expect(notified).toHaveLength(3)
    // Uploads closer together than the quiet period coalesce into one refresh; on a machine so
    // loaded that an upload takes longer than that, each such gap may start one more.
    const longGaps = notified.slice(1).filter((at, i) => at - notified[i]! >= DELAY_MS).length
    await until(async () => (await runs(t)) >= 1 + longGaps)
    await new Promise((r) => setTimeout(r, DELAY_MS + 300))
    expect(await runs(t)).toBe(1 + longGaps)
    expect(logged.at(-1)).toMatch(/insights refreshed/)

    const del = await t.call('/api/documents/1', { method: 'DELETE' })
    expect(del.status).toBe(204)
    await until(async () => (await runs(t)) === 2 + longGaps)
  })

  it('does not refresh for an unchanged re-upload', async () => {
    const before = await runs(t)
    const res = await t.call('/api/documents?filename=throttle-1.md', {
      method: 'POST',
      headers: { 'content-type': 'text/markdown' },
      body: note('Globex', 2),
    })
    expect(res.status).toBe(200)
    await new Promise((r) => setTimeout(r, DELAY_MS + 300))
    expect(await runs(t)).toBe(before)
  })
})
