import { describe, expect, it } from 'vitest'
import { dateFromPath, findDate } from '../ingest/dates.ts'
import { parse } from '../ingest/parse.ts'

// A checkout resets mtimes to "now": any test that ends up here has fallen through to the last resort.
const MTIME = new Date('2027-03-15T09:00:00Z')
const doc = (path: string, content: string) => parse({ path, content, mtime: MTIME })
const dated = (path: string, content: string) => {
  const d = doc(path, content)
  return { date: d.date, source: d.dateSource }
}

describe('dates in file names', () => {
  it('finds an ISO date anywhere in the name, not only as a prefix', () => {
    expect(dateFromPath('acme/site-visit-2026-11-20.md')?.date).toBe('2026-11-20')
    expect(dateFromPath('acme/wk-notes-2026-08-27.md')?.date).toBe('2026-08-27')
  })

  it('finds compact and underscored dates', () => {
    expect(dateFromPath('ops/20260929-capacity-incident.md')?.date).toBe('2026-09-29')
    expect(dateFromPath('ops/review_2026_09_29.txt')?.date).toBe('2026-09-29')
    expect(dateFromPath('ops/20260624_loss-report.md')?.date).toBe('2026-06-24')
  })

  it('rejects dates that are not on the calendar', () => {
    expect(dateFromPath('ops/2026-02-30-notes.md')).toBeNull()
    expect(dateFromPath('ops/20261341-notes.md')).toBeNull()
  })

  it('does not read version numbers, ticket ids or long digit runs as dates', () => {
    expect(dateFromPath('ops/release-2.10.3.md')).toBeNull()
    expect(dateFromPath('ops/v2026.09.29-notes.md')).toBeNull()
    expect(dateFromPath('ops/INC-20260929.md')).toBeNull()
    expect(dateFromPath('ops/order-202609291234.md')).toBeNull()
  })

  it('falls back to a folder named as a date', () => {
    expect(dateFromPath('acme/2026-10-02/notes.md')).toMatchObject({ date: '2026-10-02', source: 'path' })
  })

  it('lets frontmatter win over the file name', () => {
    expect(dated('acme/visit-2026-01-01.md', '---\ndate: 2026-01-05\n---\n# Visit\n')).toEqual({
      date: '2026-01-05',
      source: 'frontmatter',
    })
  })
})

describe('dates in the body', () => {
  it('reads a labelled date line', () => {
    expect(dated('acme/notes.md', '# Visit\n\nDate: 14 July 2026\n\nWe met.\n')).toEqual({
      date: '2026-07-14',
      source: 'body',
    })
  })

  it('reads a "written" line with a weekday', () => {
    expect(dated('acme/notes.md', '# Notes\n\nWritten Wed 8 July 2026, after the call.\n').date).toBe(
      '2026-07-08',
    )
  })

  it('reads a date from a table row', () => {
    const body = '# Runbook\n\n| | |\n|---|---|\n| Maintainer | someone |\n| Reviewed | 3 Mar 2026 |\n'
    expect(dated('acme/runbook.md', body).date).toBe('2026-03-03')
  })

  it('reads day-first slash dates, and month-first ones when the document writes them so', () => {
    expect(dated('acme/notes.txt', 'Team notes\n05/08/2026\n\nAll fine.\n').date).toBe('2026-08-05')
    expect(dated('acme/notes.txt', 'Team notes\n19/08/2026 (Wed)\n\nAll fine.\n').date).toBe('2026-08-19')
    const us = 'Team notes\n05/08/2026\n\nThe last export ran 04/22/2026 and failed.\n'
    expect(dated('acme/notes.txt', us).date).toBe('2026-05-08')
  })

  it('gives a yearless "week ending" heading the year of the nearest other date', () => {
    const body = '# Notes, week ending Fri 6 Mar\n\nThe rollout from 2 February 2026 is done.\n'
    expect(dated('acme/notes.md', body).date).toBe('2026-03-06')
  })

  it('takes the year from a year folder when the text has none', () => {
    expect(dated('acme/2025/03/wk10.md', '# Week ending Fri 7 Mar\n\nQuiet week.\n').date).toBe('2025-03-07')
  })

  it('takes the year the weekday fits when nothing else gives one', () => {
    // 17 July was a Friday in 2026 (and in 2020), never in 2027 before the mtime.
    expect(dated('acme/notes.md', '# Notes, week ending Fri 17 Jul\n\nQuiet.\n').date).toBe('2026-07-17')
  })

  it('does not guess the year of a yearless date in prose', () => {
    expect(dated('acme/notes.md', '# Notes\n\nThe crew met on the 10th of July to review it.\n').source).toBe(
      'mtime',
    )
  })

  it('prefers the headline date over later follow-up and due dates', () => {
    const body = [
      '# Outage review',
      '',
      'Due: 30 September 2026',
      'Date: 12 September 2026',
      '',
      '## Timeline',
      '',
      '- 13 September 2026: follow-up meeting',
      '- Next review by 1 October 2026',
    ].join('\n')
    expect(dated('acme/review.md', body).date).toBe('2026-09-12')
  })

  it('anchors "today" in a heading on an absolute timestamp in a log line', () => {
    const body = [
      '# Today: the queue stalled',
      '',
      'Around 10:00 the workers stopped.',
      '',
      '```',
      '2026-04-03T10:02:11Z ERROR worker stalled',
      '```',
    ].join('\n')
    expect(dated('acme/queue.md', body)).toEqual({ date: '2026-04-03', source: 'relative' })
  })

  it('does not take times, versions, ratios or relative words for dates', () => {
    const body = '# Upgrade\n\nUpgraded to 2.10.3 at 14:30 this afternoon; 3/4 nodes done, rest now.\n'
    const d = doc('acme/upgrade.md', body)
    expect(d.dateSource).toBe('mtime')
    expect(d.date).toBe('2027-03-15')
    expect(d.warnings.find((w) => w.code === 'date-from-mtime')?.message).toContain('add `date:` frontmatter')
  })
})

describe('dates stated by the format', () => {
  it('reads the Date header of a saved e-mail as the day it was written', () => {
    const mail = [
      'From: Pat Lee <pat@vendor.example>',
      'To: ops@client.example',
      'Date: Thu, 24 Sep 2026 23:47:31 -0300',
      'Subject: status',
      '',
      'Hi all,',
    ].join('\n')
    const d = doc('client/status.txt', mail)
    expect(d).toMatchObject({ date: '2026-09-24', dateSource: 'email-header', author: 'Pat Lee' })
  })

  it('reads the created meta of an HTML export', () => {
    const html =
      '<html><head><title>Setup</title><meta name="created" content="2026-07-07T09:12:44+02:00"><meta name="ms.author" content="Sam Roe"></head><body><h1>Setup</h1><p>Steps.</p></body></html>'
    expect(doc('client/setup.html', html)).toMatchObject({
      date: '2026-07-07',
      dateSource: 'html-meta',
      author: 'Sam Roe',
      type: 'integration-doc',
    })
  })

  it('reads frontmatter aliases for date, customer, severity, tags and author', () => {
    const fm =
      '---\nclient: Example Corp\nincident_date: 2026-06-19\nsev: 3\nlabels: [a, b]\nowner: Kim Park\n---\n# Outage\n'
    const d = doc('misc/x.md', fm)
    expect(d).toMatchObject({
      customer: 'Example Corp',
      date: '2026-06-19',
      dateSource: 'frontmatter',
      severity: 'sev3',
      tags: ['a', 'b'],
      author: 'Kim Park',
      type: 'incident',
    })
    expect(d.warnings.filter((w) => w.code === 'unknown-field')).toEqual([])
  })

  it('still reads the plain lines of a frontmatter block YAML refuses, without storing it', () => {
    const bad =
      '---\ntitle: Notes: queues and more\nauthor: Kim Park\ndate: 2026-08-25\ntags:\n\t- a\n---\n# Notes\n'
    const d = doc('acme/notes.md', bad)
    expect(d).toMatchObject({
      author: 'Kim Park',
      date: '2026-08-25',
      dateSource: 'frontmatter',
      frontmatter: {},
    })
    expect(d.warnings.map((w) => w.code)).toContain('frontmatter-malformed')
  })

  it('lets `date` win over `created` whatever their order', () => {
    expect(dated('misc/x.md', '---\ncreated: 2026-01-01\ndate: 2026-02-02\n---\n# X\n').date).toBe(
      '2026-02-02',
    )
  })
})

describe('types and severities from content', () => {
  it('normalises severities written many ways, for incidents only', () => {
    const sev = (line: string) => doc('acme/incidents/x.md', `# Outage\n\n${line}\n`).severity
    expect(sev('Severity: SEV-2')).toBe('sev2')
    expect(sev('**Sev 1**, a bad day.')).toBe('sev1')
    expect(sev('| Severity | Sev 4 (cosmetic) |')).toBe('sev4')
    expect(
      doc('acme/reports/x.md', '---\ntype: field-report\n---\n# Week\n\nSev 2 last week.\n').severity,
    ).toBeNull()
  })

  it('calls a postmortem titled document an incident without any folder hint', () => {
    expect(doc('acme/x.md', '# Postmortem: queue stall\n\nIt stalled.\n').type).toBe('incident')
  })

  it('calls a how-to named document an integration doc', () => {
    expect(doc('acme/sso-howto.md', '# Single sign-on\n\nSteps.\n').type).toBe('integration-doc')
  })
})

describe('findDate', () => {
  it('returns the declared date untouched', () => {
    const declared = { date: '2026-01-02', source: 'frontmatter' as const, evidence: 'date: 2026-01-02' }
    expect(findDate({ path: 'x/2025-01-01.md', body: '', mtime: MTIME, declared })).toBe(declared)
  })
})
