import type { Context, MiddlewareHandler } from 'hono'
import type { Role } from '../config/schema.ts'
import { pseudonymiserFor } from '../governance/book.ts'
import { needsPseudonyms, readsInFull, type Viewer, viewerFrom } from '../governance/viewer.ts'
import type { TokenScope } from '../schemas/governance.ts'
import { recordAudit } from '../storage/audit.ts'
import type { Queryable } from '../storage/db.ts'
import type { AuthInfo } from './auth.ts'

// The web UI's `viewer` variable as far as governance needs it (api/ cannot import web/).
interface WebViewerLike {
  role: Role | null
  session: { tokenId?: number; scope?: TokenScope } | null
}

/**
 * The governance viewer of a request: from the API's `auth` (bearer token or session cookie) or
 * the web UI's `viewer` (its session inherits the token's scope); undefined before authentication.
 */
export function viewerOf(c: Context): Viewer | undefined {
  const vars = c.var as { auth?: AuthInfo; viewer?: WebViewerLike }
  if (vars.auth) return viewerFrom(vars.auth)
  const web = vars.viewer
  if (!web?.role) return undefined
  return viewerFrom({
    role: web.role,
    ...(web.session?.tokenId === undefined ? {} : { tokenId: web.session.tokenId }),
    ...(web.session?.scope === undefined ? {} : { scope: web.session.scope }),
  })
}

const TEXTUAL = /^(text\/|application\/(json|problem\+json|xml|javascript|csv))/i

/**
 * Pseudonymise every response for a scoped viewer: JSON string values and keys, and HTML, CSV
 * or plain text bodies, with other customers' names replaced (governance/pseudonymise.ts). Mount
 * once on the app (`app.use('*', …)`) and every route — API, web pages, exports added later —
 * is covered; routes still filter what they fetch with `scopeOf(viewerOf(c))`.
 */
export function pseudonymiseResponses(db: Queryable): MiddlewareHandler {
  return async (c, next) => {
    await next()
    const viewer = viewerOf(c)
    if (!needsPseudonyms(viewer)) return
    const type = c.res.headers.get('content-type') ?? ''
    if (!TEXTUAL.test(type) || c.res.body === null) return
    const p = await pseudonymiserFor(db, viewer!)
    const body = await c.res.text()
    let out: string
    if (/json/i.test(type)) {
      try {
        out = JSON.stringify(p.value(JSON.parse(body)))
      } catch {
        out = p.text(body)
      }
    } else {
      out = p.text(body)
    }
    const headers = new Headers(c.res.headers)
    headers.delete('content-length')
    headers.delete('etag')
    c.res = new Response(out, { status: c.res.status, headers })
  }
}

/**
 * The search text to run for the request's viewer: other customers' names replaced by codes that
 * match nothing for a pseudonymous viewer (so a search for a name cannot unmask a pseudonym).
 */
export async function searchTextFor(db: Queryable, c: Context, q: string): Promise<string> {
  const viewer = viewerOf(c)
  if (!needsPseudonyms(viewer)) return q
  return (await pseudonymiserFor(db, viewer!)).query(q)
}

/**
 * Record that the request's viewer read a document of `customer` outside its scope (who, what,
 * when); nothing for viewers who read that customer in full.
 */
export async function auditRead(
  db: Queryable,
  c: Context,
  read: { customer: string | null; documentId: number; action: string },
): Promise<void> {
  const viewer = viewerOf(c)
  if (!viewer || readsInFull(viewer, read.customer) || read.customer === null) return
  const vars = c.var as { auth?: AuthInfo }
  await recordAudit(db, {
    ...(viewer.tokenId === undefined ? {} : { tokenId: viewer.tokenId }),
    via: vars.auth ? `api:${vars.auth.via}` : 'web',
    customer: read.customer,
    documentId: read.documentId,
    action: read.action,
  })
}
