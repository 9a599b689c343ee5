/**
 * Secrets in tables: a column whose header names a secret (`| user | password |`), or a row whose
 * first cell does (`| Password | S3cret! |`). HTML tables arrive here as the same pipe rows, since
 * the normalised view writes each `<tr>` as a line and each cell as ` | …`.
 */
import type { ScanRule } from './rule.ts'
import { isPlaceholderValue } from './validators.ts'

const SECRET_HEADER =
  /^(?:[\w .-]{0,24}[ _.-])?(?:passw(?:or)?d|passphrase|passcode|pwd|pin|secret|client[ _]secret|token|api[ _-]?key|access[ _-]?key|secret[ _-]?key|credentials?)(?:[ _]\(?[\w ]{0,16}\)?)?$/i
const DELIMITER_ROW = /^[\s|:-]+$/

interface Cell {
  start: number
  end: number
  text: string
}

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

const isHeader = (cell: Cell | undefined): boolean =>
  cell !== undefined && SECRET_HEADER.test(cell.text.replace(/[*_`]/g, '').trim())
const isValue = (cell: Cell | undefined): cell is Cell =>
  cell !== undefined && cell.text !== '' && !isPlaceholderValue(cell.text) && !isHeader(cell)
// A first row of plain words (`User | Password | Notes`) is a header, not a key-value row.
const wordsOnly = (row: Cell[]): boolean => row.every((c) => /^[A-Za-z][A-Za-z ()/_-]*$|^$/.test(c.text))

/** Finds the secret cells of every pipe table in `text`. */
function scanTables(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = []
  let secretColumns: number[] = []
  let first = true
  let offset = 0
  const lines = text.split('\n')
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!
    const lineStart = offset
    offset += line.length + 1
    if (!line.includes('|')) {
      first = true
      secretColumns = []
      continue
    }
    if (DELIMITER_ROW.test(line)) continue
    const row = cells(line, lineStart)
    if (first) {
      first = false
      const headers = row.flatMap((c, i) => (isHeader(c) ? [i] : []))
      if (headers.length > 0 && (DELIMITER_ROW.test(lines[n + 1] ?? '') || wordsOnly(row))) {
        secretColumns = headers
        continue
      }
    }
    for (const column of secretColumns) {
      const cell = row[column]
      if (isValue(cell)) spans.push([cell.start, cell.end])
    }
    for (let i = 0; i + 1 < row.length; i++) {
      const value = row[i + 1]
      if (!secretColumns.includes(i + 1) && isHeader(row[i]) && isValue(value))
        spans.push([value.start, value.end])
    }
  }
  return spans.sort((a, b) => a[0] - b[0])
}

/** The table rule. */
export const TABLE_RULE: ScanRule = { kind: 'password', scan: scanTables }
