/**
 * Metadata a document states outside frontmatter: e-mail headers at the top of a text file, HTML
 * `<meta>` tags, and labelled lines near the top of the body (`Author: …`, `Customer: …`, bylines).
 */
import * as chrono from 'chrono-node'
import { isoDate, parseDate } from './infer.ts'

/** Header lines at the very top of a saved e-mail, names lower-cased; `null` when it is not one. */
export function emailHeaders(text: string): Record<string, string> | null {
  const block = text.replace(/^\s+/, '').split(/\n[ \t]*\n/)[0] ?? ''
  const headers: Record<string, string> = {}
  let last = ''
  for (const line of block.split('\n')) {
    const folded = /^[ \t]+\S/.test(line)
    const m = /^([A-Za-z][A-Za-z-]{0,30}):[ \t]*(.*)$/.exec(line)
    if (folded && last !== '') headers[last] += ` ${line.trim()}`
    else if (m) {
      last = m[1]!.toLowerCase()
      headers[last] ??= m[2]!.trim()
    } else return null
  }
  // A real message has a sender or a date, plus a recipient or a subject.
  const looksLikeMail = ('from' in headers || 'date' in headers) && ('to' in headers || 'subject' in headers)
  return looksLikeMail ? headers : null
}

/**
 * The calendar day a header or meta value names, as written (an RFC 2822 `Wed, 16 Sep 2026 23:50
 * -0300` stays the 16th: the writer's day, not UTC's).
 * @example dayOf('Wed, 16 Sep 2026 14:22:07 +0200') // → '2026-09-16'
 */
export function dayOf(value: string): string | null {
  const direct = parseDate(value)
  if (direct) return direct
  const r = chrono.en.GB.parse(value)[0]
  const s = r?.start
  if (!s?.isCertain('year') || !s.isCertain('month') || !s.isCertain('day')) return null
  return isoDate(s.get('year') ?? 0, s.get('month') ?? 0, s.get('day') ?? 0)
}

/** HTML meta names that carry the page's own date, most telling first. */
const META_DATE_KEYS = [
  'date',
  'created',
  'dcterms.created',
  'dc.date',
  'dc.date.created',
  'article:published_time',
  'published',
  'creation-date',
  'citation_date',
  'last-modified',
  'dcterms.modified',
  'article:modified_time',
]

/** The page date from HTML meta, with the meta name it came from. */
export function metaDate(meta: Record<string, string>): { date: string; key: string } | null {
  for (const key of META_DATE_KEYS) {
    const value = meta[key]
    const date = value === undefined ? null : dayOf(value)
    if (date) return { date, key }
  }
  return null
}

/** A display name from `"Devon Marsh" <devon@x.example>` or `devon@x.example (Devon Marsh)`. */
export function senderName(from: string): string | null {
  const name = from
    .replace(/<[^>]*>/g, '')
    .replace(/\(([^)]*)\)/, ' $1 ')
    .replace(/\S+@\S+/g, '')
    .replace(/["']/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  return name === '' ? null : name
}

const NAME = "(\\p{Lu}[\\p{L}'’-]+(?:\\s+(?:\\p{Lu}[\\p{L}'’-]+|van|von|de|da|der|den|du|le)){1,3})"
const BYLINE = [
  new RegExp(`^(?:author|owner|written by|prepared by|reported by)\\s*[:|]\\s*${NAME}`, 'iu'),
  new RegExp(`^(?:created|written|posted|authored) by\\s+${NAME}`, 'u'),
  new RegExp(`^by\\s+${NAME}`, 'u'),
]

/** A labelled value (`Label: value` or a table row `| Label | value |`) among the first lines. */
export function labelledValue(head: string[], labels: RegExp): string | null {
  for (const raw of head) {
    const line = raw.replace(/[*_`]+/g, '').trim()
    const m = /^\|?\s*([^:|]{2,30}?)\s*[:|]\s*([^|]+?)\s*\|?\s*$/.exec(line)
    if (m && labels.test(m[1]!.trim())) return m[2]!.trim()
  }
  return null
}

/** The author named by a byline or an `Author:`/`Owner:` line among the first lines. */
export function bylineAuthor(head: string[]): string | null {
  for (const raw of head) {
    const line = raw
      .replace(/^[#>\s|*_]+/, '')
      .replace(/[*_]+/g, '')
      .replace(/\s*\|\s*/g, ': ')
      .trim()
    for (const re of BYLINE) {
      const m = re.exec(line)
      if (m) return m[1]!.trim()
    }
  }
  return null
}

const FIRST_NAME = /^\p{Lu}\p{Ll}{1,19}$/u

/**
 * A first name the writer signed with: a lone name line just under the date line at the top
 * (`Camila`), a lone name as the last line (a sign-off), or an opening `Jonah. …`, `Jonah, covering
 * for …`, `Oliver's notes`. Only a first name: storage expands it to the full name another document
 * gives (`reconcileAuthors`).
 */
export function signedFirstName(lines: string[], isDateLine: (line: string) => boolean): string | null {
  const text = lines.map((l) => l.replace(/^[-–—\s]+/, '').trim()).filter((l) => l !== '')
  for (let i = 1; i < Math.min(text.length, 4); i++) {
    if (FIRST_NAME.test(text[i]!) && isDateLine(text[i - 1]!)) return text[i]!
  }
  const last = text.at(-1) ?? ''
  if (text.length > 3 && FIRST_NAME.test(last)) return last
  const opening = text.slice(1, 4).find((l) => !l.startsWith('#') && !isDateLine(l)) ?? ''
  const m = /^(\p{Lu}\p{Ll}{1,19})(?:'s notes\b|\.\s+\p{Lu}|,\s+\p{Ll})/u.exec(opening)
  return m ? m[1]! : null
}
