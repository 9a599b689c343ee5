/** Whether retrieval found something worth answering from, and which signal decided it (pure). */
import type { AnswerConfidence } from '../schemas/answer.ts'
import type { QuestionTerm } from './queries.ts'

/** Thresholds of {@link assessConfidence}; calibrated by `npm run bench:ask` (see README). */
export interface ConfidenceThresholds {
  /** Below this share of the query's idf weight in the best document: "no strong match". */
  minCoverage: number
  /** At or above: medium confidence. */
  mediumCoverage: number
  /** At or above (with at least two documents): high confidence. */
  highCoverage: number
  /**
   * Where the query terms must be found together: in one chunk (a passage) or anywhere in the
   * document. A document of everyday words holds any everyday question somewhere; a passage rarely.
   */
  unit: 'chunk' | 'document'
}

/** Defaults measured on the keyed corpora against off-topic queries (bench/ask.ts). */
export const DEFAULT_THRESHOLDS: ConfidenceThresholds = {
  minCoverage: 0.4,
  mediumCoverage: 0.55,
  highCoverage: 0.7,
  unit: 'chunk',
}

/** What the assessment looks at. */
export interface ConfidenceInput {
  terms: QuestionTerm[]
  /** Coverage of each retrieved document, best-ranked documents first. */
  coverages: number[]
  /** Retrieved chunks with a lexical (BM25) rank. */
  lexicalHits: number
  /** Retrieved chunks in total. */
  retrieved: number
}

/** Share of the query's idf weight that `held` covers (0 when the query has no terms). */
export function coverage(terms: QuestionTerm[], held: ReadonlySet<string>): number {
  const total = terms.reduce((s, t) => s + t.idf, 0)
  if (total === 0) return 0
  return terms.reduce((s, t) => s + (held.has(t.term) ? t.idf : 0), 0) / total
}

/** Coverage of a document: of its best chunk, or of all its chunks together. */
export function documentCoverage(
  terms: QuestionTerm[],
  chunks: Set<string>[],
  unit: ConfidenceThresholds['unit'],
): number {
  if (unit === 'chunk') return Math.max(0, ...chunks.map((held) => coverage(terms, held)))
  return coverage(terms, new Set(chunks.flatMap((held) => [...held])))
}

/**
 * Decide between an answer and "no strong match". Signals, in order: nothing retrieved under the
 * filters; no retrieved chunk shares a term with the query; the best document covers too little of
 * the query's idf-weighted terms (rare words matter most, so a match on "error" alone is weak).
 */
export function assessConfidence(
  input: ConfidenceInput,
  t: ConfidenceThresholds = DEFAULT_THRESHOLDS,
): AnswerConfidence {
  const best = Math.max(0, ...input.coverages.slice(0, 3))
  const termCoverage = Math.round(best * 1000) / 1000
  const base = { termCoverage, lexicalHits: input.lexicalHits }
  if (input.retrieved === 0) {
    return {
      ...base,
      noMatch: true,
      level: 'none',
      signal: 'filtered-empty',
      reason: 'no document matches the filters',
    }
  }
  if (input.lexicalHits === 0 || input.terms.length === 0) {
    return {
      ...base,
      noMatch: true,
      level: 'none',
      signal: 'no-lexical-match',
      reason: 'no stored text contains any word of the question',
    }
  }
  const pct = `${Math.round(best * 100)} %`
  if (best < t.minCoverage) {
    return {
      ...base,
      noMatch: true,
      level: 'none',
      signal: 'weak-term-coverage',
      reason: `the best document holds only ${pct} of the question's term weight (needs ${Math.round(t.minCoverage * 100)} %)`,
    }
  }
  const strongDocs = input.coverages.filter((c) => c >= t.minCoverage).length
  const level =
    best >= t.highCoverage && strongDocs >= 2 ? 'high' : best >= t.mediumCoverage ? 'medium' : 'low'
  return {
    ...base,
    noMatch: false,
    level,
    signal: 'strong',
    reason: `the best document holds ${pct} of the question's term weight; ${strongDocs} document${strongDocs === 1 ? '' : 's'} above ${Math.round(t.minCoverage * 100)} %`,
  }
}
