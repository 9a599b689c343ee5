/**
 * A document's date from wherever people write it. Precedence (first that yields a real calendar day
 * wins): a date the caller already found in frontmatter / HTML meta / an e-mail `Date:` header >
 * a date in the file name > a folder named as a date > a date line near the top of the body >
 * a relative heading ("Today:", "this morning") anchored on an absolute timestamp in the text >
 * any absolute date later in the body > the file modification time (a last resort, recorded as such).
 */
import * as chrono from 'chrono-node'
import type { DateSource } from '../schemas/document.ts'
import { bodyLines, type Mention, mentions, RELATIVE_DAY, slashConvention } from './date-mentions.ts'
import { dateFromPath, yearFromPath } from './date-path.ts'
import { isoDate } from './infer.ts'

export { hasWrittenDate } from './date-mentions.ts'
export { dateFromPath, yearFromPath } from './date-path.ts'

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

/** Resolve a mention's missing year: nearest other dated mention, else the path, else (headlines only) the weekday. */
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
  // Nothing to anchor on: a headline date takes the latest year its weekday fits (any year when it
  // names none) up to the file time; a yearless date in prose is too weak to guess from.
  if (m.rank !== 0) return null
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
