/**
 * A document's date from wherever people write it. Precedence (first that yields a real calendar day
 * wins): a date the caller already found in frontmatter / HTML meta / an e-mail `Date:` header >
 * a date in the file name > a folder named as a date > a date line near the top of the body >
 * a relative heading ("Today:", "this morning") anchored on an absolute timestamp in the text >
 * any absolute date later in the body > the file modification time (a last resort, recorded as such).
 */
import * as chrono from 'chrono-node'
import type { DateSource } from '../schemas/document.ts'
import { isoDate } from './infer.ts'

export type { DateSource }

/** A resolved date, how it was found and the text that gave it away. */
export interface FoundDate {
  date: string
  source: DateSource
  evidence: string
}

/** What the finder looks at. */
export interface DateInput {
  /** Path relative to the ingest root. */
  path: string
  /** Body text (frontmatter removed). */
  body: string
  mtime: Date
  /** A date the format parser found explicitly (frontmatter, HTML meta, e-mail header). */
  declared?: FoundDate | null
}

/** Lines of the body searched for a headline date. */
const HEAD_LINES = 40
/** Labels after which a date is a deadline or a follow-up, not the document's own date. */
const NOT_OWN_DATE =
  /\b(?:due|deadline|next|follow[\s-]?ups?|target|until|expires?|eta|review by|by when|revisit|planned)\b/i
/** Words that make a heading or opening line describe the day it was written. */
const RELATIVE_DAY = /\b(?:today|tonight|this (?:morning|afternoon|evening)|earlier today)\b/i

/** A day written out: with a month name (`17 Jul`, `July 17th`) or all in numbers (`17/07/2026`). */
const WRITTEN_DATE =
  /\d{1,2}(?:st|nd|rd|th)?\.?\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?!\d)|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/i

/**
 * A date in the file name (or, failing that, in a folder name): ISO `2026-11-20`, `2026_11_20`,
 * `2026.11.20` or compact `20261120` anywhere in the name, between non-alphanumerics. Only real
 * calendar days from 1990 to 2099; an upper-case ticket prefix (`INC-20260929`) marks an id, not a
 * date, and a `v` prefix marks a version.
 * @example dateFromPath('ops/20260929-capacity-incident.md') // → { date: '2026-09-29', source: 'filename', … }
 */
export function dateFromPath(path: string): FoundDate | null {
  const parts = path.split('/')
  const name = (parts.pop() ?? '').replace(/\.[^.]+$/, '')
  const inName = dateInName(name)
  if (inName) return { date: inName, source: 'filename', evidence: name }
  for (const folder of parts.reverse()) {
    const inFolder = dateInName(folder)
    if (inFolder) return { date: inFolder, source: 'path', evidence: folder }
  }
  return null
}

const NAME_DATE = /(?<![A-Za-z0-9.])((?:19|20)\d{2})([-_.]?)(\d{2})\2(\d{2})(?![A-Za-z0-9]|\.\d)/g

function dateInName(name: string): string | null {
  for (const m of name.matchAll(NAME_DATE)) {
    const before = name.slice(0, m.index)
    if (/(?:^|[^A-Za-z])(?:[A-Z]{2,}-|v)$/.test(before)) continue
    const date = isoDate(Number(m[1]), Number(m[3]), Number(m[4]))
    if (date) return date
  }
  return null
}

/** The year a path implies: a folder (or file-name part) that is a plausible year, e.g. `team/2026/09/`. */
export function yearFromPath(path: string): number | null {
  const m = /(?:^|[/_-])((?:19|20)\d{2})(?=[/_.-]|$)/.exec(path)
  return m ? Number(m[1]) : null
}

/** A date mention found by chrono, with where it sits. */
interface Mention {
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
function slashConvention(body: string): 'day-first' | 'month-first' {
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
function mentions(
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
function bodyLines(body: string) {
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

/** Resolve a mention's missing year: nearest other dated mention, else the path, else the weekday. */
function complete(m: Mention, all: Mention[], path: string, reference: Date): string | null {
  if (m.year !== null) return isoDate(m.year, m.month, m.day)
  const anchors = all.filter((o) => o.year !== null)
  anchors.sort((a, b) => Math.abs(a.offset - m.offset) - Math.abs(b.offset - m.offset))
  const anchorYear = anchors[0]?.year ?? yearFromPath(path)
  if (anchorYear !== null && anchorYear !== undefined) {
    // "Fri 28 Dec" next to a January date belongs to the year before: pick the closest of three.
    const anchor = Date.UTC(anchorYear, (anchors[0]?.month ?? 7) - 1, anchors[0]?.day ?? 1)
    const years = [anchorYear - 1, anchorYear, anchorYear + 1]
    years.sort(
      (a, b) =>
        Math.abs(Date.UTC(a, m.month - 1, m.day) - anchor) -
        Math.abs(Date.UTC(b, m.month - 1, m.day) - anchor),
    )
    return isoDate(years[0]!, m.month, m.day)
  }
  const refYear = reference.getUTCFullYear()
  for (let y = refYear; y > refYear - 7; y--) {
    const d = isoDate(y, m.month, m.day)
    if (!d || Date.parse(d) > reference.getTime()) continue
    if (m.weekday === null || new Date(d).getUTCDay() === m.weekday) return d
  }
  return null
}

/** The first mention among `ms` that completes to a real day. */
function pick(ms: Mention[], all: Mention[], path: string, reference: Date): FoundDate | null {
  for (const m of ms) {
    const date = complete(m, all, path, reference)
    if (date) return { date, source: 'body', evidence: m.line.slice(0, 120) }
  }
  return null
}

/**
 * Find a document's date by the precedence in this module's header. Always returns a date: the
 * mtime's UTC day with source `mtime` when nothing else is found.
 * @example findDate({ path: 'a/notes.md', body: 'Date: 14 July 2026\n', mtime }).source // → 'body'
 */
export function findDate(input: DateInput): FoundDate {
  if (input.declared) return input.declared
  const named = dateFromPath(input.path)
  if (named) return named
  const reference = Number.isNaN(input.mtime.getTime()) ? new Date() : input.mtime
  const parser = slashConvention(input.body) === 'day-first' ? chrono.en.GB : chrono.en.casual
  const { head, rest, code } = bodyLines(input.body)
  const headMentions = mentions(head, parser, reference)
  const restMentions = mentions(rest, parser, reference)
  const all = [...headMentions, ...restMentions]
  const headline = pick(
    headMentions.filter((m) => m.rank === 0),
    all,
    input.path,
    reference,
  )
  if (headline) return headline
  if (head.some((l) => RELATIVE_DAY.test(l.text))) {
    const stamp = mentions([...code, ...rest], parser, reference).find((m) => m.year !== null)
    const date = stamp ? complete(stamp, all, input.path, reference) : null
    if (stamp && date) return { date, source: 'relative', evidence: stamp.line.slice(0, 120) }
  }
  // Prose dates are weaker: the opening ones first, then any fully written one further down.
  const prose = pick(
    headMentions.filter((m) => m.rank === 1),
    all,
    input.path,
    reference,
  )
  if (prose) return prose
  const late = pick(
    restMentions.filter((m) => m.year !== null),
    all,
    input.path,
    reference,
  )
  if (late) return late
  const day = Number.isNaN(input.mtime.getTime()) ? '1970-01-01' : input.mtime.toISOString().slice(0, 10)
  return { date: day, source: 'mtime', evidence: 'file modification time' }
}
