import type { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { ask } from '../../answer/index.ts'
import { viewerOf } from '../../api/governance.ts'
import { scopeOf } from '../../governance/viewer.ts'
import { ValidationError } from '../../lib/errors.ts'
import type { SearchResponse } from '../../schemas/search.ts'
import { requireViewer } from '../guard.ts'
import { pageSearch } from '../page-search.ts'
import { checkSearch, readSearchForm, type SearchForm, searchHref } from '../search-params.ts'
import type { WebDeps, WebEnv } from '../types.ts'

/** Path of the same-origin answer stream the search page's script opens. */
export const ANSWER_STREAM_PATH = '/search/answer-stream'

/** URL of the generated-answer stream for a search form (same query and filters as the page). */
export function answerStreamHref(form: SearchForm): string {
  return `${ANSWER_STREAM_PATH}${searchHref(form).slice('/search'.length)}`
}

/**
 * `GET /search/answer-stream`: the generated answer for the page's query and filters as server-sent
 * events (`sentence` events, then one `answer`), authorised by the web session like the page itself.
 * 404 when no chat model is configured, 400 (JSON problems) for a search the page would refuse.
 */
export function answerStreamRoutes(router: Hono<WebEnv>, deps: WebDeps): void {
  router.get(ANSWER_STREAM_PATH, requireViewer('reader'), async (c) => {
    const chat = deps.config.chat
    if (!chat) return c.json({ error: 'no chat model is configured (set FIELDKB_CHAT_MODEL)' }, 404)
    const checked = checkSearch(readSearchForm(c))
    if (!checked.ok) return c.json({ error: 'invalid search', problems: checked.problems }, 400)
    let retrieved: SearchResponse
    try {
      // The page's own search, so the stream cites the same hits the page shows.
      retrieved = await pageSearch(c, deps, checked)
    } catch (error) {
      if (error instanceof ValidationError) return c.json({ error: error.message }, 400)
      throw error
    }
    const scope = scopeOf(viewerOf(c))
    const d = { db: deps.db, embedder: deps.embedder, chat, ...(scope ? { scope } : {}) }
    return streamSSE(c, async (stream) => {
      const pending: Promise<void>[] = []
      const answer = await ask(
        d,
        { q: checked.q, filter: checked.filter },
        {
          retrieved,
          onSentence: (s) => {
            pending.push(stream.writeSSE({ event: 'sentence', data: JSON.stringify(s) }))
          },
        },
      )
      await Promise.all(pending)
      await stream.writeSSE({ event: 'answer', data: JSON.stringify(answer) })
    })
  })
}
