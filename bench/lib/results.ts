import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { resultsDir } from './paths.ts'

/** Today's date as `YYYY-MM-DD` (UTC). */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10)
}

/** Paths written by {@link writeResults}. */
export interface WrittenResults {
  json: string
  markdown: string
  latest: string
}

/**
 * Write `<dir>/<base>.json`, `<dir>/<base>.md` and `<dir>/latest-<kind>.md` (the same markdown).
 * `dir` defaults to `bench/results`.
 */
export async function writeResults(
  kind: string,
  base: string,
  data: unknown,
  markdown: string,
  dir = resultsDir,
): Promise<WrittenResults> {
  await mkdir(dir, { recursive: true })
  const json = path.join(dir, `${base}.json`)
  const md = path.join(dir, `${base}.md`)
  const latest = path.join(dir, `latest-${kind}.md`)
  await writeFile(json, `${JSON.stringify(data, null, 2)}\n`)
  await writeFile(md, markdown)
  await writeFile(latest, markdown)
  return { json, markdown: md, latest }
}

/** Align one cell: numbers right, text left. */
type Align = 'left' | 'right'

/**
 * A GitHub markdown table with padded columns; `align[i]` right-aligns column i (for numbers).
 * @example markdownTable(['mode', 'nDCG@10'], [['bm25', '0.665']], ['left', 'right'])
 */
export function markdownTable(header: string[], rows: string[][], align: Align[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const cell = (s: string, i: number) =>
    align[i] === 'right' ? s.padStart(widths[i]!) : s.padEnd(widths[i]!)
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`
  const rule = `|${widths.map((w, i) => (align[i] === 'right' ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`
  return [line(header), rule, ...rows.map(line)].join('\n')
}

/** Format a number with `digits` decimals, or `–` when it is not finite. */
export function fmt(value: number | undefined, digits = 3): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits)
}

/** Format a ratio `a / b` as `1.23×`, or `–` when either side is missing. */
export function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–'
  return `${(a / b).toFixed(2)}×`
}
