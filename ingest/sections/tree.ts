/**
 * The document as stored once at ingest: its redacted body (as parsed: markdown for markdown, the
 * text for .txt, markdown rendered from the page tree for HTML) and its section tree — every
 * heading with its level, parent, kind, character span in that body and the chunks holding its text.
 */
import type { Heading, RootContent } from 'mdast'
import { toString as mdastText } from 'mdast-util-to-string'
import type { Chunk, DocumentSection } from '../../schemas/document.ts'
import type { ParseResult } from '../parse.ts'
import { renderBlock, renderBlocks } from '../text.ts'
import { analyseSection } from './classify.ts'

/** Body and section tree of a parsed, chunked document. */
export interface DocumentOutline {
  body: string
  sections: DocumentSection[]
}

type Draft = {
  node: Heading
  text: string
  path: string[]
  level: number
  parent: number | null
  own: RootContent[]
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim()

/** The body to store: HTML pages become markdown so headings, lists and tables survive on display. */
export function storedBody(doc: ParseResult): string {
  return doc.format === 'html' ? renderBlocks(doc.tree.children, '\n\n') : doc.body
}

/** Top-level headings as a tree (the chunker's rule: the parent is the last shallower heading). */
function drafts(doc: ParseResult): Draft[] {
  const out: Draft[] = []
  for (const node of doc.tree.children) {
    const text = node.type === 'heading' ? clean(mdastText(node)) : ''
    if (node.type === 'heading' && text !== '') {
      let parent: number | null = out.length - 1
      while (parent !== null && parent >= 0 && out[parent]!.level >= node.depth) parent = out[parent]!.parent
      const p = parent !== null && parent >= 0 ? parent : null
      const path = [...(p === null ? [] : out[p]!.path), text]
      out.push({ node, text, path, level: node.depth, parent: p, own: [] })
    } else if (out.length > 0) out.at(-1)!.own.push(node)
  }
  return out
}

/**
 * Offset of each heading in `body`: from the markdown positions when they line up with the body
 * (the body is the source after the frontmatter), else by finding the heading line in order.
 */
function headingOffsets(doc: ParseResult, body: string, list: Draft[]): (number | null)[] {
  const first = doc.tree.children[0]?.position?.start.offset
  const shift =
    doc.format === 'markdown' && first !== undefined ? first - /^[ \t]*/.exec(body)![0].length : null
  let cursor = 0
  return list.map((d) => {
    const at = d.node.position?.start.offset
    if (shift !== null && at !== undefined && at - shift >= cursor) {
      const offset = at - shift
      const word = d.text.split(' ')[0]!
      if (body[offset] === '#' || body.slice(offset, offset + 200).includes(word)) {
        cursor = offset
        return offset
      }
    }
    const line = doc.format === 'text' ? d.text : renderBlock(d.node)
    const found = body.indexOf(line, cursor)
    if (found < 0) return null
    cursor = body.lastIndexOf('\n', found) + 1
    return cursor
  })
}

/** `[first, last]` ordinals of the chunks holding a section's own text (its heading path, or its heading line). */
function chunkRange(d: Draft, chunks: readonly Chunk[]): [number, number] | null {
  const line = `${'#'.repeat(d.level)} ${d.text}`
  const same = (p: readonly string[]) => p.length === d.path.length && p.every((h, i) => h === d.path[i])
  const prefix = (p: readonly string[]) => p.length < d.path.length && p.every((h, i) => h === d.path[i])
  const hits = chunks
    .filter((c) => same(c.headingPath) || (prefix(c.headingPath) && c.text.split('\n').includes(line)))
    .map((c) => c.ordinal)
  return hits.length === 0 ? null : [Math.min(...hits), Math.max(...hits)]
}

/**
 * The stored body and section tree of a document, each section classified once from its heading
 * path and its own text (subsections excluded).
 * @example documentOutline(parsed, chunks).sections.map((s) => `${s.heading}: ${s.kind}`)
 */
export function documentOutline(doc: ParseResult, chunks: readonly Chunk[]): DocumentOutline {
  const body = storedBody(doc)
  const list = drafts(doc)
  const offsets = headingOffsets(doc, body, list)
  const sections = list.map((d, i): DocumentSection => {
    const start = offsets[i] ?? null
    let end: number | null = null
    if (start !== null) {
      const next = list.findIndex((n, j) => j > i && n.level <= d.level && offsets[j] !== null)
      end = next < 0 ? body.length : offsets[next]!
    }
    const own = renderBlocks(d.own as never[], '\n\n')
    const kind = analyseSection(d.path, own, { title: doc.title, type: doc.type }).kind
    return {
      heading: d.text,
      level: d.level,
      parent: d.parent,
      kind,
      start,
      end,
      chunks: chunkRange(d, chunks),
    }
  })
  return { body, sections }
}
