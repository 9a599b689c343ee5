import type { Context, Hono } from 'hono'
import { viewerOf } from '../../api/governance.ts'
import { buildDigest } from '../../digest/build.ts'
import { type ChosenPeriod, resolveDigestPeriod } from '../../digest/default-period.ts'
import { digestMessage } from '../../digest/deliver.ts'
import { lastCompleteWeek } from '../../digest/period.ts'
import { scopeOf } from '../../governance/viewer.ts'
import { addDays } from '../../lib/dates.ts'
import { ValidationError } from '../../lib/errors.ts'
import type { DigestPeriod } from '../../schemas/digest.ts'
import type { TokenScope } from '../../schemas/governance.ts'
import { requireViewer } from '../guard.ts'
import { Layout } from '../layout.tsx'
import type { WebDeps, WebEnv } from '../types.ts'

/** The preview may be embedded by our own pages only; nothing in it may run or load. */
export const EMAIL_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox"

// The page and its framed e-mail are two requests; one build (and at most one model call) serves both.
const CACHE_MS = 60_000

/** `/digest` (the period's digest framed exactly as mailed) and `/digest/email` (that HTML alone). */
export function digestRoutes(router: Hono<WebEnv>, deps: WebDeps): void {
  const cache = new Map<string, { at: number; message: Promise<ReturnType<typeof digestMessage>> }>()
  const message = ({ period, note }: ChosenPeriod, scope?: TokenScope) => {
    const key = `${period.from}|${period.to}|${note ?? ''}|${JSON.stringify(scope ?? null)}`
    const t = deps.now().getTime()
    for (const [k, v] of cache) if (t - v.at > CACHE_MS) cache.delete(k)
    let hit = cache.get(key)
    if (!hit) {
      // Same options as sendDigestOnce, so the preview is the e-mail that would go out.
      const built = buildDigest(deps.db, {
        ...(scope ? { scope } : {}),
        period,
        note,
        publicUrl: deps.config.server.publicUrl,
        chat: deps.config.chat,
        now: deps.now,
        log: deps.log,
      }).then(digestMessage)
      built.catch(() => cache.delete(key))
      hit = { at: t, message: built }
      cache.set(key, hit)
    }
    return hit.message
  }
  const periodOf = (c: Context) => {
    const q = (k: string) => c.req.query(k)?.trim() || undefined
    return resolveDigestPeriod(deps.db, { from: q('from'), to: q('to') }, deps.now(), deps.config.timezone)
  }

  router.get('/digest', requireViewer('reader'), async (c) => {
    let chosen: ChosenPeriod
    try {
      chosen = await periodOf(c)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const fallback = lastCompleteWeek(deps.now(), deps.config.timezone)
      return c.html(<DigestPage c={c} period={fallback} error={error.message} />, 400)
    }
    const { subject } = await message(chosen, scopeOf(viewerOf(c)))
    return c.html(<DigestPage c={c} period={chosen.period} subject={subject} />)
  })

  router.get('/digest/email', requireViewer('reader'), async (c) => {
    const { html } = await message(await periodOf(c), scopeOf(viewerOf(c)))
    c.header('content-security-policy', EMAIL_CSP)
    c.header('x-frame-options', 'SAMEORIGIN')
    return c.html(html)
  })
}

function DigestPage(props: { c: Context<WebEnv>; period: DigestPeriod; subject?: string; error?: string }) {
  const { period } = props
  const range = (from: string, to: string) => `?${new URLSearchParams({ from, to })}`
  const email = `/digest/email${range(period.from, period.to)}`
  const days = Math.round((Date.parse(period.to) - Date.parse(period.from)) / 86_400_000) + 1
  return (
    <Layout title={`Digest · ${period.label}`} section="digest" viewer={props.c.get('viewer')}>
      <h1>Leadership digest</h1>
      {props.error && (
        <p class="notice error" role="alert">
          {props.error}. Showing the last complete week instead.
        </p>
      )}
      <form class="period" method="get" action="/digest" data-busy="Building…">
        <p>
          <label for="d-from">From</label>
          <input id="d-from" name="from" type="date" value={period.from} required />
        </p>
        <p>
          <label for="d-to">To</label>
          <input id="d-to" name="to" type="date" value={period.to} required />
        </p>
        <p>
          <button type="submit">Show period</button>
        </p>
      </form>
      <nav class="pager" aria-label="Digest periods">
        <a href={`/digest${range(addDays(period.from, -days), addDays(period.from, -1))}`}>
          ← Previous period
        </a>
        <a href="/digest">Last complete week</a>
        <a href={`/digest${range(addDays(period.to, 1), addDays(period.to, days))}`}>Next period →</a>
      </nav>
      {props.subject && (
        <>
          <p>
            Subject: <strong>{props.subject}</strong>
          </p>
          <p class="muted">
            Below is the HTML e-mail exactly as it is mailed for {period.label}.{' '}
            <a href={email}>Open the e-mail on its own</a> to follow its links.
          </p>
          <iframe
            class="email"
            src={email}
            title={`Digest e-mail for ${period.label}`}
            sandbox=""
            loading="lazy"
          />
        </>
      )}
    </Layout>
  )
}
