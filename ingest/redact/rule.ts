/**
 * The shape of a redaction rule and the closed list of kinds rules may report.
 */

/** Every kind of secret or personal data `redact` recognises, roughly in the order its rules run. */
export const REDACTION_KINDS = [
  'gcp-service-account-key',
  'private-key',
  'jwt',
  'aws-access-key',
  'aws-secret-key',
  'gcp-api-key',
  'azure-storage-key',
  'azure-sas-token',
  'github-token',
  'gitlab-token',
  'slack-webhook',
  'slack-token',
  'stripe-key',
  'anthropic-api-key',
  'openai-api-key',
  'password',
  'bearer-token',
  'basic-auth',
  'secret',
  'api-key',
  'token',
  'email',
  'iban',
  'payment-card',
  'phone',
  'ipv4',
  'us-ssn',
  'uk-ni-number',
  'passport-number',
  'national-id',
  'date-of-birth',
  'member-id',
  'person',
] as const

/** One kind of redacted value, e.g. `github-token` or `email`. */
export type RedactionKind = (typeof REDACTION_KINDS)[number]

/** One detection rule: a pattern plus optional validation of what it found. */
export interface Rule {
  /** Kind reported for each redaction (unless `classify` decides per match). */
  kind: RedactionKind
  /**
   * A `g` + `d` (hasIndices) pattern. The first participating named group whose name starts with
   * `secret` marks the span to replace; without one the whole match is replaced. Every pattern
   * starts at a literal or behind a lookbehind so a failed attempt never rescans a run of text.
   */
  pattern: RegExp
  /**
   * Validates the candidate: `false` rejects it; a number redacts that many characters from the
   * secret's start instead (fewer to trim trailing words, more to extend over following lines).
   */
  check?: (secret: string, match: RegExpExecArray) => boolean | number
  /** Chooses the kind per match, e.g. `DB_PASSWORD=` → `password` but `API_TOKEN=` → `token`. */
  classify?: (match: RegExpExecArray) => RedactionKind
}

/**
 * A rule that needs more than one pattern match to decide (e.g. a table whose header names the
 * secret column): it returns the `[start, end)` spans to replace in the text it is given.
 */
export interface ScanRule {
  kind: RedactionKind
  /** Spans to replace, each with its own kind or the rule's. */
  scan: (text: string) => Array<[number, number, RedactionKind?]>
}

/** The typed placeholder that replaces a value of `kind`. */
export function placeholder(kind: string): string {
  return `[REDACTED:${kind}]`
}

/** Matches a placeholder already in the text; such spans are never looked at again. */
export const PLACEHOLDER_PATTERN = /(\[REDACTED:[a-z0-9-]+\])/
