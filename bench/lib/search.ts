import type { search } from '../../search/index.ts'

/** fieldkb's search entry point, as the benchmarks call it. */
export type SearchFn = typeof search

/** The source path a corpus document is ingested under: `<id>.md` (the id URI-encoded). */
export function sourcePathForDocId(id: string): string {
  return `${encodeURIComponent(id)}.md`
}

/** The corpus id a hit's `document.sourcePath` maps back to (inverse of {@link sourcePathForDocId}). */
export function docIdFromSourcePath(sourcePath: string): string {
  return decodeURIComponent(sourcePath.replace(/\.md$/, ''))
}
