/**
 * The matching engine: runs rules in order over the parts of a text no earlier rule (or an earlier
 * placeholder) claimed, and returns the claimed spans; rendering maps them back onto the raw text.
 */
import type { NormalisedView } from './normalise.ts'
import { placeholder, type RedactionKind, type Rule, type ScanRule } from './rule.ts'

/** A claimed `[start, end)`; `kind` null marks a placeholder that was already there. */
export interface Span {
  start: number
  end: number
  kind: RedactionKind | null
}

/** The span a match asks to replace: its first participating `secret*` group, else the whole match. */
function secretSpan(match: RegExpExecArray): [number, number] {
  const groups = match.indices?.groups
  if (groups) {
    for (const [name, span] of Object.entries(groups)) {
      if (span !== undefined && name.startsWith('secret')) return span
    }
  }
  return [match.index, match.index + match[0].length]
}

/** The spans one pattern rule claims in open text. */
function matchRule(rule: Rule, text: string, offset: number, into: Span[]): void {
  const re = rule.pattern
  re.lastIndex = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const [start, matchedEnd] = secretSpan(m)
    const verdict = rule.check ? rule.check(text.slice(start, matchedEnd), m) : true
    const end = typeof verdict === 'number' ? start + verdict : matchedEnd
    if (verdict === false || end <= start) {
      // Retry one character later: a rejected candidate may hide a valid one inside it.
      re.lastIndex = m.index + 1
      continue
    }
    into.push({
      start: offset + start,
      end: offset + end,
      kind: rule.classify ? rule.classify(m) : rule.kind,
    })
    re.lastIndex = Math.max(end, m.index + 1)
  }
}

const PLACEHOLDERS = /\[REDACTED:[a-z0-9-]+\]/g

/** Runs `rules` in order over `text`; each rule only sees text no earlier span claimed. */
export function findSpans(text: string, rules: readonly (Rule | ScanRule)[]): Span[] {
  let claimed: Span[] = [...text.matchAll(PLACEHOLDERS)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    kind: null,
  }))
  for (const rule of rules) {
    const found: Span[] = []
    let cursor = 0
    for (const gap of [...claimed, { start: text.length, end: text.length, kind: null }]) {
      if (gap.start > cursor) {
        const open = text.slice(cursor, gap.start)
        if ('scan' in rule) {
          for (const [s, e, k] of rule.scan(open)) {
            found.push({ start: cursor + s, end: cursor + e, kind: k ?? rule.kind })
          }
        } else matchRule(rule, open, cursor, found)
      }
      cursor = Math.max(cursor, gap.end)
    }
    if (found.length > 0) claimed = [...claimed, ...found].sort((a, b) => a.start - b.start)
  }
  return claimed.filter((s) => s.kind !== null)
}

/** Replacement text plus the kind of every placeholder written. */
export interface Rendered {
  text: string
  kinds: RedactionKind[]
}

/**
 * Replaces each span (in view coordinates when `view` is given) by its placeholder in `raw`; the
 * raw span covers everything the view characters came from, markup inside the secret included.
 */
export function render(raw: string, spans: readonly Span[], view?: NormalisedView): Rendered {
  const pieces: string[] = []
  const kinds: RedactionKind[] = []
  let cursor = 0
  for (const span of spans) {
    const start = view ? view.start[span.start]! : span.start
    const end = view ? view.end[span.end - 1]! : span.end
    // Two view spans from one raw character (a decoded entity) become one placeholder.
    if (end <= cursor) continue
    pieces.push(raw.slice(cursor, Math.max(cursor, start)), placeholder(span.kind!))
    kinds.push(span.kind!)
    cursor = end
  }
  pieces.push(raw.slice(cursor))
  return { text: pieces.join(''), kinds }
}
