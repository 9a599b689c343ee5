import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HashingEmbeddings } from '../embeddings/hashing.ts'
import { ingestPaths } from '../ingest/run.ts'
import { latestDocumentDate } from '../insights/load.ts'
import { webApp } from './e2e/web-fixture.ts'
import { runCli } from './helpers/cli.ts'
import { backend, freshDb, type TestDb } from './helpers/db.ts'

const OPTIONS = { maxFileBytes: 64 * 1024, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }
// What a fresh checkout does to every file: its mtime becomes "now", far after the real dates.
const CHECKOUT = new Date('2030-01-01T12:00:00Z')

describe('documents dated only by their file time', () => {
  let t: TestDb
  let dir: string
  const embedder = new HashingEmbeddings(32)
  let closed = false

  beforeAll(async () => {
    t = await freshDb({ onDisk: true })
    dir = mkdtempSync(path.join(tmpdir(), 'fieldkb-undated-'))
    mkdirSync(path.join(dir, 'acme'))
    mkdirSync(path.join(dir, 'beta'))
    const files = {
      'beta/kickoff-2026-04-01.md':
        '---\nclient: Beta Holdings plc\nauthor: Robin Achterberg\n---\n# Kickoff\n\nStarted.\n',
      'beta/week-14.txt': 'Beta - week notes\n3 Apr 2026\nRobin\n\nThe pilot ran all week.\n',
      'acme/loose-notes.md': '# Loose notes\n\nNothing here says when it was written.\n',
      'acme/visit-2026-05-04.md': '# Site visit\n\nThe pilot started.\n',
      'acme/review.md': '# Review\n\nDate: 2 May 2026\n\nAll good.\n',
    }
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(path.join(dir, name), text)
      utimesSync(path.join(dir, name), CHECKOUT, CHECKOUT)
    }
    await ingestPaths([dir], { db: t.db, embedder, options: OPTIONS })
  })
  afterAll(async () => {
    if (closed) rmSync(t.env.FIELDKB_DATA_DIR!, { recursive: true, force: true })
    else await t?.dispose()
    rmSync(dir, { recursive: true, force: true })
  })

  it('records how every date was found', async () => {
    const rows = await t.db.query<{ path: string; date: string; source: string }>(
      `SELECT source_path AS path, date::text AS date, date_source AS source FROM documents
       WHERE source_path LIKE 'acme/%' ORDER BY 1`,
    )
    expect(rows).toEqual([
      { path: 'acme/loose-notes.md', date: '2030-01-01', source: 'mtime' },
      { path: 'acme/review.md', date: '2026-05-02', source: 'body' },
      { path: 'acme/visit-2026-05-04.md', date: '2026-05-04', source: 'filename' },
    ])
  })

  it('gives a folder the customer a `client:` alias names, and a signed first name its full name', async () => {
    const [row] = await t.db.query<{ customer: string; author: string; date: string }>(
      `SELECT customer, author, date::text AS date FROM documents WHERE source_path = 'beta/week-14.txt'`,
    )
    expect(row).toEqual({ customer: 'Beta Holdings plc', author: 'Robin Achterberg', date: '2026-04-03' })
  })

  it('never lets an mtime-dated document set the trend reference date', async () => {
    expect(await latestDocumentDate(t.db)).toBe('2026-05-04')
  })

  it('are listed by the ingest page with what to do', async () => {
    const app = webApp({ ...t, embedder, xssId: 0, failedId: 0 })
    const html = await (await app.request('/ingest')).text()
    expect(html).toContain('Dated by file time')
    expect(html).toContain('<code>acme/loose-notes.md</code>')
    expect(html).not.toContain('<code>acme/review.md</code>')
    expect(html).toContain('add `date:` frontmatter or a date in the file name')
  })

  it('are listed by fieldkb status with what to do', async () => {
    // The CLI opens the same store; an embedded one takes a single writer at a time.
    if (backend === 'pglite') {
      await t.db.close()
      closed = true
    }
    const run = await runCli(['status'], t.env)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('dated by file time: 1 (add `date:` frontmatter or a date in the file name)')
    expect(run.stdout).toContain('  acme/loose-notes.md: 2030-01-01')
    const json = JSON.parse((await runCli(['status', '--json'], t.env)).stdout)
    expect(json.undatedFiles).toEqual([
      { id: expect.any(Number), sourcePath: 'acme/loose-notes.md', date: '2030-01-01' },
    ])
  })
})
