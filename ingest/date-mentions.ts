/** Day-and-month mentions in body lines, found by chrono-node, with where they sit and how labelled. */
import type * as chrono from 'chrono-node'

/** Lines of the body searched for a headline date. */
export const HEAD_LINES = 40
/** Labels after which a date is a deadline or a follow-up, not the document's own date. */
const NOT_OWN_DATE =
  /\b(?:due|deadline|next|follow[\s-]?ups?|target|until|expires?|eta|review by|by when|revisit|planned)\b/i
/** Words that make a heading or opening line describe the day it was written. */
export const RELATIVE_DAY = /\b(?:today|tonight|this (?:morning|afternoon|evening)|earlier today)\b/i

/** A day written out: with a month name (`17 Jul`, `July 17th`) or all in numbers (`17/07/2026`). */
const WRITTEN_DATE =
  /\d{1,2}(?:st|nd|rd|th)?\.?\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?!\d)|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/i

/** Whether a line writes out a day (`19/08/2026 (Wed)`, `Mon 14 Sep 2026`). */
export function hasWrittenDate(line: string): boolean {
  return WRITTEN_DATE.test(line)
}

/** A date mention found by chrono, with where it sits. */
export interface Mention {
  year: number | null
  month: number
  day: number
  weekday: number | null
  text: string
  line: string
  /** 0 = headline/labelled date line, 1 = prose. */
  rank: 0 | 1
  /** Character offset in the body, to find the nearest other date. */
  offset: number
}

/**
 * Slash dates (`05/08/2026`) are day-first unless the document shows otherwise: any slash date
 * whose second number exceeds 12 (`08/19/2026`) and none whose first does makes it month-first.
 */
export function slashConvention(body: string): 'day-first' | 'month-first' {
  let dayFirst = false
  let monthFirst = false
  for (const m of body.matchAll(/\b(\d{1,2})\/(\d{1,2})\/\d{2,4}\b/g)) {
    if (Number(m[1]) > 12) dayFirst = true
    if (Number(m[2]) > 12) monthFirst = true
  }
  return monthFirst && !dayFirst ? 'month-first' : 'day-first'
}

/**
 * Whether the text before a date is a label (`Date:`, `Last reviewed`, `Written`, `Sev 3,`) rather
 * than prose (`On 1 July the index…`, `since 3 May`): at most three words, no leading preposition.
 */
function isLabel(prefix: string): boolean {
  const text = prefix.replace(/^[\s\-+•]+/, '').trim()
  if (text === '') return true
  if (/^(?:on|since|from|by|until|till|before|after|in|at|during|around|for|to|and|or)\b/i.test(text))
    return false
  return /^[\p{L}\d][\p{L}\d ,/()-]*[:|,]?$/u.test(text) && text.split(/\s+/).length <= 3
}

/** Strip markdown decoration so `# **Date:** 1 May` reads as `Date: 1 May`. */
function plain(line: string): string {
  return line
    .replace(/[#*_`>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Every day-and-month date mention in `lines` (times, months alone and relative words are not). */
export function mentions(
  lines: { text: string; offset: number; heading: boolean }[],
  parser: chrono.Chrono,
  reference: Date,
): Mention[] {
  const out: Mention[] = []
  for (const { text, offset, heading } of lines) {
    const line = plain(text)
    if (line === '') continue
    for (const r of parser.parse(line, { instant: reference, timezone: 'UTC' })) {
      const s = r.start
      if (!s.isCertain('day') || !s.isCertain('month')) continue
      // Relative words ("now", "end of August") name no day; a bare `1.2` or `3/4` is too often a
      // version or a ratio: require a written day number plus a year or a month name.
      if (!WRITTEN_DATE.test(r.text)) continue
      // chrono folds a leading "on"/"since" into the match; it belongs to the label.
      const label = line.slice(0, r.index) + (/^[a-z]+\s/i.exec(r.text)?.[0] ?? '')
      if (NOT_OWN_DATE.test(label)) continue
      const labelled = heading || isLabel(label)
      out.push({
        year: s.isCertain('year') ? (s.get('year') ?? null) : null,
        month: s.get('month') ?? 0,
        day: s.get('day') ?? 0,
        weekday: s.isCertain('weekday') ? (s.get('weekday') ?? null) : null,
        text: r.text,
        line,
        rank: labelled ? 0 : 1,
        offset: offset + r.index,
      })
    }
  }
  return out
}

/** Body lines with their offsets, split into the opening part (code fences skipped) and the rest. */
export function bodyLines(body: string) {
  const head: { text: string; offset: number; heading: boolean }[] = []
  const rest: typeof head = []
  const code: typeof head = []
  let offset = 0
  let fenced = false
  let seen = 0
  for (const text of body.split('\n')) {
    const isFence = /^\s*(?:```|~~~)/.test(text)
    if (isFence) fenced = !fenced
    const entry = { text, offset, heading: /^\s{0,3}#/.test(text) || (seen === 0 && text.trim() !== '') }
    if (fenced || isFence || /^ {4}|\t/.test(text)) code.push(entry)
    else if (text.trim() !== '' && seen++ < HEAD_LINES) head.push(entry)
    else rest.push(entry)
    offset += text.length + 1
  }
  return { head, rest, code }
}
