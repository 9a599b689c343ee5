import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestSource } from '../ingest/ingest-source.ts'
import { loadChunks } from '../insights/load.ts'
import { getDocument } from '../storage/document-queries.ts'
import { freshDb, type TestDb } from './helpers/db.ts'
import { RecordingEmbeddings } from './helpers/recording-embedder.ts'

// Small chunks, so each section gets chunks of its own.
const OPTIONS = { maxFileBytes: 64 * 1024, chunkTokens: 50, chunkOverlap: 0, redactIpv4: false }

// A constructed weekly note: a status section hiding one problem paragraph, and an edge-case section
// whose heading uses none of the usual words.
const WEEKLY = `---
customer: Example Foods
date: 2026-10-02
type: field-report
---
# Week 40 at Example Foods

## This week

Ran the onboarding workshop with the planners; the demo went well and the pilot is on track.

The supplier feed failed twice and silently dropped every order line with an empty unit field, so the planners saw short deliveries.

## Odd things to remember

The staging tenant resets its API key every Sunday night, so a Monday morning token is always stale.

## Background

The planners use a spreadsheet export of the ordering system to plan the week.
`

const SECRET_NOTE = `# Access notes

## Setup

Connect with password: hunter2-very-secret-pass and the service account.
`

describe('the document known once, at ingest', () => {
  let t: TestDb
  const deps = () => ({ db: t.db, embedder: new RecordingEmbeddings(16), options: OPTIONS })
  const ingest = (name: string, text: string) =>
    ingestSource(
      {
        sourceKey: `test:${name}`,
        sourcePath: name,
        bytes: new TextEncoder().encode(text),
        mtime: new Date(),
      },
      deps(),
    )

  beforeAll(async () => {
    t = await freshDb()
  })
  afterAll(async () => {
    await t?.dispose()
  })

  it('stores the body once and returns it with the section tree through getDocument', async () => {
    const outcome = await ingest('example-foods/week-40.md', WEEKLY)
    expect(outcome.status).toBe('added')
    const doc = (await getDocument(t.db, outcome.documentId!))!
    expect(doc.body).toBe(WEEKLY.slice(WEEKLY.indexOf('# Week 40')))
    expect(doc.sections.map((s) => [s.heading, s.level, s.parent, s.kind])).toEqual([
      ['Week 40 at Example Foods', 1, null, 'other'],
      ['This week', 2, 0, 'problem'],
      ['Odd things to remember', 2, 0, 'edge-case'],
      ['Background', 2, 0, 'background'],
    ])
    for (const s of doc.sections.slice(1)) {
      expect(doc.body!.slice(s.start!, s.end!)).toMatch(new RegExp(`^## ${s.heading}\\n`))
      expect(s.chunks).not.toBeNull()
    }
  })

  it('gives every stored chunk its section kind, and insights read it', async () => {
    const doc = (await getDocument(t.db, (await ingest('example-foods/week-40.md', WEEKLY)).documentId!))!
    expect(doc.chunks.every((c) => typeof c.sectionKind === 'string')).toBe(true)
    const loaded = await loadChunks(t.db)
    const kinds = new Set(loaded.filter((c) => c.documentId === doc.id).map((c) => c.sectionKind))
    expect(kinds.has('problem') || kinds.has('edge-case')).toBe(true)
    expect(loaded.find((c) => c.text.includes('silently dropped'))?.sectionKind).toBe('problem')
  })

  it('stores the body redacted, like the chunks', async () => {
    const outcome = await ingest('example-foods/access.md', SECRET_NOTE)
    const doc = (await getDocument(t.db, outcome.documentId!))!
    expect(doc.body).not.toContain('hunter2-very-secret-pass')
    expect(doc.body).toContain('[REDACTED')
  })

  it('stores an HTML page as markdown so its headings survive', async () => {
    const html =
      '<html><head><title>Runbook</title></head><body><h2>Known issues</h2><p>The export times out on large files and returns an error.</p><h2>Setup</h2><p>Install the agent.</p></body></html>'
    const doc = (await getDocument(t.db, (await ingest('example-foods/runbook.html', html)).documentId!))!
    expect(doc.body).toContain('## Known issues')
    expect(doc.sections.map((s) => [s.heading, s.kind])).toEqual([
      ['Known issues', 'edge-case'],
      ['Setup', 'background'],
    ])
    expect(doc.body!.slice(doc.sections[1]!.start!)).toBe('## Setup\n\nInstall the agent.')
  })
})
