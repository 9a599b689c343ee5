/**
 * Secrets and identity data in tables: a column whose header names a secret or an identity field
 * (`| user | password |`, `| Name | DOB | SSN |`), or a row whose first cell does
 * (`| Password | S3cret! |`). A name column is only personal data when the table also holds an
 * identity field. HTML tables arrive here as the same pipe rows, since the normalised view writes
 * each `<tr>` as a line and each cell as ` | …`.
 */
import type { RedactionKind, ScanRule } from './rule.ts'
import { isPlaceholderValue } from './validators.ts'

const HEADERS: ReadonlyArray<[RedactionKind, RegExp]> = [
  [
    'password',
    /^(?:[\w .-]{0,24}[ _.-])?(?:passw(?:or)?d|passphrase|passcode|pwd|pin|secret|client[ _]secret|token|api[ _-]?key|access[ _-]?key|secret[ _-]?key|credentials?)(?:[ _]\([\w ]{0,16}\))?$/i,
  ],
  ['date-of-birth', /^(?:date[ _]of[ _]birth|d\.?o\.?b\.?|birth[ _]?date|born|birthday)$/i],
  ['us-ssn', /^(?:ssn|social[ _]security(?:[ _](?:number|no\.?))?)$/i],
  ['passport-number', /^passport(?:[ _](?:number|no\.?|#))?$/i],
  [
    'national-id',
    /^(?:cpf|cnpj|national[ _]id(?:[ _]number)?|tax[ _]id|ni[ _]number|nino|national[ _]insurance(?:[ _]number)?|bsn|dni|nif)$/i,
  ],
  [
    'member-id',
    /^(?:(?:member(?:ship)?|loyalty|frequent[ _-]?flyer|club|patient|policy|insurance|student|customer)[ _](?:id|no\.?|number|#)|mrn)$/i,
  ],
  [
    'person',
    /^(?:(?:full|customer|passenger|patient|member|guest|client|seller|buyer)?[ _]?name|passenger|patient|customer|guest)$/i,
  ],
]
const DELIMITER_ROW = /^[\s|:-]+$/

interface Cell {
  start: number
  end: number
  text: string
}

type Span = [number, number, RedactionKind]

/** The trimmed cells of one pipe row, with offsets into the line's text. */
function cells(text: string, offset: number): Cell[] {
  const out: Cell[] = []
  let from = 0
  for (let bar = text.indexOf('|'); ; bar = text.indexOf('|', from)) {
    const to = bar < 0 ? text.length : bar
    const raw = text.slice(from, to)
    const lead = raw.length - raw.trimStart().length
    const value = raw.trim()
    out.push({ start: offset + from + lead, end: offset + from + lead + value.length, text: value })
    if (bar < 0) return out
    from = bar + 1
  }
}

/** The kind a header cell names, if any. */
function headerKind(cell: Cell | undefined): RedactionKind | null {
  const text = cell?.text.replace(/[*`]/g, '').replace(/:$/, '').trim() ?? ''
  return text === '' ? null : (HEADERS.find(([, re]) => re.test(text))?.[0] ?? null)
}

/** A value worth redacting for `kind`: ids and dates need a digit, names need letters. */
function isValue(cell: Cell | undefined, kind: RedactionKind): cell is Cell {
  if (cell === undefined || cell.text === '' || isPlaceholderValue(cell.text) || headerKind(cell))
    return false
  if (kind === 'person') return /^\p{Lu}[\p{L}'’. -]+$/u.test(cell.text) && cell.text.includes(' ')
  return kind === 'password' || /\d/.test(cell.text)
}

// A first row of plain words (`User | Password | Notes`) is a header, not a key-value row.
const wordsOnly = (row: Cell[]): boolean => row.every((c) => /^[A-Za-z][A-Za-z ()/_.-]*$|^$/.test(c.text))

/** The secret/identity cells of one table (its pipe rows, in order). */
function scanTable(rows: Cell[][], headerFollowedByDelimiter: boolean): Span[] {
  const spans: Span[] = []
  const first = rows[0]!
  const columns = new Map<number, RedactionKind>()
  const firstKinds = first.map(headerKind)
  const isHeader = firstKinds.some((k) => k !== null) && (headerFollowedByDelimiter || wordsOnly(first))
  if (isHeader) {
    for (const [i, k] of firstKinds.entries()) if (k) columns.set(i, k)
  }
  const pairs = rows.flatMap((row) => row.slice(0, -1).map((c, i) => [headerKind(c), row[i + 1]!] as const))
  // Names are personal data here only beside an identity field.
  const identity = [...columns.values(), ...pairs.map(([k]) => k)].some(
    (k) => k !== null && k !== 'password' && k !== 'person',
  )
  for (const [r, row] of rows.entries()) {
    if (r === 0 && isHeader) continue
    for (const [i, kind] of columns) {
      const cell = row[i]
      if ((kind !== 'person' || identity) && isValue(cell, kind)) spans.push([cell.start, cell.end, kind])
    }
    for (let i = 0; i + 1 < row.length; i++) {
      const kind = headerKind(row[i])
      const value = row[i + 1]
      if (kind && !columns.has(i + 1) && (kind !== 'person' || identity) && isValue(value, kind)) {
        spans.push([value.start, value.end, kind])
      }
    }
  }
  return spans
}

/** Finds the cells to redact in every pipe table of `text`. */
function scanTables(text: string): Span[] {
  const spans: Span[] = []
  let rows: Cell[][] = []
  let delimited = false
  let offset = 0
  const flush = () => {
    if (rows.length > 0) spans.push(...scanTable(rows, delimited))
    rows = []
    delimited = false
  }
  for (const line of text.split('\n')) {
    const lineStart = offset
    offset += line.length + 1
    if (!line.includes('|')) flush()
    else if (DELIMITER_ROW.test(line)) delimited ||= rows.length === 1
    else rows.push(cells(line, lineStart))
  }
  flush()
  return spans.sort((a, b) => a[0] - b[0])
}

/** The table rule; each span carries its own kind. */
export const TABLE_RULE: ScanRule = { kind: 'password', scan: scanTables }
