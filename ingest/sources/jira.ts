/** Jira exports: the CSV of an issue search (all fields) and the REST search JSON (`issues[].fields`). */
import { ParseError } from '../../lib/errors.ts'
import { jiraWikiToMarkdown } from './exports/jira-markup.ts'
import {
  type CsvTable,
  CUSTOMER_FIELDS,
  columnFor,
  Row,
  readCsv,
  type Ticket,
  type TicketComment,
  type TicketOptions,
  ticketDocument,
} from './exports/tickets.ts'
import type { ConvertedDocument, SourceConverter } from './types.ts'

/** Whether a CSV header row is a Jira export's. */
export function isJiraCsv(headers: readonly string[]): boolean {
  const lower = headers.map((h) => h.toLowerCase())
  return lower.includes('issue key') && lower.includes('summary')
}

/** An opaque account id (Jira Cloud), never shown as a name. */
const ACCOUNT_ID = /^(?:\d+:)?[0-9a-f-]{16,}$/i

/** A CSV comment cell: `02/Jan/26 10:00 AM;accountId;text`. */
function csvComment(cell: string): TicketComment {
  const m = /^([^;\n]{6,40});([^;\n]*);([\s\S]*)$/.exec(cell)
  if (!m) return { text: cell }
  const who = (m[2] ?? '').trim()
  const text = jiraWikiToMarkdown(m[3] ?? '')
  return { date: m[1], author: who === '' || ACCOUNT_ID.test(who) ? undefined : who, text }
}

/** Jira CSV rows as tickets. */
export function jiraCsvTickets(table: CsvTable, options: TicketOptions): Ticket[] {
  const { headers } = table
  const map = options.fieldMap
  const col = (field: Parameters<typeof columnFor>[1], defaults: string[]) =>
    columnFor(headers, field, defaults, map)
  const customerCol = col('customer', CUSTOMER_FIELDS)
  const dateCol = col('date', ['Created'])
  const severityCol = col('severity', ['Priority'])
  const authorCol = col('author', ['Reporter', 'Creator'])
  const titleCol = col('title', ['Summary'])
  const tagsCol = col('tags', ['Labels'])
  return table.rows.map((cells) => {
    const row = new Row(headers, cells)
    return {
      key: row.get('Issue key') ?? '',
      summary: (titleCol && row.get(titleCol)) ?? '',
      description: jiraWikiToMarkdown(row.get('Description') ?? ''),
      comments: row.all('Comment').map(csvComment),
      status: row.get('Status'),
      priority: severityCol && row.get(severityCol),
      labels: tagsCol ? row.all(tagsCol).flatMap((l) => l.split(/[,;]\s*|\s+(?=\S)/)) : [],
      created: dateCol && row.get(dateCol),
      customer: customerCol && row.get(customerCol),
      author: authorCol && row.get(authorCol),
      kind: row.get('Issue Type'),
    }
  })
}

type Json = Record<string, unknown>

/** Text of a Jira value: a string, an Atlassian Document (ADF) tree, or `{name|value|displayName}`. */
export function jiraText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string' || typeof value === 'number') return String(value)
  if (Array.isArray(value))
    return value
      .map(jiraText)
      .filter((t) => t !== '')
      .join(', ')
  if (typeof value !== 'object') return ''
  const v = value as Json
  if (v.type === 'doc' || Array.isArray(v.content)) {
    const inner = ((v.content as unknown[]) ?? []).map(jiraText)
    const block = ['doc', 'bulletList', 'orderedList', 'table', 'tableRow'].includes(String(v.type))
    if (v.type === 'listItem') return `- ${inner.join('')}`
    if (v.type === 'heading') return `### ${inner.join('')}\n`
    return block ? inner.join('\n') : `${inner.join('')}${v.type === 'paragraph' ? '\n' : ''}`
  }
  if (v.type === 'text') return String(v.text ?? '')
  if (v.type === 'hardBreak') return '\n'
  return String(v.displayName ?? v.name ?? v.value ?? '')
}

/** The field holding the customer: the mapped key or name, else a field named like a customer. */
function customerOf(fields: Json, names: Json, options: TicketOptions): string | undefined {
  const wanted = options.fieldMap?.fields.customer
  const candidates = wanted ? [wanted.toLowerCase()] : CUSTOMER_FIELDS
  for (const [key, value] of Object.entries(fields)) {
    const label = String(names[key] ?? key).toLowerCase()
    if (candidates.includes(key.toLowerCase()) || candidates.includes(label)) {
      const text = jiraText(value).trim()
      if (text !== '') return text
    }
  }
  return undefined
}

/** Jira REST search JSON as tickets. */
export function jiraJsonTickets(data: unknown, file: string, options: TicketOptions): Ticket[] {
  const issues = (data as Json | null)?.issues
  if (!Array.isArray(issues)) {
    throw new ParseError('not a Jira search result: expected an "issues" array', file, {
      hint: 'export with /rest/api/2/search (or 3) and save the whole response',
    })
  }
  const names = ((data as Json).names ?? {}) as Json
  return issues.map((issue: Json, i) => {
    const f = (issue.fields ?? {}) as Json
    if (typeof issue.key !== 'string') throw new ParseError(`issues[${i}] has no "key"`, file)
    const comments = (((f.comment as Json | undefined)?.comments ?? []) as Json[]).map((c) => ({
      author: jiraText(c.author) || undefined,
      date: typeof c.created === 'string' ? c.created : undefined,
      text: jiraText(c.body),
    }))
    return {
      key: issue.key,
      summary: jiraText(f.summary),
      // REST v2 returns wiki markup strings; v3 returns Atlassian documents.
      description:
        typeof f.description === 'string' ? jiraWikiToMarkdown(f.description) : jiraText(f.description),
      comments,
      status: jiraText(f.status) || undefined,
      priority: jiraText(f.priority) || undefined,
      labels: Array.isArray(f.labels) ? f.labels.map(String) : [],
      created: typeof f.created === 'string' ? f.created : undefined,
      customer: customerOf(f, names, options),
      author: jiraText(f.reporter) || undefined,
      kind: jiraText(f.issuetype) || undefined,
    }
  })
}

/** Tickets to documents, refusing rows without a key. */
export function ticketsToDocuments(
  tickets: Ticket[],
  file: string,
  options: TicketOptions,
): ConvertedDocument[] {
  return tickets.map((t, i) => {
    if (t.key === '') {
      throw new ParseError(`ticket ${i + 1} has no key/number column value`, file, {
        hint: 'export with the key column (Issue key, ID or Number) included',
      })
    }
    return ticketDocument(t, options)
  })
}

/** A Jira converter for the CSV and the REST JSON (the registry routes `.csv` through the ticket CSV converter). */
export function createJiraConverter(options: TicketOptions = {}): SourceConverter {
  return {
    name: 'jira',
    extensions: ['.csv', '.json'],
    convert: async (input) => {
      const text = new TextDecoder().decode(input.bytes ?? new Uint8Array())
      if (input.relPath.toLowerCase().endsWith('.csv')) {
        const table = readCsv(text, input.relPath)
        if (!isJiraCsv(table.headers)) {
          throw new ParseError(
            'not a Jira CSV export: expected "Issue key" and "Summary" columns',
            input.relPath,
          )
        }
        return ticketsToDocuments(jiraCsvTickets(table, options), input.relPath, options)
      }
      let data: unknown
      try {
        data = JSON.parse(text)
      } catch (cause) {
        throw new ParseError(`invalid JSON: ${(cause as Error).message}`, input.relPath, { cause })
      }
      return ticketsToDocuments(jiraJsonTickets(data, input.relPath, options), input.relPath, options)
    },
  }
}

/** The Jira converter with default options. */
export const jiraConverter: SourceConverter = createJiraConverter()
