import { Hono, type MiddlewareHandler } from 'hono'
import { scopeOf } from '../../governance/viewer.ts'
import { getPattern, lastRun, listEdgeCases, listPatterns } from '../../insights/read.ts'
import { Problem } from '../../schemas/api.ts'
import {
  EdgeCaseList,
  EdgeCasesQuery,
  PatternDetail,
  PatternIdParam,
  PatternList,
  PatternsQuery,
} from '../../schemas/insights.ts'
import type { Db } from '../../storage/db.ts'
import { viewerOf } from '../governance.ts'
import type { RouteDoc } from '../openapi.ts'
import { parseParams, parseQuery } from '../validate.ts'

const notFound = { description: 'no such pattern', schema: Problem, contentType: 'application/problem+json' }

/** OpenAPI description of the insights routes (mounted under `/api`). */
export const insightsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/patterns',
    summary: 'Recurring problems across customers, by rank (most customers, then most recent)',
    role: 'reader',
    query: PatternsQuery,
    responses: { 200: { description: 'patterns and the refresh they come from', schema: PatternList } },
  },
  {
    method: 'get',
    path: '/api/patterns/:id',
    summary: 'One pattern with its member chunks and their documents',
    role: 'reader',
    params: PatternIdParam,
    responses: { 200: { description: 'the pattern', schema: PatternDetail }, 404: notFound },
  },
  {
    method: 'get',
    path: '/api/edge-cases',
    summary: 'One-off problems that fit no pattern, per customer',
    role: 'reader',
    query: EdgeCasesQuery,
    responses: { 200: { description: 'edge cases by customer, then date', schema: EdgeCaseList } },
  },
]

/** What the insights router needs. */
export interface InsightsRouteDeps {
  db: Db
  /** Runs before every route, e.g. `requireRole('reader')`; the app's own auth applies as well. */
  guard?: MiddlewareHandler
}

/**
 * `GET /patterns`, `GET /patterns/:id`, `GET /edge-cases` over the stored insights. Invalid input
 * throws `ValidationError` and an unknown id `NotFoundError`; the app's error handler answers.
 * @example app.route('/api', insightsRoutes({ db, guard: requireRole('reader') }))
 */
export function insightsRoutes(deps: InsightsRouteDeps): Hono {
  const app = new Hono()
  if (deps.guard) app.use('*', deps.guard)
  return app
    .get('/patterns', async (c) => {
      const q = parseQuery(c, PatternsQuery)
      const scope = scopeOf(viewerOf(c))
      const [patterns, run] = await Promise.all([listPatterns(deps.db, { ...q, scope }), lastRun(deps.db)])
      return c.json({ patterns, run })
    })
    .get('/patterns/:id', async (c) => {
      const { id } = parseParams(c, PatternIdParam)
      return c.json(await getPattern(deps.db, id, scopeOf(viewerOf(c))))
    })
    .get('/edge-cases', async (c) => {
      const q = parseQuery(c, EdgeCasesQuery)
      return c.json({ edgeCases: await listEdgeCases(deps.db, { ...q, scope: scopeOf(viewerOf(c)) }) })
    })
}
