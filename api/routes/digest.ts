import { Hono } from 'hono'
import { z } from 'zod'
import type { Config } from '../../config/load.ts'
import { buildDigest } from '../../digest/build.ts'
import { resolveDigestPeriod } from '../../digest/default-period.ts'
import { renderHtml } from '../../digest/render-html.ts'
import { scopeOf } from '../../governance/viewer.ts'
import { Digest } from '../../schemas/digest.ts'
import type { TokenScope } from '../../schemas/governance.ts'
import { IsoDate } from '../../schemas/search.ts'
import type { Db } from '../../storage/db.ts'
import { type AppEnv, requireRole } from '../auth.ts'
import { viewerOf } from '../governance.ts'
import type { RouteDoc } from '../openapi.ts'
import { parseQuery } from '../validate.ts'

/** Query of both digest routes: nothing (last complete week), `since`, or `from` + `to`. */
export const DigestQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  /** The last N days up to today, e.g. `7d`, `2w`. */
  since: z.string().max(10).optional(),
})

/** OpenAPI description of the digest routes (paths as mounted under `/api`). */
export const digestDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/digest',
    summary:
      'The leadership digest for a period (default: the last complete Mon–Sun week that has documents), as JSON',
    description: 'Both `from` and `to` are inclusive dates in FIELDKB_TIMEZONE.',
    role: 'reader',
    query: DigestQuery,
    responses: { 200: { description: 'the digest', schema: Digest } },
  },
  {
    method: 'get',
    path: '/api/digest.html',
    summary: 'The digest exactly as the HTML e-mail renders it',
    role: 'reader',
    query: DigestQuery,
    responses: { 200: { description: 'the HTML e-mail', contentType: 'text/html' } },
  },
]

/**
 * `GET /digest` (JSON) and `GET /digest.html` (the e-mail's HTML), for readers; mount under `/api`.
 * Invalid or conflicting dates throw `ValidationError` (400).
 * @example app.route('/api', digestRoutes({ db, config }))
 */
export function digestRoutes(deps: { db: Db; config: Config; now?: () => Date }): Hono<AppEnv> {
  const now = deps.now ?? (() => new Date())
  const build = async (q: z.output<typeof DigestQuery>, scope?: TokenScope) => {
    const { period, note } = await resolveDigestPeriod(deps.db, q, now(), deps.config.timezone)
    return buildDigest(deps.db, {
      ...(scope ? { scope } : {}),
      period,
      note,
      publicUrl: deps.config.server.publicUrl,
      chat: deps.config.chat,
      now,
    })
  }
  return new Hono<AppEnv>()
    .get('/digest', requireRole('reader'), async (c) =>
      c.json(await build(parseQuery(c, DigestQuery), scopeOf(viewerOf(c)))),
    )
    .get('/digest.html', requireRole('reader'), async (c) => {
      const html = renderHtml(await build(parseQuery(c, DigestQuery), scopeOf(viewerOf(c))))
      // The page renders stored text only, all escaped; no scripts need to run in it.
      c.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'")
      return c.html(html)
    })
}
