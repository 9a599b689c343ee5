/**
 * ServiceNow incident exports: the list CSV (field names or display labels as headers) and the
 * JSON of the Table API (`result`) or the list's JSONv2 export (`records`).
 */
import { ParseError } from '../../lib/errors.ts'
import {
  type CsvTable,
  CUSTOMER_FIELDS,
  columnFor,
  readCsv,
  type Ticket,
  type TicketComment,
  type TicketOptions,
} from './exports/tickets.ts'
import { ticketsToDocuments } from './jira.ts'
import type { SourceConverter } from './types.ts'

const snake = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s.]+/g, '_')

/** Whether a CSV header row is a ServiceNow export's. */
export function isServiceNowCsv(headers: readonly string[]): boolean {
  const names = new Set(headers.map(snake))
  return names.has('number') && names.has('short_description')
}

/** A journal field (`comments`, `work_notes`): `2024-01-03 10:00:00 - Alice Smith (Work notes)\ntext`. */
export function journalEntries(text: string): TicketComment[] {
  const head = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) - (.+?)(?: \(([^)]+)\))?$/gm
  const starts = [...text.matchAll(head)]
  if (starts.length === 0) return text.trim() === '' ? [] : [{ text }]
  return starts.map((m, i) => {
    const end = starts[i + 1]?.index ?? text.length
    return { date: m[1], author: m[2], text: text.slice((m.index ?? 0) + m[0].length, end).trim() }
  })
}

/** A record (values may be `{display_value, value}` objects) as a ticket. */
function recordTicket(raw: Record<string, unknown>, options: TicketOptions): Ticket {
  const rec = new Map<string, string>()
  for (const [k, v] of Object.entries(raw)) {
    const o = v as { display_value?: unknown; value?: unknown } | null
    const value = o !== null && typeof o === 'object' ? (o.display_value ?? o.value ?? '') : (v ?? '')
    rec.set(snake(k), String(value).trim())
  }
  const keys = [...rec.keys()]
  const map = options.fieldMap
  const pick = (field: Parameters<typeof columnFor>[1], defaults: string[]) => {
    const col = columnFor(keys, field, defaults, map)
    return col === undefined ? undefined : rec.get(snake(col)) || undefined
  }
  const journal = ['comments', 'work_notes', 'comments_and_work_notes'].flatMap((k) =>
    journalEntries(rec.get(k) ?? ''),
  )
  return {
    key: rec.get('number') ?? '',
    summary: pick('title', ['short_description']) ?? '',
    description: rec.get('description') ?? '',
    comments: journal,
    status: rec.get('state') || rec.get('incident_state') || undefined,
    priority: pick('severity', ['priority', 'impact']),
    labels: (pick('tags', ['category', 'sys_tags']) ?? '').split(/\s*,\s*/),
    created: pick('date', ['opened_at', 'sys_created_on']),
    customer: pick('customer', [...CUSTOMER_FIELDS, 'caller_id_company', 'u_customer']),
    author: pick('author', ['opened_by', 'caller_id']),
    kind: 'incident',
  }
}

/** ServiceNow CSV rows as tickets. */
export function serviceNowCsvTickets(table: CsvTable, options: TicketOptions): Ticket[] {
  return table.rows.map((cells) =>
    recordTicket(Object.fromEntries(table.headers.map((h, i) => [h, cells[i] ?? ''])), options),
  )
}

/** ServiceNow JSON (`result` or `records`) as tickets. */
export function serviceNowJsonTickets(data: unknown, file: string, options: TicketOptions): Ticket[] {
  const d = data as { result?: unknown; records?: unknown } | null
  const records = d?.result ?? d?.records
  if (!Array.isArray(records)) {
    throw new ParseError('not a ServiceNow export: expected a "result" or "records" array', file, {
      hint: 'export the incident list as JSON, or save a Table API response',
    })
  }
  return records.map((r) => recordTicket(r as Record<string, unknown>, options))
}

/** Whether parsed JSON looks like a ServiceNow export. */
export function isServiceNowJson(data: unknown): boolean {
  const d = data as { result?: unknown; records?: unknown } | null
  const first = (Array.isArray(d?.result) ? d.result : Array.isArray(d?.records) ? d.records : [])[0]
  return typeof first === 'object' && first !== null && 'number' in first && 'short_description' in first
}

/** A ServiceNow converter for CSV and JSON. */
export function createServiceNowConverter(options: TicketOptions = {}): SourceConverter {
  return {
    name: 'servicenow',
    extensions: ['.csv', '.json'],
    convert: async (input) => {
      const text = new TextDecoder().decode(input.bytes ?? new Uint8Array())
      if (input.relPath.toLowerCase().endsWith('.csv')) {
        const tickets = serviceNowCsvTickets(readCsv(text, input.relPath), options)
        return ticketsToDocuments(tickets, input.relPath, options)
      }
      let data: unknown
      try {
        data = JSON.parse(text)
      } catch (cause) {
        throw new ParseError(`invalid JSON: ${(cause as Error).message}`, input.relPath, { cause })
      }
      return ticketsToDocuments(serviceNowJsonTickets(data, input.relPath, options), input.relPath, options)
    },
  }
}

/** The ServiceNow converter with default options. */
export const serviceNowConverter: SourceConverter = createServiceNowConverter()
