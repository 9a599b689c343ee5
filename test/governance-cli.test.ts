import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/load.ts'
import { HashingEmbeddings } from '../embeddings/hashing.ts'
import { ingestPaths } from '../ingest/run.ts'
import { refreshInsights } from '../insights/refresh.ts'
import type { Db } from '../storage/db.ts'
import { openStore } from '../storage/index.ts'
import { runCli } from './helpers/cli.ts'
import { SAMPLE_CORPUS } from './helpers/corpus.ts'
import { backend, freshDb, type TestDb } from './helpers/db.ts'

const OPTIONS = { maxFileBytes: 1 << 20, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }
const NAMES = [
  'Kestrel',
  'Meridian',
  'Larkspur',
  'Cobalt',
  'Ironbridge',
  'Aldric',
  'kestrel-freight',
  'meridiantrust',
  'Jonas Lindqvist',
  'Sam Whitaker',
]

describe('governance from the command line', () => {
  let t: TestDb
  // The CLI opens the store itself, and an embedded store admits one opener at a time.
  const withDb = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
    const db = await openStore(loadConfig(t.env).database)
    try {
      return await fn(db)
    } finally {
      await db.close()
    }
  }
  const cli = (...argv: string[]) => runCli(argv, t.env)

  beforeAll(async () => {
    t = await freshDb({ onDisk: true })
    if (backend === 'pglite') await t.db.close()
    await withDb(async (db) => {
      await ingestPaths([path.join(SAMPLE_CORPUS, 'customers')], {
        db,
        embedder: new HashingEmbeddings(64),
        options: OPTIONS,
      })
      await refreshInsights(db)
    })
  }, 120_000)
  afterAll(async () => {
    if (backend === 'pglite') await withDb(async () => {}).catch(() => {})
    await t?.dispose().catch(() => {})
  })

  it('creates a token scoped to customers given by name or slug, and lists its scope', async () => {
    const created = await cli(
      'token',
      'create',
      '--role',
      'reader',
      '--name',
      'kestrel fde',
      '--customers',
      'kestrel-freight,Larkspur Retail Group',
      '--others',
      'none',
      '--json',
    )
    expect(created.code, created.stderr).toBe(0)
    const token = JSON.parse(created.stdout)
    expect([token.customers, token.others]).toEqual([['kestrel freight', 'larkspur retail group'], 'none'])
    const plain = await cli('token', 'create', '--role', 'reader', '--customers', 'Kestrel Freight')
    expect(plain.stderr).toContain('kestrel freight in full; others pseudonymous')
    const list = await cli('token', 'list')
    expect(list.stdout).toMatch(
      /kestrel fde {2}\[kestrel freight, larkspur retail group in full; others none\]/,
    )
    const json = JSON.parse((await cli('token', 'list', '--json')).stdout)
    expect(json.items.map((i: { others: string }) => i.others)).toEqual(['none', 'pseudonymous'])
  })

  it('refuses an unknown --others value and --others without --customers with exit code 2', async () => {
    const bad = await cli('token', 'create', '--role', 'reader', '--customers', 'x', '--others', 'some')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('expected pseudonymous, none or full')
    const alone = await cli('token', 'create', '--role', 'reader', '--others', 'none')
    expect(alone.code).toBe(2)
    expect(alone.stderr).toContain('--others needs --customers')
  })

  it('prints a digest with --pseudonymise that names no customer or FDE, with stable pseudonyms', async () => {
    const named = await cli('digest', '--from', '2026-06-01', '--to', '2026-11-30')
    expect(named.code, named.stderr).toBe(0)
    expect(NAMES.filter((n) => named.stdout.includes(n)).length).toBeGreaterThan(3)
    const run = () => cli('digest', '--from', '2026-06-01', '--to', '2026-11-30', '--pseudonymise', '--json')
    const first = await run()
    expect(first.code, first.stderr).toBe(0)
    expect(NAMES.filter((n) => first.stdout.toLowerCase().includes(n.toLowerCase()))).toEqual([])
    expect(first.stdout).toMatch(
      /a (bank|retailer|logistics company|insurer|manufacturer|healthcare provider) \(C-[0-9A-F]{4}\)/,
    )
    const stable = (s: string) => ({ ...JSON.parse(s), generatedAt: null })
    expect(stable((await run()).stdout)).toEqual(stable(first.stdout))
    const text = await cli('digest', '--from', '2026-06-01', '--to', '2026-11-30', '--pseudonymise')
    expect(NAMES.filter((n) => text.stdout.toLowerCase().includes(n.toLowerCase()))).toEqual([])
  })

  it('refuses --pseudonymise with --send', async () => {
    const res = await cli('digest', '--pseudonymise', '--send')
    expect(res.code).toBe(2)
    expect(res.stderr).toContain('--pseudonymise cannot be combined with --send')
  })

  it('marks a customer confidential and shows its pseudonym and name variants', async () => {
    const set = await cli(
      'customers',
      'set',
      'Meridian Trust Bank',
      '--confidential',
      '--industry',
      'European bank',
    )
    expect(set.code, set.stderr).toBe(0)
    const list = JSON.parse((await cli('customers', 'list', '--json')).stdout)
    const meridian = list.items.find((c: { key: string }) => c.key === 'meridian trust bank')
    expect([meridian.confidential, meridian.industry]).toEqual([true, 'European bank'])
    expect(meridian.pseudonym).toMatch(/^a European bank \(C-[0-9A-F]{4}\)$/)
    expect(meridian.aliases.map((a: { alias: string }) => a.alias)).toContain('meridian-trust-bank')
    const unknown = await cli('customers', 'set', 'Nobody Inc', '--confidential')
    expect(unknown.code).not.toBe(0)
    expect(unknown.stderr).toContain('no customer "Nobody Inc"')
  })

  it('lists audit entries for admins from the command line', async () => {
    const empty = await cli('audit', 'list')
    expect(empty.stdout).toContain('no reads outside a token scope recorded')
    const json = JSON.parse((await cli('audit', 'list', '--json')).stdout)
    expect(json.items).toEqual([])
  })
})
