/**
 * The document page's view of a stored document: its stored body cut at the stored section spans,
 * each part with its heading, section kind and the chunks that start in it (for anchors and
 * "seen elsewhere" links). Nothing is rebuilt from chunks.
 */
import type { DocumentSection, SectionKind } from '../schemas/document.ts'
import type { DocumentChunk, DocumentDetail } from '../storage/document-queries.ts'

/** One part of the body: the text before the first heading, or one section's own text. */
export interface DocumentPart {
  /** Null for the text before the first heading, and for the document's own title heading. */
  heading: string | null
  /** HTML heading level for the page (2–6; the page's h1 is the title). */
  level: 2 | 3 | 4 | 5 | 6
  kind: SectionKind | null
  /** The part's source text without its heading line (markdown, or plain text for .txt). */
  text: string
  /** Chunks whose first text lies in this part. */
  chunks: DocumentChunk[]
}

/** The body text of a part, its heading line (ATX, or setext / underlined text) dropped. */
function withoutHeadingLine(text: string): string {
  const lines = text.split('\n')
  lines.shift()
  if (lines[0] !== undefined && /^\s*(=+|-+)\s*$/.test(lines[0])) lines.shift()
  return lines.join('\n').trim()
}

/** Sections whose heading was found in the body, in body order. */
function located(sections: DocumentSection[]): DocumentSection[] {
  return sections.filter((s) => s.start !== null).sort((a, b) => a.start! - b.start!)
}

/**
 * Cut a document's stored body into parts at its section headings (an empty list when no body is
 * stored). A chunk belongs to the first section whose chunk range holds it, else to the first part.
 * @example documentParts(doc).map((p) => `${p.heading ?? '(intro)'}: ${p.kind}`)
 */
export function documentParts(
  doc: Pick<DocumentDetail, 'title' | 'body' | 'sections' | 'chunks'>,
): DocumentPart[] {
  const body = doc.body
  if (body === null) return []
  const sections = located(doc.sections)
  const parts: DocumentPart[] = []
  const intro = body.slice(0, sections[0]?.start ?? body.length).trim()
  if (intro !== '' || sections.length === 0)
    parts.push({ heading: null, level: 2, kind: null, text: intro, chunks: [] })
  sections.forEach((s, i) => {
    const own = body.slice(s.start!, sections[i + 1]?.start ?? body.length)
    const isTitle = s.level === 1 && s.heading === doc.title
    const level = Math.min(6, Math.max(2, s.level)) as DocumentPart['level']
    parts.push({
      heading: isTitle ? null : s.heading,
      level,
      kind: s.kind,
      text: withoutHeadingLine(own),
      chunks: [],
    })
  })
  const offset = parts.length - sections.length
  for (const chunk of doc.chunks) {
    const at = sections.findIndex(
      (s) => s.chunks && s.chunks[0] <= chunk.ordinal && chunk.ordinal <= s.chunks[1],
    )
    parts[at < 0 ? 0 : at + offset]!.chunks.push(chunk)
  }
  return parts
}
