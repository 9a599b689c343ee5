/**
 * Extractive one-line root causes: the first sentence under a "Root cause" (else "Cause", else
 * "What happened") heading of an incident, read from its stored — already redacted — chunks.
 */

/** A stored chunk, as the extractor needs it. */
export interface ChunkText {
  headingPath: string[]
  text: string
}

/** Heading patterns, most specific first; `\b` keeps "because" from matching "cause". */
const HEADINGS = [/\broot[\s-]*causes?\b/i, /\bcauses?\b/i, /\bwhat happened\b/i]
/** Headings of a fix section, most specific first. */
const FIX_HEADINGS = [
  /\b(?:fix|fixes|fixed|resolution|resolved)\b/i,
  /\b(?:mitigation|remediation|workaround)s?\b/i,
]
const MAX_CHARS = 240
// Like the chunker: a sentence ends at . ! ? (maybe closed by a quote/bracket) before a capital or digit.
const SENTENCE_END = /(?<=[.!?]["')\]]?)\s+(?=["'(`[]?[\p{Lu}\d])/u
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/
const HEADING_LINE = /^(#{1,6})\s+(.+?)\s*#*\s*$/

type Section = { depth: number; heading: string; lines: string[] }

/** Rebuild one markdown outline from chunks: path headings where the path changes, then the text. */
function sections(chunks: readonly ChunkText[]): Section[] {
  const out: Section[] = [{ depth: 0, heading: '', lines: [] }]
  let previous: string[] = []
  for (const chunk of chunks) {
    let shared = 0
    while (shared < previous.length && previous[shared] === chunk.headingPath[shared]) shared++
    chunk.headingPath.slice(shared).forEach((heading, i) => {
      out.push({ depth: shared + i + 1, heading, lines: [] })
    })
    previous = chunk.headingPath
    let fenced = false
    for (const line of chunk.text.split('\n')) {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced
      const h = fenced ? null : HEADING_LINE.exec(line)
      if (h) out.push({ depth: h[1]!.length, heading: h[2]!, lines: [] })
      else out.at(-1)!.lines.push(line)
    }
    out.at(-1)!.lines.push('')
  }
  return out
}

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
 * The one-line root cause of an incident from its chunks in order, or null when no section fits.
 * Headings equal to the document title are ignored (the h1 says nothing about the cause).
 * @example rootCause('Proxy broke TLS', [{ headingPath: ['Proxy broke TLS', 'Root cause'], text: 'SSL inspection. More.' }])
 * // → 'SSL inspection.'
 */
export function rootCause(title: string, chunks: readonly ChunkText[]): string | null {
  return leadUnder(title, chunks, HEADINGS)
}

/**
 * "What fixed it": the lead sentence of a document's fix (else mitigation/workaround) section.
 * @example fixLine('Pool ran dry', [{ headingPath: ['Pool ran dry', 'Fix'], text: 'PgBouncer in front. More.' }])
 * // → 'PgBouncer in front.'
 */
export function fixLine(title: string, chunks: readonly ChunkText[]): string | null {
  return leadUnder(title, chunks, FIX_HEADINGS)
}

function leadUnder(title: string, chunks: readonly ChunkText[], headings: readonly RegExp[]): string | null {
  const all = sections(chunks)
  for (const pattern of headings) {
    const start = all.findIndex(
      (s) => s.depth > 0 && s.heading.trim() !== title.trim() && pattern.test(s.heading),
    )
    if (start < 0) continue
    const depth = all[start]!.depth
    const lines: string[] = []
    for (let i = start; i < all.length && (i === start || all[i]!.depth > depth); i++) {
      lines.push(...all[i]!.lines, '')
    }
    const found = leadSentence(blocks(lines))
    if (found) return found
  }
  return null
}
