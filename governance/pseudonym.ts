import { createHmac } from 'node:crypto'

/** A customer's stable stand-in: `label` for prose, `code` for identifiers and domains. */
export interface Pseudonym {
  /** e.g. "a bank (C-7F3A)". */
  label: string
  /** e.g. "C-7F3A". */
  code: string
}

// Words in a customer's name (or its `industry` setting) → how its pseudonym describes it.
const INDUSTRIES: [RegExp, string][] = [
  [/\b(airline|airways|aviation)\b/i, 'an airline'],
  [/\b(bank|banking|trust|credit union|capital)\b/i, 'a bank'],
  [/\b(insurance|insurer|mutual|assurance)\b/i, 'an insurer'],
  [/\b(health|hospital|clinic|medical|care)\b/i, 'a healthcare provider'],
  [/\b(freight|logistics|shipping|transport)\b/i, 'a logistics company'],
  [/\b(retail|retailer|stores?|shop)\b/i, 'a retailer'],
  [/\b(manufacturing|industries|industrial|works)\b/i, 'a manufacturer'],
  [/\b(energy|utilities|power)\b/i, 'an energy company'],
  [/\b(telecom|telco|mobile)\b/i, 'a telecoms company'],
]

/**
 * The industry phrase of a customer: its `industry` setting as written ("a European airline"),
 * else guessed from words in its name, else "a customer".
 * @example industryPhrase('Meridian Trust Bank', null) // → 'a bank'
 */
export function industryPhrase(display: string, industry: string | null): string {
  if (industry?.trim()) {
    const words = industry.trim()
    if (/^(a|an|the)\s/i.test(words)) return words
    // "an insurer", but "a European airline", "a university hospital".
    return `${/^[aeiou]/i.test(words) && !/^(eu|uni|use|one)/i.test(words) ? 'an' : 'a'} ${words}`
  }
  for (const [pattern, phrase] of INDUSTRIES) if (pattern.test(display)) return phrase
  return 'a customer'
}

/** Hex digest of `value` keyed with the store's secret. */
function keyed(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('hex')
}

/**
 * The pseudonym of a customer: derived from a keyed hash of its key (lower-case name) with the
 * per-store secret, so the same in every response, refresh and restart of that store.
 * @example customerPseudonym(secret, { key: 'meridian trust bank', display: 'Meridian Trust Bank', industry: null })
 */
export function customerPseudonym(
  secret: string,
  customer: { key: string; display: string; industry: string | null },
): Pseudonym {
  const code = `C-${keyed(secret, `customer:${customer.key}`).slice(0, 4).toUpperCase()}`
  return { code, label: `${industryPhrase(customer.display, customer.industry)} (${code})` }
}

/** The pseudonym of another customer's FDE author, e.g. "an FDE (P-91C2)". */
export function authorPseudonym(secret: string, name: string): Pseudonym {
  const code = `P-${keyed(secret, `author:${name.toLowerCase()}`).slice(0, 4).toUpperCase()}`
  return { code, label: `an FDE (${code})` }
}
