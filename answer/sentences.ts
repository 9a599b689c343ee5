/** Sentence splitting and query-overlap scoring for extractive answers (pure, no database). */

import { segmentSentences } from '../lib/sentences.ts'

// Function words carry no topic; a short list is enough because idf does the real weighting.
const STOP = new Set(
  'a an and are as at be but by can do does did for from had has have how i if in into is it its of on or our so than that the their them then there these they this to was we were what when where which who why will with you your not no yes any all'.split(
    ' ',
  ),
)

/** Markdown and list punctuation removed, whitespace collapsed: text fit to quote in a sentence. */
export function plain(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|[-*+]|\d+[.)]|>)\s+/gm, '')
    .replace(/\|/g, ' ')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * Split text into sentences with `Intl.Segmenter`, after turning markdown list items and lines
 * into sentence ends of their own (a bullet list has no full stops).
 * @example splitSentences('- Proxy re-signs TLS\n- Fix: add the CA') // ['Proxy re-signs TLS.', 'Fix: add the CA.']
 */
export function splitSentences(text: string): string[] {
  const lines = text
    .replace(/```[\s\S]*?```/g, '\n')
    .split(/\n+/)
    .map(plain)
    .filter((l) => l.length > 0)
  const out: string[] = []
  for (const line of lines) {
    const closed = /[.!?:;)"'”]$/.test(line) ? line : `${line}.`
    for (const s of segmentSentences(closed)) {
      const t = s.trim()
      if (t.length > 0) out.push(t)
    }
  }
  return out
}

/** A crude english stem (lowercase, common suffixes off): enough to match "timeouts" to "timeout". */
export function stem(word: string): string {
  const w = word.toLowerCase()
  if (w.length <= 4) return w
  return w.replace(/(ations?|ings?|edly|ed|es|s|ly)$/, '').slice(0, 7)
}

/** The topic words of a text, stemmed, function words dropped. */
export function topicWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}_-]*/gu) ?? [])
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map(stem)
}

/**
 * How well a sentence answers the query: the share of distinct query words it contains, with a
 * small preference for sentences of readable length.
 */
export function sentenceScore(sentence: string, queryWords: ReadonlySet<string>): number {
  if (queryWords.size === 0) return 0
  const words = new Set(topicWords(sentence))
  let hit = 0
  for (const q of queryWords) if (words.has(q)) hit += 1
  const len = sentence.length
  const shape = len < 30 ? 0.5 : len > 400 ? 0.7 : 1
  return (hit / queryWords.size + 0.05) * shape
}

/** A sentence shortened to at most `max` characters at a word boundary. */
export function trimSentence(sentence: string, max = 320): string {
  if (sentence.length <= max) return sentence
  const cut = sentence.slice(0, max)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))} …`
}
