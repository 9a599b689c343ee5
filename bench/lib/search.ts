import { access } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { SearchRequestInput, SearchResponse } from '../../schemas/search.ts'
import type { SearchDeps } from '../../search/types.ts'
import { repoRoot } from './paths.ts'

/** fieldkb's search entry point. */
export type SearchFn = (deps: SearchDeps, request: SearchRequestInput) => Promise<SearchResponse>

/**
 * Load `search()` from `search/index.ts`, or explain why it is unavailable. Imported lazily so the
 * benchmarks' other parts build and test before the search module exists.
 */
export async function loadSearch(): Promise<SearchFn> {
  const file = path.join(repoRoot, 'search', 'index.ts')
  const exists = await access(file).then(
    () => true,
    () => false,
  )
  if (!exists) throw new Error(`search/index.ts does not exist yet; cannot run queries`)
  const mod = (await import(pathToFileURL(file).href)) as { search?: SearchFn }
  if (typeof mod.search !== 'function') throw new Error('search/index.ts does not export search()')
  return mod.search
}

/** The source path a corpus document is ingested under: `<id>.md` (the id URI-encoded). */
export function sourcePathForDocId(id: string): string {
  return `${encodeURIComponent(id)}.md`
}

/** The corpus id a hit's `document.sourcePath` maps back to (inverse of {@link sourcePathForDocId}). */
export function docIdFromSourcePath(sourcePath: string): string {
  return decodeURIComponent(sourcePath.replace(/\.md$/, ''))
}
