/** Linear's CSV export (Settings → Import/Export): one row per issue. */
import {
  type CsvTable,
  CUSTOMER_FIELDS,
  columnFor,
  Row,
  readCsv,
  type Ticket,
  type TicketOptions,
} from './exports/tickets.ts'
import { ticketsToDocuments } from './jira.ts'
import type { SourceConverter } from './types.ts'

/** Whether a CSV header row is a Linear export's. */
export function isLinearCsv(headers: readonly string[]): boolean {
  const lower = new Set(headers.map((h) => h.toLowerCase()))
  return lower.has('id') && lower.has('title') && lower.has('team')
}

/** Linear CSV rows as tickets. */
export function linearTickets(table: CsvTable, options: TicketOptions): Ticket[] {
  const { headers } = table
  const map = options.fieldMap
  const customerCol = columnFor(headers, 'customer', CUSTOMER_FIELDS, map)
  const dateCol = columnFor(headers, 'date', ['Created'], map)
  const severityCol = columnFor(headers, 'severity', ['Priority'], map)
  const authorCol = columnFor(headers, 'author', ['Creator'], map)
  const tagsCol = columnFor(headers, 'tags', ['Labels'], map)
  const titleCol = columnFor(headers, 'title', ['Title'], map)
  return table.rows.map((cells) => {
    const row = new Row(headers, cells)
    const priority = severityCol && row.get(severityCol)
    return {
      key: row.get('ID') ?? '',
      summary: (titleCol && row.get(titleCol)) ?? '',
      description: row.get('Description') ?? '',
      comments: [],
      status: row.get('Status'),
      priority: priority === 'No priority' ? undefined : priority,
      labels: tagsCol ? row.all(tagsCol).flatMap((l) => l.split(/\s*,\s*/)) : [],
      created: dateCol && row.get(dateCol),
      customer: customerCol && row.get(customerCol),
      author: authorCol && row.get(authorCol),
      kind: row.get('Type'),
    }
  })
}

/** A Linear CSV converter. */
export function createLinearConverter(options: TicketOptions = {}): SourceConverter {
  return {
    name: 'linear',
    extensions: ['.csv'],
    convert: async (input) => {
      const table = readCsv(new TextDecoder().decode(input.bytes ?? new Uint8Array()), input.relPath)
      return ticketsToDocuments(linearTickets(table, options), input.relPath, options)
    },
  }
}

/** The Linear converter with default options. */
export const linearConverter: SourceConverter = createLinearConverter()
