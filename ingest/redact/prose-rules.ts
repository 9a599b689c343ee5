/**
 * Secrets told in a sentence: "the password is Tr0ub4dor", "the PIN for the lobby door is 4821",
 * "password was reset to `Winter2026!`". Only the value is replaced.
 */
import type { Rule } from './rule.ts'
import { isPlaceholderValue } from './validators.ts'

const SUBJECT = String.raw`(?<![A-Za-z])(?<kw>password|passphrase|passcode|passwd|pwd|pin|secret|token|api[ \t-]?key)`
// "for the svc_reports account", "of the admin user", "on db-prod": whose secret it is.
const WHOSE = String.raw`(?:[ \t]+(?:for|of|on)[ \t]+(?:the[ \t]+)?[\w.@-]+(?:[ \t]+(?:account|user|login|database|db|server|box|instance|vm|host|door|portal))?)?`
// "we set", "they gave us", "I used": who chose or passed it on.
const WHO = String.raw`(?:[ \t]+(?:we|I|they|you|he|she)[ \t]+(?:set|gave|used|chose|picked|sent|shared|got)(?:[ \t]+(?:them|him|her|us|me))?)?`
// "was reset to" before "was": the value check runs after the match, so the regex must not stop early.
const VERB = String.raw`[ \t]+(?:(?:(?:is|was|has[ \t]+been|got|were)[ \t]+)?(?:set|changed|reset|rotated|updated)[ \t]+to|(?:is|was|are|were)(?:[ \t]+(?:now|still))?)[ \t]*:?[ \t]+`
const VALUE = String.raw`(?:"(?<secretDq>[^"\r\n]+)"|'(?<secretSq>[^'\r\n]+)'|\`(?<secretBq>[^\`\r\n]+)\`|“(?<secretCq>[^”\r\n]+)”|(?<secretBare>[^\s"'\`“”]+))`

/**
 * A bare value must look like a secret (a digit, a symbol or inner capitals) so "the token is expired"
 * and "the password is stored in Vault" stay; trailing sentence punctuation is not part of it.
 */
function checkProse(value: string, match: RegExpExecArray): number | false {
  if (isPlaceholderValue(value)) return false
  if (match.groups?.secretBare === undefined) return value.length
  const trimmed = value.replace(/[.,;:!?)\]]+$/, '')
  if (trimmed.length < 4) return false
  const symbolic = /[\d!@#$%^&*+=~|\\/_-]/.test(trimmed)
  const camel = trimmed.length >= 8 && /[a-z]/.test(trimmed) && /[A-Z]/.test(trimmed.slice(1))
  return (symbolic || camel) && trimmed.length
}

/** Prose rules, run after the structured assignment rules. */
export const PROSE_RULES: readonly Rule[] = [
  {
    kind: 'password',
    pattern: new RegExp(SUBJECT + WHOSE + WHO + VERB + VALUE, 'dgi'),
    check: checkProse,
    classify: (match) => (/^(?:token|api)/i.test(match.groups?.kw ?? '') ? 'token' : 'password'),
  },
]
