/** `.csv` files: claimed when the header row is a Jira, Linear or ServiceNow export's. */
import { UnrecognisedSourceError } from '../../lib/errors.ts'
import { readCsv, type TicketOptions } from './exports/tickets.ts'
import { isJiraCsv, jiraCsvTickets, ticketsToDocuments } from './jira.ts'
import { isLinearCsv, linearTickets } from './linear.ts'
import { isServiceNowCsv, serviceNowCsvTickets } from './servicenow.ts'
import type { SourceConverter } from './types.ts'

/** The ticket CSV converter (Jira, Linear, ServiceNow, told apart by their header rows). */
export function createTicketCsvConverter(options: TicketOptions = {}): SourceConverter {
  return {
    name: 'tickets-csv',
    extensions: ['.csv'],
    convert: async (input) => {
      const table = readCsv(new TextDecoder().decode(input.bytes ?? new Uint8Array()), input.relPath)
      const tickets = isJiraCsv(table.headers)
        ? jiraCsvTickets(table, options)
        : isLinearCsv(table.headers)
          ? linearTickets(table, options)
          : isServiceNowCsv(table.headers)
            ? serviceNowCsvTickets(table, options)
            : null
      if (tickets === null) {
        const seen = table.headers.slice(0, 6).join(', ') || 'no header row'
        throw new UnrecognisedSourceError(
          `CSV is not a recognised ticket export: expected columns "Issue key, Summary" (Jira), "ID, Title, Team" (Linear) or "number, short_description" (ServiceNow); found ${seen}`,
          input.relPath,
          { hint: 'export tickets with all fields, or move other CSV files out of the ingested folder' },
        )
      }
      return ticketsToDocuments(tickets, input.relPath, options)
    },
  }
}
