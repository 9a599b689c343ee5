import type { BeirDoc } from '../beir.ts'
import type { BenchSource } from './ingest.ts'
import { sourcePathForDocId } from './search.ts'

/**
 * A BEIR document as the markdown file a user would write: YAML frontmatter whose `title` is the
 * document title (plus a fixed customer, type and date so the parser has nothing to guess), then
 * the text as the body.
 * @example beirMarkdown({ id: '1', title: 'A "quoted" title', text: 'Body.' }, 'scifact')
 */
export function beirMarkdown(doc: BeirDoc, dataset: string): string {
  // A JSON string is a valid YAML double-quoted scalar: every character is escaped correctly.
  const title = doc.title.trim() === '' ? [] : [`title: ${JSON.stringify(doc.title.trim())}`]
  const front = [...title, `customer: ${JSON.stringify(dataset)}`, 'type: field-report', 'date: 2020-01-01']
  return `---\n${front.join('\n')}\n---\n\n${doc.text}\n`
}

/** The sourceKey prefix of a dataset's documents (for listing what a reused store holds). */
export function beirKeyPrefix(dataset: string): string {
  return `beir:${dataset}/`
}

/** A BEIR document as a source for the normal ingest pipeline, at sourcePath `<id>.md`. */
export function beirSource(doc: BeirDoc, dataset: string): BenchSource {
  const path = sourcePathForDocId(doc.id)
  return { key: `${beirKeyPrefix(dataset)}${path}`, path, text: beirMarkdown(doc, dataset) }
}
