import { type Context, Hono } from 'hono'
import { scopeOf } from '../../governance/viewer.ts'
import { ChunkIdParam, Problem, SearchQuery, SimilarQuery, SimilarResponse } from '../../schemas/api.ts'
import type { TokenScope } from '../../schemas/governance.ts'
import { SearchResponse } from '../../schemas/search.ts'
import { search, similarTo } from '../../search/index.ts'
import type { ApiDeps } from '../app.ts'
import { type AppEnv, requireRole } from '../auth.ts'
import { searchTextFor, viewerOf } from '../governance.ts'
import type { RouteDoc } from '../openapi.ts'
import { filterOf, parseParams, parseQuery } from '../validate.ts'

/** OpenAPI description of the search routes. */
export const searchDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/search',
    summary: 'Hybrid (BM25 + vector) search over chunks, with filters',
    role: 'reader',
    query: SearchQuery,
    responses: { 200: { description: 'ranked hits with HTML-escaped highlights', schema: SearchResponse } },
  },
  {
    method: 'get',
    path: '/api/similar/:chunkId',
    summary: 'Chunks most similar to a chunk, at other customers ("seen elsewhere")',
    role: 'reader',
    params: ChunkIdParam,
    query: SimilarQuery,
    responses: {
      200: { description: 'similar chunks, most similar first', schema: SimilarResponse },
      404: { description: 'no such chunk', schema: Problem, contentType: 'application/problem+json' },
    },
  },
]

/** `GET /search` and `GET /similar/:chunkId`, mounted under `/api`. */
export function searchRouter(deps: Pick<ApiDeps, 'db' | 'embedder'>): Hono<AppEnv> {
  const router = new Hono<AppEnv>()
  router.get('/search', requireRole('reader'), async (c) => {
    const q = parseQuery(c, SearchQuery)
    const response = await search(withScope(deps, c), {
      q: await searchTextFor(deps.db, c, q.q),
      filter: filterOf(q),
      k: q.k,
      group: q.group,
      mode: q.mode,
    })
    return c.json(response)
  })
  router.get('/similar/:chunkId', requireRole('reader'), async (c) => {
    const { chunkId } = parseParams(c, ChunkIdParam)
    const { k } = parseQuery(c, SimilarQuery)
    return c.json({ chunkId, hits: await similarTo(withScope(deps, c), { chunkId }, k) })
  })
  return router
}

function withScope<T extends object>(deps: T, c: Context): T & { scope?: TokenScope } {
  const scope = scopeOf(viewerOf(c))
  return scope ? { ...deps, scope } : deps
}
