import { Hono } from 'hono'
import { StatsResponse } from '../../schemas/api.ts'
import { failedDocuments, storeStats } from '../../storage/stats.ts'
import type { ApiDeps } from '../app.ts'
import { type AppEnv, requireRole } from '../auth.ts'
import type { RouteDoc } from '../openapi.ts'

/** OpenAPI description of the stats route. */
export const statsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/stats',
    summary: 'What the store holds, and the files whose ingest failed',
    role: 'reader',
    responses: { 200: { description: 'store statistics', schema: StatsResponse } },
  },
]

/** `GET /stats` (mounted under `/api`): the same numbers as `fieldkb status --json`. */
export function statsRouter(deps: Pick<ApiDeps, 'db'>): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/stats', requireRole('reader'), async (c) => {
    const [stats, failedFiles] = await Promise.all([storeStats(deps.db), failedDocuments(deps.db)])
    return c.json({ ...stats, failedFiles })
  })
}
