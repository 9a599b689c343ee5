/**
 * Pseudonymises end users' names: a person named next to a date of birth, an id number or a
 * medical/financial detail becomes `[REDACTED:person]` wherever the name recurs in the text.
 * Names on author lines (`author:`, `From:`, `Written by`) are the FDEs' own and are kept.
 */
import { createRequire } from 'node:module'
import type nlpType from 'compromise'
import { placeholder } from './rule.ts'

// The identity kinds that make a nearby name personal data; their placeholders are already in the
// text when this pass runs, so the anchor is the placeholder itself.
const ANCHOR =
  /\[REDACTED:(?:date-of-birth|member-id|national-id|us-ssn|uk-ni-number|passport-number|iban|payment-card)\]|\b(?:diagnos(?:is|ed)|prescription|prescribed[ \t]+(?:medication|medicine|drugs?)|medication|allerg(?:y|ic)|pregnan(?:t|cy)|HIV|chemotherapy|medical condition|disabilit(?:y|ies)|salary|overdraft|arrears|credit score|bankrupt(?:cy)?)\b/gi
const WINDOW = 400
// O'Neill, McDonald, Jean-Luc.
const CAP = String.raw`\p{Lu}(?:['’]\p{Lu})?\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)?`
const PARTICLE = '(?:de|da|do|dos|das|van|von|der|den|ter|le|la|di|del|du|bin|al|el)'
const NAME = String.raw`${CAP}(?:[ \t]+(?:${PARTICLE}[ \t]+)?${CAP}){1,3}`
// `Name: Margriet Hoekstra`, `Patient: …`, `Passenger name - …` on a line of their own.
const LABELLED = new RegExp(
  String.raw`^[ \t>*-]*(?:full[ \t]+)?(?:name|customer|client|passenger|patient|member|cardholder|account[ \t]+holder|holder|applicant|student|employee|seller|buyer|guest|traveller|traveler|insured|policyholder|contact|user)(?:[ \t]+name)?[ \t]*[:=-][ \t]*(?<name>${NAME})[ \t]*$`,
  'gimu',
)
// Any `Label: Two Words` line (`Requester:`, `Nom:`); kept when the value reads as a person's name.
const ANY_LABEL = new RegExp(String.raw`^[ \t>*-]*\p{L}[\p{L} ]{0,24}:[ \t]*(?<name>${NAME})[ \t]*$`, 'gmu')
// A name directly before the anchor: `Kwame Mensah (DOB …)`, `Kwame Mensah, CPF …`.
const BEFORE_ANCHOR = new RegExp(
  String.raw`(?<name>${NAME})(?=[ \t]*[,(]?[ \t]*(?:[\p{L}.]+[ \t]*){0,4}[:#]?[ \t]*\[REDACTED:)`,
  'gu',
)
// A name right after the anchor: `SSN 219-09-9999 belongs to Gareth Evans`.
const AFTER_ANCHOR = new RegExp(
  String.raw`\[REDACTED:[a-z-]+\][^\n\[]{0,40}?\b(?:belongs[ \t]+to|of|for|holder|by|from|is)[ \t]+(?<name>${NAME})`,
  'gu',
)
// The sentence holding an anchor: any capitalised name in it is a candidate (`The caller, Priya
// Raman, gave her SSN …`), kept only when it reads as a person (plausibleName).
// ANCHOR is global (stateful lastIndex); this copy tests without state.
const HAS_ANCHOR = new RegExp(ANCHOR.source, 'i')
const SENTENCE_END = /[.!?](?=\s)|\n/gu
const NAME_IN_TEXT = new RegExp(`(?<![\\p{L}\\p{N}])${NAME}(?![\\p{L}\\p{N}])`, 'gu')
const AUTHOR_LINE =
  /^[ \t>*-]*(?:author|authors|owner|fde|from|to|cc|reply-to|reporter|written by|prepared by|reviewed by|reviewer)\b[^\n]*$/gim
const NOT_A_PERSON =
  /\b(?:University|College|School|Hospital|Bank|Inc|Ltd|LLP|GmbH|AG|Corp|Corporation|Company|Team|Support|Service|Services|Cloud|Club|Airlines?|Group|Office|Platform|Assistant|Date|Birth|Number|Fire|Dispatch|Department|Dept|County|State|Park|Forest|Lake|River|Creek|Peak|Valley|Station|Center|Centre|Area|Road|Street|Airport|Agency|Council|Ministry|Police|Technologies|Systems|Solutions|Labs)\b/u

type Nlp = typeof nlpType
let nlpInstance: Nlp | undefined
/** The NLP library, loaded on first use (most documents never name an end user). */
function nlp(): Nlp {
  if (!nlpInstance) {
    const mod = createRequire(import.meta.url)('compromise') as Nlp | { default: Nlp }
    nlpInstance = 'default' in mod ? mod.default : mod
  }
  return nlpInstance
}

/** Text windows around every anchor, merged where they overlap. */
function regions(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (const m of text.matchAll(ANCHOR)) {
    // The anchor's paragraph, at most WINDOW characters either side.
    const before = text.slice(Math.max(0, m.index - WINDOW), m.index)
    const blankBefore = before.search(/\n[ \t]*\n(?![\s\S]*\n[ \t]*\n)/)
    const from = m.index - before.length + (blankBefore < 0 ? 0 : blankBefore + 1)
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + WINDOW)
    const blankAfter = after.search(/\n[ \t]*\n/)
    const to = m.index + m[0].length + (blankAfter < 0 ? after.length : blankAfter)
    const prev = out[out.length - 1]
    if (prev && from <= prev[1]) prev[1] = to
    else out.push([from, to])
  }
  return out
}

/** The sentences of `region` that hold an anchor. */
function anchorSentences(region: string): string[] {
  const out: string[] = []
  let start = 0
  for (const end of [...[...region.matchAll(SENTENCE_END)].map((m) => m.index + 1), region.length]) {
    const sentence = region.slice(start, end)
    if (HAS_ANCHOR.test(sentence)) out.push(sentence)
    start = end
  }
  return out
}

/** True when the NLP model tags `name` as a person (not a place or organisation). */
function readsAsPerson(name: string): boolean {
  const doc = nlp()(name)
  return doc.people().found && !doc.has('(#Organization|#Place)')
}

const PERSON_TAGS = new Set(['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName', 'Honorific'])

/** The NLP lexicon's tags for a lower-case word, if it knows the word. */
function lexiconTags(word: string): string[] | undefined {
  const model = nlp().model() as { one: { lexicon: Record<string, string | string[] | undefined> } }
  const tags = model.one.lexicon[word.toLowerCase()]
  return tags === undefined ? undefined : [tags].flat()
}

const isPersonWord = (word: string): boolean => lexiconTags(word)?.some((t) => PERSON_TAGS.has(t)) ?? false
const isCommonWord = (word: string): boolean => lexiconTags(word) !== undefined && !isPersonWord(word)

/**
 * The candidate as a person's name, or null: leading common words are dropped (`Passenger Anna
 * Kowalski`), then it must start with a known first name or hold no common word at all (`Passport
 * No` holds the expression "no"; most surnames are unknown to the lexicon) and name no organisation.
 */
function plausibleName(candidate: string): string | null {
  const words = candidate.split(/\s+/)
  while (words.length > 2 && isCommonWord(words[0]!)) words.shift()
  const name = words.join(' ')
  if (NOT_A_PERSON.test(name)) return null
  return isPersonWord(words[0]!) || !words.some(isCommonWord) ? name : null
}

/** The end users' names found around anchors, minus those on author lines. */
export function findPersonNames(text: string): string[] {
  const spans = regions(text)
  if (spans.length === 0) return []
  const kept = new Set<string>()
  for (const m of text.matchAll(AUTHOR_LINE)) for (const w of m[0].match(/\p{Lu}\p{Ll}+/gu) ?? []) kept.add(w)
  const names = new Set<string>()
  for (const [from, to] of spans) {
    const region = text.slice(from, to)
    for (const m of region.matchAll(LABELLED)) names.add(m.groups!.name!)
    for (const m of region.matchAll(ANY_LABEL)) {
      const name = readsAsPerson(m.groups!.name!) ? m.groups!.name! : plausibleName(m.groups!.name!)
      if (name) names.add(name)
    }
    const guesses = [
      ...[...region.matchAll(BEFORE_ANCHOR), ...region.matchAll(AFTER_ANCHOR)].map((m) => m.groups!.name!),
      ...anchorSentences(region).flatMap((s) => [...s.matchAll(NAME_IN_TEXT)].map((m) => m[0])),
      ...(nlp()(region).people().out('array') as string[]).map((p) =>
        p.replace(/^(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+/, '').replace(/[^\p{L}'’-]+$/u, ''),
      ),
    ]
    for (const guess of guesses) {
      const name = new RegExp(`^${NAME}$`, 'u').test(guess) ? plausibleName(guess) : null
      if (name) names.add(name)
    }
  }
  return [...names].filter(
    (name) => !NOT_A_PERSON.test(name) && !name.split(/\s+/).every((w) => kept.has(w) || w.length < 3),
  )
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Replaces every found name (also as `M. Surname` and the bare surname) by a placeholder. */
export function pseudonymiseNames(text: string): { text: string; count: number } {
  const names = findPersonNames(text)
  if (names.length === 0) return { text, count: 0 }
  const forms = new Set<string>()
  for (const name of names) {
    const words = name.split(/\s+/)
    const surname = words[words.length - 1]!
    forms.add(name)
    forms.add(`${words[0]![0]}. ${surname}`)
    if (surname.length >= 4) forms.add(surname)
  }
  const alternation = [...forms]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')
  let count = 0
  const out = text.replace(
    new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation})(?![\\p{L}\\p{N}])`, 'gu'),
    () => {
      count++
      return placeholder('person')
    },
  )
  return { text: out, count }
}
