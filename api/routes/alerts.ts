import { Hono } from 'hono'
import { NotFoundError } from '../../lib/errors.ts'
import { Alert, AlertList, CreateAlertBody, CreatedAlert } from '../../schemas/alerts.ts'
import { IdParam, Problem } from '../../schemas/api.ts'
import { createAlert, getAlert, listAlerts, removeAlert } from '../../storage/alerts.ts'
import type { ApiDeps } from '../app.ts'
import { type AppEnv, requireRole } from '../auth.ts'
import { limitBody } from '../body-limit.ts'
import type { RouteDoc } from '../openapi.ts'
import { parseJson, parseParams } from '../validate.ts'

const notFound = { description: 'no such alert', schema: Problem, contentType: 'application/problem+json' }

/** OpenAPI description of the alert routes (editor role). */
export const alertDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/alerts',
    summary: 'List saved searches and pattern subscriptions, with sent and failed notification counts',
    role: 'editor',
    responses: { 200: { description: 'every alert (without webhook secrets)', schema: AlertList } },
  },
  {
    method: 'post',
    path: '/api/alerts',
    summary: 'Create an alert; the response is the only time its webhook signing secret is shown',
    description:
      'kind `search` needs `query` (and optional `filter`), `pattern` needs `patternId`, `customers` needs ' +
      '`minCustomers`; at least one of `email` and `webhookUrl`. Webhooks carry ' +
      '`X-Fieldkb-Signature: sha256=<HMAC-SHA256 of the body>` and `X-Fieldkb-Timestamp`.',
    role: 'editor',
    body: { 'application/json': CreateAlertBody },
    responses: { 201: { description: 'the new alert with its secret', schema: CreatedAlert } },
  },
  {
    method: 'get',
    path: '/api/alerts/:id',
    summary: 'One alert',
    role: 'editor',
    params: IdParam,
    responses: { 200: { description: 'the alert', schema: Alert }, 404: notFound },
  },
  {
    method: 'delete',
    path: '/api/alerts/:id',
    summary: 'Delete an alert and its delivery records',
    role: 'editor',
    params: IdParam,
    responses: { 204: { description: 'deleted' }, 404: notFound },
  },
]

/** `/api/alerts` routes: list, create, read, delete (editor role). */
export function alertsRouter(deps: Pick<ApiDeps, 'db'>): Hono<AppEnv> {
  const router = new Hono<AppEnv>()
  router.use('*', requireRole('editor'))
  router.get('/', async (c) => c.json({ items: await listAlerts(deps.db) }))
  router.post('/', limitBody(16 * 1024), async (c) => {
    const body = await parseJson(c, CreateAlertBody)
    return c.json(await createAlert(deps.db, body), 201)
  })
  router.get('/:id', async (c) => {
    const { id } = parseParams(c, IdParam)
    const alert = await getAlert(deps.db, id)
    if (!alert) throw new NotFoundError(`alert ${id} not found`)
    return c.json(alert)
  })
  router.delete('/:id', async (c) => {
    const { id } = parseParams(c, IdParam)
    if (!(await removeAlert(deps.db, id))) throw new NotFoundError(`alert ${id} not found`)
    return c.body(null, 204)
  })
  return router
}
