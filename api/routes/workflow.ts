import { type Context, Hono } from 'hono'
import type { Config } from '../../config/load.ts'
import { scopeOf } from '../../governance/viewer.ts'
import { buildBrief, patternsCsv, renderBriefMarkdown } from '../../insights/brief.ts'
import { briefChunks } from '../../insights/brief-load.ts'
import { getPatternFull, listPatternRows } from '../../insights/workflow-read.ts'
import { type Actor, updateWorkflow } from '../../insights/workflow-store.ts'
import { UnprocessableError, ValidationError } from '../../lib/errors.ts'
import { Problem } from '../../schemas/api.ts'
import { PatternIdParam, PatternsQuery } from '../../schemas/insights.ts'
import { Brief, BriefQuery, type PatternRow, PatternWorkflow, WorkflowPatch } from '../../schemas/workflow.ts'
import type { Db } from '../../storage/db.ts'
import { type AppEnv, type AuthInfo, requireRole } from '../auth.ts'
import { viewerOf } from '../governance.ts'
import type { RouteDoc } from '../openapi.ts'
import { parseParams, parseQuery } from '../validate.ts'

const problem = (description: string) => ({
  description,
  schema: Problem,
  contentType: 'application/problem+json',
})

/** OpenAPI description of the workflow and export routes (mounted under `/api`). */
export const workflowDocs: RouteDoc[] = [
  {
    method: 'patch',
    path: '/api/patterns/:id',
    summary: 'Change a pattern’s status, owner, tickets, notes or fix day (recorded in its audit trail)',
    role: 'editor',
    params: PatternIdParam,
    body: { 'application/json': WorkflowPatch },
    responses: {
      200: { description: 'the workflow after the change', schema: PatternWorkflow },
      404: problem('no such pattern'),
      422: problem('an unknown status, a bad ticket URL or another invalid field'),
    },
  },
  {
    method: 'get',
    path: '/api/patterns/:id/brief',
    summary: 'The pattern as a product brief: markdown (default) or JSON',
    role: 'reader',
    params: PatternIdParam,
    query: BriefQuery,
    responses: {
      200: { description: 'the brief', schema: Brief },
      404: problem('no such pattern'),
    },
  },
  {
    method: 'get',
    path: '/api/patterns.csv',
    summary:
      'Every pattern with its workflow as CSV (formula-looking cells defused); also GET /api/patterns?format=csv',
    role: 'reader',
    query: PatternsQuery,
    responses: { 200: { description: 'CSV with a header row', contentType: 'text/csv' } },
  },
]

/**
 * Who an API caller is, for the audit trail: a stored token (named from the store), a static
 * token of a role, a web session, or the open loopback API.
 */
export function actorOf(auth: AuthInfo | undefined): Actor {
  if (!auth) return { name: 'unknown' }
  if (auth.tokenId !== undefined) return { tokenId: auth.tokenId, name: `token #${auth.tokenId}` }
  if (auth.via === 'static') return { name: `static ${auth.role} token` }
  if (auth.via === 'session') return { name: `web session (${auth.role})` }
  return { name: 'open api (no tokens configured)' }
}

/** `rows` as a CSV download (`GET /api/patterns.csv`, `GET /api/patterns?format=csv`). */
export function csvResponse(c: Context, rows: readonly PatternRow[], publicUrl = ''): Response {
  c.header('content-disposition', 'attachment; filename="fieldkb-patterns.csv"')
  return c.body(patternsCsv(rows, publicUrl), 200, { 'content-type': 'text/csv; charset=utf-8' })
}

/**
 * `PATCH /patterns/:id` (editor), `GET /patterns/:id/brief`, `GET /patterns.csv`; mount under `/api`.
 * A body that is not JSON is a 400; a well-formed body with a bad value is a 422.
 * @example app.route('/api', workflowRoutes({ db, config, now }))
 */
export function workflowRoutes(deps: { db: Db; config: Config; now: () => Date }): Hono<AppEnv> {
  const base = deps.config.server.publicUrl
  return new Hono<AppEnv>()
    .get('/patterns.csv', requireRole('reader'), async (c) =>
      csvResponse(
        c,
        await listPatternRows(deps.db, { ...parseQuery(c, PatternsQuery), scope: scopeOf(viewerOf(c)) }),
        base,
      ),
    )
    .patch('/patterns/:id', requireRole('editor'), async (c) => {
      const { id } = parseParams(c, PatternIdParam)
      const raw = await c.req.json().catch(() => {
        throw new ValidationError('the request body is not valid JSON', [], {
          hint: 'send a JSON object such as {"status": "planned"} with Content-Type: application/json',
        })
      })
      const parsed = WorkflowPatch.safeParse(raw)
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }))
        const detail = issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')
        throw new UnprocessableError(`invalid workflow change: ${detail}`, issues)
      }
      const today = deps.now().toISOString().slice(0, 10)
      const { workflow } = await updateWorkflow(deps.db, id, parsed.data, actorOf(c.get('auth')), today)
      return c.json(workflow)
    })
    .get('/patterns/:id/brief', requireRole('reader'), async (c) => {
      const { id } = parseParams(c, PatternIdParam)
      const { format } = parseQuery(c, BriefQuery)
      const scope = scopeOf(viewerOf(c))
      const brief = buildBrief(
        await getPatternFull(deps.db, id, scope),
        await briefChunks(deps.db, id, scope),
        base,
      )
      if (format === 'json') return c.json(brief)
      c.header('content-disposition', `attachment; filename="pattern-${id}.md"`)
      return c.body(renderBriefMarkdown(brief), 200, { 'content-type': 'text/markdown; charset=utf-8' })
    })
}
