/** The search behind the web search page and its answer stream: one definition for both. */
import type { Context } from 'hono'
import { searchTextFor, viewerOf } from '../api/governance.ts'
import { scopeOf } from '../governance/viewer.ts'
import type { SearchFilter, SearchResponse } from '../schemas/search.ts'
import { search } from '../search/index.ts'
import type { WebDeps } from './types.ts'

// Chunks fetched per search; results show at most SNIPPETS of them per document.
const CHUNKS = 50

/**
 * The page's search for the request's viewer: under its token scope, and with other customers'
 * real names in the query made to match nothing (a scoped viewer cannot decode pseudonyms).
 */
export async function pageSearch(
  c: Context,
  deps: WebDeps,
  checked: { q: string; filter: SearchFilter },
): Promise<SearchResponse> {
  const scope = scopeOf(viewerOf(c))
  return search(scope ? { ...deps, scope } : deps, {
    q: await searchTextFor(deps.db, c, checked.q),
    filter: checked.filter,
    k: CHUNKS,
    group: 'chunk',
  })
}
