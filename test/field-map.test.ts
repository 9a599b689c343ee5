import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/load.ts'
import { HashingEmbeddings } from '../embeddings/hashing.ts'
import { applyFieldMap, type FieldMap, parseMapFile, parseMapOptions } from '../ingest/field-map.ts'
import { prepareDocument } from '../ingest/prepare.ts'
import { ingestPaths } from '../ingest/run.ts'
import { createExportConverters } from '../ingest/sources/exports.ts'
import { ValidationError } from '../lib/errors.ts'
import { getDocument } from '../storage/document-queries.ts'
import { openStore } from '../storage/index.ts'
import { runCli } from './helpers/cli.ts'
import { backend, freshDb, type TestDb } from './helpers/db.ts'

const NOTE = `---
title: Checkout latency
company: Initech
incident_date: 2026-09-02
sev: urgent
team: Payments
---

# Checkout latency

p99 doubled after the cache eviction change.
`

const MAP: FieldMap = {
  fields: { customer: 'company', date: 'incident_date', severity: 'sev' },
  values: { severity: { urgent: 'sev1' } },
}

describe('field map', () => {
  it('renames the user’s fields to fieldkb’s and rewrites mapped values', () => {
    expect(applyFieldMap({ Company: 'Initech', customer: 'Old', sev: 'Urgent', x: 1 }, MAP)).toEqual({
      customer: 'Initech',
      severity: 'sev1',
      x: 1,
    })
  })

  it('is applied to a markdown document’s frontmatter in the pipeline, without unknown-field warnings', () => {
    const options = { chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }
    const plain = prepareDocument({ relPath: 'notes/latency.md', text: NOTE, mtime: new Date(0) }, options)
    const mapped = prepareDocument(
      { relPath: 'notes/latency.md', text: NOTE, mtime: new Date(0) },
      { ...options, fieldMap: { fields: { customer: 'team' }, values: { severity: { urgent: 'sev1' } } } },
    )
    // Without a map, the aliases apply (company → customer) and `urgent` is no known severity.
    expect(plain.parsed.customer).toBe('Initech')
    expect(plain.parsed.severity).toBeNull()
    expect(mapped.parsed.customer).toBe('Payments')
    expect(mapped.parsed.severity).toBe('sev1')
    expect(mapped.parsed.date).toBe('2026-09-02')
    expect(mapped.parsed.warnings.map((w) => w.code)).not.toContain('unknown-field')
  })

  it('parses --map pairs over a map file, the pairs winning', () => {
    const base = parseMapFile(
      'fields:\n  customer: client\n  date: opened\nvalues:\n  severity:\n    blocker: sev1\n',
      'm.yaml',
    )
    expect(parseMapOptions(['customer=account', ' tags = labels '], base)).toEqual({
      fields: { customer: 'account', date: 'opened', tags: 'labels' },
      values: { severity: { blocker: 'sev1' } },
    })
  })

  it('carries channel → customer rules from the map file to the chat converters', async () => {
    const map = parseMapFile(
      'channels:\n  rules:\n    - pattern: "ops-*"\n      customer: Umbrella\n',
      'm.yaml',
    )
    const json = createExportConverters({ fieldMap: map }).find((c) => c.extensions.includes('.json'))!
    const message = {
      id: '1',
      createdDateTime: '2026-01-02T10:00:00Z',
      body: { content: 'Disk full on db-2' },
    }
    const docs = await json.convert({
      absPath: '/x/ops-alerts.json',
      relPath: 'teams/ops-alerts.json',
      bytes: new TextEncoder().encode(JSON.stringify({ value: [message] })),
    })
    expect(docs[0]!.markdown).toContain('customer: "Umbrella"')
    expect(() => parseMapFile('channels:\n  rules: yes\n', 'm.yaml')).toThrow(
      /^m\.yaml: invalid field map \(channels\.rules: /,
    )
  })

  it('accepts the example map file shipped in examples/', () => {
    const file = path.join(import.meta.dirname, '..', 'examples', 'fieldkb-map.yaml')
    const map = parseMapFile(readFileSync(file, 'utf8'), 'examples/fieldkb-map.yaml')
    expect(map.fields.customer).toBe('account_name')
    expect(applyFieldMap({ impact: 'Showstopper', kind: 'Postmortem' }, map)).toEqual({
      severity: 'sev1',
      kind: 'incident',
    })
    expect(map.channels?.rules[0]?.customer).toBe('Umbrella Corp')
  })

  it('refuses a bad --map pair and an invalid map file, naming what is wrong', () => {
    expect(() => parseMapOptions(['colour=red'])).toThrow(
      /--map "colour=red": expected <field>=<your field name>/,
    )
    expect(() => parseMapOptions(['customer'])).toThrow(ValidationError)
    expect(() => parseMapFile('fields:\n  customr: company\n', 'fieldkb-map.yaml')).toThrow(
      /^fieldkb-map\.yaml: invalid field map \(fields\.customr: /,
    )
    expect(() => parseMapFile('fields: [oops', 'fieldkb-map.yaml')).toThrow(
      /^fieldkb-map\.yaml: not valid YAML/,
    )
  })
})

describe('fieldkb ingest --map', () => {
  let t: TestDb
  let dir: string
  beforeAll(async () => {
    t = await freshDb({ onDisk: true })
    dir = mkdtempSync(path.join(tmpdir(), 'fieldkb-map-'))
    writeFileSync(path.join(dir, 'latency.md'), NOTE)
    writeFileSync(
      path.join(dir, 'fieldkb-map.yaml'),
      'fields:\n  customer: team\nvalues:\n  severity:\n    urgent: sev1\n',
    )
    writeFileSync(path.join(dir, 'bad-map.yaml'), 'fields:\n  colour: red\n')
  })
  afterAll(async () => {
    await t.dispose()
    rmSync(dir, { recursive: true, force: true })
  })

  it('exits 2 with a clear message on a bad --map or --map-file', async () => {
    const bad = await runCli(['ingest', dir, '--map', 'customer'], t.env)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--map "customer": expected <field>=<your field name>/)
    const file = await runCli(['ingest', dir, '--map-file', path.join(dir, 'bad-map.yaml')], t.env)
    expect(file.code).toBe(2)
    expect(file.stderr).toMatch(/bad-map\.yaml: invalid field map \(fields\.colour/)
    const missing = await runCli(['ingest', dir, '--map-file', 'nope.yaml'], t.env, dir)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/--map-file nope\.yaml: cannot read/)
  })

  it('stores the mapped metadata, and re-ingests when the mapping changes', async () => {
    const embedder = new HashingEmbeddings(64)
    const options = { maxFileBytes: 1 << 20, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }
    const map = parseMapFile('fields:\n  customer: team\nvalues:\n  severity:\n    urgent: sev1\n', 'm.yaml')
    const first = await ingestPaths([path.join(dir, 'latency.md')], { db: t.db, embedder, options })
    const mapped = await ingestPaths([path.join(dir, 'latency.md')], {
      db: t.db,
      embedder,
      options: { ...options, fieldMap: map },
    })
    expect(first.added).toBe(1)
    expect(mapped.updated).toBe(1)
    const doc = await getDocument(t.db, mapped.outcomes[0]!.documentId!)
    expect(doc?.customer).toBe('Payments')
    expect(doc?.severity).toBe('sev1')
  })
})

describe('fieldkb ingest --map-file through the CLI', () => {
  let t: TestDb
  let dir: string
  beforeAll(async () => {
    t = await freshDb({ onDisk: true })
    // The CLI opens the store itself; an embedded store admits one opener at a time.
    if (backend === 'pglite') await t.db.close()
    dir = mkdtempSync(path.join(tmpdir(), 'fieldkb-map-cli-'))
    writeFileSync(path.join(dir, 'latency.md'), NOTE)
    writeFileSync(path.join(dir, 'fieldkb-map.yaml'), 'values:\n  severity:\n    urgent: sev1\n')
  })
  afterAll(async () => {
    if (backend === 'pglite') rmSync(t.env.FIELDKB_DATA_DIR!, { recursive: true, force: true })
    else await t.dispose()
    rmSync(dir, { recursive: true, force: true })
  })

  it('applies the file and the --map pairs to what is stored', async () => {
    const run = await runCli(
      ['ingest', 'latency.md', '--map-file', 'fieldkb-map.yaml', '--map', 'customer=team', '--json'],
      t.env,
      dir,
    )
    expect(run.code, run.stderr).toBe(0)
    const id = JSON.parse(run.stdout).outcomes[0].documentId as number
    const db = backend === 'pglite' ? await openStore(loadConfig(t.env).database) : t.db
    try {
      const doc = await getDocument(db, id)
      expect(doc?.customer).toBe('Payments')
      expect(doc?.severity).toBe('sev1')
    } finally {
      if (backend === 'pglite') await db.close()
    }
  })
})
