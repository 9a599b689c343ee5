import type { Context, MiddlewareHandler } from 'hono'
import { hasRole, tokensConfigured } from '../api/auth.ts'
import type { Role } from '../config/schema.ts'
import { ForbiddenError, UnauthorizedError } from '../lib/errors.ts'
import { csrfMatches, type Session, sessionOf, setSessionCookie } from './session.ts'
import type { WebDeps, WebEnv } from './types.ts'

/** Policy of every UI page: own scripts and styles only, no plugins, never framed. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  // Only the digest preview (`/digest/email`, sandboxed) is framed, and only by our own pages.
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ')

/** Set the security headers of a UI response (CSP, no sniffing, same-origin referrers, no caching). */
export function securityHeaders(csp = PAGE_CSP): MiddlewareHandler {
  return async (c, next) => {
    await next()
    if (!c.res.headers.has('content-security-policy')) c.res.headers.set('content-security-policy', csp)
    c.res.headers.set('x-content-type-options', 'nosniff')
    c.res.headers.set('referrer-policy', 'same-origin')
    if (!c.res.headers.has('x-frame-options')) c.res.headers.set('x-frame-options', 'DENY')
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store')
  }
}

/**
 * Resolve who is browsing into `c.get('viewer')`: the session's role, else `admin` when no token
 * exists anywhere (open, loopback-only server, like the API), else nobody.
 */
export function resolveViewer(deps: WebDeps): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const session = await sessionOf(c, deps.sessions, deps.db)
    const authEnabled = deps.required === true || (await tokensConfigured(deps.db, deps.config.apiTokens))
    const role = session?.role ?? (authEnabled ? null : 'admin')
    c.set('viewer', { role, session, authEnabled })
    await next()
  }
}

/**
 * Let only viewers with at least `role` through. Anonymous GETs are sent to `/login?next=…`;
 * other requests get a 401 page, and a too-weak role a 403 page.
 */
export function requireViewer(role: Role): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const viewer = c.get('viewer')
    if (viewer.role === null) {
      if (c.req.method === 'GET') {
        const url = new URL(c.req.url)
        return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303)
      }
      throw new UnauthorizedError('please log in first', { hint: 'open /login and enter your token' })
    }
    if (!hasRole(viewer.role, role)) {
      throw new ForbiddenError(`this needs the ${role} role; you are logged in as ${viewer.role}`, {
        hint: `ask an admin for a token with the ${role} role`,
      })
    }
    await next()
  }
}

/**
 * Whether a state-changing request comes from one of our own pages: its Origin (or, failing that,
 * its Referer) must be this server or the configured public URL. A request with neither is refused.
 */
export function sameOrigin(c: Context, publicUrl: string): boolean {
  const claimed = c.req.header('origin') ?? c.req.header('referer')
  if (!claimed) return false
  let origin: string
  try {
    origin = new URL(claimed).origin
  } catch {
    return false
  }
  return origin === new URL(c.req.url).origin || origin === new URL(publicUrl).origin
}

/** Refuse a POST from another origin (login: SameSite=Strict plus this check). */
export function checkOrigin(publicUrl: string): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (!sameOrigin(c, publicUrl)) {
      throw new ForbiddenError('this form was submitted from another site', {
        hint: 'reload the page and submit the form again',
      })
    }
    await next()
  }
}

/** Check the form's `_csrf` field against the session's token; call after the body is parsed. */
export function assertCsrf(c: Context<WebEnv>, given: unknown): void {
  if (!csrfMatches(c.get('viewer').session, given)) {
    throw new ForbiddenError('the form has expired or did not come from this site', {
      hint: 'reload the page and submit the form again',
    })
  }
}

/**
 * The CSRF token to put in a form: the session's, starting an anonymous session (no role) for a
 * visitor of an open server who has none yet.
 */
export function csrfToken(c: Context<WebEnv>, deps: WebDeps): string {
  const viewer = c.get('viewer')
  if (viewer.session) return viewer.session.csrf
  const session: Session = deps.sessions.create(null)
  setSessionCookie(c, session, isSecure(c, deps.config.server.publicUrl))
  c.set('viewer', { ...viewer, session })
  return session.csrf
}

/** Whether cookies should be `Secure`: the request or the public URL is HTTPS. */
export function isSecure(c: Context, publicUrl: string): boolean {
  return new URL(c.req.url).protocol === 'https:' || publicUrl.startsWith('https:')
}
