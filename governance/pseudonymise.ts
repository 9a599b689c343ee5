import type { CustomerNames } from '../storage/customer-aliases.ts'
import { authorPseudonym, customerPseudonym, type Pseudonym } from './pseudonym.ts'
import { needsPseudonyms, readsInFull, type Viewer } from './viewer.ts'

/** What pseudonymisation knows of the store: every customer's names and the pseudonym secret. */
export interface NameBook {
  secret: string
  customers: CustomerNames[]
}

/** Replaces other customers' names in text and in any JSON-like value. */
export interface Pseudonymiser {
  /** Whether anything is replaced at all (false for viewers who read everything by name). */
  active: boolean
  text(s: string): string
  /**
   * A search query with other customers' names replaced by their bare codes, which occur in no
   * document: searching "Meridian" must not reveal which pseudonym Meridian's documents carry.
   */
  query(s: string): string
  /** A deep copy of `value` with every string (object keys included) passed through {@link text}. */
  value<T>(value: T): T
  /** The pseudonym shown for a customer (its own name when the viewer reads it in full). */
  customerLabel(customer: string): string
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
// Spellings a name takes in markup and URLs, so a response is clean whatever its format.
const forms = (alias: string) =>
  new Set([
    alias,
    escapeHtml(alias),
    alias.replace(/'/g, '&#x27;'),
    encodeURIComponent(alias),
    alias.replace(/ /g, '+'),
  ])

/**
 * A pseudonymiser for `viewer`: every name variant of each customer it does not read in full
 * (display name, slug, short forms, aliases, domains) and those customers' FDE authors become a
 * stable pseudonym ("a bank (C-7F3A)"; domains "c-7f3a.example"; authors "an FDE (P-91C2)").
 * Variants that are also variants of the viewer's own customers are kept. Matching is
 * case-insensitive; short variants and people's names must stand as whole words.
 * @example createPseudonymiser(book, viewer).text('Meridian saw this too') // → 'a bank (C-7F3A) saw this too'
 */
export function createPseudonymiser(book: NameBook, viewer: Viewer): Pseudonymiser {
  const identity: Pseudonymiser = {
    active: false,
    text: (s) => s,
    query: (s) => s,
    value: (v) => v,
    customerLabel: (c) => c,
  }
  if (!needsPseudonyms(viewer)) return identity
  const own = new Set<string>()
  for (const c of book.customers) {
    if (!readsInFull(viewer, c.key)) continue
    own.add(c.key)
    own.add(c.display.toLowerCase())
    for (const a of c.aliases) own.add(a.alias.toLowerCase())
  }
  const replacement = new Map<string, string>()
  const codes = new Map<string, string>()
  const labels = new Map<string, string>()
  const wholeWord = new Set<string>()
  for (const c of book.customers) {
    if (readsInFull(viewer, c.key)) continue
    const p: Pseudonym = customerPseudonym(book.secret, c)
    labels.set(c.key, p.label)
    for (const a of [{ alias: c.display, kind: 'name' as const }, ...c.aliases]) {
      if (own.has(a.alias.toLowerCase())) continue
      const code = p.code.toLowerCase()
      const to =
        a.kind === 'author'
          ? authorPseudonym(book.secret, a.alias).label
          : a.kind === 'domain'
            ? a.alias.includes('.')
              ? `${code}.example`
              : code
            : a.kind === 'slug'
              ? code
              : p.label
      for (const f of forms(a.alias)) {
        const key = f.toLowerCase()
        if (replacement.has(key)) continue
        replacement.set(key, to)
        codes.set(key, p.code.replace('-', ''))
        if (a.kind === 'author' || f.length < 5) wholeWord.add(key)
      }
    }
  }
  if (replacement.size === 0)
    return { ...identity, active: true, customerLabel: (c) => labels.get(c.toLowerCase()) ?? c }
  // Longest first, so "Meridian Trust Bank" wins over "Meridian".
  const keys = [...replacement.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b))
  const alternatives = keys.map((k) => (wholeWord.has(k) ? `${escapeRe(k)}(?![\\p{L}\\p{N}])` : escapeRe(k)))
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})`, 'giu')
  const text = (s: string) => s.replace(pattern, (m) => replacement.get(m.toLowerCase()) ?? m)
  const value = <T>(v: T): T => walk(v, text) as T
  const query = (s: string) => s.replace(pattern, (m) => codes.get(m.toLowerCase()) ?? m)
  return { active: true, text, query, value, customerLabel: (c) => labels.get(c.toLowerCase()) ?? text(c) }
}

function walk(v: unknown, text: (s: string) => string): unknown {
  if (typeof v === 'string') return text(v)
  if (Array.isArray(v)) return v.map((x) => walk(x, text))
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), walk(x, text)]))
  }
  return v
}
