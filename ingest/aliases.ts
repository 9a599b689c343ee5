import {
  type CustomerAlias,
  type CustomerEvidence,
  customerEvidence,
  replaceCustomerAliases,
} from '../storage/customer-aliases.ts'
import type { Queryable } from '../storage/db.ts'

// Words that name no one in particular: never a short form on their own.
const GENERIC = new Set(
  `the and of for inc ltd llc plc gmbh co company corp corporation group holdings services systems
  solutions international global national bank banking trust health healthcare network hospital
  retail insurance mutual manufacturing freight logistics industries partners st saint new
  first united general american european`
    .split(/\s+/)
    .filter(Boolean),
)

const DOMAIN = /\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)*\.[a-z]{2,24}\b/gi

/** `St. Aldric Health Network` → `st-aldric-health-network` (the corpus's folder convention). */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const foundIn = (texts: readonly string[], phrase: string) => {
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(phrase)}(?![\\p{L}\\p{N}])`, 'iu')
  return texts.some((t) => re.test(t))
}

/** The words of a name that identify it: not generic, at least four letters. */
export function distinctiveWords(display: string): string[] {
  return display.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4 && !GENERIC.has(w.toLowerCase()))
}

/**
 * Every spelling of one customer worth replacing for viewers outside it: display name (with and
 * without dots), slug and ingest folders, frontmatter aliases, leading word groups of the name and
 * initials found in its documents, its first distinctive word, web/e-mail domains in its documents
 * that contain a distinctive word, and its authors (full name, and first name when used in its text).
 */
export function buildAliases(c: CustomerEvidence): CustomerAlias[] {
  const out = new Map<string, CustomerAlias>()
  const add = (alias: string, kind: CustomerAlias['kind']) => {
    const a = alias.trim()
    if (a.length < 3 || out.has(a.toLowerCase())) return
    out.set(a.toLowerCase(), { alias: a, kind })
  }
  add(c.display, 'name')
  add(c.display.replace(/\./g, ''), 'name')
  add(slugify(c.display), 'slug')
  for (const f of c.folders) add(f, 'slug')
  for (const a of c.frontmatterAliases) add(a, 'frontmatter')
  const words = c.display.split(/\s+/).filter(Boolean)
  for (let n = words.length - 1; n >= 1; n--) {
    const prefix = words.slice(0, n).join(' ')
    if (distinctiveWords(prefix).length === 0) continue
    for (const form of new Set([prefix, prefix.replace(/\./g, '')])) {
      if (foundIn(c.texts, form)) add(form, 'short')
    }
    add(slugify(prefix), 'slug')
  }
  const distinct = distinctiveWords(c.display)
  if (distinct[0]) add(distinct[0], 'short')
  const initials = words.map((w) => w.replace(/[^\p{L}]/gu, '')[0] ?? '').join('')
  if (initials.length >= 3 && foundIn(c.texts, initials)) add(initials, 'short')
  const tokens = distinct.map((w) => w.toLowerCase())
  for (const text of c.texts) {
    for (const domain of text.match(DOMAIN) ?? []) {
      const lower = domain.toLowerCase()
      if (!tokens.some((t) => lower.includes(t))) continue
      add(lower, 'domain')
      for (const label of lower.split('.')) if (tokens.some((t) => label.includes(t))) add(label, 'domain')
    }
  }
  for (const author of c.authors) {
    add(author, 'author')
    const first = author.split(/\s+/)[0] ?? ''
    if (author.includes(' ') && first.length >= 3 && c.texts.some((t) => t.includes(first)))
      add(first, 'author')
  }
  return [...out.values()]
}

/**
 * Rebuild `customer_aliases` from what the store holds (run after every ingest and delete), so
 * rendering for scoped viewers knows every spelling of every customer. Returns the number stored.
 */
export async function refreshCustomerAliases(db: Queryable): Promise<number> {
  const evidence = await customerEvidence(db)
  return replaceCustomerAliases(
    db,
    evidence.map((c) => ({ key: c.key, aliases: buildAliases(c) })),
  )
}
