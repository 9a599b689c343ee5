import { Hono, type MiddlewareHandler } from 'hono'
import { scopeOf } from '../../governance/viewer.ts'
import { lastRun, listEdgeCases } from '../../insights/read.ts'
import { getPatternFull, listPatternRows } from '../../insights/workflow-read.ts'
import { Problem } from '../../schemas/api.ts'
import { EdgeCaseList, EdgeCasesQuery, PatternIdParam, PatternsQuery } from '../../schemas/insights.ts'
import { PatternFull, PatternRowList } from '../../schemas/workflow.ts'
import type { Db } from '../../storage/db.ts'
import { viewerOf } from '../governance.ts'
import type { RouteDoc } from '../openapi.ts'
import { parseParams, parseQuery } from '../validate.ts'
import { csvResponse } from './workflow.ts'

const notFound = { description: 'no such pattern', schema: Problem, contentType: 'application/problem+json' }

/** OpenAPI description of the insights routes (mounted under `/api`). */
export const insightsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/patterns',
    summary: 'Recurring problems across customers, by rank (most customers, then most recent)',
    role: 'reader',
    query: PatternsQuery,
    responses: { 200: { description: 'patterns and the refresh they come from', schema: PatternRowList } },
  },
  {
    method: 'get',
    path: '/api/patterns/:id',
    summary:
      'One pattern with its member chunks and their documents, workflow, audit trail and regressed flag',
    role: 'reader',
    params: PatternIdParam,
    responses: { 200: { description: 'the pattern', schema: PatternFull }, 404: notFound },
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
  /** Base of the pattern links in the CSV (`?format=csv`). */
  publicUrl?: string
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
      const [patterns, run] = await Promise.all([listPatternRows(deps.db, { ...q, scope }), lastRun(deps.db)])
      if (c.req.query('format') === 'csv') return csvResponse(c, patterns, deps.publicUrl)
      return c.json({ patterns, run })
    })
    .get('/patterns/:id', async (c) => {
      const { id } = parseParams(c, PatternIdParam)
      return c.json(await getPatternFull(deps.db, id, scopeOf(viewerOf(c))))
    })
    .get('/edge-cases', async (c) => {
      const q = parseQuery(c, EdgeCasesQuery)
      return c.json({ edgeCases: await listEdgeCases(deps.db, { ...q, scope: scopeOf(viewerOf(c)) }) })
    })
}
