import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { Role } from '../config/schema.ts'
import { ForbiddenError, UnauthorizedError } from '../lib/errors.ts'
import type { TokenScope } from '../schemas/governance.ts'
import type { Queryable } from '../storage/db.ts'
import { findTokenRole, hasActiveTokens } from '../storage/tokens.ts'

/** How a request was authenticated. `open`: no token exists anywhere, so the (loopback) API is open. */
export type AuthVia = 'open' | 'static' | 'token' | 'session'

/** Who is calling: their role, and the stored token id when it came from the database. */
export interface AuthInfo {
  role: Role
  via: AuthVia
  tokenId?: number
  /** The stored token's customer scope (governance); absent: every customer in full. */
  scope?: TokenScope
}

/** What a web session resolves to: a role, or the role, token and scope the session logged in with. */
export type SessionAuth = Role | { role: Role; tokenId?: number; scope?: TokenScope }

/** Hono environment of every fieldkb router: `c.get('auth')` after {@link authenticate}. */
export type AppEnv = { Variables: { auth: AuthInfo } }

/** Where credentials come from. */
export interface AuthOptions {
  db: Queryable
  /** Tokens from FIELDKB_API_TOKENS. */
  staticTokens: readonly { role: Role; token: string }[]
  /** Refuse anonymous requests even when no token exists (set when listening beyond loopback). */
  required?: boolean
  /** Resolves a role from a session cookie (web UI); asked only when no bearer token is sent. */
  session?: (c: Context) => SessionAuth | null | Promise<SessionAuth | null>
  /** Called before a 401 is thrown (the rate limiter counts failures against the address; may throw 429). */
  onRejected?: (c: Context) => void | Promise<void>
}

const RANK: Record<Role, number> = { reader: 1, editor: 2, admin: 3 }

/**
 * Whether `have` includes the rights of `need` (admin ⊃ editor ⊃ reader).
 * @example hasRole('editor', 'reader') // → true
 */
export function hasRole(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need]
}

/**
 * Build a function resolving the caller of a request, throwing `UnauthorizedError` for a missing,
 * malformed, unknown or revoked token. Exported so the web UI can authenticate the same way.
 */
export function createAuthResolver(options: AuthOptions): (c: Context) => Promise<AuthInfo> {
  const staticHashes = options.staticTokens.map((t) => ({ role: t.role, hash: digest(t.token) }))
  const matchStatic = (token: string): Role | null => {
    const hash = digest(token)
    let role: Role | null = null
    // Compare against every configured token, without early exit, in constant time per comparison.
    for (const s of staticHashes) if (timingSafeEqual(s.hash, hash) && role === null) role = s.role
    return role
  }
  return async (c) => {
    const header = c.req.header('authorization')
    if (header !== undefined) {
      const token = /^Bearer +([\x21-\x7e]{1,512})\s*$/i.exec(header)?.[1]
      if (!token) throw new UnauthorizedError('the Authorization header must be "Bearer <token>"')
      const role = matchStatic(token)
      if (role) return { role, via: 'static' }
      const found = await findTokenRole(options.db, token)
      if (found) return { role: found.role, via: 'token', tokenId: found.id, scope: found.scope }
      throw new UnauthorizedError('the bearer token is invalid or has been revoked', {
        hint: 'ask an admin for a token (`fieldkb token create --role reader`)',
      })
    }
    const session = await options.session?.(c)
    if (typeof session === 'string') return { role: session, via: 'session' }
    if (session) return { ...session, via: 'session' }
    const open = !options.required && staticHashes.length === 0 && !(await hasActiveTokens(options.db))
    if (open) return { role: 'admin', via: 'open' }
    throw new UnauthorizedError('this API requires a bearer token', {
      hint: 'send "Authorization: Bearer <token>"; an admin creates tokens with `fieldkb token create`',
    })
  }
}

/** Middleware resolving the caller into `c.get('auth')`; 401 problem when that fails. */
export function authenticate(options: AuthOptions): MiddlewareHandler<AppEnv> {
  const resolve = createAuthResolver(options)
  return async (c, next) => {
    let auth: AuthInfo
    try {
      auth = await resolve(c)
    } catch (error) {
      if (error instanceof UnauthorizedError) await options.onRejected?.(c)
      throw error
    }
    c.set('auth', auth)
    await next()
  }
}

/**
 * Middleware letting only callers with at least `role` through (403 problem otherwise).
 * @example router.delete('/:id', requireRole('editor'), handler)
 */
export function requireRole(role: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.get('auth')
    if (!auth) throw new UnauthorizedError('this API requires a bearer token')
    if (!hasRole(auth.role, role)) {
      throw new ForbiddenError(`this action needs the ${role} role; the token has the ${auth.role} role`, {
        hint: `ask an admin for a token with the ${role} role`,
      })
    }
    await next()
  }
}

/** Whether any credential exists: a static token, or an active token in the store. */
export async function tokensConfigured(db: Queryable, staticTokens: readonly unknown[]): Promise<boolean> {
  return staticTokens.length > 0 || (await hasActiveTokens(db))
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest()
}
