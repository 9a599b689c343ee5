/**
 * Readable pattern titles without a model. Candidates are the members' document titles (which in
 * incident write-ups usually name the problem), their section headings and their sentences; a
 * candidate must read as a complete title (title-text.ts) and carry the pattern's distinctive
 * terms. Problem, impact and root-cause sections speak for the pattern more than fixes do, text
 * naming a symptom ("rejected", "timed out", "stalled") more than a description of how something
 * works, and members close to the centre more than outliers. Headings many documents share
 * ("Root cause") say nothing; text naming one of the pattern's customers, or a proper noun only
 * one of them uses, is nobody's in common. Titles are de-duplicated across patterns, best-ranked
 * first; without a usable candidate the terms stand in, in readable form ("Data loss · server").
 */
import type { SectionKind } from '../schemas/document.ts'
import { contentTerms, lemma, nameWords } from './terms.ts'
import { candidates, headingTitle, readable, type TitleCandidate, type TitleSource } from './title-text.ts'

/** One member chunk as titling needs it. */
export interface TitleMember {
  documentId: number
  headingPath: readonly string[]
  text: string
  customer: string
  /** Similarity to the pattern centre. */
  similarity: number
  /** Section kind of the chunk, when known. */
  sectionKind?: SectionKind
}

const SOURCE_WEIGHT: Record<TitleSource, number> = { document: 2, heading: 1.5, sentence: 1 }

// A fix section names the remedy ("Schema back in the request"), not the problem.
const KIND_WEIGHT: Partial<Record<SectionKind, number>> = {
  problem: 1.2,
  impact: 1.1,
  'root-cause': 1,
  'edge-case': 0.9,
  workaround: 0.6,
  fix: 0.5,
}

/** Lemma keys of words that name a symptom: general English, not any corpus's vocabulary. */
const SYMPTOMS = new Set(
  `fail failure error reject refus drop lost lose loss miss missing break broke broken crash outage down
  timeout stall stuck hang hung slow latency leak exhaust full overflow spike degrad unavailable deny denied
  expire expired truncat corrupt corruption duplicat wrong invalid mismatch conflict ignor skip empty
  stale throttl limit exceed wrongly incorrect incorrectly unexpected silent silently twice flood read-only
  outdat lag delay delayed dropp overload overloaded cascad inconsistent garbl double doubled triple repeat`
    .split(/\s+/)
    .filter(Boolean)
    .map(lemma),
)

// Negations and excess name a symptom too: "can't see", "no longer", "too long".
const NEGATIVE =
  /\b(?:not|no longer|never|cannot|can't|couldn't|doesn't|didn't|won't|isn't|wasn't|aren't|weren't|nothing|too (?:long|many|much|slow|large|big|few|short|late|often))\b/i

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
 * The terms as a fallback title: phrases first, then words they do not contain, two at most; two
 * words that `texts` write as a phrase at least twice ("control plane") count as one.
 * @example termsTitle(['server', 'data loss', 'leak']) // 'Data loss · server'
 */
export function termsTitle(terms: readonly string[], texts: readonly string[] = []): string {
  const phrases = terms.filter((t) => t.includes(' '))
  const words = terms.filter((t) => !t.includes(' ') && !phrases.some((p) => p.split(' ').includes(t)))
  const lower = texts.map((t) => t.toLowerCase().replace(/\s+/g, ' '))
  const written = (p: string) =>
    lower.filter((t) => new RegExp(`(?<![\\p{L}])${p}(?![\\p{L}])`, 'u').test(t)).length >= 2
  const items = [...phrases, ...words]
  for (let i = phrases.length; i + 1 < items.length; i += 1) {
    const pair = `${items[i]} ${items[i + 1]}`
    if (/^[\p{L}\p{N} -]+$/u.test(pair) && written(pair)) items.splice(i, 2, pair)
  }
  const s = items.slice(0, 2).join(' · ')
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** Lowercase words naming a customer: the words of its name and its initials ("GPSU"). */
function customerWords(customer: string): Set<string> {
  const words = nameWords(customer)
  const initials = [...words].filter((w) => w.length > 2 || words.size <= 2).map((w) => w[0])
  if (initials.length >= 2) words.add(initials.join(''))
  return words
}

/** Capitalised words (not the first) of `text`, lowercased: names of products, places, people. */
function properNouns(text: string): string[] {
  return text
    .split(' ')
    .slice(1)
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w.toLowerCase().replace(/[^\p{L}\p{N}-]/gu, ''))
}

interface Group {
  members: readonly TitleMember[]
  /** Distinctive terms, most distinctive first (more than the listed ones help rank candidates). */
  terms: readonly string[]
}

function scoreGroup(g: Group, generic: ReadonlySet<string>): [string, number][] {
  const names = new Set(g.members.flatMap((m) => [...customerWords(m.customer)]))
  // Which customers use each word: a proper noun only one of them writes is that one's own.
  const users = new Map<string, Set<string>>()
  for (const m of g.members) {
    const who = m.customer.toLowerCase()
    for (const w of `${m.headingPath.join(' ')} ${m.text}`.toLowerCase().split(/[^\p{L}\p{N}-]+/u)) {
      const set = users.get(w) ?? new Set<string>()
      set.add(who)
      users.set(w, set)
    }
  }
  const weights = g.terms.map((t, k) => ({
    keys: contentTerms(t).map((x) => x.key),
    weight: g.terms.length - k,
  }))
  const fits = g.members.map((m) => m.similarity).sort((a, b) => a - b)
  const median = fits[Math.floor((fits.length - 1) / 2)] ?? 0
  const scored = new Map<string, number>()
  for (const m of g.members) {
    for (const c of candidates(m)) {
      // Sentences only from members at least as central as the median; titles from any member.
      if (c.source === 'sentence' && m.similarity < median) continue
      const score = scoreCandidate(c, m.similarity)
      if (score === 0) continue
      const key = c.text.charAt(0).toUpperCase() + c.text.slice(1)
      scored.set(key, Math.max(scored.get(key) ?? 0, score))
    }
  }
  return [...scored]

  function scoreCandidate(c: TitleCandidate, similarity: number): number {
    if (!readable(c.text) || generic.has(c.text.toLowerCase())) return 0
    // A short sentence about "the" something leans on its context ("The graphs didn't fit": which?).
    if (c.source === 'sentence' && c.text.split(' ').length < 5 && /^the\b/i.test(c.text)) return 0
    const terms = contentTerms(c.text)
    if (terms.some((t) => names.has(t.surface))) return 0
    const keys = new Set(terms.map((t) => t.key))
    let cover = 0
    let hits = 0
    for (const w of weights) {
      if (w.keys.length > 0 && w.keys.every((k) => keys.has(k))) {
        cover += w.weight
        hits += 1
      }
    }
    // A document title stands for a whole document: it must carry two of the pattern's terms.
    if (hits === 0 || (c.source === 'document' && hits < 2)) return 0
    const symptom = terms.some((t) => SYMPTOMS.has(t.key)) || NEGATIVE.test(c.text)
    // A sentence that names no symptom describes how things work, not what went wrong.
    if (c.source === 'sentence' && !symptom) return 0
    const own = properNouns(c.text).some((w) => (users.get(w)?.size ?? 0) === 1) ? 0.5 : 1
    const numbers = /\d/.test(c.text) ? 0.7 : 1
    const kind = c.source === 'document' ? 1 : (KIND_WEIGHT[c.kind ?? 'root-cause'] ?? 0.8)
    // Shorter is better down to about six words; below that a title tends to lose its object.
    const words = Math.max(6, c.text.split(' ').length)
    return (
      (cover *
        SOURCE_WEIGHT[c.source] *
        kind *
        (symptom ? 1.5 : 1) *
        own *
        numbers *
        Math.max(similarity, 0.05) ** 2) /
      (1 + words / 12)
    )
  }
}

/**
 * One title per group (in the given order, best first), de-duplicated; `fallback[i]` where no
 * member offers a usable title.
 * @example patternTitles([{ members, terms: ['pool', 'pgbouncer'] }], genericHeadings(chunks), ['Pool · pgbouncer'])
 */
export function patternTitles(
  groups: readonly Group[],
  generic: ReadonlySet<string>,
  fallback: readonly string[],
): string[] {
  const used = new Set<string>()
  return groups.map((g, i) => {
    const ranked = scoreGroup(g, generic).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    const pick = ranked.find(([t]) => !used.has(t.toLowerCase()))?.[0] ?? fallback[i]!
    used.add(pick.toLowerCase())
    return pick
  })
}
