import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { ask } from '../../answer/index.ts'
import { scopeOf } from '../../governance/viewer.ts'
import { Answer, AskQuery } from '../../schemas/answer.ts'
import type { ApiDeps } from '../app.ts'
import { type AppEnv, requireRole } from '../auth.ts'
import { searchTextFor, viewerOf } from '../governance.ts'
import type { RouteDoc } from '../openapi.ts'
import { filterOf, parseQuery } from '../validate.ts'

/** OpenAPI description of the ask route. */
export const askDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/ask',
    summary: 'A cited answer to a question (extractive offline; generated when a chat model is configured)',
    description:
      'Retrieval is `/api/search` with the same filters. The answer says "no strong match" (and which ' +
      'signal decided it) instead of listing weak hits. With `stream=1` the response is server-sent ' +
      'events: `sentence` events as a generated answer streams in, then one `answer` event (the JSON below).',
    role: 'reader',
    query: AskQuery,
    responses: { 200: { description: 'the answer with its citations', schema: Answer } },
  },
]

/** `GET /ask`, mounted under `/api`. */
export function askRouter(deps: Pick<ApiDeps, 'db' | 'embedder' | 'config'>): Hono<AppEnv> {
  const router = new Hono<AppEnv>()
  router.get('/ask', requireRole('reader'), async (c) => {
    const q = parseQuery(c, AskQuery)
    // A scoped viewer's question cannot name other customers to learn their pseudonyms.
    const request = { q: await searchTextFor(deps.db, c, q.q), filter: filterOf(q), mode: q.mode }
    const scope = scopeOf(viewerOf(c))
    const d = { db: deps.db, embedder: deps.embedder, chat: deps.config.chat, ...(scope ? { scope } : {}) }
    if (q.stream !== '1' && q.stream !== 'true') return c.json(await ask(d, request))
    return streamSSE(c, async (stream) => {
      const pending: Promise<void>[] = []
      const answer = await ask(d, request, {
        onSentence: (s) => {
          pending.push(stream.writeSSE({ event: 'sentence', data: JSON.stringify(s) }))
        },
      })
      await Promise.all(pending)
      await stream.writeSSE({ event: 'answer', data: JSON.stringify(answer) })
    })
  })
  return router
}
