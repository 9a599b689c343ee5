import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalSifEmbeddings } from '../embeddings/local.ts'
import { ingestPaths } from '../ingest/run.ts'
import { refreshInsights } from '../insights/refresh.ts'
import type { Db } from '../storage/db.ts'
import { openPostgres } from '../storage/postgres.ts'
import { REPO_ROOT } from './helpers/corpus.ts'
import { backend, freshDb, type TestDb } from './helpers/db.ts'
import { writeWordCorpus } from './helpers/word-corpus.ts'

const FOLDERS = ['alpha', 'bravo', 'charlie', 'delta']
const PER_FOLDER = 75
const TOTAL = FOLDERS.length * PER_FOLDER
const OPTIONS = { maxFileBytes: 1 << 20, chunkTokens: 60, chunkOverlap: 10, redactIpv4: false }

if (backend !== 'postgres') {
  console.info('pg-concurrency: skipped, needs PostgreSQL (set DATABASE_URL); PGlite has one connection')
}

/** Lexeme counts and totals recomputed from the chunks, minus what the triggers maintain. */
async function statsDrift(db: Db): Promise<{ terms: number; corpus: boolean }> {
  const [row] = await db.query<{ terms: number; corpus: boolean }>(
    `WITH truth AS (
       SELECT lexeme AS term, count(*)::int AS df FROM chunks, unnest(tsvector_to_array(tsv)) AS lexeme
       GROUP BY lexeme
     ), kept AS (SELECT term, df FROM term_stats WHERE df <> 0)
     SELECT (SELECT count(*)::int FROM ((SELECT * FROM truth EXCEPT SELECT * FROM kept)
                                        UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM truth)) d) AS terms,
            (SELECT n_chunks = (SELECT count(*) FROM chunks)
                AND total_len = (SELECT coalesce(sum(token_count), 0) FROM chunks) FROM corpus_stats) AS corpus`,
  )
  return row!
}

describe.skipIf(backend !== 'postgres')('concurrent writers on PostgreSQL', () => {
  let t: TestDb
  let dir: string
  let dataDir: string

  beforeAll(async () => {
    t = await freshDb()
    dir = mkdtempSync(path.join(tmpdir(), 'fieldkb-concurrent-'))
    dataDir = mkdtempSync(path.join(tmpdir(), 'fieldkb-concurrent-data-'))
    // Build the word-vector cache once so the two child processes do not race to create it.
    await new LocalSifEmbeddings({ cacheDir: path.join(dataDir, 'cache') }).embedQuery('warm up')
    writeWordCorpus(dir, FOLDERS, PER_FOLDER, 1)
  }, 120_000)
  afterAll(async () => {
    await t?.dispose()
    rmSync(dir, { recursive: true, force: true })
    rmSync(dataDir, { recursive: true, force: true })
  })

  function ingest(paths: string[], extra: string[] = []): Promise<{ code: number | null; out: string }> {
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/fieldkb.js'), 'ingest', ...paths, '--json', ...extra],
      {
        env: { PATH: process.env.PATH, FIELDKB_DATA_DIR: dataDir, ...t.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out: out + err })))
  }

  function summaryOf(run: { out: string }) {
    return JSON.parse(run.out.slice(run.out.indexOf('{'), run.out.lastIndexOf('}') + 1)) as {
      added: number
      updated: number
      unchanged: number
      failed: number
      outcomes: { status: string; error?: string }[]
    }
  }

  const failures = (s: ReturnType<typeof summaryOf>) => s.outcomes.filter((o) => o.status === 'failed')

  it('two ingests of overlapping folders store every document once, none failed, with exact statistics', async () => {
    const folder = (f: string) => path.join(dir, f)
    const [a, b] = await Promise.all([
      ingest([folder('alpha'), folder('bravo'), folder('charlie')], ['--concurrency', '3']),
      ingest([folder('bravo'), folder('charlie'), folder('delta')], ['--concurrency', '3']),
    ])
    expect(a.code, a.out.slice(0, 2000)).toBe(0)
    expect(b.code, b.out.slice(0, 2000)).toBe(0)
    const [sa, sb] = [summaryOf(a), summaryOf(b)]
    expect(failures(sa)).toEqual([])
    expect(failures(sb)).toEqual([])
    // Each file of the shared folders is written by exactly one run; the other finds it stored.
    const shared = 2 * PER_FOLDER
    expect([sa.added + sb.added, sa.updated + sb.updated, sa.unchanged + sb.unchanged]).toEqual([
      TOTAL,
      0,
      shared,
    ])
    const [row] = await t.db.query<{ docs: number; ok: number; keys: number; empty: number }>(
      `SELECT count(*)::int AS docs, count(*) FILTER (WHERE status = 'ok')::int AS ok,
              count(DISTINCT source_key)::int AS keys,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id))::int AS empty
       FROM documents d`,
    )
    expect(row).toEqual({ docs: TOTAL, ok: TOTAL, keys: TOTAL, empty: 0 })
    expect(await statsDrift(t.db)).toEqual({ terms: 0, corpus: true })
  }, 300_000)

  it('re-ingesting every file after an edit at concurrency 4 fails none', async () => {
    writeWordCorpus(dir, FOLDERS, PER_FOLDER, 2)
    const run = await ingest([dir], ['--concurrency', '4'])
    expect(run.code, run.out.slice(0, 2000)).toBe(0)
    const summary = summaryOf(run)
    expect(failures(summary)).toEqual([])
    expect(summary.updated).toBe(TOTAL)
    expect(await statsDrift(t.db)).toEqual({ terms: 0, corpus: true })
  }, 300_000)

  it('an insights refresh running during an ingest reads one consistent snapshot', async () => {
    // Rewrite half the folders: every refresh overlaps documents being replaced.
    const edited = FOLDERS.slice(0, 2)
    writeWordCorpus(dir, edited, PER_FOLDER, 3)
    const reader = await openPostgres(t.env.DATABASE_URL!, 2)
    const embedder = new LocalSifEmbeddings({ cacheDir: path.join(dataDir, 'cache') })
    const errors: string[] = []
    let refreshes = 0
    try {
      let ingesting = true
      const writing = ingestPaths(
        [dir],
        { db: t.db, embedder, options: OPTIONS },
        { concurrency: 2 },
      ).finally(() => (ingesting = false))
      // A few refreshes are enough to overlap replaced documents (before the fix most of them
      // failed); each one is CPU-bound and slows the in-process ingest down.
      while (ingesting && refreshes + errors.length < 6) {
        await refreshInsights(reader).then(
          () => refreshes++,
          (e: Error) => errors.push(e.message),
        )
      }
      const summary = await writing
      expect(summary.failed).toBe(0)
    } finally {
      await reader.close()
    }
    expect(errors).toEqual([])
    expect(refreshes).toBeGreaterThan(0)
  }, 300_000)
})
