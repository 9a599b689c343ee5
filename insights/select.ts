/**
 * Which chunks carry problems, by the section kind the ingest classifier stored on each chunk
 * (`chunks.section_kind`, one classifier in `ingest/sections.ts`): no heading lists here. Status
 * notes, timelines, background and lessons are left out of pattern mining; very short chunks are
 * boilerplate and skipped.
 */
import { PROBLEM_KINDS, type SectionKind } from '../schemas/document.ts'
import type { InsightChunk } from './types.ts'

/** Kinds compared across customers: what went wrong, why, what it cost and what fixed it. */
// A lesson generalises from a problem rather than reporting one, so it is left out.
export const PATTERN_KINDS: ReadonlySet<SectionKind> = new Set(
  [...PROBLEM_KINDS].filter((kind) => kind !== 'lesson'),
)

/** Kinds that mark a one-off worth knowing even when it matches no pattern. */
export const EDGE_KINDS: ReadonlySet<SectionKind> = new Set<SectionKind>(['edge-case'])

/** Options of {@link selectProblemChunks}. */
export interface SelectOptions {
  /** Kinds mined for patterns (default {@link PATTERN_KINDS}). */
  kinds?: readonly SectionKind[]
  /** Chunks with fewer tokens are boilerplate (default 12). */
  minTokens?: number
}

/** A selected chunk and why. */
export interface Selected {
  chunk: InsightChunk
  /** The chunk's innermost heading (below the document title), or null. */
  heading: string | null
  /** True when the chunk is of an edge-case kind. */
  edge: boolean
}

/**
 * The problem-bearing chunks of `chunks`, in input order.
 * @example selectProblemChunks(chunks).filter((s) => s.edge) // sections classified edge-case
 */
export function selectProblemChunks(
  chunks: readonly InsightChunk[],
  options: SelectOptions = {},
): Selected[] {
  const kinds = options.kinds ? new Set(options.kinds) : PATTERN_KINDS
  const minTokens = options.minTokens ?? 12
  const out: Selected[] = []
  for (const chunk of chunks) {
    if (chunk.tokenCount < minTokens || !kinds.has(chunk.sectionKind)) continue
    out.push({
      chunk,
      heading: chunk.headingPath.slice(1).at(-1) ?? null,
      edge: EDGE_KINDS.has(chunk.sectionKind),
    })
  }
  return out
}
