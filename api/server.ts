import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { AppError, ValidationError } from '../lib/errors.ts'
import { type AppDeps, createApp } from './app.ts'
import { tokensConfigured } from './auth.ts'
import { allowedHosts, isLoopback } from './host-guard.ts'

/** A listening server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string
  port: number
  /** Whether requests need a bearer token (false only on loopback with no token anywhere). */
  authRequired: boolean
  /** Stop accepting connections, drop idle keep-alive ones and wait for the rest to end. */
  close(): Promise<void>
}

// Kept here too: the CLI and tests ask the server module whether a bind is loopback.
export { isLoopback }

/**
 * Refuse to expose an unauthenticated API: binding beyond loopback needs at least one token.
 * Throws `ValidationError` (CLI exit code 2) saying what to do.
 */
export function assertSafeBind(host: string, hasTokens: boolean): void {
  if (hasTokens || isLoopback(host)) return
  throw new ValidationError(
    `refusing to listen on ${host}: no API tokens exist, so anyone who can reach ${host} could read, upload and delete documents`,
    [{ path: ['host'], message: 'a non-loopback address requires API tokens' }],
    {
      hint: 'create a token first (`fieldkb token create --role admin`) or set FIELDKB_API_TOKENS=role:token, or listen on 127.0.0.1',
    },
  )
}

/**
 * Start the API on `host:port` (port 0 picks a free one) and resolve once it listens. Beyond
 * loopback it refuses to start without tokens, and requires a token on every `/api` request even
 * if all tokens are later revoked. On loopback it answers only to loopback `Host` names (and
 * FIELDKB_PUBLIC_URL's host).
 * @example const server = await startServer({ db, embedder, config }, { host: '127.0.0.1', port: 0 })
 */
export async function startServer(
  deps: AppDeps,
  options: { host: string; port: number },
): Promise<RunningServer> {
  const loopback = isLoopback(options.host)
  const hasTokens = await tokensConfigured(deps.db, deps.config.apiTokens)
  assertSafeBind(options.host, hasTokens)
  const authRequired = !loopback || hasTokens
  const app = createApp({
    ...deps,
    auth: { ...deps.auth, required: deps.auth?.required || !loopback },
    // The address actually bound (e.g. --host), not only the configured one.
    allowedHosts:
      deps.allowedHosts === undefined
        ? allowedHosts(options.host, deps.config.server.publicUrl)
        : deps.allowedHosts,
  })
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, (info: AddressInfo) =>
        resolve({ server: s, port: info.port }),
      )
      s.once('error', (cause: NodeJS.ErrnoException) =>
        reject(
          new AppError(`cannot listen on ${options.host}:${options.port}: ${cause.code ?? cause.message}`, {
            cause,
            hint: cause.code === 'EADDRINUSE' ? 'pick another port with --port or FIELDKB_PORT' : undefined,
          }),
        ),
      )
    },
  )
  const host =
    options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host
  return {
    url: `http://${host}:${port}`,
    port,
    authRequired,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        if ('closeIdleConnections' in server) server.closeIdleConnections()
      }),
  }
}
