/**
 * Redaction of secrets and personal data from raw source text, run before anything is parsed,
 * chunked, embedded, stored or mailed.
 */
import { ASSIGNMENT_RULES } from './assignment-rules.ts'
import { CREDENTIAL_RULES } from './credential-rules.ts'
import { IPV4_RULE, PERSONAL_DATA_RULES } from './personal-data-rules.ts'
import { PROVIDER_RULES } from './provider-rules.ts'
import { PLACEHOLDER_PATTERN, placeholder, type RedactionKind, type Rule } from './rule.ts'

export { placeholder as redactionPlaceholder, REDACTION_KINDS, type RedactionKind } from './rule.ts'

/** Switches for the optional rules. */
export interface RedactOptions {
  /** Also redact IPv4 addresses (valid dotted quads). Default false. */
  ipv4?: boolean
}

/** Redacted text plus how many values of each kind were replaced. */
export interface RedactionResult {
  text: string
  /** Kind → number of replacements; kinds that did not occur are absent. */
  counts: Record<string, number>
  total: number
}

// Provider tokens carry the most precise kind; URL and header rules come next because their values
// would otherwise be read as e-mails or `token:` assignments; generic assignments follow; fuzzy
// personal-data rules run last so they never split a credential.
const BASE_RULES: readonly Rule[] = [
  ...PROVIDER_RULES,
  ...CREDENTIAL_RULES,
  ...ASSIGNMENT_RULES,
  ...PERSONAL_DATA_RULES,
]
const WITH_IPV4: readonly Rule[] = [...BASE_RULES, IPV4_RULE]

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

/** Applies one rule to open text; returns alternating [text, placeholder, text, …, text]. */
function applyRule(rule: Rule, text: string, tally: (kind: RedactionKind) => void): string[] {
  const re = rule.pattern
  const pieces: string[] = []
  let cursor = 0
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
    const kind = rule.classify ? rule.classify(m) : rule.kind
    pieces.push(text.slice(cursor, start), placeholder(kind))
    tally(kind)
    cursor = end
    re.lastIndex = Math.max(end, m.index + 1)
  }
  pieces.push(text.slice(cursor))
  return pieces
}

/**
 * Replaces secrets and personal data in `text` with typed placeholders such as
 * `[REDACTED:github-token]`. Pure and idempotent: placeholders (new or already present) are
 * never matched again, so redacting twice changes nothing and counts are exact.
 */
export function redact(text: string, options: RedactOptions = {}): RedactionResult {
  const rules = options.ipv4 ? WITH_IPV4 : BASE_RULES
  const counts: Record<string, number> = {}
  let total = 0
  const tally = (kind: RedactionKind): void => {
    counts[kind] = (counts[kind] ?? 0) + 1
    total++
  }
  // Even indices hold open text, odd indices hold placeholders that no later rule may look into.
  let segments = text.split(PLACEHOLDER_PATTERN)
  for (const rule of rules) {
    const next: string[] = []
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!
      if (i % 2 === 1 || segment === '') next.push(segment)
      else for (const piece of applyRule(rule, segment, tally)) next.push(piece)
    }
    segments = next
  }
  return { text: segments.join(''), counts, total }
}
