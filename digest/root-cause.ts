/**
 * Extractive one-liners from an incident's stored — already redacted — chunks, by the section kind
 * the ingest classifier gave each chunk (no heading lists here): the root cause is the lead
 * sentence of the first chunk of kind `root-cause`; "what fixed it" that of the first `fix` chunk,
 * else the first `workaround` chunk.
 */
import type { ChunkText } from '../schemas/digest.ts'
import type { SectionKind } from '../schemas/document.ts'

const MAX_CHARS = 240
// Like the chunker: a sentence ends at . ! ? (maybe closed by a quote/bracket) before a capital or digit.
const SENTENCE_END = /(?<=[.!?]["')\]]?)\s+(?=["'(`[]?[\p{Lu}\d])/u
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/
const HEADING_LINE = /^(#{1,6})\s+(.+?)\s*#*\s*$/

/** Blocks separated by blank lines; a fenced code block stays one block. */
function blocks(lines: string[]): string[] {
  const out: string[] = []
  let current: string[] = []
  let fenced = false
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced
    if (!fenced && line.trim() === '') {
      if (current.length > 0) out.push(current.join('\n'))
      current = []
    } else current.push(line)
  }
  if (current.length > 0) out.push(current.join('\n'))
  return out
}

function plain(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * The first sentence of `text` (markdown emphasis, links and backticks removed), at most 240 chars.
 * @example firstSentence('The **proxy** re-signed TLS. Then it broke.') // → 'The proxy re-signed TLS.'
 */
export function firstSentence(text: string): string {
  const sentence = plain(text).split(SENTENCE_END)[0] ?? ''
  if (sentence.length <= MAX_CHARS) return sentence
  const cut = sentence.slice(0, MAX_CHARS - 1)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_CHARS / 2)).replace(/[\s,;:]+$/, '')}…`
}

const isCode = (b: string) => /^\s*(```|~~~)/.test(b)
const isTable = (b: string) => b.split('\n').every((l) => l.trim().startsWith('|'))
const firstItem = (b: string) => b.split('\n')[0]!.replace(LIST_ITEM, '')

/**
 * The lead sentence of a section body: prose, or the first list item. A "…:" lead-in takes the
 * first item of the list it introduces, or the next prose when it introduces a table or code.
 */
function leadSentence(body: string[]): string | null {
  const start = body.findIndex((b) => !isCode(b) && !isTable(b) && plain(b) !== '')
  const first = body[start]
  if (first === undefined) return null
  if (LIST_ITEM.test(first)) return firstSentence(firstItem(first))
  const sentence = firstSentence(first)
  const next = body[start + 1]
  if (!sentence.endsWith(':') || next === undefined) return sentence
  if (LIST_ITEM.test(next)) return `${sentence} ${firstSentence(firstItem(next))}`
  const after = body
    .slice(start + 1)
    .find((b) => !isCode(b) && !isTable(b) && !LIST_ITEM.test(b) && plain(b) !== '')
  return after ? firstSentence(after) : sentence
}

/**
 * The one-line root cause of an incident from its chunks in order, or null when none is of kind
 * `root-cause` (or none of those has a sentence).
 * @example rootCause([{ headingPath: ['Proxy broke TLS', 'Why'], text: 'SSL inspection. More.', sectionKind: 'root-cause' }])
 * // → 'SSL inspection.'
 */
export function rootCause(chunks: readonly ChunkText[]): string | null {
  return leadOf(chunks, ['root-cause'])
}

/**
 * "What fixed it": the lead sentence of a document's first `fix` chunk, else `workaround` chunk.
 * @example fixLine([{ headingPath: ['Pool ran dry', 'Fix'], text: 'PgBouncer in front. More.', sectionKind: 'fix' }])
 * // → 'PgBouncer in front.'
 */
export function fixLine(chunks: readonly ChunkText[]): string | null {
  return leadOf(chunks, ['fix']) ?? leadOf(chunks, ['workaround'])
}

function leadOf(chunks: readonly ChunkText[], kinds: readonly SectionKind[]): string | null {
  // A chunk whose section is titled as one of `kinds` beats one that only reads like it (e.g. an
  // investigation paragraph quoting the config that caused it).
  const ordered = [
    ...chunks.filter((c) => c.headingKind && kinds.includes(c.headingKind)),
    ...chunks.filter((c) => !(c.headingKind && kinds.includes(c.headingKind))),
  ]
  for (const c of ordered) {
    if (!kinds.includes(c.sectionKind) && !(c.headingKind && kinds.includes(c.headingKind))) continue
    // Headings merged into the chunk text are not sentences of the section.
    const lines = c.text.split('\n').filter((l) => !HEADING_LINE.test(l))
    const found = leadSentence(blocks(lines))
    if (found) return found
  }
  return null
}
