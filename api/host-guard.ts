import type { MiddlewareHandler } from 'hono'
import { ForbiddenError } from '../lib/errors.ts'

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]']

/**
 * Whether `host` only accepts connections from this machine.
 * @example isLoopback('127.0.0.1') // → true; isLoopback('0.0.0.0') // → false
 */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h)
}

/**
 * The `Host` names a server bound to `bindHost` answers to, or null when it must not check them.
 * Loopback binds (always the case in open mode) accept only loopback names, the bound address and
 * the public URL's host, which defeats DNS rebinding. Beyond loopback every request needs a token
 * and the LAN names are unknowable, so no check is made there.
 * @example allowedHosts('127.0.0.1', 'https://kb.example.com') // → ['localhost', '127.0.0.1', '[::1]', 'kb.example.com']
 */
export function allowedHosts(bindHost: string, publicUrl?: string): string[] | null {
  if (!isLoopback(bindHost)) return null
  const names = new Set(LOOPBACK_NAMES)
  const bound = hostnameOf(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost)
  if (bound) names.add(bound)
  if (publicUrl) names.add(new URL(publicUrl).hostname.toLowerCase())
  return [...names]
}

/**
 * Refuse (403 problem) a request whose `Host` is not one of `hosts`: a page on
 * `attacker.example` that re-resolved its name to 127.0.0.1 cannot read a loopback server.
 * Ports are not compared: the socket already fixes the port, rebinding changes only the name.
 * @example app.use('*', hostGuard(['localhost', '127.0.0.1', '[::1]']))
 */
export function hostGuard(hosts: readonly string[]): MiddlewareHandler {
  const allowed = new Set(hosts.map((h) => h.toLowerCase()))
  return async (c, next) => {
    // app.request() sends no Host header; the server builds the request URL from it otherwise.
    const name = hostnameOf(c.req.header('host') ?? new URL(c.req.url).host)
    if (name === null || !allowed.has(name)) {
      throw new ForbiddenError(`this server does not answer to the host name "${name ?? '?'}"`, {
        hint: `open it as http://${hosts[0] ?? 'localhost'}:<port>/, or set FIELDKB_PUBLIC_URL to the address users type`,
      })
    }
    await next()
  }
}

/**
 * Refuse (403 problem) a state-changing request (POST/PUT/PATCH/DELETE) that a browser marks as
 * coming from another site: an `Origin` other than this server's or `publicUrl`'s, or
 * `Sec-Fetch-Site: cross-site`. Requests without either header (curl, scripts) pass.
 * @example app.use('*', originGuard(config.server.publicUrl))
 */
export function originGuard(publicUrl?: string): MiddlewareHandler {
  const publicOrigin = publicUrl ? new URL(publicUrl).origin : null
  return async (c, next) => {
    if (!UNSAFE.has(c.req.method)) return next()
    const origin = c.req.header('origin')
    const own = new URL(c.req.url).origin
    const foreignOrigin = origin !== undefined && origin !== own && origin !== publicOrigin
    if (foreignOrigin || c.req.header('sec-fetch-site')?.toLowerCase() === 'cross-site') {
      throw new ForbiddenError(
        `refusing a ${c.req.method} sent by another site (${origin ?? 'cross-site'})`,
        {
          hint: 'use this server’s own pages, or send the request without an Origin header (e.g. curl with a token)',
        },
      )
    }
    await next()
  }
}

function hostnameOf(host: string): string | null {
  // Only a plain host[:port]: no user info, path or whitespace smuggled into the header.
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) return null
  try {
    return new URL(`http://${host}`).hostname.toLowerCase()
  } catch {
    return null
  }
}
