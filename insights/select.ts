/**
 * Which chunks carry problems. A chunk is problem-bearing when a heading above it names a problem
 * section (symptoms, root cause, fix, gotcha, …), when its document is an incident, or when its
 * document has no recognised section at all (free-form notes: the whole note is the report).
 * Very short chunks are boilerplate and skipped.
 */
import { compareText } from './order.ts'
import type { InsightChunk } from './types.ts'

/** Heading words that mark a problem section (case-insensitive, whole words, plural allowed). */
export const DEFAULT_PROBLEM_HEADINGS: readonly string[] = [
  'symptom',
  'problem',
  'issue',
  'root cause',
  'cause',
  'fix',
  'resolution',
  'workaround',
  'gotcha',
  'lessons learned',
  'learning',
  'what went wrong',
  'what did not go well',
  'what did not',
  'impact',
  'blocker',
  'edge case',
  'caveat',
  'pitfall',
  'known issue',
  'risk',
  'failure',
  'outage',
  'incident',
  'diagnosis',
  'investigation',
  'mitigation',
  'troubleshooting',
]

/** Heading words that mark a one-off worth knowing even when it matches no pattern. */
export const DEFAULT_EDGE_HEADINGS: readonly string[] = [
  'edge case',
  'gotcha',
  'workaround',
  'lessons learned',
  'caveat',
  'pitfall',
]

/** Options of {@link selectProblemChunks}. */
export interface SelectOptions {
  problemHeadings?: readonly string[]
  edgeHeadings?: readonly string[]
  /** Chunks with fewer tokens are boilerplate (default 12). */
  minTokens?: number
}

/** A selected chunk and why. */
export interface Selected {
  chunk: InsightChunk
  /** The heading (innermost first) that made it problem-bearing, or null (incident / free-form). */
  heading: string | null
  /** True when a heading above it is an edge-case heading ("Gotcha: …", "Lessons learned"). */
  edge: boolean
}

/**
 * A case-insensitive whole-word matcher for any of `phrases`, each allowing a plural `s`.
 * @example headingMatcher(['root cause']).test('Root causes') // true
 */
export function headingMatcher(phrases: readonly string[]): RegExp {
  const escaped = phrases
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'))
  // Longest first so "lessons learned" wins over "learning" in the reported heading.
  escaped.sort((a, b) => b.length - a.length || compareText(a, b))
  return escaped.length === 0
    ? /(?!)/
    : new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})s?(?![\\p{L}\\p{N}])`, 'iu')
}

/** The innermost heading of `path` matching `re`, or null. */
function innermost(path: readonly string[], re: RegExp): string | null {
  for (let i = path.length - 1; i >= 0; i -= 1) if (re.test(path[i]!)) return path[i]!
  return null
}

/**
 * The problem-bearing chunks of `chunks`, in input order.
 * @example selectProblemChunks(chunks).filter((s) => s.edge) // sections under "Gotcha", "Edge case", …
 */
export function selectProblemChunks(
  chunks: readonly InsightChunk[],
  options: SelectOptions = {},
): Selected[] {
  const problem = headingMatcher(options.problemHeadings ?? DEFAULT_PROBLEM_HEADINGS)
  const edge = headingMatcher(options.edgeHeadings ?? DEFAULT_EDGE_HEADINGS)
  const minTokens = options.minTokens ?? 12
  const structured = new Set<number>()
  for (const c of chunks) if (innermost(c.headingPath, problem)) structured.add(c.documentId)
  const out: Selected[] = []
  for (const chunk of chunks) {
    if (chunk.tokenCount < minTokens) continue
    const heading = innermost(chunk.headingPath, problem)
    const isEdge = innermost(chunk.headingPath, edge) !== null
    if (heading || isEdge || chunk.type === 'incident' || !structured.has(chunk.documentId)) {
      out.push({ chunk, heading: innermost(chunk.headingPath, edge) ?? heading, edge: isEdge })
    }
  }
  return out
}
