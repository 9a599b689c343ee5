import type { DocumentType, SectionKind } from '../schemas/document.ts'
import { headingKind } from './sections/classify.ts'

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** `YYYY-MM-DD` for a real calendar date, `null` otherwise (e.g. 2026-02-30). */
export function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day))
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null
  return d.toISOString().slice(0, 10)
}

/**
 * Normalise a date to `YYYY-MM-DD`, or `null`. Accepts `Date` objects (their UTC day), ISO-like
 * strings `2026-10-01`, `2026/10/01`, `2026.10.01` (a trailing time is ignored: the day as written
 * wins over time zones), and English `Oct 1, 2026` / `1 October 2026`.
 * @example parseDate('Oct 1, 2026') // → '2026-10-01'
 */
export function parseDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10)
  if (typeof value !== 'string') return null
  const text = value.trim().toLowerCase()
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[t\s])/.exec(text)
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))
  const monthFirst = /^([a-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(text)
  const dayFirst = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,})\.?,?\s+(\d{4})$/.exec(text)
  const [monthName, day, year] = monthFirst
    ? [monthFirst[1], monthFirst[2], monthFirst[3]]
    : dayFirst
      ? [dayFirst[2], dayFirst[1], dayFirst[3]]
      : []
  const month = MONTHS.indexOf(monthName?.slice(0, 3) ?? '')
  return month < 0 ? null : isoDate(Number(year), month + 1, Number(day))
}

/**
 * Title-case a folder slug: hyphens/underscores become spaces, each word capitalised.
 * @example titleCase('acme-logistics') // → 'Acme Logistics'
 */
export function titleCase(slug: string): string {
  return slug
    .split(/[-_\s]+/)
    .filter((w) => w !== '')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ')
}

/**
 * The customer implied by the path: the first folder under the ingest root, skipping a leading
 * `customers`/`customer` folder; `null` for a file with no such folder.
 * @example customerFromPath('customers/acme-logistics/incidents/x.md') // → 'Acme Logistics'
 */
export function customerFromPath(path: string): string | null {
  const folders = path.split('/').slice(0, -1)
  const first = /^customers?$/i.test(folders[0] ?? '') ? folders[1] : folders[0]
  const name = first === undefined ? '' : titleCase(first)
  return name === '' ? null : name
}

/**
 * A readable title from a file name: extension and a leading `YYYY-MM-DD` date dropped, separators
 * turned into spaces, first letter capitalised; never empty.
 * @example titleFromFileName('incidents/2026-10-01-api_outage.md') // → 'Api outage'
 */
export function titleFromFileName(path: string): string {
  const name = (path.split('/').pop() ?? '').replace(/\.[^.]+$/, '')
  if (/^\d{4}-\d{2}-\d{2}$/.test(name)) return name
  const words = name
    .replace(/^\d{4}-\d{2}-\d{2}(?=[-_\s])/, '')
    .replace(/[-_\s]+/g, ' ')
    .trim()
  const title = words === '' ? name.trim() : words
  return title === '' ? 'Untitled' : title.charAt(0).toUpperCase() + title.slice(1)
}

// The sections only an incident write-up has; the section classifier names them.
const INCIDENT_KINDS: ReadonlySet<SectionKind> = new Set<SectionKind>([
  'impact',
  'timeline',
  'root-cause',
  'fix',
])

/**
 * `incident` when at least two distinct incident section kinds (impact, timeline, root cause, fix)
 * are named by the headings ({@link headingKind}), else `null`.
 */
export function typeFromHeadings(headings: string[]): DocumentType | null {
  const kinds = new Set(headings.map(headingKind).filter((k) => k !== null && INCIDENT_KINDS.has(k)))
  return kinds.size >= 2 ? 'incident' : null
}

const FOLDER_TYPES: Record<string, DocumentType> = {
  incident: 'incident',
  incidents: 'incident',
  postmortem: 'incident',
  postmortems: 'incident',
  'post-mortems': 'incident',
  integration: 'integration-doc',
  integrations: 'integration-doc',
  'integration-docs': 'integration-doc',
  runbook: 'integration-doc',
  runbooks: 'integration-doc',
  docs: 'integration-doc',
  howto: 'integration-doc',
  'how-to': 'integration-doc',
  howtos: 'integration-doc',
  guides: 'integration-doc',
  playbooks: 'integration-doc',
  wiki: 'integration-doc',
  'field-report': 'field-report',
  'field-reports': 'field-report',
  reports: 'field-report',
  weekly: 'field-report',
}

/**
 * The type implied by the deepest folder with a telling name (`incidents/`, `runbooks/`, `reports/`…),
 * or `null`.
 * @example typeFromPath('customers/acme/postmortems/x.md') // → 'incident'
 */
export function typeFromPath(path: string): DocumentType | null {
  const folders = path.split('/').slice(0, -1).reverse()
  for (const folder of folders) {
    const type = FOLDER_TYPES[folder.toLowerCase().replace(/[\s_]+/g, '-')]
    if (type) return type
  }
  return null
}

/** Words in a title or file name that mark a how-to / integration write-up. */
const DOC_WORDS =
  /(?:^|[^a-z])(?:how[\s_-]?to|runbook|playbook|guide|setup|set[\s_-]up|getting (?:started|\w+ access)|conventions|integration|access model|reference)(?:$|[^a-z])/i

/**
 * `integration-doc` when the title or file name reads like a how-to (`howto`, `runbook`, `guide`,
 * `conventions`, `integration`, `getting … access`), else `null`.
 * @example typeFromName('Runbook: mailbox ingestion', 'x/mailbox.html') // → 'integration-doc'
 */
export function typeFromName(title: string, path: string): DocumentType | null {
  const name = (path.split('/').pop() ?? '').replace(/\.[^.]+$/, '')
  return DOC_WORDS.test(title) || DOC_WORDS.test(name) ? 'integration-doc' : null
}
