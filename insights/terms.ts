/**
 * Content terms of a text: lowercased words, stop words and redaction placeholders removed, each
 * reduced to a crude lemma key (plural, -ing/-ed and trailing -e stripped) so "throttled",
 * "throttling" and "throttle" share one key. Keys are for matching only; labels show the most
 * frequent surface form of a key. Deterministic and dependency-free.
 */

/** English function words plus field-note filler that says nothing about a problem. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are aren as at be because been before being
  below between both but by can cannot could couldn did didn do does doesn doing don down during each etc
  few for from further had hadn has hasn have haven having he her here hers herself him himself his how
  however i if in into is isn it its itself just let ll me more most mustn my myself no nor not now of off
  on once only or other ought our ours ourselves out over own per re same shan she should shouldn so some
  such than that the their theirs them themselves then there these they this those through to too under
  until up upon us ve very via was wasn we were weren what when where which while who whom why will with
  won would wouldn yet you your yours yourself yourselves one two three four five six seven eight nine
  ten first second third new old get got getting gets go goes going went gone make made makes making
  take took taken use used uses using see seen saw say said says like still already even much many every
  e g eg ie i.e e.g vs via within without around across back well really way ways thing things lot lots
  day days week weeks today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday
  am pm utc est pst cet tl dr tldr fyi todo n/a na`
    .split(/\s+/)
    .filter(Boolean),
)

// A word starts with a letter that does not continue a number ("4th" is not "th").
const WORD = /(?<![\p{L}\p{N}])\p{L}[\p{L}\p{N}]*/gu
const PLACEHOLDER = /\[REDACTED:[a-z0-9-]+\]/gi
const VOWEL = /[aeiouy]/
const BREAK = /[\n.!?;:,()[\]{}|]/

/**
 * The lemma key of a lowercase word.
 * @example lemma('throttling') === lemma('throttled') // both 'throttl'
 */
export function lemma(word: string): string {
  let w = word
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1)
  if (w.length > 5 && w.endsWith('ing') && VOWEL.test(w.slice(0, -3))) w = undoubled(w.slice(0, -3))
  else if (w.length > 4 && w.endsWith('ed') && VOWEL.test(w.slice(0, -2))) w = undoubled(w.slice(0, -2))
  else if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1)
  return w
}

// "running" → "runn" → "run"; keep "ll"/"ss"/"zz" ("install", "pass") as English writes them.
function undoubled(stem: string): string {
  const n = stem.length
  return n > 3 && stem[n - 1] === stem[n - 2] && !/[lsz]/.test(stem[n - 1]!) ? stem.slice(0, -1) : stem
}

/** One content word: its lemma key and the form it was written in. */
export interface Term {
  key: string
  surface: string
  /**
   * Position among all words of the text (stop words included, punctuation counting as a gap), so
   * phrases can be told from words that merely follow each other.
   */
  position: number
}

/**
 * Content words of `text` in order. `exclude` holds extra lowercase words to drop (e.g. the
 * customer's own name, which would otherwise make every chunk of a customer look alike).
 * @example contentTerms('The pool was exhausted') // [{key:'pool',…}, {key:'exhaust',…}]
 */
export function contentTerms(text: string, exclude: ReadonlySet<string> = new Set()): Term[] {
  const out: Term[] = []
  let position = -1
  let end = 0
  const lower = text.replace(PLACEHOLDER, ' ').toLowerCase()
  for (const match of lower.matchAll(WORD)) {
    const surface = match[0]
    // Punctuation or a line break between two words means they were not written as a phrase.
    position += BREAK.test(lower.slice(end, match.index)) ? 2 : 1
    end = match.index + surface.length
    if (surface.length < 2 || surface.length > 40 || STOP_WORDS.has(surface) || exclude.has(surface)) continue
    out.push({ key: lemma(surface), surface, position })
  }
  return out
}

/** Lowercase words of a customer name, used as a per-customer stop list. */
export function nameWords(name: string): Set<string> {
  return new Set(name.toLowerCase().match(WORD) ?? [])
}
