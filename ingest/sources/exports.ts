/**
 * The export converters (Slack, Teams, Jira, Linear, ServiceNow, Confluence, Notion) as the
 * registry sees them: one converter per extension, each telling the formats apart by content.
 */
import { z } from 'zod'
import { ParseError, UnrecognisedSourceError } from '../../lib/errors.ts'
import { FieldMap } from '../field-map.ts'
import { confluenceConverter, isConfluenceZip } from './confluence.ts'
import { ChannelCustomerConfig } from './exports/channel-customer.ts'
import { zipNames } from './exports/zip.ts'
import { jiraJsonTickets, ticketsToDocuments } from './jira.ts'
import { isNotionZip, notionConverter } from './notion.ts'
import { isServiceNowJson, serviceNowJsonTickets } from './servicenow.ts'
import { createSlackConverter } from './slack.ts'
import { createTeamsConverter, isTeamsJson } from './teams.ts'
import { createTicketCsvConverter } from './tickets-csv.ts'
import type { SourceConverter } from './types.ts'

/** Options of the export converters (zod-validated). */
export const ExportOptions = z
  .object({
    /** The user's field names (`--map`, `--map-file`), applied to ticket columns. */
    fieldMap: FieldMap.optional(),
    /** Chat channel → customer mapping for Slack and Teams (default: the field map's `channels`). */
    channels: ChannelCustomerConfig.optional(),
  })
  .strict()
/** Validated export-converter options. */
export type ExportOptions = z.infer<typeof ExportOptions>

/** The converters with the given options: a Slack folder, `.zip`, `.csv` and `.json`. */
export function createExportConverters(raw: z.input<typeof ExportOptions> = {}): SourceConverter[] {
  const options = ExportOptions.parse(raw)
  const channels = options.channels ?? options.fieldMap?.channels
  const slack = createSlackConverter({ channels })
  const teams = createTeamsConverter({ channels })
  const tickets = { fieldMap: options.fieldMap }
  const zip: SourceConverter = {
    name: 'export-zip',
    extensions: ['.zip'],
    convert: async (input) => {
      const names = zipNames(input.bytes ?? new Uint8Array(), input.relPath)
      if (names.some((n) => n === 'channels.json' || n.endsWith('/channels.json')))
        return slack.convert(input)
      if (isConfluenceZip(names)) return confluenceConverter.convert(input)
      if (isNotionZip(names)) return notionConverter.convert(input)
      throw new UnrecognisedSourceError(
        'zip is not a recognised export: expected a Slack export (channels.json), a Confluence HTML space export (index.html) or a Notion export (Page <id>.md)',
        input.relPath,
        { hint: 'unpack other archives and ingest their folder' },
      )
    },
  }
  const json: SourceConverter = {
    name: 'export-json',
    extensions: ['.json'],
    convert: async (input) => {
      let data: unknown
      try {
        data = JSON.parse(new TextDecoder().decode(input.bytes ?? new Uint8Array()))
      } catch (cause) {
        throw new ParseError(`invalid JSON: ${(cause as Error).message}`, input.relPath, { cause })
      }
      if (Array.isArray((data as { issues?: unknown } | null)?.issues)) {
        return ticketsToDocuments(jiraJsonTickets(data, input.relPath, tickets), input.relPath, tickets)
      }
      if (isServiceNowJson(data)) {
        return ticketsToDocuments(serviceNowJsonTickets(data, input.relPath, tickets), input.relPath, tickets)
      }
      if (isTeamsJson(data)) return teams.convert(input)
      throw new UnrecognisedSourceError(
        'JSON is not a recognised export: expected a Jira search result (issues[].fields), a ServiceNow export (result/records with number, short_description) or Teams chatMessages (value[] with id, createdDateTime, body)',
        input.relPath,
      )
    },
  }
  return [{ ...slack, extensions: [] }, zip, createTicketCsvConverter(tickets), json]
}

/** The export converters with default options, for part A's registry. */
export const EXPORT_CONVERTERS: SourceConverter[] = createExportConverters()
