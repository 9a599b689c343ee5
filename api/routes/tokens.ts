import { Hono } from 'hono'
import { ForbiddenError, NotFoundError } from '../../lib/errors.ts'
import { CreatedToken, CreateTokenBody, IdParam, Problem, TokenList } from '../../schemas/api.ts'
import { createToken, listTokens, revokeToken } from '../../storage/tokens.ts'
import type { ApiDeps } from '../app.ts'
import { type AppEnv, requireRole } from '../auth.ts'
import { limitBody } from '../body-limit.ts'
import type { RouteDoc } from '../openapi.ts'
import { parseJson, parseParams } from '../validate.ts'

/** OpenAPI description of the token routes (admin only). */
export const tokenDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/tokens',
    summary: 'List stored API tokens (never the tokens themselves)',
    role: 'admin',
    responses: { 200: { description: 'stored tokens, active and revoked', schema: TokenList } },
  },
  {
    method: 'post',
    path: '/api/tokens',
    summary: 'Create a token; the response is the only time it is shown (403 while no token exists)',
    role: 'admin',
    body: { 'application/json': CreateTokenBody },
    responses: { 201: { description: 'the new token', schema: CreatedToken } },
  },
  {
    method: 'delete',
    path: '/api/tokens/:id',
    summary: 'Revoke a stored token',
    role: 'admin',
    params: IdParam,
    responses: {
      204: { description: 'revoked (or already revoked)' },
      404: { description: 'no such token', schema: Problem, contentType: 'application/problem+json' },
    },
  },
]

/** `/api/tokens` routes: list, create, revoke. */
export function tokensRouter(deps: Pick<ApiDeps, 'db' | 'config'>): Hono<AppEnv> {
  const router = new Hono<AppEnv>()
  router.use('*', requireRole('admin'))
  router.get('/', async (c) =>
    c.json({ items: await listTokens(deps.db), staticTokens: deps.config.apiTokens.length }),
  )
  router.post('/', limitBody(16 * 1024), async (c) => {
    // While no token exists anyone on this machine (or a web page it visits) is "admin": minting
    // the first token over HTTP would let them lock the owner out. The first one comes from the CLI.
    if (c.get('auth').via === 'open') {
      throw new ForbiddenError('the first API token cannot be created over HTTP', {
        hint: 'run `fieldkb token create --role admin` on the server; later tokens can be created here with an admin token',
      })
    }
    const { customers, others, ...body } = await parseJson(c, CreateTokenBody)
    const scoped = customers !== undefined || (others !== undefined && others !== 'full')
    const scope = scoped
      ? { customers: customers ?? [], others: others ?? ('pseudonymous' as const) }
      : undefined
    return c.json(await createToken(deps.db, { ...body, ...(scope ? { scope } : {}) }), 201)
  })
  router.delete('/:id', async (c) => {
    const { id } = parseParams(c, IdParam)
    if (!(await revokeToken(deps.db, id))) throw new NotFoundError(`token ${id} not found`)
    return c.body(null, 204)
  })
  return router
}
