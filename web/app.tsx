import { type Context, type ErrorHandler, Hono } from 'hono'
import { clientAddress, createLimiter, type LimiterOptions, rateLimit } from '../api/rate-limit.ts'
import type { Config } from '../config/load.ts'
import type { Embedder } from '../embeddings/types.ts'
import { AppError, RetryLaterError } from '../lib/errors.ts'
import type { Db } from '../storage/db.ts'
import { assetRoutes } from './assets.ts'
import { resolveViewer, securityHeaders } from './guard.ts'
import { ErrorPage } from './layout.tsx'
import { answerStreamRoutes } from './pages/answer-stream.ts'
import { digestRoutes } from './pages/digest.tsx'
import { documentRoutes } from './pages/document.tsx'
import { ingestRoutes } from './pages/ingest.tsx'
import { loginRoutes } from './pages/login.tsx'
import { patternRoutes } from './pages/patterns.tsx'
import { searchRoutes } from './pages/search.tsx'
import { similarRoutes } from './pages/similar.tsx'
import { createSessions, type Sessions } from './session.ts'
import type { WebDeps, WebEnv } from './types.ts'

// Everything the lead wires (routes, session store, API session hook) comes from this one module.
export { createSessions, type Sessions, webSession } from './session.ts'

/** Options of {@link webRoutes}. */
export interface WebOptions {
  db: Db
  embedder: Embedder
  config: Config
  now?: () => Date
  /** Share with {@link webSession} so API reads accept the UI's cookie; a private store otherwise. */
  sessions?: Sessions
  /** Ask for a token even when none exists (pass `!isLoopback(host)`, as the API does). */
  required?: boolean
  /** Where unexpected errors are logged (default stderr). */
  log?: (line: string) => void
  /** Called after an upload changed the store (the server refreshes insights). */
  onChange?: () => void
  /** Page requests per logged-in token (by id), else per client address; `false`: off. Default 600 a minute. */
  rateLimit?: Omit<LimiterOptions, 'now'> | false
}

// Every UI path, so the middleware below never runs for `/api/*` or `/healthz` (the router is
// mounted at `/` next to them, where a `*` pattern would catch those too). `/x/*` also matches
// `/x`, so listing both would run the middleware (and count the rate limit) twice.
const PAGES = [
  '/',
  '/search',
  '/search/answer-stream',
  '/similar/*',
  '/documents/*',
  '/patterns/*',
  '/edge-cases',
  '/digest/*',
  '/ingest',
  '/login',
  '/logout',
]

/**
 * The server-rendered web UI (search, documents, patterns, digest, ingest, login), to mount at `/`
 * on the API app. Works without JavaScript; asks for a token at `/login` when tokens exist.
 * @example createApp({ ...deps, mount: (app) => app.route('/', webRoutes(deps)) })
 */
export function webRoutes(options: WebOptions): Hono<WebEnv> {
  const deps: WebDeps = {
    ...options,
    now: options.now ?? (() => new Date()),
    sessions: options.sessions ?? createSessions(),
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
  }
  const router = new Hono<WebEnv>()
  router.onError(errorPage(deps))
  router.use('/assets/*', securityHeaders())
  assetRoutes(router)
  const limit =
    options.rateLimit === false
      ? []
      : [
          rateLimit({
            limiter: createLimiter({
              windowMs: 60_000,
              max: 600,
              ...options.rateLimit,
              now: () => deps.now().getTime(),
            }),
            key: (c) => viewerKey(c, deps.config.server.trustedProxies),
          }),
        ]
  for (const path of PAGES) router.use(path, securityHeaders(), resolveViewer(deps), ...limit)
  searchRoutes(router, deps)
  answerStreamRoutes(router, deps)
  similarRoutes(router, deps)
  documentRoutes(router, deps)
  patternRoutes(router, deps)
  digestRoutes(router, deps)
  ingestRoutes(router, deps)
  loginRoutes(router, deps)
  return router
}

// A session logged in with a stored token counts against that token, like its API requests.
function viewerKey(c: Context<WebEnv>, trustedProxies: readonly string[]): string {
  const tokenId = c.get('viewer').session?.tokenId
  return tokenId === undefined ? `ip:${clientAddress(c, trustedProxies)}` : `token:${tokenId}`
}

function errorPage(deps: WebDeps): ErrorHandler<WebEnv> {
  return (error, c) => {
    const known = error instanceof AppError && error.status < 500
    if (!known) deps.log(`web ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`)
    if (error instanceof RetryLaterError) c.header('retry-after', String(error.retryAfterSeconds))
    const status = (error instanceof AppError ? error.status : 500) as 400
    const page = known ? (
      <ErrorPage
        status={status}
        message={error.message}
        viewer={c.get('viewer')}
        {...(error.hint ? { hint: error.hint } : {})}
      />
    ) : (
      <ErrorPage
        status={500}
        message="The page could not be built. The error has been logged."
        viewer={c.get('viewer')}
      />
    )
    return c.html(page, status)
  }
}
