/** The ticket model shared by the Jira, Linear and ServiceNow converters, and its markdown. */
import { parse as parseCsv } from 'csv-parse/sync'
import { ParseError } from '../../../lib/errors.ts'
import { type FieldMap, findKey, type MappableField, mapValue } from '../../field-map.ts'
import { parseSeverity } from '../../frontmatter.ts'
import type { ConvertedDocument } from '../types.ts'
import { exportDay } from './dates.ts'
import { type DocMeta, markdownDoc } from './markdown.ts'

/** One comment on a ticket. */
export interface TicketComment {
  author?: string | undefined
  date?: string | undefined
  text: string
}

/** A ticket from any tracker, before it becomes markdown. */
export interface Ticket {
  key: string
  summary: string
  description: string
  comments: TicketComment[]
  status?: string | undefined
  priority?: string | undefined
  labels: string[]
  created?: string | undefined
  customer?: string | undefined
  author?: string | undefined
  /** Issue type (Bug, Incident, Story…) or the tracker's table. */
  kind?: string | undefined
}

/** Options of the ticket converters. */
export interface TicketOptions {
  /** The user's field names for fieldkb fields (`customer: Account`), and severity value maps. */
  fieldMap?: FieldMap | undefined
}

/** Columns tried for the customer when none is configured. */
export const CUSTOMER_FIELDS = ['customer', 'company', 'client', 'account', 'organization', 'organisation']

/** Tracker priorities fieldkb's severity parser does not know. */
const PRIORITY_WORDS: Record<string, string> = {
  highest: 'sev1',
  urgent: 'sev1',
  'very high': 'sev1',
  lowest: 'sev4',
  trivial: 'sev4',
  planning: 'sev4',
  '5': 'sev4',
}

/**
 * A tracker priority as a fieldkb severity: P1/Highest/Critical/Urgent/1 → sev1 … Low/Lowest → sev4.
 * @example prioritySeverity('2 - High') // → 'sev2'
 */
export function prioritySeverity(priority: string | undefined, map?: FieldMap): string | null {
  if (!priority) return null
  const mapped = String(mapValue(map, 'severity', priority.trim()))
  const text = mapped.trim().toLowerCase()
  // ServiceNow writes `1 - Critical`, `5 - Planning`: the number decides.
  const numbered = /^(\d)\s*-\s*/.exec(text)?.[1]
  const fromNumber = numbered === undefined ? null : (PRIORITY_WORDS[numbered] ?? parseSeverity(numbered))
  return PRIORITY_WORDS[text] ?? fromNumber ?? parseSeverity(mapped)
}

/** Ticket kinds that are incidents; other tickets are field reports. */
const INCIDENT_KINDS = /\b(?:bug|incident|problem|outage|defect|sev)/i

/** A ticket as one converted document. */
export function ticketDocument(t: Ticket, options: TicketOptions): ConvertedDocument {
  const severity = prioritySeverity(t.priority, options.fieldMap)
  const incident = INCIDENT_KINDS.test(t.kind ?? '') || t.labels.some((l) => INCIDENT_KINDS.test(l))
  const mappedType = t.kind ? mapValue(options.fieldMap, 'type', t.kind) : undefined
  const type = (['field-report', 'incident', 'integration-doc'] as const).find((x) => x === mappedType)
  const title = `${t.key}: ${t.summary}`.trim()
  const meta: DocMeta = {
    title,
    customer: t.customer,
    date: exportDay(t.created),
    type: type ?? (incident ? 'incident' : 'field-report'),
    severity,
    tags: [...new Set(t.labels.map((l) => l.trim()).filter((l) => l !== ''))],
    author: t.author,
  }
  const facts = [
    t.kind && `Type: ${t.kind}`,
    t.status && `Status: ${t.status}`,
    t.priority && `Priority: ${t.priority}`,
  ].filter(Boolean)
  const parts = [`# ${title}`, facts.join(' · ')]
  if (t.description.trim() !== '') parts.push(`## Description\n\n${t.description.trim()}`)
  if (t.comments.length > 0) {
    const comments = t.comments.map((c, i) => {
      const by = [c.author, exportDay(c.date)].filter(Boolean).join(', ')
      return `### Comment ${i + 1}${by ? ` (${by})` : ''}\n\n${c.text.trim()}`
    })
    parts.push(`## Comments\n\n${comments.join('\n\n')}`)
  }
  return {
    part: t.key,
    markdown: markdownDoc(meta, parts.filter((p) => p !== '').join('\n\n')),
    warnings: [],
  }
}

/** A CSV as a header row plus records; repeated headers (Jira's `Comment`, `Labels`) kept apart. */
export interface CsvTable {
  headers: string[]
  rows: string[][]
}

/** Parse a CSV with csv-parse (quoted multi-line cells, commas, BOM). */
export function readCsv(text: string, file: string): CsvTable {
  let records: string[][]
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: false })
  } catch (cause) {
    throw new ParseError(`invalid CSV: ${(cause as Error).message}`, file, {
      cause,
      hint: 'check for an unclosed quote; re-export the file from the tracker',
    })
  }
  const [headers = [], ...rows] = records
  return { headers: headers.map((h) => h.trim()), rows }
}

/** Column lookup over one CSV row. */
export class Row {
  constructor(
    private readonly headers: string[],
    private readonly cells: string[],
  ) {}

  /** Every non-empty value of the columns named `name` (case-insensitive). */
  all(name: string): string[] {
    const wanted = name.toLowerCase()
    return this.headers
      .map((h, i) => (h.toLowerCase() === wanted ? (this.cells[i] ?? '').trim() : ''))
      .filter((v) => v !== '')
  }

  /** The first non-empty value of the first of `names` present. */
  get(...names: string[]): string | undefined {
    for (const n of names) {
      const v = this.all(n)[0]
      if (v !== undefined) return v
    }
    return undefined
  }
}

/** Strip Jira's `Custom field (Customer)` wrapper from a header. */
const bareHeader = (h: string) => h.replace(/^custom field \((.*)\)$/i, '$1')

/**
 * The header a fieldkb field is read from: the user's mapping when given, else the first default
 * present (`Custom field (Customer)` counts as `Customer`).
 */
export function columnFor(
  headers: readonly string[],
  field: MappableField,
  defaults: readonly string[],
  map?: FieldMap,
): string | undefined {
  const wanted = map?.fields[field]
  const bare = headers.map(bareHeader)
  for (const name of wanted ? [wanted] : defaults) {
    const i = bare.indexOf(findKey(bare, name) ?? '\u0000')
    if (i >= 0) return headers[i]
  }
  return undefined
}
