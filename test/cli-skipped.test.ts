import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePdf } from '../bench/lib/doc-fixtures.ts'
import { closeParsePool } from '../ingest/parse-pool.ts'
import { runCli } from './helpers/cli.ts'
import { backend, freshDb, type TestDb } from './helpers/db.ts'

describe('fieldkb ingest and status name every file not ingested', () => {
  let t: TestDb
  let dir: string

  beforeAll(async () => {
    t = await freshDb({ onDisk: true })
    // The CLI opens the store itself, and an embedded store admits one opener at a time.
    if (backend === 'pglite') await t.db.close()
    dir = mkdtempSync(path.join(tmpdir(), 'fieldkb-skipped-'))
    const acme = path.join(dir, 'customers', 'acme')
    mkdirSync(acme, { recursive: true })
    writeFileSync(path.join(acme, 'notes.md'), '# Notes\n\nThe rollout went fine.\n')
    writeFileSync(
      path.join(acme, 'review.pdf'),
      await makePdf([{ heading: 'Review', paragraphs: ['All clear.'] }]),
    )
    writeFileSync(path.join(acme, 'capacity.xlsx'), 'x')
    writeFileSync(path.join(acme, 'blank.txt'), '')
    // Claimed by the export converters by extension, but no export: skipped with a reason, not failed.
    writeFileSync(path.join(acme, 'settings.json'), '{"theme": "dark"}\n')
    writeFileSync(path.join(acme, 'budget.csv'), 'month,amount\n2026-01,100\n')
  }, 180_000)
  afterAll(async () => {
    await closeParsePool()
    if (backend === 'pglite') rmSync(t.env.FIELDKB_DATA_DIR!, { recursive: true, force: true })
    else await t?.dispose()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('lists each skipped file with its reason in the text and JSON output, and ingests the PDF', async () => {
    const text = await runCli(['ingest', dir], t.env)
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toContain('  skipped    customers/acme/blank.txt: empty file\n')
    expect(text.stdout).toContain('  skipped    customers/acme/capacity.xlsx: unsupported type .xlsx\n')
    expect(text.stdout).toMatch(/^2 added, /m)
    expect(text.stdout).toMatch(
      /skipped {4}customers\/acme\/budget\.csv: CSV is not a recognised ticket export/,
    )
    expect(text.stdout).toMatch(/skipped {4}customers\/acme\/settings\.json: JSON is not a recognised export/)
    const json = await runCli(['ingest', dir, '--json'], t.env)
    const summary = JSON.parse(json.stdout)
    expect(summary).toMatchObject({ unchanged: 2, failed: 0 })
    expect(summary.skipped).toEqual([
      { path: 'customers/acme/blank.txt', reason: 'empty file' },
      { path: 'customers/acme/capacity.xlsx', reason: 'unsupported type .xlsx' },
      {
        path: 'customers/acme/budget.csv',
        reason: expect.stringMatching(/^CSV is not a recognised ticket export/),
      },
      {
        path: 'customers/acme/settings.json',
        reason: expect.stringMatching(/^JSON is not a recognised export/),
      },
    ])
  }, 180_000)

  it('shows the last run’s skipped files in fieldkb status', async () => {
    const text = await runCli(['status'], t.env)
    expect(text.stdout).toContain(
      'skipped by the last ingest: 4\n  customers/acme/blank.txt: empty file\n  customers/acme/capacity.xlsx: unsupported type .xlsx\n',
    )
    const json = JSON.parse((await runCli(['status', '--json'], t.env)).stdout)
    expect(json.lastIngestRun.skipped).toHaveLength(4)
  })

  it('names the converted types in fieldkb ingest --help', async () => {
    const help = await runCli(['ingest', '--help'], t.env)
    expect(help.stdout).toMatch(/\.pdf .*\.docx|\.docx .*\.pdf/)
    expect(help.stdout).toContain('.eml')
  })
})
