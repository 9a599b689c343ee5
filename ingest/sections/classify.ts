/**
 * The one section classifier: what a section or chunk is about (problem, root cause, fix, status…),
 * from its heading path and its text. Pure and deterministic.
 *
 * - A heading decides when it names a kind ("What broke" → problem, "Things to watch" → edge-case);
 *   the innermost heading with a cue wins, except that an edge-case heading anywhere above wins,
 *   and the document's own title is ignored.
 * - Otherwise each paragraph / list item is scored on sentence cues (failed, rejected, silently, root
 *   cause was, fixed by…). A block is problem-bearing when its problem cues reach a threshold and
 *   outweigh its status cues; background and timeline sections need stronger evidence than status
 *   or unlabelled ones, and so do integration docs, because they describe systems, events and
 *   failure handling in problem words without reporting a problem.
 * - The result is the strongest problem-bearing kind among the blocks (so the problem paragraph of
 *   a weekly note is found), else the heading's kind, else status/timeline from the text, else other.
 */
import {
  type DocumentType,
  isProblemBearing,
  PROBLEM_KINDS,
  type SectionKind,
} from '../../schemas/document.ts'
import { HEADING_CUES, TEXT_CUES } from './cues.ts'

/** Optional facts about the document around the section. */
export interface SectionContext {
  /** The document's title: a heading equal to it says nothing about one section. */
  title?: string
  /** The document's type: reference docs describe failure handling without reporting a problem. */
  type?: DocumentType
}

/** How one block (paragraph, list item, table, code) of a section was read. */
export interface BlockClass {
  text: string
  /** The block's own kind from its cues; `other` when it has none. */
  kind: SectionKind
  /** Summed cue weight of problem-bearing kinds. */
  problemScore: number
  statusScore: number
}

/** A classification with how sure the classifier is (0–1) and how the blocks were read. */
export interface SectionClass {
  kind: SectionKind
  confidence: number
  /** `heading`: a heading cue decided; `text`: a paragraph's cues; `fallback`: neither. */
  source: 'heading' | 'text' | 'fallback'
  blocks: BlockClass[]
}

// Tie-break among problem-bearing kinds of one block: the symptom first, then what explains it.
const BLOCK_ORDER: SectionKind[] = [
  'problem',
  'root-cause',
  'fix',
  'workaround',
  'edge-case',
  'lesson',
  'impact',
]
const NEEDS_MORE: ReadonlySet<SectionKind> = new Set<SectionKind>(['background', 'timeline'])
const HEADING_LINE = /^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$/
const BULLET = /^\s*(?:[-*+•]|\d+[.)])\s+/

/**
 * The kind a heading names, or null when it names none.
 * @example headingKind('Why it happened') // → 'root-cause'
 */
export function headingKind(heading: string): SectionKind | null {
  const text = ` ${heading.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `
  let best: { kind: SectionKind; at: number } | null = null
  for (const [kind, re] of HEADING_CUES) {
    const m = re.exec(text)
    if (m && (best === null || m.index < best.at)) best = { kind, at: m.index }
  }
  return best?.kind ?? null
}

/**
 * The kind named by the headings of `path` (the title skipped): edge-case when any of them names
 * it — a gotcha written up as symptom / cause / fix is still one gotcha — else the innermost.
 */
function pathKind(path: readonly string[], title?: string): SectionKind | null {
  const skip = title !== undefined && path[0]?.trim() === title.trim() ? 1 : 0
  const kinds = path.slice(skip).map(headingKind)
  if (kinds.includes('edge-case')) return 'edge-case'
  return kinds.findLast((k) => k !== null) ?? null
}

/** Score one block on the sentence cues. */
export function classifyBlock(text: string): BlockClass {
  const lower = text.toLowerCase()
  const scores = new Map<SectionKind, number>()
  for (const cue of TEXT_CUES) {
    if (cue.re.test(lower)) scores.set(cue.kind, (scores.get(cue.kind) ?? 0) + cue.weight)
  }
  let problemScore = 0
  for (const [kind, n] of scores) if (PROBLEM_KINDS.has(kind)) problemScore += n
  const statusScore = scores.get('status') ?? 0
  let kind: SectionKind = 'other'
  let top = 0
  for (const k of BLOCK_ORDER) {
    if ((scores.get(k) ?? 0) > top) [kind, top] = [k, scores.get(k)!]
  }
  if (top === 0) {
    const timeline = scores.get('timeline') ?? 0
    if (timeline > 0 || statusScore > 0) kind = timeline >= statusScore ? 'timeline' : 'status'
  }
  return { text, kind, problemScore, statusScore }
}

/** Whether a block's own cues make it problem-bearing under a heading of kind `heading`. */
function carriesProblem(block: BlockClass, heading: SectionKind | null, context: SectionContext): boolean {
  const threshold =
    2 + (heading && NEEDS_MORE.has(heading) ? 1 : 0) + (context.type === 'integration-doc' ? 1 : 0)
  return block.problemScore >= threshold && block.problemScore >= block.statusScore
}

/**
 * Whether one block (a paragraph or list of a section) carries a problem: always under a
 * problem-bearing heading, else by its own cues. The chunker starts a new chunk where this changes.
 */
export function blockCarriesProblem(
  headingPath: readonly string[],
  text: string,
  context: SectionContext = {},
): boolean {
  const heading = pathKind(headingPath, context.title)
  if (heading && isProblemBearing(heading)) return true
  return carriesProblem(classifyBlock(text), heading, context)
}

/** Blank-line blocks, list items on their own, a fenced code block kept whole; headings marked. */
function splitBlocks(text: string): { heading: string | null; text: string }[] {
  const out: { heading: string | null; text: string }[] = []
  let current: string[] = []
  let fenced = false
  const flush = () => {
    if (current.length > 0) out.push({ heading: null, text: current.join('\n') })
    current = []
  }
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced
    const h = fenced ? null : HEADING_LINE.exec(line)
    if (h) {
      flush()
      out.push({ heading: h[2]!, text: '' })
    } else if (!fenced && line.trim() === '') flush()
    else {
      if (!fenced && BULLET.test(line)) flush()
      current.push(line)
    }
  }
  flush()
  return out
}

/**
 * Classify a section or chunk, with confidence and per-block readings (see the module comment).
 * Heading lines inside `text` (merged small sections) start a sub-section with their own heading.
 */
export function analyseSection(
  headingPath: readonly string[],
  text: string,
  context: SectionContext = {},
): SectionClass {
  const outer = pathKind(headingPath, context.title)
  let heading = outer
  let firstHeading: SectionKind | null = outer
  let best: { kind: SectionKind; score: number; source: SectionClass['source'] } | null = null
  const blocks: BlockClass[] = []
  const consider = (kind: SectionKind, score: number, source: SectionClass['source']) => {
    if (best === null || score > best.score) best = { kind, score, source }
  }
  if (outer && isProblemBearing(outer)) consider(outer, 10, 'heading')
  for (const b of splitBlocks(text)) {
    if (b.heading !== null) {
      heading = headingKind(b.heading) ?? outer
      firstHeading ??= heading
      if (heading && isProblemBearing(heading)) consider(heading, 10, 'heading')
      continue
    }
    const block = classifyBlock(b.text)
    blocks.push(block)
    if (heading && isProblemBearing(heading)) continue
    // Tables are reference data or status grids; a problem is told in prose (or under a heading).
    if (/^\s*\|/.test(b.text)) continue
    if (carriesProblem(block, heading, context)) {
      consider(isProblemBearing(block.kind) ? block.kind : 'problem', block.problemScore, 'text')
    }
  }
  const found = best as { kind: SectionKind; score: number; source: SectionClass['source'] } | null
  if (found) {
    const confidence = found.source === 'heading' ? 0.9 : Math.min(0.9, 0.35 + 0.1 * found.score)
    return { kind: found.kind, confidence, source: found.source, blocks }
  }
  if (firstHeading) return { kind: firstHeading, confidence: 0.7, source: 'heading', blocks }
  return { ...textFallback(blocks), blocks }
}

/** Status or timeline when the blocks say so, else other. */
function textFallback(blocks: BlockClass[]): Pick<SectionClass, 'kind' | 'confidence' | 'source'> {
  const status = blocks.filter((b) => b.kind === 'status').length
  const timeline = blocks.filter((b) => b.kind === 'timeline').length
  if (timeline >= 2 && timeline >= status) return { kind: 'timeline', confidence: 0.5, source: 'text' }
  if (status > 0) return { kind: 'status', confidence: 0.4, source: 'text' }
  return { kind: 'other', confidence: 0.2, source: 'fallback' }
}

/**
 * The kind of a section or chunk from its heading path (outermost first) and its text.
 * @example classifySection(['Week 12', 'Notes'], 'The nightly export failed silently for two days.') // → 'problem'
 */
export function classifySection(
  headingPath: readonly string[],
  text: string,
  context?: SectionContext,
): SectionKind {
  return analyseSection(headingPath, text, context).kind
}
