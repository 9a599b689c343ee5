import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Role } from '../config/schema.ts'
import type { TokenScope } from '../schemas/governance.ts'
import type { Queryable } from '../storage/db.ts'
import { isTokenActive } from '../storage/tokens.ts'

/** Name of the web UI's session cookie. */
export const SESSION_COOKIE = 'fkb_session'

/** One browser session: the role it logged in with (null before login) and its CSRF token. */
export interface Session {
  id: string
  role: Role | null
  /** Stored token id, re-checked for revocation on every request; absent for static tokens. */
  tokenId?: number
  /** The token's customer scope, inherited by every page and API read of the session. */
  scope?: TokenScope
  csrf: string
  expiresAt: number
}

/** Settings of {@link createSessions}. */
export interface SessionOptions {
  /** Idle lifetime in milliseconds (default 12 h): each request extends it. */
  idleMs?: number
  /** Most sessions kept; the oldest are dropped beyond it (default 10,000). */
  max?: number
  now?: () => number
}

/**
 * In-memory session store. Ids are 256-bit random values that mean nothing by themselves (no
 * signing needed); sessions vanish when the process restarts, so users then log in again.
 */
export interface Sessions {
  /** Start a session (the id is fresh on every login, so a planted id is never promoted). */
  create(role: Role | null, tokenId?: number, scope?: TokenScope): Session
  /** The live session with this id, its idle timer extended; null when unknown or expired. */
  get(id: string | undefined): Session | null
  destroy(id: string): void
}

/** Create an empty session store. */
export function createSessions(options: SessionOptions = {}): Sessions {
  const idleMs = options.idleMs ?? 12 * 60 * 60 * 1000
  const max = options.max ?? 10_000
  const now = options.now ?? Date.now
  const map = new Map<string, Session>()
  return {
    create(role, tokenId, scope) {
      // Map iteration is insertion order: the first key is the oldest session.
      while (map.size >= max) map.delete(map.keys().next().value!)
      const session: Session = {
        id: randomBytes(32).toString('base64url'),
        role,
        ...(tokenId === undefined ? {} : { tokenId }),
        ...(scope === undefined ? {} : { scope }),
        csrf: randomBytes(32).toString('base64url'),
        expiresAt: now() + idleMs,
      }
      map.set(session.id, session)
      return session
    },
    get(id) {
      if (!id) return null
      const session = map.get(id)
      if (!session) return null
      if (session.expiresAt <= now()) {
        map.delete(id)
        return null
      }
      session.expiresAt = now() + idleMs
      return session
    },
    destroy(id) {
      map.delete(id)
    },
  }
}

/** The session named by the request's cookie, dropping it when its stored token was revoked. */
export async function sessionOf(c: Context, sessions: Sessions, db: Queryable): Promise<Session | null> {
  const session = sessions.get(getCookie(c, SESSION_COOKIE))
  if (!session?.tokenId) return session
  if (await isTokenActive(db, session.tokenId)) return session
  sessions.destroy(session.id)
  return null
}

/** Set the session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS, no Max-Age (browser session). */
export function setSessionCookie(c: Context, session: Session, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'Strict', secure, path: '/' })
}

/** Remove the session cookie. */
export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure })
}

/** Whether `given` is the session's CSRF token (constant-time comparison). */
export function csrfMatches(session: Session | null, given: unknown): boolean {
  if (!session || typeof given !== 'string') return false
  const a = Buffer.from(session.csrf)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * `AppDeps.auth.session` for the API: a logged-in browser may read `/api/*` (GET/HEAD) with its
 * cookie. Writes still need a bearer token, so the cookie can never be used to forge an API write.
 * @example createApp({ ...deps, auth: { session: webSession(sessions, db) }, mount })
 */
export function webSession(
  sessions: Sessions,
  db: Queryable,
): (c: Context) => Promise<{ role: Role; tokenId?: number; scope?: TokenScope } | null> {
  return async (c) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return null
    const session = await sessionOf(c, sessions, db)
    if (!session?.role) return null
    return {
      role: session.role,
      ...(session.tokenId === undefined ? {} : { tokenId: session.tokenId }),
      ...(session.scope === undefined ? {} : { scope: session.scope }),
    }
  }
}
