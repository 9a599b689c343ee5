/**
 * Resolve a document's metadata from everything the format parser found: frontmatter (and its
 * aliases), HTML meta, e-mail headers, the path, and cues in the headings and the opening lines.
 */
import type { DocumentType, Severity, SourceFormat, Warning } from '../schemas/document.ts'
import { type DateSource, type FoundDate, findDate, hasWrittenDate } from './dates.ts'
import { type FrontmatterFields, parseSeverity, warning } from './frontmatter.ts'
import {
  bylineAuthor,
  dayOf,
  emailHeaders,
  labelledValue,
  metaDate,
  senderName,
  signedFirstName,
} from './headers.ts'
import { customerFromPath, typeFromHeadings, typeFromName, typeFromPath } from './infer.ts'

/** What metadata resolution looks at. */
export interface MetaInput {
  path: string
  format: SourceFormat
  fields: FrontmatterFields
  /** HTML `<meta>` pairs (empty for other formats). */
  meta: Record<string, string>
  body: string
  headings: string[]
  /** The title the document will carry. */
  title: string
  mtime: Date
}

/** Resolved metadata plus the warnings its resolution raised. */
export interface ResolvedMeta {
  customer: string
  type: DocumentType
  date: string
  dateSource: DateSource
  author: string | null
  severity: Severity | null
  warnings: Warning[]
}

/** Lines at the top of the body searched for labels and bylines. */
const HEAD_LINES = 25

function headLines(body: string): string[] {
  return body
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^\|?[\s:|-]+\|?$/.test(l))
    .slice(0, HEAD_LINES)
}

/** A title that names the document an incident write-up. */
const INCIDENT_TITLE = /\b(?:post[\s-]?mortem|incident(?: report| review)?|outage|INC-\d+)\b/i
/** A severity line near the top: `Severity: SEV-2`, `**Sev 3**`, `| Severity | Sev 1 |`. */
const SEVERITY_CUE = /\b(?:sev(?:erity)?)\s*[:|]?\s*(?:sev[\s_-]?)?([1-4])\b/i

function bodySeverity(head: string[]): Severity | null {
  const labelled = labelledValue(head, /^severity$/i)
  const fromLabel = labelled === null ? null : parseSeverity(labelled)
  if (fromLabel) return fromLabel
  for (const line of head) {
    const m = SEVERITY_CUE.exec(line.replace(/[*_`|]+/g, ' '))
    if (m) return `sev${m[1]}` as Severity
  }
  return null
}

/** The author from HTML meta: `author`, else any `*author`/`*creator` name (`ms.author`, `dc.creator`). */
function metaAuthor(meta: Record<string, string>): string | null {
  const key = 'author' in meta ? 'author' : Object.keys(meta).find((k) => /(?:author|creator)$/.test(k))
  const value = key === undefined ? '' : (meta[key] ?? '').trim()
  return value === '' ? null : value
}

function declaredDate(input: MetaInput, mail: Record<string, string> | null): FoundDate | null {
  const { fields } = input
  if (fields.date) {
    return {
      date: fields.date,
      source: 'frontmatter',
      evidence: `${fields.dateKey ?? 'date'}: ${fields.date}`,
    }
  }
  const fromMeta = metaDate(input.meta)
  if (fromMeta) return { date: fromMeta.date, source: 'html-meta', evidence: `<meta ${fromMeta.key}>` }
  const mailDate = mail?.date === undefined ? null : dayOf(mail.date)
  if (mailDate && mail) return { date: mailDate, source: 'email-header', evidence: `Date: ${mail.date}` }
  return null
}

/**
 * Resolve customer, type, date (with how it was found), author and severity. Customer:
 * frontmatter > first folder > a `Customer:`/`Client:` line. Type: frontmatter > content (incident
 * headings, an incident title, a severity line) > folder. Severity only for incidents.
 */
export function resolveMeta(input: MetaInput): ResolvedMeta {
  const { path, fields } = input
  const warnings: Warning[] = []
  const head = headLines(input.body)
  const mail = input.format === 'text' ? emailHeaders(input.body) : null

  let customer =
    fields.customer ??
    customerFromPath(path) ??
    labelledValue(head, /^(?:customer|client|account)$/i)?.replace(/\s*\(.*$/, '')
  if (!customer) {
    warnings.push(warning('customer-missing', path, 'no customer in frontmatter or folder; using "Unknown"'))
    customer = 'Unknown'
  }

  const cueSeverity = bodySeverity(head)
  const incidentByContent =
    typeFromHeadings(input.headings) ??
    (INCIDENT_TITLE.test(input.title) || cueSeverity !== null || fields.severity !== null ? 'incident' : null)
  // A wiki export (HTML) with no other cue is reference material, not a field report.
  const formatDefault = input.format === 'html' ? 'integration-doc' : null
  let type =
    fields.type ?? incidentByContent ?? typeFromPath(path) ?? typeFromName(input.title, path) ?? formatDefault
  if (!type) {
    const text = 'no type given nor inferable from headings or folders; using field-report'
    warnings.push(warning('type-inferred', path, text))
    type = 'field-report'
  }
  const severity = fields.severity ?? (type === 'incident' ? cueSeverity : null)

  let author =
    fields.author ??
    metaAuthor(input.meta) ??
    (mail?.from ? senderName(mail.from) : null) ??
    bylineAuthor(head)
  if (author === null) {
    author = signedFirstName(input.body.split('\n'), hasWrittenDate)
    if (author !== null) {
      const text = `author "${author}" taken from a signature; expanded when another document names them in full`
      warnings.push(warning('author-first-name', path, text))
    }
  }

  const found = findDate({ path, body: input.body, mtime: input.mtime, declared: declaredDate(input, mail) })
  const hasBadDate = fields.warnings.some((w) => w.code === 'date-invalid')
  if (found.source === 'filename' || found.source === 'path') {
    warnings.push(
      warning('date-from-filename', path, `no date given; using ${found.date} from the file name`),
    )
  } else if (found.source === 'body' || found.source === 'relative') {
    warnings.push(
      warning('date-from-body', path, `no date given; using ${found.date} from "${found.evidence}"`),
    )
  } else if (found.source === 'mtime' && !hasBadDate) {
    const fix = 'add `date:` frontmatter or a date in the file name'
    warnings.push(
      warning('date-from-mtime', path, `no date found; using the file modification time (${fix})`),
    )
  }
  return { customer, type, date: found.date, dateSource: found.source, author, severity, warnings }
}
