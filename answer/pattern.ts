/** The pattern an answer's documents belong to, and how the answer names it (pure). */
import type { AnswerPattern } from '../schemas/answer.ts'
import type { PatternOfDocs } from './queries.ts'

/** The pattern most cited documents belong to (ties: the better-ranked pattern). */
export function choosePattern(patterns: PatternOfDocs[], citedDocs: number[]): AnswerPattern | null {
  const cited = new Set(citedDocs)
  let best: AnswerPattern | null = null
  let bestRank = Number.POSITIVE_INFINITY
  for (const p of patterns) {
    const members = p.documentIds.filter((d) => cited.has(d)).length
    if (members === 0) continue
    if (!best || members > best.citedMembers || (members === best.citedMembers && p.rank < bestRank)) {
      best = {
        id: p.id,
        label: p.label,
        customerCount: p.customerCount,
        documentCount: p.documentCount,
        trend: p.trend,
        citedMembers: members,
      }
      bestRank = p.rank
    }
  }
  return best
}

/** "Part of pattern 'X' (4 customers, fading)." */
export function patternLine(p: AnswerPattern): string {
  return `Part of pattern '${p.label}' (${p.customerCount} customer${p.customerCount === 1 ? '' : 's'}, ${p.trend}).`
}
