import { createHash } from 'node:crypto'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, MiddlewareHandler } from 'hono'
import { LRUCache } from 'lru-cache'
import { RetryLaterError } from '../lib/errors.ts'
import type { AuthInfo } from './auth.ts'

/** Settings of {@link createLimiter}. */
export interface LimiterOptions {
  /** Length of one window in milliseconds. */
  windowMs: number
  /** Requests allowed per key and window. */
  max: number
  /** Most keys remembered (default 10,000); the least recently seen are forgotten beyond it. */
  maxKeys?: number
  /** Clock in milliseconds (tests). */
  now?: () => number
}

/** Outcome of one {@link Limiter.hit}. */
export interface LimitResult {
  allowed: boolean
  remaining: number
  /** Seconds until the key's window ends. */
  resetSeconds: number
}

/** Fixed-window request counters per key, in bounded memory. */
export interface Limiter {
  readonly windowMs: number
  readonly max: number
  /** Count one request against `key`. */
  hit(key: string): LimitResult
  /** Keys currently remembered (never more than `maxKeys`). */
  readonly size: number
}

/**
 * In-memory fixed-window limiter: `max` requests per key per `windowMs`. Counters live in an LRU
 * (lru-cache) capped at `maxKeys` entries, each dropped when its window ends, so a flood of fresh
 * keys costs O(1) per request and at most `maxKeys` entries. Per process; several instances need
 * a shared store.
 * @example const limiter = createLimiter({ windowMs: 60_000, max: 600 })
 */
export function createLimiter(options: LimiterOptions): Limiter {
  const now = options.now ?? Date.now
  const windows = new LRUCache<string, { count: number; resetAt: number }>({
    max: options.maxKeys ?? 10_000,
    ttl: options.windowMs,
    // Windows are fixed: a hit must not extend an entry's life.
    updateAgeOnGet: false,
    perf: { now },
  })
  return {
    windowMs: options.windowMs,
    max: options.max,
    hit(key) {
      const t = now()
      let w = windows.get(key)
      if (!w || w.resetAt <= t) {
        w = { count: 0, resetAt: t + options.windowMs }
        windows.set(key, w)
      }
      w.count++
      return {
        allowed: w.count <= options.max,
        remaining: Math.max(0, options.max - w.count),
        resetSeconds: Math.max(1, Math.ceil((w.resetAt - t) / 1000)),
      }
    },
    get size() {
      return windows.size
    },
  }
}

/** Settings of {@link rateLimit}. */
export interface RateLimitOptions {
  limiter: Limiter
  /** Who a request counts against; default {@link principalKey}. */
  key?: (c: Context) => string
  /** Proxies whose X-Forwarded-For names the client (FIELDKB_TRUSTED_PROXIES). */
  trustedProxies?: readonly string[]
}

/**
 * Middleware counting each request against its key and answering 429 (problem, `Retry-After`)
 * once the key's window is used up. Place it after authentication so tokens count on their own.
 * @example app.use('/api/*', authenticate(opts), rateLimit({ limiter }))
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const keyOf = options.key ?? ((c: Context) => principalKey(c, options.trustedProxies))
  const { limiter } = options
  return async (c, next) => {
    const r = limiter.hit(keyOf(c))
    if (!r.allowed) {
      throw new RetryLaterError(
        `too many requests: at most ${limiter.max} per ${limiter.windowMs / 1000} s`,
        r.resetSeconds,
      )
    }
    c.header('RateLimit-Limit', String(limiter.max))
    c.header('RateLimit-Remaining', String(r.remaining))
    c.header('RateLimit-Reset', String(r.resetSeconds))
    await next()
  }
}

/**
 * Who a request counts against: its stored token's id, a verified static token, else the client
 * address (anonymous, open-mode, session and failed-authentication requests alike).
 */
export function principalKey(c: Context, trustedProxies: readonly string[] = []): string {
  const auth = c.get('auth') as AuthInfo | undefined
  if (auth?.tokenId !== undefined) return `token:${auth.tokenId}`
  if (auth?.via === 'static') {
    // Verified, so one of a handful of configured values; hashed so the cache holds no secret.
    const header = c.req.header('authorization') ?? ''
    return `static:${createHash('sha256').update(header).digest('base64url').slice(0, 22)}`
  }
  return `ip:${clientAddress(c, trustedProxies)}`
}

/**
 * The client's address from the connection itself; `X-Forwarded-For` only when the connection
 * comes from one of `trustedProxies` (any client can forge that header). `unknown` under
 * `app.request()`, which has no socket.
 */
export function clientAddress(c: Context, trustedProxies: readonly string[] = []): string {
  const socket = socketAddress(c)
  if (!trustedProxies.includes(socket)) return socket
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => unmap(h.trim()))
  // Each proxy appends the address it saw: the rightmost hop not added by our own proxies is the
  // client; anything left of it was written by the client and proves nothing.
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!
    if (hop && !trustedProxies.includes(hop)) return hop
  }
  return socket
}

function socketAddress(c: Context): string {
  const env = c.env as { incoming?: unknown; server?: unknown } | undefined
  if (!env?.incoming && !env?.server) return 'unknown'
  return unmap(getConnInfo(c).remote.address ?? 'unknown')
}

function unmap(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address
}
