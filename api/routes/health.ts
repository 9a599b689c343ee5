import { Hono } from 'hono'
import { ServiceUnavailableError } from '../../lib/errors.ts'
import { Health } from '../../schemas/api.ts'
import { ping } from '../../storage/db.ts'
import type { ApiDeps } from '../app.ts'
import type { AppEnv } from '../auth.ts'
import type { RouteDoc } from '../openapi.ts'

/** OpenAPI description of the health route. */
export const healthDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/healthz',
    summary: 'Liveness and database reachability (no authentication)',
    role: null,
    responses: { 200: { description: 'the server and its database answer', schema: Health } },
  },
]

/** `GET /healthz`: 200 `{status: 'ok'}` when the database answers `SELECT 1`, else a 503 problem. */
export function healthRouter(deps: Pick<ApiDeps, 'db'>): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/healthz', async (c) => {
    try {
      await ping(deps.db)
    } catch (cause) {
      throw new ServiceUnavailableError('the database is not reachable', { cause })
    }
    return c.json({ status: 'ok' as const })
  })
}
