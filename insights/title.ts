/**
 * Readable pattern titles without a model: the member heading or opening sentence that best
 * carries the pattern's distinctive terms, from members close to the centre. Headings that many
 * documents share ("Root cause", "Fix") say nothing and are skipped; so is any text naming one of
 * the pattern's customers (a cross-customer pattern is nobody's in particular). Titles are
 * de-duplicated across patterns, best-ranked pattern first.
 */
import { excerpt } from './excerpt.ts'
import { contentTerms, nameWords } from './terms.ts'

/** One member chunk as titling needs it. */
export interface TitleMember {
  documentId: number
  headingPath: readonly string[]
  text: string
  customer: string
  /** Similarity to the pattern centre. */
  similarity: number
}

/** Longest title, in words. */
const MAX_WORDS = 14

function clean(text: string): string {
  return text
    .replace(/[*_`#>[\]]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:[-*•]|\d+[.)])\s*/, '')
    .replace(/\s*\($/, '')
}

/** The specific part of a heading: "Gotcha: paths longer than 260" → "paths longer than 260". */
function headingTitle(heading: string): string {
  const h = clean(heading)
  const colon = h.indexOf(': ')
  const tail = colon >= 0 ? h.slice(colon + 2) : ''
  return tail.split(' ').length >= 3 ? tail : h
}

/** The first sentence of `text`, or its first clause when the sentence is too long. */
function openingSentence(text: string): string {
  const first = clean(excerpt(text, 400)).split(/(?<=[.!?])\s+/)[0] ?? ''
  if (first.split(' ').length <= MAX_WORDS) return first.replace(/[.!?]$/, '')
  const clause = first.split(/[,;:—–]\s|\s-\s/)[0] ?? ''
  return clause.split(' ').length >= 4 && clause.split(' ').length <= MAX_WORDS ? clause : ''
}

function capitalise(s: string): string {
  // A clause cut inside brackets leaves an opening one: drop it with what follows.
  const open = s.lastIndexOf('(')
  const t = open > 0 && s.indexOf(')', open) < 0 ? s.slice(0, open).trimEnd() : s
  return t.charAt(0).toUpperCase() + t.slice(1)
}

/**
 * Headings (lowercased) that appear in at least `min` documents: section names, not content.
 * @example genericHeadings([{ documentId: 1, headingPath: ['Doc', 'Root cause'] }, …])
 */
export function genericHeadings(
  chunks: readonly { documentId: number; headingPath: readonly string[] }[],
  min = 3,
): Set<string> {
  const docs = new Map<string, Set<number>>()
  for (const c of chunks) {
    for (const h of c.headingPath.slice(1)) {
      const key = headingTitle(h).toLowerCase()
      const set = docs.get(key) ?? new Set<number>()
      set.add(c.documentId)
      docs.set(key, set)
    }
  }
  return new Set([...docs].filter(([, d]) => d.size >= min).map(([k]) => k))
}

/**
 * One title per group (in the given order, best first), de-duplicated; `fallback[i]` where no
 * member offers a usable title.
 * @example patternTitles([{ members, terms: ['pool', 'pgbouncer'] }], genericHeadings(chunks), ['pool · pgbouncer'])
 */
export function patternTitles(
  groups: readonly { members: readonly TitleMember[]; terms: readonly string[] }[],
  generic: ReadonlySet<string>,
  fallback: readonly string[],
): string[] {
  const used = new Set<string>()
  return groups.map((g, i) => {
    const names = new Set(g.members.flatMap((m) => [...nameWords(m.customer)]))
    const weights = g.terms.map((t, k) => ({
      keys: contentTerms(t).map((x) => x.key),
      weight: g.terms.length - k,
    }))
    const scored = new Map<string, number>()
    // Only members at least as central as the median speak for the pattern.
    const fits = g.members.map((m) => m.similarity).sort((a, b) => a - b)
    const median = fits[Math.floor((fits.length - 1) / 2)] ?? 0
    for (const m of g.members) {
      if (m.similarity < median) continue
      const inner = m.headingPath.slice(1).at(-1)
      const candidates: [string, number][] = [[openingSentence(m.text), 1]]
      if (inner) candidates.push([headingTitle(inner), 1.5])
      for (const [text, bonus] of candidates) {
        const words = text.split(' ').filter(Boolean)
        if (words.length < 3 || words.length > MAX_WORDS || generic.has(text.toLowerCase())) continue
        const terms = contentTerms(text)
        if (terms.some((t) => names.has(t.surface.toLowerCase()))) continue
        const keys = new Set(terms.map((t) => t.key))
        const cover = weights.reduce(
          (n, w) => n + (w.keys.length > 0 && w.keys.every((k) => keys.has(k)) ? w.weight : 0),
          0,
        )
        if (cover === 0) continue
        const score = (cover * bonus * Math.max(m.similarity, 0.05) ** 2) / (1 + words.length / 12)
        const key = capitalise(text)
        scored.set(key, Math.max(scored.get(key) ?? 0, score))
      }
    }
    const ranked = [...scored].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    const pick = ranked.find(([t]) => !used.has(t.toLowerCase()))?.[0] ?? fallback[i]!
    used.add(pick.toLowerCase())
    return pick
  })
}
