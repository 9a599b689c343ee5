/** The digest's top "what changed" bullets, chosen from regressed, new and rising patterns. */
import type { DigestChange, DigestPattern } from '../schemas/digest.ts'

/** Most bullets in "what changed". */
export const MAX_CHANGES = 3

/**
 * Up to three bullets: regressed patterns first (a fix that did not hold is news), then new, then
 * rising ones; within each, most customers first. A pattern appears once.
 * @example changes({ regressed: [], newPatterns, risingPatterns })
 */
export function changes(input: {
  regressed: readonly DigestPattern[]
  newPatterns: readonly DigestPattern[]
  risingPatterns: readonly DigestPattern[]
}): DigestChange[] {
  const seen = new Set<string>()
  const out: DigestChange[] = []
  const byCustomers = (list: readonly DigestPattern[]) =>
    [...list].sort(
      (a, b) => b.customerCount - a.customerCount || b.periodDocumentCount - a.periodDocumentCount,
    )
  const groups = [
    ['regressed', input.regressed],
    ['new', input.newPatterns],
    ['rising', input.risingPatterns],
  ] as const
  for (const [kind, list] of groups) {
    for (const p of byCustomers(list)) {
      if (out.length >= MAX_CHANGES || seen.has(p.id)) continue
      seen.add(p.id)
      out.push({
        kind,
        patternId: p.id,
        label: p.label,
        customerCount: p.customerCount,
        periodDocumentCount: p.periodDocumentCount,
        previousPeriodDocumentCount: p.previousPeriodDocumentCount,
        url: p.url,
      })
    }
  }
  return out
}

/**
 * A delta for people: `+3`, `−2`, `±0`.
 * @example delta(5, 2) // → '+3'
 */
export function delta(now: number, before: number): string {
  const d = now - before
  return d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '±0'
}
