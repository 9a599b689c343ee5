import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/load.ts'
import { HashingEmbeddings } from '../embeddings/hashing.ts'
import { ingestUpload } from '../ingest/upload.ts'
import { refreshInsights } from '../insights/refresh.ts'
import { runCli } from './helpers/cli.ts'
import { freshDb, type TestDb } from './helpers/db.ts'
import { BACKGROUND_DOCS, THROTTLE_DOCS } from './helpers/workflow-corpus.ts'

describe('fieldkb patterns set / export', () => {
  let store: TestDb
  let env: Record<string, string>
  let id: string

  beforeAll(async () => {
    store = await freshDb({ onDisk: true })
    const { ingest } = loadConfig({ FIELDKB_DATA_DIR: '/nonexistent' })
    const deps = { db: store.db, embedder: new HashingEmbeddings(64), options: ingest, now: () => new Date() }
    for (const [name, text] of [...BACKGROUND_DOCS, ...THROTTLE_DOCS]) {
      await ingestUpload(deps, { name, bytes: new TextEncoder().encode(text) })
    }
    const { patterns } = await refreshInsights(store.db)
    expect(patterns).toHaveLength(1)
    id = patterns[0]!.id
    // The CLI opens the store itself: on PGlite only one process (or handle) may hold it.
    if (!store.env.DATABASE_URL) await store.db.close()
    env = { ...store.env, FIELDKB_PUBLIC_URL: 'https://kb.example', NO_COLOR: '1' }
  })
  afterAll(async () => {
    if (store?.env.DATABASE_URL) await store.dispose()
  })

  it('sets status, owner, a ticket and a note, and prints each change', async () => {
    const run = await runCli(
      [
        'patterns',
        'set',
        id,
        '--status',
        'planned',
        '--owner',
        'Ana',
        '--ticket',
        'https://tracker.example/P-3',
        '--note',
        'next sprint',
      ],
      env,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('status: new → planned')
    expect(run.stdout).toContain('tickets: (none) → https://tracker.example/P-3')
    const again = await runCli(['patterns', 'set', id, '--owner', 'Ana', '--json'], env)
    expect(JSON.parse(again.stdout)).toMatchObject({
      changes: [],
      workflow: { status: 'planned', owner: 'Ana' },
    })
  })

  it('lists the audit trail of a pattern, changes by "cli" oldest first', async () => {
    const run = await runCli(['patterns', 'history', id], env)
    expect(run.code).toBe(0)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC {2}cli {2}status: new → planned$/)
    expect(lines[3]).toContain('cli  notes: (none) → next sprint')
    const json = JSON.parse((await runCli(['patterns', 'history', id, '--json'], env)).stdout)
    expect(json.audit.map((a: { field: string }) => a.field)).toEqual(['status', 'owner', 'tickets', 'notes'])
  })

  it('refuses a bad status, a bad ticket URL and a malformed id with exit code 2 naming the flag', async () => {
    const status = await runCli(['patterns', 'set', id, '--status', 'done'], env)
    expect(status.code).toBe(2)
    expect(status.stderr).toContain('--status: expected one of new, acknowledged, planned, fixed, wont-fix')
    const ticket = await runCli(['patterns', 'set', id, '--ticket', 'ftp://x'], env)
    expect(ticket.code).toBe(2)
    expect(ticket.stderr).toContain('--ticket: expected an http(s) URL')
    expect((await runCli(['patterns', 'set', 'nope', '--status', 'fixed'], env)).code).toBe(2)
    const unknown = await runCli(['patterns', 'set', '0123456789abcdef', '--status', 'fixed'], env)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no pattern 0123456789abcdef')
  })

  it('lists patterns with status and regressed columns', async () => {
    const run = await runCli(['patterns', '--min-customers', '1'], env)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/RANK\s+CUSTOMERS\s+DOCS\s+TREND\s+STATUS\s+REGRESSED\s+LABEL/)
    expect(run.stdout).toMatch(/\n\s+1\s+3\s+3\s+\w+\s+planned\s{2,}/)
    const json = JSON.parse((await runCli(['patterns', '--json'], env)).stdout)
    expect(json.patterns[0]).toMatchObject({ id, status: 'planned', regressed: false, owner: 'Ana' })
    await runCli(['patterns', 'set', id, '--status', 'fixed', '--fixed-on', '2026-10-10'], env)
    const after = await runCli(['patterns'], env)
    expect(after.stdout).toMatch(/fixed\s+yes\s+/)
    expect(after.stdout).toContain('status: fixed (REGRESSED), owner Ana')
  })

  it('exports one pattern as a markdown or JSON brief, and all patterns as CSV to a file', async () => {
    const md = await runCli(['patterns', 'export', id], env)
    expect(md.code).toBe(0)
    expect(md.stdout).toMatch(/^# .+ \(regressed\)\n/)
    expect(md.stdout).toContain(`<https://kb.example/patterns/${id}>`)
    const json = JSON.parse((await runCli(['patterns', 'export', id, '--format', 'json'], env)).stdout)
    expect(json).toMatchObject({ id, customerCount: 3, workflow: { status: 'fixed', fixedOn: '2026-10-10' } })
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'fieldkb-csv-')), 'patterns.csv')
    const csv = await runCli(['patterns', 'export', '--all', '--format', 'csv', '--out', out], env)
    expect(csv.code).toBe(0)
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(`,${id},`)
    expect(lines[1]).toContain(",'=Initech; Acme; Globex,")
    expect((await runCli(['patterns', 'export', '--all', '--format', 'md'], env)).code).toBe(2)
    expect((await runCli(['patterns', 'export'], env)).code).toBe(2)
  })
})
