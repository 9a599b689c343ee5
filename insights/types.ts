/** Shapes shared by the pure insight modules (no database types here). */
import type { SectionKind } from '../schemas/document.ts'

/** One chunk as insights see it: its text, where it sits and whose it is (vectors travel apart). */
export interface InsightChunk {
  chunkId: number
  documentId: number
  ordinal: number
  headingPath: string[]
  text: string
  tokenCount: number
  customer: string
  /** Document date, `YYYY-MM-DD`. */
  date: string
  /** Document type: `incident`, `field-report`, `integration-doc`. */
  type: string
  /** What the chunk is about, classified once at ingest (`ingest/sections.ts`). */
  sectionKind: SectionKind
}

/** A recurring problem: chunks from several customers that say the same thing. */
export interface ComputedPattern {
  /** Stable id: carried over from the stored pattern sharing most documents (identity.ts), else a hash of the members. */
  id: string
  /** 1-based position in the ranking (customers desc, last seen desc, size desc). */
  rank: number
  label: string
  /** Top c-TF-IDF terms, most distinctive first. */
  terms: string[]
  /** The member closest to the centroid, trimmed on a sentence boundary. */
  excerpt: string
  /** One-line LLM summary, when a chat model is configured. */
  summary: string | null
  /** Distinct customers (case-insensitive), each in its most frequent spelling. */
  customers: string[]
  customerCount: number
  documentCount: number
  firstSeen: string
  lastSeen: string
  trend: Trend
  /** Distinct documents per ISO week, oldest first, ending at the reference week. */
  weeklyCounts: WeekCount[]
  members: PatternMember[]
}

/** A chunk in a pattern. */
export interface PatternMember {
  chunkId: number
  documentId: number
  customer: string
  date: string
  /** Cosine similarity of the member's vector to the pattern centroid. */
  similarity: number
}

/** Distinct documents of a pattern dated in one ISO week. */
export interface WeekCount {
  /** ISO week, e.g. `2026-W47`. */
  week: string
  count: number
}

/** Trend labels; the rule is {@link import('./trend.ts').classifyTrend}. */
export type Trend = 'spike' | 'new' | 'rising' | 'steady' | 'fading'

/** A one-off worth knowing: a problem section that fits no cross-customer pattern. */
export interface ComputedEdgeCase {
  chunkId: number
  documentId: number
  customer: string
  /** `heading`: a chunk of the edge-case kind; `unmatched`: another problem chunk in no pattern. */
  reason: 'heading' | 'unmatched'
  heading: string | null
  excerpt: string
  date: string
  /** 1 = most worth reading (edge-case kind first, then the least echoed elsewhere). */
  rank: number
}
