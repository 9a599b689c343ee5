import { createHash } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { RetryLaterError } from './errors.ts'

/** Settings of {@link rateLimit}. */
export interface RateLimitOptions {
  /** Length of one window in milliseconds. */
  windowMs: number
  /** Requests allowed per key and window. */
  max: number
  /** Clock in milliseconds (tests). */
  now?: () => number
  /** Who a request counts against; default: its bearer token, else the client address. */
  key?: (c: Context) => string
}

// Expired windows are swept once the map grows past this, bounding memory under many clients.
const SWEEP_AT = 10_000

/**
 * In-memory fixed-window rate limit: `max` requests per key per `windowMs`, then 429 problems with
 * `Retry-After` until the window ends. Per process; a multi-instance deployment needs a shared store.
 * @example app.use('/api/*', rateLimit({ windowMs: 60_000, max: 600 }))
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const windows = new Map<string, { count: number; resetAt: number }>()
  const now = options.now ?? Date.now
  const keyOf = options.key ?? clientKey
  return async (c, next) => {
    const t = now()
    const key = keyOf(c)
    let w = windows.get(key)
    if (!w || w.resetAt <= t) {
      if (windows.size >= SWEEP_AT) for (const [k, v] of windows) if (v.resetAt <= t) windows.delete(k)
      w = { count: 0, resetAt: t + options.windowMs }
      windows.set(key, w)
    }
    w.count++
    const resetSeconds = Math.max(1, Math.ceil((w.resetAt - t) / 1000))
    if (w.count > options.max) {
      throw new RetryLaterError(
        `too many requests: at most ${options.max} per ${options.windowMs / 1000} s`,
        resetSeconds,
      )
    }
    c.header('RateLimit-Limit', String(options.max))
    c.header('RateLimit-Remaining', String(options.max - w.count))
    c.header('RateLimit-Reset', String(resetSeconds))
    await next()
  }
}

/** The bearer token (hashed, so the map never holds secrets) or else the client's address. */
export function clientKey(c: Context): string {
  const auth = c.req.header('authorization')
  if (auth) return `token:${createHash('sha256').update(auth).digest('base64url').slice(0, 22)}`
  // @hono/node-server exposes the socket as env.incoming; absent under app.request() in tests.
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return `ip:${env?.incoming?.socket?.remoteAddress ?? 'unknown'}`
}
