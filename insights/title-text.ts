/**
 * Candidate title texts of one member chunk and the checks that keep fragments out: the document
 * title, the section heading and the chunk's sentences, cleaned of markdown and of leading
 * discourse ("Done:", "Three things stacked up:", "Also, …"). A title a PM reads must be a
 * complete, impersonal phrase: no question, no first person, no dangling preposition, no
 * unbalanced quote or bracket, no code identifiers.
 */
import type { SectionKind } from '../schemas/document.ts'

/** Longest title, in words. */
export const MAX_WORDS = 12

/** Where a candidate comes from. */
export type TitleSource = 'document' | 'heading' | 'sentence'

/** One candidate: its text, where it comes from and the kind of the chunk it was found in. */
export interface TitleCandidate {
  text: string
  source: TitleSource
  kind: SectionKind | undefined
}

/** Markdown markers out, whitespace collapsed, list bullets and numbers dropped. */
export function clean(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*`#>[\]]+/g, '')
    .replace(/(^|\s)_+|_+(?=\s|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:[-*•]|\d+[.)])\s*/, '')
    .replace(/\s*\($/, '')
}

/**
 * The specific part of a heading: "Gotcha: paths longer than 260" → "paths longer than 260";
 * a lead-in before a colon ("Postmortem:", "Done:", "Three things stacked up:") says nothing.
 */
export function headingTitle(heading: string): string {
  const h = clean(heading)
  const colon = h.indexOf(': ')
  const tail = colon >= 0 ? h.slice(colon + 2) : ''
  return tail.split(' ').length >= 3 ? tail : h
}

// Openers that make a sentence depend on what came before, or a heading a question.
const DEPENDENT_START =
  /^(?:what|why|how|when|where|who|which|whether|due|with|without|because|since|and|but|or|so|then|this|that|these|those|it|its|they|there|here|if|as|also|still|now|after|before|while|once|in|on|at|for|from|to|by|of|about|a few|another|other|some|same|see|note|done|next)(?![\w-])/i
const PERSONAL = /(?<![\w-])(?:we|our|ours|us|i|my|me|you|your|let's)(?![\w-])/i
const DANGLING =
  /(?<![\w-])(?:a|an|the|of|to|in|on|at|for|from|by|with|and|or|but|as|than|that|which|into|onto|over|under|about|is|are|was|were|be|been|not|no|its|their|our)$/i
const CODE = /[_=<>{}\\|]|\w\/\w|\w\.\w+\(|https?:|\bINC-?\d/i
const DISCOURSE =
  /^(?:also|so|then|however|meanwhile|still|finally|basically|in short|in the end|in fact|again)\b[,:]?\s*/i

function balanced(s: string): boolean {
  const count = (re: RegExp) => (s.match(re) ?? []).length
  return (
    count(/\(/g) === count(/\)/g) &&
    count(/"/g) % 2 === 0 &&
    count(/“/g) === count(/”/g) &&
    count(/(?<!\w)'|'(?!\w)/g) % 2 === 0
  )
}

/** True when `text` reads as a complete, impersonal title of 3 to {@link MAX_WORDS} words. */
export function readable(text: string): boolean {
  const words = text.split(' ').filter(Boolean)
  if (words.length < 3 || words.length > MAX_WORDS) return false
  if (DEPENDENT_START.test(text) || PERSONAL.test(text) || CODE.test(text)) return false
  if (DANGLING.test(text.replace(/[.!?,;:]+$/, '')) || !balanced(text)) return false
  // An all-capitals heading is a shouted section name, not a title.
  return text !== text.toUpperCase()
}

/** `text` without leading discourse and a short lead-in before a colon. */
export function stripLeadIn(text: string): string {
  let t = text.replace(DISCOURSE, '')
  const colon = t.indexOf(': ')
  if (colon > 0 && t.slice(0, colon).split(' ').length <= 4) t = t.slice(colon + 2)
  // A trailing aside ("(fix in progress)") is a status, not part of the problem.
  return t
    .replace(/[.!?;:,]+$/, '')
    .replace(/\s*\([^()]*\)$/, '')
    .trim()
}

/** Sentences of a chunk's prose (code, tables and headings inside the text left out), or clauses of long ones. */
export function sentences(text: string, max = 800): string[] {
  const prose = text
    .replace(/```[\s\S]*?(```|$)/g, '\n')
    .split('\n')
    .filter((l) => !/^\s*(?:#|\|)/.test(l))
    .join('\n')
  // Cut at the last sentence end before `max`: a sentence cut mid-word is no title.
  const head = prose.length <= max ? prose : prose.slice(0, max).replace(/[^.!?\n]*$/, '')
  const out: string[] = []
  for (const line of head.split(/\n+/)) {
    for (const raw of clean(line).split(/(?<=[.!?])\s+/)) {
      const s = stripLeadIn(raw)
      if (s.split(' ').length <= MAX_WORDS) out.push(s)
      else {
        // A long sentence offers its main clause when that is a sentence of its own.
        const clause = s.split(/[,;:—–]\s|\s-\s/)[0] ?? ''
        const n = clause.split(' ').length
        if (n >= 4 && n <= MAX_WORDS) out.push(clause)
      }
    }
  }
  return out.filter(Boolean)
}

/** Candidate titles of one member chunk. */
export function candidates(member: {
  headingPath: readonly string[]
  text: string
  sectionKind?: SectionKind
}): TitleCandidate[] {
  const kind = member.sectionKind
  const out: TitleCandidate[] = []
  const doc = member.headingPath[0]
  if (doc) out.push({ text: stripLeadIn(headingTitle(doc)), source: 'document', kind })
  const inner = member.headingPath.slice(1).at(-1)
  if (inner) out.push({ text: stripLeadIn(headingTitle(inner)), source: 'heading', kind })
  for (const s of sentences(member.text)) out.push({ text: s, source: 'sentence', kind })
  return out
}
