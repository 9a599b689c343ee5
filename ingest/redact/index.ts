/**
 * Redaction of secrets and personal data from raw source text, run before anything is parsed,
 * chunked, embedded, stored or mailed.
 */
import { ASSIGNMENT_RULES } from './assignment-rules.ts'
import { CREDENTIAL_RULES } from './credential-rules.ts'
import { findSpans, type Rendered, render } from './engine.ts'
import { IDENTITY_RULES } from './identity-rules.ts'
import { pseudonymiseNames } from './names.ts'
import { type NormaliseOptions, normalise } from './normalise.ts'
import { IPV4_RULE, PERSONAL_DATA_RULES } from './personal-data-rules.ts'
import { PROSE_RULES } from './prose-rules.ts'
import { PROVIDER_RULES } from './provider-rules.ts'
import type { Rule, ScanRule } from './rule.ts'
import { TABLE_RULE } from './table-rule.ts'

export { placeholder as redactionPlaceholder, REDACTION_KINDS, type RedactionKind } from './rule.ts'

/** Switches for the optional rules. */
export interface RedactOptions {
  /** Also redact IPv4 addresses (valid dotted quads). Default false. */
  ipv4?: boolean
  /** Pseudonymise end users' names found next to identity data (default true). */
  names?: boolean
}

/** Redacted text plus how many values of each kind were replaced. */
export interface RedactionResult {
  text: string
  /** Kind → number of replacements; kinds that did not occur are absent. */
  counts: Record<string, number>
  total: number
}

// Provider tokens carry the most precise kind; URL and header rules come next because their values
// would otherwise be read as e-mails or `token:` assignments; generic assignments, sentences and
// tables follow; labelled identity data comes before the fuzzy personal-data rules, which run last
// so they never split a credential.
const BASE_RULES: readonly (Rule | ScanRule)[] = [
  ...PROVIDER_RULES,
  ...CREDENTIAL_RULES,
  ...ASSIGNMENT_RULES,
  ...PROSE_RULES,
  TABLE_RULE,
  ...IDENTITY_RULES,
  ...PERSONAL_DATA_RULES,
]
const WITH_IPV4: readonly (Rule | ScanRule)[] = [...BASE_RULES, IPV4_RULE]
// Shape-recognisable tokens only: a rejoined line must not turn prose into an assignment value.
const WRAPPED_RULES: readonly Rule[] = PROVIDER_RULES.filter((r) => !r.pattern.source.includes('BEGIN'))

/**
 * Replaces secrets and personal data in `text` with typed placeholders such as
 * `[REDACTED:github-token]`. Pure and idempotent: placeholders (new or already present) are
 * never matched again, so redacting twice changes nothing and counts are exact.
 */
export function redact(text: string, options: RedactOptions = {}): RedactionResult {
  const rules = options.ipv4 ? WITH_IPV4 : BASE_RULES
  const counts: Record<string, number> = {}
  let total = 0
  const apply = (rendered: Rendered): string => {
    for (const kind of rendered.kinds) {
      counts[kind] = (counts[kind] ?? 0) + 1
      total++
    }
    return rendered.text
  }
  // 1. Tokens wrapped over lines, before the raw pass can claim the first line alone.
  let current = viewPass(text, WRAPPED_RULES, { joinWrapped: true }, apply)
  // 2. The raw text, exactly as written.
  current = apply(render(current, findSpans(current, rules)))
  // 3. What markup, entities and escapes hid from the raw pass.
  current = viewPass(current, rules, {}, apply)
  // 4. Names of the people the identity data above belongs to.
  if (options.names !== false) {
    const named = pseudonymiseNames(current)
    if (named.count > 0) {
      counts.person = (counts.person ?? 0) + named.count
      total += named.count
      current = named.text
    }
  }
  return { text: current, counts, total }
}

/** Matches `rules` on the normalised view of `text`; a no-op when the view equals the text. */
function viewPass(
  text: string,
  rules: readonly (Rule | ScanRule)[],
  options: NormaliseOptions,
  apply: (rendered: Rendered) => string,
): string {
  const view = normalise(text, options)
  if (view.text === text) return text
  return apply(render(text, findSpans(view.text, rules), view))
}
