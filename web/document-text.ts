import type { DocumentChunk } from '../storage/document-queries.ts'
import { markdownToSafeHtml } from './markdown.ts'

/** A heading to show before a chunk, at an HTML level from 2 to 6. */
export interface SectionHeading {
  level: 2 | 3 | 4 | 5 | 6
  text: string
}

/** One chunk as the document page shows it: new headings, then its text as safe HTML. */
export interface RenderedChunk {
  chunk: DocumentChunk
  headings: SectionHeading[]
  /** Sanitised HTML of the chunk's text without the overlap it repeats from the chunk before. */
  html: string
}

// Overlap shorter than this is more likely a coincidence than a repeated sentence.
const MIN_OVERLAP = 20

/**
 * Rebuild a document's text from its stored chunks, in order: the headings of each chunk's path
 * that differ from the previous chunk's are shown once (the document's own title left out), and
 * the prose a chunk repeats from the previous chunk of the same section is cut, so the text reads
 * once. Every chunk's markdown goes through {@link markdownToSafeHtml}.
 */
export function renderChunks(title: string, chunks: DocumentChunk[]): RenderedChunk[] {
  let previous: DocumentChunk | undefined
  return chunks.map((chunk) => {
    const path = chunk.headingPath[0] === title ? chunk.headingPath.slice(1) : chunk.headingPath
    const before = previous
      ? previous.headingPath[0] === title
        ? previous.headingPath.slice(1)
        : previous.headingPath
      : []
    let same = 0
    while (same < path.length && same < before.length && path[same] === before[same]) same++
    const headings = path.slice(same).map((text, i) => ({
      level: Math.min(6, same + i + 2) as SectionHeading['level'],
      text,
    }))
    const sameSection = previous !== undefined && same === path.length && path.length === before.length
    const text = sameSection ? withoutOverlap(previous!.text, chunk.text) : chunk.text
    previous = chunk
    return { chunk, headings, html: markdownToSafeHtml(text) }
  })
}

/**
 * `next` without the leading text it repeats from the end of `prev` (the chunker's overlap), cut
 * at a whitespace boundary. Unchanged when there is no such overlap.
 * @example withoutOverlap('A. B is long enough here.', 'B is long enough here. C.') // → 'C.'
 */
export function withoutOverlap(prev: string, next: string): string {
  const limit = Math.min(prev.length, next.length - 1)
  for (let k = limit; k >= MIN_OVERLAP; k--) {
    if (!/\s/.test(next[k]!)) continue
    if (prev.endsWith(next.slice(0, k))) return next.slice(k).trimStart()
  }
  return next
}
