import { mkdirSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Answer } from '../schemas/answer.ts'
import { runCli } from './helpers/cli.ts'
import { SAMPLE_CORPUS } from './helpers/corpus.ts'
import { freshDb, type TestDb } from './helpers/db.ts'

const Q = 'TLS certificate errors calling the model API behind a corporate proxy that inspects HTTPS'

describe('fieldkb ask', () => {
  let t: TestDb
  let env: Record<string, string>
  beforeAll(async () => {
    t = await freshDb({ onDisk: true })
    // The CLI opens the store itself; an embedded one takes a single process at a time.
    await t.db.close()
    env = { ...t.env }
    if (!env.FIELDKB_DATA_DIR) {
      env.FIELDKB_DATA_DIR = path.join(tmpdir(), `fieldkb-ask-cli-${process.pid}`)
      mkdirSync(env.FIELDKB_DATA_DIR, { recursive: true })
    }
    // Share the test machine's converted word vectors instead of converting them again.
    const shared = path.join(tmpdir(), 'fieldkb-test-glove')
    mkdirSync(shared, { recursive: true })
    symlinkSync(shared, path.join(env.FIELDKB_DATA_DIR, 'cache'))
    const ingest = await runCli(['ingest', path.join(SAMPLE_CORPUS, 'customers'), '--json'], env)
    expect(ingest.code).toBe(0)
  }, 180_000)
  afterAll(async () => {
    await t?.dispose().catch(() => {})
  })

  it('prints a cited answer with its numbered sources', async () => {
    const run = await runCli(['ask', Q], env)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Yes — seen at \d customers\./)
    expect(run.stdout).toContain('[1]')
    expect(run.stdout).toMatch(/\n {2}\[1\] .+ \(.+ · \d{4}-\d{2}-\d{2} · [a-z-]+\)\n/)
    expect(run.stdout).not.toContain('\u001b[') // not a terminal: no escapes
  })

  it('prints the answer as JSON with --json, filtered like search', async () => {
    const run = await runCli(['ask', Q, '--customer', 'Kestrel Freight', '--json'], env)
    expect(run.code).toBe(0)
    const a = Answer.parse(JSON.parse(run.stdout))
    expect(new Set(a.citations.map((c) => c.customer))).toEqual(new Set(['Kestrel Freight']))
  })

  it('says "no strong match" with the deciding signal for nonsense', async () => {
    const run = await runCli(['ask', 'xyzzy', 'frobnicate'], env)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('No strong match: no stored text contains any word of the question.')
  })

  it('exits 2 naming the option on a bad filter', async () => {
    const run = await runCli(['ask', Q, '--from', '2026-02-30'], env)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('not a calendar date')
  })
})
