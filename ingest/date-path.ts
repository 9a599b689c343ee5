/** Dates and years a document's path gives away (`site-report-2026-11-20.md`, `team/2026/09/`). */
import type { FoundDate } from './dates.ts'
import { isoDate } from './infer.ts'

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
