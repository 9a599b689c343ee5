/**
 * Heading-aware chunking of a parsed document's mdast tree.
 *
 * - Heading path: every heading above the content, outermost first, exactly as written — the
 *   document's h1 included when it has one; content before any heading has path `[]`.
 * - Units: paragraphs split into sentences (a sentence over the target is cut between words), list
 *   items (split like paragraphs only when over the target), tables and code blocks. Tables and code are
 *   atomic; a table over the target is split between rows, each part repeating the header and
 *   alignment rows; a code block is only split (at line boundaries, each part re-fenced) when it
 *   exceeds 4× the target, so a code block of up to 4× target may make one oversized chunk. Split
 *   parts are sized to `target - overlapTokens`, leaving room for the lead-in sentence before them.
 * - Merging: walking in document order, a section joins the group before it when either is under
 *   `minTokens`, they are siblings, parent or child (common heading prefix at most one level shorter
 *   than either path) and the result fits the target. The merged chunk's path is the members' common
 *   prefix; each member's own headings below it are written into the text as `## Heading` lines.
 * - Kinds: a section is also cut where its paragraphs switch between carrying a problem and not
 *   (`blockCarriesProblem`), and such a cut is never merged back, so a problem told inside a status
 *   note gets chunks of its own; every chunk gets its `classifySection` kind.
 * - Overlap: when a section spans several chunks, each chunk after the first starts with the trailing
 *   prose units (whole sentences or list items, never tables/code) of the previous one, up to
 *   `overlapTokens`, and only if the overlap plus the next unit still fits the target.
 */
import type { RootContent } from 'mdast'
import { toString as mdastText } from 'mdast-util-to-string'
import type { Chunk, DocumentMeta } from '../schemas/document.ts'
import type { ParseResult } from './parse.ts'
import { blockCarriesProblem, classifySection } from './sections/classify.ts'
import { listItems, renderBlock, renderFence, tableRows } from './text.ts'
import { countTokens } from './tokens.ts'

/** Chunk sizing, in {@link countTokens} tokens. */
export interface ChunkOptions {
  /** Size a chunk is filled up to (default 300). */
  targetTokens?: number
  /** Trailing prose repeated at the start of the next chunk of the same section (default 40). */
  overlapTokens?: number
  /** Sections smaller than this merge with a neighbour (default 60). */
  minTokens?: number
}

/**
 * A packable piece — sentence, list item, table or code (part), heading line. `join` separates it from
 * the previous unit (new block, next list item, next sentence); only `prose` may be repeated as overlap.
 */
type Unit = { text: string; tokens: number; join: '\n\n' | '\n' | ' '; prose: boolean }
type HeadingRef = { depth: number; text: string }
/** `problem`: whether its last block carries a problem; `boundary`: it starts where that changed. */
type Section = { path: HeadingRef[]; units: Unit[]; problem?: boolean; boundary?: boolean }

function unit(text: string, join: Unit['join'], prose = false): Unit {
  return { text, tokens: countTokens(text), join, prose }
}
const sum = (units: Unit[]) => units.reduce((n, u) => n + u.tokens, 0)
const render = (units: Unit[]) => units.map((u, i) => (i === 0 ? u.text : u.join + u.text)).join('')
// A sentence ends at . ! ? (optionally closed by a quote/bracket) followed by a capital or digit.
const SENTENCE_END = /(?<=[.!?]["')\]]?)[ \t]+(?=["'(`[]?[\p{Lu}\d])/u

/** Prose as sentence units when `split`, sentences over `target` cut between words; never across a fence. */
function prose(text: string, join: Unit['join'], split: boolean, target: number): Unit[] {
  if (!split || text.includes('```')) return [unit(text, join, true)]
  const cut = (sentence: string) => regroup(sentence.split(/ +/), ' ', target)
  const pieces = text.split(SENTENCE_END).flatMap((s) => (countTokens(s) > target ? cut(s) : [s]))
  return pieces.map((s, i) => unit(s, i === 0 ? join : ' ', true))
}

/** Greedily regroup pieces (words, table rows, code lines) into texts of at most `budget` tokens (≥ 1 piece). */
function regroup(pieces: string[], join: Unit['join'], budget: number): string[] {
  const units = pieces.map((p) => unit(p, join))
  return pack(units, budget, 0).map(render)
}

/** Units of one top-level block; split tables/code leave `room` for lead-in prose or overlap. */
function unitsOf(node: RootContent, target: number, room: number): Unit[] {
  if (node.type === 'list')
    return listItems(node).flatMap((t, i) => prose(t, i ? '\n' : '\n\n', countTokens(t) > target, target))
  if (node.type === 'table') {
    const [header = '', align = '', ...body] = tableRows(node)
    const whole = unit([header, align, ...body].join('\n'), '\n\n')
    if (whole.tokens <= target || body.length <= 1) return whole.tokens ? [whole] : []
    const budget = Math.max(1, room - countTokens(`${header}\n${align}`))
    return regroup(body, '\n', budget).map((rows) => unit(`${header}\n${align}\n${rows}`, '\n\n'))
  }
  const text = renderBlock(node)
  if (text === '') return []
  if (node.type !== 'code')
    return prose(text, '\n\n', node.type === 'paragraph' || countTokens(text) > target, target)
  if (countTokens(text) <= 4 * target) return [unit(text, '\n\n')]
  const budget = Math.max(1, room - countTokens(renderFence(node, '')))
  return regroup(node.value.split('\n'), '\n', budget).map((lines) => unit(renderFence(node, lines), '\n\n'))
}

/**
 * Split the top level of the tree at headings, and inside a section where its paragraphs switch
 * between carrying a problem and not (a problem told in a status note gets a chunk of its own);
 * sections without content are dropped.
 */
function sections(doc: ParseResult, target: number, room: number): Section[] {
  const out: Section[] = [{ path: [], units: [] }]
  const context = { title: doc.title, type: doc.type }
  for (const node of doc.tree.children) {
    const text = node.type === 'heading' ? mdastText(node).replace(/\s+/g, ' ').trim() : ''
    if (node.type === 'heading' && text !== '') {
      const parent = out.at(-1)!.path.filter((h) => h.depth < node.depth)
      out.push({ path: [...parent, { depth: node.depth, text }], units: [] })
      continue
    }
    let last = out.at(-1)!
    if (node.type === 'paragraph' || node.type === 'list') {
      const problem = blockCarriesProblem(
        last.path.map((h) => h.text),
        renderBlock(node),
        context,
      )
      if (last.problem !== undefined && last.problem !== problem && last.units.length > 0) {
        last = { path: last.path, units: [], boundary: true }
        out.push(last)
      }
      last.problem = problem
    }
    last.units = last.units.concat(unitsOf(node, target, room))
  }
  return out.filter((s) => s.units.length > 0)
}

function commonPrefix(a: HeadingRef[], b: HeadingRef[]): number {
  let i = 0
  while (i < a.length && i < b.length && a[i]!.text === b[i]!.text && a[i]!.depth === b[i]!.depth) i++
  return i
}

/** The units of merged sections, each member's headings below the common prefix written as text. */
function groupUnits(members: Section[]): { path: HeadingRef[]; units: Unit[] } {
  const prefix = members.reduce((n, s) => Math.min(n, commonPrefix(members[0]!.path, s.path)), Infinity)
  const units = members.flatMap((s, i) => {
    const shared = i === 0 ? prefix : Math.max(prefix, commonPrefix(members[i - 1]!.path, s.path))
    const headings = s.path.slice(shared).map((h) => unit(`${'#'.repeat(h.depth)} ${h.text}`, '\n\n'))
    return [...headings, ...s.units]
  })
  return { path: members[0]!.path.slice(0, prefix), units }
}

/** Merge small neighbouring sections (see the module comment for the rule). */
function merge(all: Section[], target: number, min: number): Section[][] {
  const groups: Section[][] = []
  for (const s of all) {
    const last = groups.at(-1)
    if (last && !s.boundary) {
      const { path, units } = groupUnits(last)
      const related = commonPrefix(path, s.path) >= Math.max(path.length, s.path.length) - 1
      const small = sum(units) < min || sum(s.units) < min
      if (related && small && sum(groupUnits([...last, s]).units) <= target) {
        last.push(s)
        continue
      }
    }
    groups.push([s])
  }
  return groups
}

/** The trailing prose units of a chunk that fit in `budget` tokens. */
function overlapTail(units: Unit[], budget: number): Unit[] {
  const tail: Unit[] = []
  for (let i = units.length - 1, used = 0; i >= 0; i--) {
    const u = units[i]!
    if (!u.prose || used + u.tokens > budget) break
    tail.unshift(u)
    used += u.tokens
  }
  return tail
}

/** Fill chunks up to `target`, carrying overlap between consecutive chunks. */
function pack(units: Unit[], target: number, overlap: number): Unit[][] {
  const out: Unit[][] = []
  let current: Unit[] = []
  let fresh = 0
  for (const u of units) {
    if (fresh > 0 && sum(current) + u.tokens > target) {
      out.push(current)
      current = overlapTail(current, overlap)
      if (sum(current) + u.tokens > target) current = []
      fresh = 0
    }
    current.push(u)
    fresh++
  }
  if (fresh > 0) out.push(current)
  return out
}

/**
 * Split a parsed document into heading-aware chunks (module comment: heading paths, atomic blocks,
 * merging, overlap), each classified by `classifySection`. Deterministic; never returns empty chunks.
 * @example chunk(parse(file), { targetTokens: 200 }).map((c) => c.headingPath.join(' > '))
 */
export function chunk(doc: ParseResult, options: ChunkOptions = {}): Chunk[] {
  const target = Math.max(1, Math.floor(options.targetTokens ?? 300))
  const overlap = Math.min(Math.max(0, options.overlapTokens ?? 40), Math.floor(target / 2))
  const min = Math.min(Math.max(0, options.minTokens ?? 60), target)
  const chunks: Chunk[] = []
  for (const members of merge(sections(doc, target, target - overlap), target, min)) {
    const { path, units } = groupUnits(members)
    for (const part of pack(units, target, overlap)) {
      const text = render(part).trim()
      const tokenCount = countTokens(text)
      if (tokenCount === 0) continue
      const headingPath = path.map((h) => h.text)
      const sectionKind = classifySection(headingPath, text, { title: doc.title, type: doc.type })
      chunks.push({ ordinal: chunks.length, headingPath, text, tokenCount, sectionKind })
    }
  }
  return chunks
}

/**
 * The text to embed for a chunk: title and customer, then the heading path, then the chunk text.
 * @example embeddingText({ title: 'Outage', customer: 'Acme' }, c) // → 'Outage — Acme\nImpact\n\n…'
 */
export function embeddingText(
  meta: Pick<DocumentMeta, 'title' | 'customer'>,
  chunk: Omit<Chunk, 'sectionKind'>,
): string {
  const context = chunk.headingPath.length > 0 ? `\n${chunk.headingPath.join(' > ')}` : ''
  return `${meta.title} — ${meta.customer}${context}\n\n${chunk.text}`
}
