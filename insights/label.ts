/**
 * Extractive labels by class-based TF-IDF (c-TF-IDF, as in BERTopic): every pattern is one class,
 * everything else one background class. A term's weight in class c is
 * `tf(t, c) / |c| · log(1 + A / f(t))`, where tf counts the term in the class, |c| is the class's
 * term count, A the average term count per class and f(t) the term's count over all classes.
 * Terms are lemma keys (unigrams) and pairs of consecutive content words (bigrams).
 */
import { compareText } from './order.ts'
import { contentTerms, type Term } from './terms.ts'

/** One text of a class: its content words and the customer that wrote it. */
export interface LabelText {
  text: string
  customer: string
}

/** Unigram and bigram keys of a text (bigrams of words written next to each other), with surfaces. */
export function labelTerms(text: string, exclude?: ReadonlySet<string>): Omit<Term, 'position'>[] {
  const words = contentTerms(text, exclude)
  const out: Omit<Term, 'position'>[] = [...words]
  for (let i = 1; i < words.length; i += 1) {
    const a = words[i - 1]!
    const b = words[i]!
    if (a.key !== b.key && b.position === a.position + 1) {
      out.push({ key: `${a.key} ${b.key}`, surface: `${a.surface} ${b.surface}` })
    }
  }
  return out
}

interface ClassBag {
  counts: Map<string, number>
  total: number
  /** Customers using each term (lowercased). */
  customers: Map<string, Set<string>>
  /** Surface forms of each key with their counts. */
  surfaces: Map<string, Map<string, number>>
}

function classBag(texts: readonly LabelText[], exclude: (customer: string) => ReadonlySet<string>): ClassBag {
  const b: ClassBag = { counts: new Map(), total: 0, customers: new Map(), surfaces: new Map() }
  for (const t of texts) {
    const who = t.customer.toLowerCase()
    for (const term of labelTerms(t.text, exclude(t.customer))) {
      b.counts.set(term.key, (b.counts.get(term.key) ?? 0) + 1)
      b.total += 1
      const users = b.customers.get(term.key)
      if (users) users.add(who)
      else b.customers.set(term.key, new Set([who]))
      const forms = b.surfaces.get(term.key)
      if (forms) forms.set(term.surface, (forms.get(term.surface) ?? 0) + 1)
      else b.surfaces.set(term.key, new Map([[term.surface, 1]]))
    }
  }
  return b
}

/**
 * Add the background's counts of the keys already in `counts`, and return its term total. Only
 * terms of the labelled classes need a background count, and a bigram can only be one when both
 * its words are, so most bigram strings are never built.
 */
function countBackground(
  texts: readonly LabelText[],
  exclude: (customer: string) => ReadonlySet<string>,
  counts: Map<string, number>,
): number {
  let total = 0
  for (const t of texts) {
    const words = contentTerms(t.text, exclude(t.customer))
    total += words.length
    for (let i = 0; i < words.length; i += 1) {
      const key = words[i]!.key
      const n = counts.get(key)
      if (n !== undefined) counts.set(key, n + 1)
      const prev = i > 0 && words[i - 1]!.position === words[i]!.position - 1 ? words[i - 1]!.key : undefined
      if (prev === undefined || prev === key) continue
      total += 1
      if (!counts.has(prev) || n === undefined) continue
      const pair = `${prev} ${key}`
      const m = counts.get(pair)
      if (m !== undefined) counts.set(pair, m + 1)
    }
  }
  return total
}

function mostCommon(forms: Map<string, number>): string {
  return [...forms].sort((x, y) => y[1] - x[1] || compareText(x[0], y[0]))[0]![0]
}

/**
 * The `top` most distinctive terms of each class against the others and the background. Terms
 * used by only one customer of a multi-customer class are passed over while enough shared terms
 * exist (a label should name what the customers have in common); see `pick` for how bigrams and
 * their words are reconciled.
 * @example classTerms([[{ text: 'pool exhausted', customer: 'a' }]], [{ text: 'sso', customer: 'b' }])
 */
export function classTerms(
  classes: readonly (readonly LabelText[])[],
  background: readonly LabelText[],
  options: { top?: number; exclude?: (customer: string) => ReadonlySet<string> } = {},
): string[][] {
  const top = options.top ?? 5
  const exclude = options.exclude ?? (() => new Set<string>())
  const bags = classes.map((c) => classBag(c, exclude))
  const frequency = new Map<string, number>()
  for (const b of bags) for (const [k, n] of b.counts) frequency.set(k, (frequency.get(k) ?? 0) + n)
  const backgroundTotal = countBackground(background, exclude, frequency)
  const average = (bags.reduce((s, b) => s + b.total, 0) + backgroundTotal) / (bags.length + 1)
  return classes.map((texts, c) => {
    const b = bags[c]!
    const spread = new Set(texts.map((t) => t.customer.toLowerCase())).size
    const ranked = best(b, SHORTLIST, (key, n) => ({
      key,
      n,
      shared: spread < 2 || b.customers.get(key)!.size >= 2,
      score: (n / Math.max(1, b.total)) * Math.log(1 + average / frequency.get(key)!),
    }))
    return pick(ranked, top).map((k) => mostCommon(b.surfaces.get(k)!))
  })
}

interface Scored {
  key: string
  shared: boolean
  score: number
  /** Occurrences in the class. */
  n: number
}

// Picking 5 labels skips at most a few terms per pick, so the best 40 are always enough; keeping
// only those avoids sorting every term of large classes.
const SHORTLIST = 40

const before = (x: Scored, y: Scored) =>
  x.shared !== y.shared ? x.shared : x.score !== y.score ? x.score > y.score : x.key < y.key

function best(b: ClassBag, size: number, score: (key: string, n: number) => Scored): Scored[] {
  const out: Scored[] = []
  for (const [key, n] of b.counts) {
    const s = score(key, n)
    if (out.length === size && !before(s, out[size - 1]!)) continue
    let i = out.length
    while (i > 0 && before(s, out[i - 1]!)) i -= 1
    out.splice(i, 0, s)
    if (out.length > size) out.pop()
  }
  return out
}

/**
 * The first `top` terms in order. A bigram replaces a chosen word it contains when it accounts for
 * at least half of that word's uses ("balancer" → "load balancer"), and is skipped otherwise or
 * when it overlaps a chosen bigram; a word inside a chosen bigram is skipped.
 */
function pick(ranked: readonly Scored[], top: number): string[] {
  const chosen: Scored[] = []
  const words = (s: Scored) => s.key.split(' ')
  for (const s of ranked) {
    if (chosen.length >= top) break
    const parts = words(s)
    if (parts.length === 1) {
      if (!chosen.some((c) => words(c).includes(s.key))) chosen.push(s)
      continue
    }
    if (chosen.some((c) => c.key.includes(' ') && words(c).some((w) => parts.includes(w)))) continue
    const inside = chosen.filter((c) => parts.includes(c.key))
    if (inside.some((c) => s.n * 2 < c.n)) continue
    if (inside.length === 0) {
      chosen.push(s)
      continue
    }
    chosen.splice(chosen.indexOf(inside[0]!), 1, s)
    if (inside[1]) chosen.splice(chosen.indexOf(inside[1]), 1)
  }
  return chosen.map((c) => c.key)
}
