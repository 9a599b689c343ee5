/** Small pure helpers shared by the digest renderers and the mailer. */
import type { Digest, DigestHeadline } from '../schemas/digest.ts'

/**
 * `n` with the singular or plural noun.
 * @example count(1, 'document', 'documents') // → '1 document'
 */
export function count(n: number, singular: string, plural: string): string {
  return `${n} ${n === 1 ? singular : plural}`
}

/**
 * The e-mail subject.
 * @example digestSubject(d) // → 'fieldkb digest — Week of 16 Nov 2026 (12 documents, 3 cross-customer patterns)'
 */
export function digestSubject(d: Pick<Digest, 'period' | 'headline'>): string {
  const docs = count(d.headline.documents, 'document', 'documents')
  const patterns = count(
    d.headline.crossCustomerPatterns,
    'cross-customer pattern',
    'cross-customer patterns',
  )
  return `fieldkb digest — ${d.period.label} (${docs}, ${patterns})`
}

/**
 * A search link into the web UI.
 * @example searchUrl('https://kb.example', 'proxy tls') // → 'https://kb.example/search?q=proxy%20tls'
 */
export function searchUrl(publicUrl: string, query: string): string {
  return `${publicUrl}/search?q=${encodeURIComponent(query)}`
}

const TYPE_NOUNS = {
  'field-report': ['field report', 'field reports'],
  incident: ['incident', 'incidents'],
  'integration-doc': ['integration doc', 'integration docs'],
} as const

/**
 * Documents by type in words; types with no documents are left out unless `all`.
 * @example typeBreakdown({ 'field-report': 2, incident: 1, 'integration-doc': 0 }) // → '2 field reports, 1 incident'
 */
export function typeBreakdown(byType: DigestHeadline['byType'], all = false): string {
  return (Object.keys(TYPE_NOUNS) as (keyof typeof TYPE_NOUNS)[])
    .filter((t) => all || byType[t] > 0)
    .map((t) => count(byType[t], TYPE_NOUNS[t][0], TYPE_NOUNS[t][1]))
    .join(', ')
}

/**
 * `text` on one line, cut at a word boundary to at most `max` characters (with an ellipsis).
 * @example clip('one two three', 9) // → 'one two…'
 */
export function clip(text: string, max = 220): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= max) return flat
  const cut = flat.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.|-]+$/, '')}…`
}
