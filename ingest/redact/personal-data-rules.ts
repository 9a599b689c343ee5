/**
 * Rules for personal and financial data: e-mail addresses, IBANs, payment cards, phone numbers and
 * (opt-in) IPv4 addresses. Each fuzzy pattern is backed by a checksum or digit-count check.
 */
import type { Rule } from './rule.ts'
import { digitCountBetween, ibanPrefixLength, isIpv4, isPaymentCard } from './validators.ts'

/**
 * Rejects SSH remotes (`git@github.com:org/repo`), the user part of a URL (`postgres://svc@db.host`,
 * which keeps the host readable) and retina asset names (`logo@2x.png`).
 */
function checkEmail(address: string, match: RegExpExecArray): boolean {
  const at = address.indexOf('@')
  if (address.slice(0, at) === 'git' || /^\d+x\./i.test(address.slice(at + 1))) return false
  return !match.input.slice(Math.max(0, match.index - 3), match.index).endsWith('://')
}

/** Personal-data rules, run after every credential rule. */
export const PERSONAL_DATA_RULES: readonly Rule[] = [
  {
    // First of these: an address's local part may hold digits that would otherwise read as a phone.
    kind: 'email',
    pattern:
      /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/dg,
    check: checkEmail,
  },
  {
    // Before cards: the digit groups of an IBAN can pass Luhn on their own.
    kind: 'iban',
    // Either case (`de89 3704 …` is typed too), but one case throughout: a mixed-case run is a token.
    pattern:
      /(?<![A-Za-z0-9])(?:[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}|[a-z]{2}\d{2}(?: ?[a-z0-9]){11,30})(?![A-Za-z0-9])/dg,
    check: (value) => ibanPrefixLength(value.toUpperCase()),
  },
  {
    // The whole digit run must be the number: a card glued to more digits is not matched at all.
    kind: 'payment-card',
    pattern: /(?<![\w+.,/-]|\d[ -])[2-6](?:[ -]?\d){12,18}(?!\w|[ -]\d|[.,]\d)/dg,
    check: isPaymentCard,
  },
  {
    // International: +CC then digit groups separated by space/dot/dash or a parenthesised area code;
    // a separator is required after the country code so `+2024-03-15` is not read as a number.
    kind: 'phone',
    pattern:
      /(?<![\w+])\+[1-9]\d{0,2}(?:(?:[ .-]?\(\d{1,4}\)[ .-]?|[ .-])\d+)+(?!\w|[.-]\d)|(?<![\w+])\+[1-9]\d{7,14}(?!\w)/dg,
    check: (value) => digitCountBetween(value, 8, 15),
  },
  {
    // North American: (415) 555-0134, 415-555-0134, 415.555.0134 (one separator used throughout).
    kind: 'phone',
    pattern:
      /(?<![\w.+/-])(?:1[ .-])?(?:\([2-9]\d{2}\)[ -]?[2-9]\d{2}[-. ]\d{4}|[2-9]\d{2}([-. ])[2-9]\d{2}\1\d{4})(?!\w|[.-]\d)/dg,
  },
  {
    // European national numbers with a trunk 0: 020 7946 0958, 06-12345678, 01 23 45 67 89.
    kind: 'phone',
    pattern: /(?<![\w.+/-])(?:\(0\d{1,4}\)|0\d{1,4})(?:[ -]\d{2,8}){1,4}(?!\w|[.-]\d)/dg,
    check: (value) => digitCountBetween(value, 10, 11),
  },
]

/** Opt-in rule: IP addresses are often infrastructure detail rather than personal data. */
export const IPV4_RULE: Rule = {
  kind: 'ipv4',
  pattern: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)/dg,
  check: isIpv4,
}
