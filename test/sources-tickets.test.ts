import { describe, expect, it } from 'vitest'
import { prioritySeverity } from '../ingest/sources/exports/tickets.ts'
import { EXPORT_CONVERTERS } from '../ingest/sources/exports.ts'
import { jiraConverter } from '../ingest/sources/jira.ts'
import { linearConverter } from '../ingest/sources/linear.ts'
import { serviceNowConverter } from '../ingest/sources/servicenow.ts'
import { createTicketCsvConverter } from '../ingest/sources/tickets-csv.ts'
import { ParseError, UnrecognisedSourceError } from '../lib/errors.ts'
import { convert, part, prepare } from './helpers/sources.ts'

const csvConverter = EXPORT_CONVERTERS.find((c) => c.extensions.includes('.csv'))!
const jsonConverter = EXPORT_CONVERTERS.find((c) => c.extensions.includes('.json'))!

// A Jira "all fields" CSV: repeated Labels and Comment columns, quoted cells with commas, quotes and newlines.
const JIRA_CSV = [
  'Summary,Issue key,Issue id,Issue Type,Status,Priority,Reporter,Created,Labels,Labels,Description,Comment,Comment,Custom field (Customer)',
  '"Webhook retries storm, duplicate orders",OPS-101,10001,Bug,Done,Highest,Priya Nair,02/Mar/26 10:04 AM,webhooks,billing,"Retries fired every 2s.',
  '',
  'The ""idempotency"" header was dropped by the proxy, so orders doubled.","02/Mar/26 11:00 AM;557058:0a1b2c3d-4e5f-6789-abcd-ef0123456789;Rolled back the proxy, retries stopped.","03/Mar/26 9:00 AM;priya;Postmortem filed, see runbook",Acme Corp',
  'Add audit export,OPS-102,10002,Story,To Do,Low,Sam Ortiz,05/Mar/26 2:00 PM,,,Customers want CSV audit logs.,,,Globex',
].join('\n')

describe('Jira CSV export', () => {
  it('makes one document per ticket with multi-line cells, commas and quotes intact', async () => {
    const docs = await convert(csvConverter, 'jira/export.csv', JIRA_CSV)
    expect(docs.map((d) => d.part)).toEqual(['OPS-101', 'OPS-102'])
    const t = prepare(part(docs, 'OPS-101'), 'jira')
    expect(t.parsed.title).toBe('OPS-101: Webhook retries storm, duplicate orders')
    expect(t.body).toContain('The "idempotency" header was dropped by the proxy, so orders doubled.')
    expect(t.parsed.customer).toBe('Acme Corp')
    expect(t.parsed.date).toBe('2026-03-02')
    expect(t.parsed.type).toBe('incident')
    expect(t.parsed.severity).toBe('sev1')
    expect(t.parsed.tags).toEqual(['webhooks', 'billing'])
    expect(t.parsed.author).toBe('Priya Nair')
    expect(t.body).toContain('Status: Done')
  })

  it('turns description and each repeated Comment column into sections, hiding account ids', async () => {
    const docs = await convert(csvConverter, 'jira/export.csv', JIRA_CSV)
    const t = prepare(part(docs, 'OPS-101'), 'jira')
    expect(t.sections.map((s) => s.heading)).toEqual(
      expect.arrayContaining([
        'Description',
        'Comments',
        'Comment 1 (2026-03-02)',
        'Comment 2 (priya, 2026-03-03)',
      ]),
    )
    expect(t.body).toContain('Rolled back the proxy, retries stopped.')
    expect(t.body).not.toContain('557058')
  })

  it('files a story as a field report with low severity and its own customer', async () => {
    const docs = await convert(csvConverter, 'jira/export.csv', JIRA_CSV)
    const t = prepare(part(docs, 'OPS-102'), 'jira')
    expect(t.parsed.type).toBe('field-report')
    expect(t.parsed.severity).toBe('sev4')
    expect(t.parsed.customer).toBe('Globex')
  })

  it('reads the customer from the mapped column', async () => {
    const csv =
      'Issue key,Summary,Priority,Account Name,Created\nOPS-7,Slow sync,P2,Initech,2026-01-05 10:00\n'
    const docs = await convert(
      createTicketCsvConverter({ fieldMap: { fields: { customer: 'Account Name' }, values: {} } }),
      'jira/mapped.csv',
      csv,
    )
    const t = prepare(docs[0]!, 'jira')
    expect(t.parsed.customer).toBe('Initech')
    expect(t.parsed.severity).toBe('sev2')
    expect(t.parsed.date).toBe('2026-01-05')
  })

  it('refuses a CSV that is no ticket export, naming the columns it expected and found', async () => {
    const error = await convert(csvConverter, 'data/prices.csv', 'sku,price\nA1,3.50\n').catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(UnrecognisedSourceError)
    expect((error as Error).message).toBe(
      'data/prices.csv: CSV is not a recognised ticket export: expected columns "Issue key, Summary" (Jira), "ID, Title, Team" (Linear) or "number, short_description" (ServiceNow); found sku, price',
    )
  })

  it('refuses a CSV with an unclosed quote, naming the file', async () => {
    const error = await convert(
      csvConverter,
      'jira/cut.csv',
      'Issue key,Summary\nOPS-1,"never closed\n',
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParseError)
    expect((error as Error).message).toMatch(/^jira\/cut\.csv: invalid CSV: /)
  })
})

const JIRA_JSON = {
  names: { customfield_10050: 'Customer' },
  issues: [
    {
      key: 'SUP-9',
      fields: {
        summary: 'TLS handshake failures from the EU gateway',
        issuetype: { name: 'Incident' },
        status: { name: 'Resolved' },
        priority: { name: 'High' },
        labels: ['tls', 'gateway'],
        created: '2026-05-11T07:30:00.000+0000',
        reporter: { displayName: 'Lena Vogel' },
        customfield_10050: { value: 'Umbrella' },
        description: {
          type: 'doc',
          content: [
            {
              type: 'paragraph',
              content: [{ type: 'text', text: 'Clients on OpenSSL 1.0 fail the handshake.' }],
            },
          ],
        },
        comment: {
          comments: [
            {
              author: { displayName: 'Omar Haddad' },
              created: '2026-05-12T09:00:00.000+0000',
              body: 'Pinned ciphers; fixed.',
            },
          ],
        },
      },
    },
  ],
}

describe('Jira JSON export', () => {
  it('reads issues[].fields, Atlassian documents and a custom customer field named in "names"', async () => {
    const docs = await convert(jsonConverter, 'jira/search.json', JSON.stringify(JIRA_JSON))
    const t = prepare(docs[0]!, 'jira')
    expect(t.parsed.title).toBe('SUP-9: TLS handshake failures from the EU gateway')
    expect(t.parsed.customer).toBe('Umbrella')
    expect(t.parsed.severity).toBe('sev2')
    expect(t.parsed.type).toBe('incident')
    expect(t.parsed.date).toBe('2026-05-11')
    expect(t.parsed.tags).toEqual(['tls', 'gateway'])
    expect(t.body).toContain('Clients on OpenSSL 1.0 fail the handshake.')
    expect(t.sections.map((s) => s.heading)).toContain('Comment 1 (Omar Haddad, 2026-05-12)')
  })

  it('refuses JSON without an issues array and a CSV without Jira columns, naming the file', async () => {
    const error = await convert(jiraConverter, 'jira/x.json', '{"total": 0}').catch((e: unknown) => e)
    const csv = await convert(jiraConverter, 'jira/x.csv', 'ID,Title,Team\nA-1,t,core\n').catch(
      (e: unknown) => e,
    )
    expect((csv as Error).message).toMatch(/^jira\/x\.csv: not a Jira CSV export/)
    expect((error as Error).message).toMatch(/^jira\/x\.json: not a Jira search result/)
  })
})

describe('Linear CSV export', () => {
  it('makes one document per issue with priority, comma-separated labels and customer', async () => {
    const csv = [
      'ID,Team,Title,Description,Status,Priority,Creator,Labels,Created,Customer',
      'ENG-12,Platform,Backfill stalls on large tenants,"Backfill job stops at 80%, no error logged.",In Progress,Urgent,Kim Lee,"Bug, backfill",2026-06-01T10:00:00.000Z,Stark Industries',
    ].join('\n')
    const docs = await convert(csvConverter, 'linear/issues.csv', csv)
    const t = prepare(docs[0]!, 'linear')
    expect(docs[0]!.part).toBe('ENG-12')
    expect(t.parsed.severity).toBe('sev1')
    expect(t.parsed.tags).toEqual(['Bug', 'backfill'])
    expect(t.parsed.type).toBe('incident')
    expect(t.parsed.customer).toBe('Stark Industries')
    expect(t.parsed.author).toBe('Kim Lee')
    expect(t.body).toContain('Backfill job stops at 80%, no error logged.')
  })

  it('refuses a row without an ID, naming the file', async () => {
    const csv = 'ID,Team,Title\n,Platform,Orphan\n'
    const error = await convert(linearConverter, 'linear/bad.csv', csv).catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/^linear\/bad\.csv: ticket 1 has no key/)
  })
})

const SNOW_JSON = {
  result: [
    {
      number: 'INC0010042',
      short_description: 'Payroll batch did not run',
      description: 'The 02:00 batch was skipped; the scheduler lost its lease.',
      priority: { display_value: '1 - Critical', value: '1' },
      state: 'Resolved',
      opened_at: '2026-07-14 02:15:00',
      company: { display_value: 'Wayne Enterprises', value: 'abc123' },
      opened_by: 'Noor Aziz',
      comments: '2026-07-14 03:00:00 - Noor Aziz (Additional comments)\nRestarted the scheduler.\n\n',
      work_notes:
        '2026-07-14 02:40:00 - Eli Brandt (Work notes)\nLease table had a stale row; call 555-0100 for on-call.',
    },
  ],
}

describe('ServiceNow export', () => {
  it('reads the incident table JSON with display values, journal entries as comment sections', async () => {
    const docs = await convert(jsonConverter, 'snow/incidents.json', JSON.stringify(SNOW_JSON))
    const t = prepare(docs[0]!, 'snow')
    expect(docs[0]!.part).toBe('INC0010042')
    expect(t.parsed.title).toBe('INC0010042: Payroll batch did not run')
    expect(t.parsed.type).toBe('incident')
    expect(t.parsed.severity).toBe('sev1')
    expect(t.parsed.customer).toBe('Wayne Enterprises')
    expect(t.parsed.date).toBe('2026-07-14')
    expect(t.sections.map((s) => s.heading)).toEqual(
      expect.arrayContaining(['Comment 1 (Noor Aziz, 2026-07-14)', 'Comment 2 (Eli Brandt, 2026-07-14)']),
    )
    expect(t.body).toContain('Lease table had a stale row')
  })

  it('reads the list CSV with display-label headers', async () => {
    const csv =
      'Number,Short description,Priority,Opened,Company\nINC0020001,VPN drops hourly,3 - Moderate,2026-08-01 09:00:00,Hooli\n'
    const docs = await convert(serviceNowConverter, 'snow/list.csv', csv)
    const t = prepare(docs[0]!, 'snow')
    expect(t.parsed.severity).toBe('sev3')
    expect(t.parsed.customer).toBe('Hooli')
    expect(t.parsed.title).toBe('INC0020001: VPN drops hourly')
  })

  it('refuses JSON without result or records, naming the file', async () => {
    const error = await convert(serviceNowConverter, 'snow/x.json', '{"rows": []}').catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/^snow\/x\.json: not a ServiceNow export/)
  })
})

describe('priority to severity', () => {
  it.each([
    ['P1', 'sev1'],
    ['Highest', 'sev1'],
    ['Critical', 'sev1'],
    ['1', 'sev1'],
    ['Urgent', 'sev1'],
    ['High', 'sev2'],
    ['2 - High', 'sev2'],
    ['Medium', 'sev3'],
    ['Low', 'sev4'],
    ['Lowest', 'sev4'],
    ['5 - Planning', 'sev4'],
  ])('maps %s to %s', (priority, severity) => {
    expect(prioritySeverity(priority)).toBe(severity)
  })

  it('applies the value map first and leaves unknown priorities without severity', () => {
    expect(
      prioritySeverity('Showstopper', { fields: {}, values: { severity: { showstopper: 'sev1' } } }),
    ).toBe('sev1')
    expect(prioritySeverity('Whenever')).toBeNull()
  })

  it('refuses JSON that is no known export through the .json converter', async () => {
    const error = await convert(jsonConverter, 'misc/package.json', '{"name": "x"}').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnrecognisedSourceError)
    expect((error as Error).message).toMatch(
      /^misc\/package\.json: JSON is not a recognised export: expected a Jira/,
    )
  })
})

describe('Jira wiki markup', () => {
  it('becomes markdown headings, code blocks, bold, monospace and links inside the description', async () => {
    const description =
      'h2. Impact\nCheckout *down* for {{eu-west}}, see [runbook|https://wiki.example/rb].\n{code:sql}\nSELECT * FROM orders; -- *not bold*\n{code}'
    const csv = `Issue key,Summary,Description\nOPS-5,Outage,"${description}"\n`
    const docs = await convert(csvConverter, 'jira/wiki.csv', csv)
    const t = prepare(docs[0]!, 'jira')
    expect(t.sections.map((s) => s.heading)).toContain('Impact')
    expect(docs[0]!.markdown).toContain(
      'Checkout **down** for `eu-west`, see [runbook](https://wiki.example/rb).',
    )
    expect(docs[0]!.markdown).toContain('```sql\nSELECT * FROM orders; -- *not bold*\n```')
  })
})
