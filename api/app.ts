import { type Context, Hono } from 'hono'
import type { Config } from '../config/load.ts'
import type { Embedder } from '../embeddings/types.ts'
import type { Db } from '../storage/db.ts'
import { type AppEnv, type AuthOptions, authenticate, requireRole } from './auth.ts'
import { problemErrorHandler, problemNotFound } from './errors.ts'
import { pseudonymiseResponses } from './governance.ts'
import { allowedHosts, hostGuard, originGuard } from './host-guard.ts'
import { buildOpenApi, type RouteDoc } from './openapi.ts'
import { createLimiter, type LimiterOptions, rateLimit } from './rate-limit.ts'
import { alertDocs, alertsRouter } from './routes/alerts.ts'
import { askDocs, askRouter } from './routes/ask.ts'
import { auditDocs, auditRouter } from './routes/audit.ts'
import { digestDocs, digestRoutes } from './routes/digest.ts'
import { documentDocs, documentsRouter } from './routes/documents.ts'
import { healthDocs, healthRouter } from './routes/health.ts'
import { insightsDocs, insightsRoutes } from './routes/insights.ts'
import { searchDocs, searchRouter } from './routes/search.ts'
import { statsDocs, statsRouter } from './routes/stats.ts'
import { tokenDocs, tokensRouter } from './routes/tokens.ts'
import { workflowDocs, workflowRoutes } from './routes/workflow.ts'

/** What a mount hook gets besides the app: the role guard and a way to document its routes. */
export interface MountApi {
  requireRole: typeof requireRole
  /** Add routes to `/api/openapi.json`. */
  document(routes: RouteDoc[]): void
}

/** Everything the HTTP API needs. */
export interface AppDeps {
  db: Db
  embedder: Embedder
  config: Config
  /** Clock (upload dates without a date of their own, rate-limit windows). */
  now?: () => Date
  /** Authentication beyond the configured tokens: force it on, or resolve a web-UI session. */
  auth?: Pick<AuthOptions, 'required' | 'session'>
  /**
   * Limit on `/api/*` per stored token (by id), static token, else client address (which also
   * pays for every failed authentication); `false` turns it off. Default 600 a minute.
   */
  rateLimit?: Omit<LimiterOptions, 'now'> | false
  /**
   * `Host` names to answer to (DNS-rebinding defence), `null` for any. Default: loopback names,
   * the configured host and FIELDKB_PUBLIC_URL's host when the configured host is loopback.
   */
  allowedHosts?: readonly string[] | null
  /** Where unexpected errors are logged (default stderr). */
  log?: (line: string) => void
  /** Called after an upload or delete changed the store (the server refreshes insights). */
  onChange?: () => void
  /**
   * Add more routers (e.g. `/api/patterns`, the web UI at `/`). Runs after the built-in routes;
   * `/api/*` routes get rate limiting and authentication, so guard them with `api.requireRole`.
   * @example mount: (app, api) => { app.route('/api/patterns', patterns); api.document(patternDocs) }
   */
  mount?: (app: Hono<AppEnv>, api: MountApi) => void
}

/** The dependencies routers receive, with defaults filled in. */
export type ApiDeps = AppDeps & { now: () => Date }

const DEFAULT_RATE_LIMIT = { windowMs: 60_000, max: 600 }

/**
 * The fieldkb HTTP API as a Hono app: `/healthz` plus the `/api` routes, bearer-token auth with
 * roles, Host and Origin checks, rate limiting by principal, and RFC 9457 problem responses for every error.
 * @example const app = createApp({ db, embedder, config }); await app.request('/api/search?q=timeout')
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const d: ApiDeps = { ...deps, now: deps.now ?? (() => new Date()) }
  const app = new Hono<AppEnv>()
  app.onError(problemErrorHandler(deps.log))
  app.notFound(problemNotFound)
  const { host, publicUrl } = d.config.server
  const hosts = deps.allowedHosts === undefined ? allowedHosts(host, publicUrl) : deps.allowedHosts
  // Before every route, the web UI's included: the cookie session is ambient authority too.
  if (hosts) app.use('*', hostGuard(hosts))
  app.use('*', originGuard(publicUrl))
  // Governance: every response a scoped viewer gets, mounted routes and web pages included.
  app.use('*', pseudonymiseResponses(d.db))
  app.route('/', healthRouter(d))

  const limit =
    deps.rateLimit === false
      ? undefined
      : rateLimit({
          limiter: createLimiter({ ...DEFAULT_RATE_LIMIT, ...deps.rateLimit, now: () => d.now().getTime() }),
          trustedProxies: d.config.server.trustedProxies,
        })
  const authOptions = { db: d.db, staticTokens: d.config.apiTokens, ...deps.auth }
  if (limit) {
    // A rejected credential counts against the address, so random bearer values get no fresh budget.
    const onRejected = (c: Context) => limit(c, async () => {}) as Promise<void>
    app.use('/api/*', authenticate({ ...authOptions, onRejected }), limit)
  } else {
    app.use('/api/*', authenticate(authOptions))
  }

  const docs: RouteDoc[] = [
    ...healthDocs,
    ...searchDocs,
    ...documentDocs,
    ...statsDocs,
    ...tokenDocs,
    ...insightsDocs,
    ...digestDocs,
    ...alertDocs,
    ...workflowDocs,
    ...askDocs,
    ...auditDocs,
  ]
  app.route('/api', searchRouter(d))
  app.route('/api', statsRouter(d))
  app.route('/api/documents', documentsRouter(d))
  app.route('/api/tokens', tokensRouter(d))
  app.route('/api', workflowRoutes({ db: d.db, config: d.config, now: d.now }))
  app.route(
    '/api',
    insightsRoutes({ db: d.db, publicUrl: d.config.server.publicUrl, guard: requireRole('reader') }),
  )
  app.route('/api', digestRoutes({ db: d.db, config: d.config, now: d.now }))
  app.route('/api/alerts', alertsRouter(d))
  app.route('/api', askRouter(d))
  app.route('/api', auditRouter({ db: d.db }))
  let openapi: Record<string, unknown> | undefined
  app.get('/api/openapi.json', requireRole('reader'), (c) => {
    openapi ??= buildOpenApi(docs, {
      title: 'fieldkb API',
      version: '0.1.0',
      serverUrl: d.config.server.publicUrl,
    })
    return c.json(openapi)
  })
  docs.push({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    role: 'reader',
    responses: { 200: { description: 'the OpenAPI document' } },
  })

  deps.mount?.(app, { requireRole, document: (routes) => docs.push(...routes) })
  return app
}
