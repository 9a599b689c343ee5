import { spawn } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOpenAIEmbedder } from '../embeddings/openai.ts'
import { ingestPaths } from '../ingest/run.ts'
import { copyCorpus, REPO_ROOT } from './helpers/corpus.ts'
import { freshDb, type TestDb } from './helpers/db.ts'
import { type FakeOpenAI, startFakeOpenAI } from './helpers/fake-openai.ts'

const OPTIONS = { maxFileBytes: 1 << 20, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }
const DIMENSIONS = 16

function openaiEnv(fake: FakeOpenAI) {
  return {
    FIELDKB_EMBEDDINGS: 'openai',
    OPENAI_API_KEY: 'sk-test-not-a-real-key',
    OPENAI_BASE_URL: fake.url,
    FIELDKB_EMBEDDING_MODEL: 'text-embedding-3-small',
    FIELDKB_EMBEDDING_DIMENSIONS: String(DIMENSIONS),
  }
}

describe('ingesting through an OpenAI-compatible embedding API', () => {
  let t: TestDb
  let fake: FakeOpenAI
  let corpus: { dir: string; cleanup: () => void }
  const embedder = () =>
    createOpenAIEmbedder({
      apiKey: 'sk-test',
      baseURL: fake.url,
      dimensions: DIMENSIONS,
      baseDelayMs: 2,
      maxRetries: 2,
    })

  beforeAll(async () => {
    t = await freshDb()
    fake = await startFakeOpenAI()
    corpus = copyCorpus()
  })
  afterAll(async () => {
    await t?.dispose()
    await fake?.close()
    corpus?.cleanup()
  })

  it('fails a document with a clear error and stores no partial document when the API keeps answering 500', async () => {
    fake.failAlways(500)
    const file = path.join(corpus.dir, 'customers', 'kestrel-freight')
    const summary = await ingestPaths([file], { db: t.db, embedder: embedder(), options: OPTIONS })
    expect(summary.added).toBe(0)
    expect(summary.failed).toBe(summary.outcomes.length)
    expect(summary.outcomes[0]!.error).toMatch(/HTTP 500.*after 3 attempts|after 3 attempts.*500/)
    const [row] = await t.db.query<{ chunks: number; ok: number }>(
      `SELECT (SELECT count(*)::int FROM chunks) AS chunks,
              (SELECT count(*)::int FROM documents WHERE status = 'ok') AS ok`,
    )
    expect(row).toEqual({ chunks: 0, ok: 0 })
  })

  it('recovers from a 429 with Retry-After and finishes the documents on the next run', async () => {
    fake.reset()
    fake.failNext(1, 429, { retryAfter: 0 })
    const file = path.join(corpus.dir, 'customers', 'kestrel-freight')
    const summary = await ingestPaths([file], { db: t.db, embedder: embedder(), options: OPTIONS })
    expect(summary.failed).toBe(0)
    expect(summary.updated).toBe(summary.outcomes.length)
    const failed = await t.db.query("SELECT 1 FROM documents WHERE status = 'failed'")
    expect(failed).toEqual([])
  })
})

describe('a run killed mid-way', () => {
  let t: TestDb
  let fake: FakeOpenAI
  let corpus: { dir: string; cleanup: () => void }

  beforeAll(async () => {
    t = await freshDb({ onDisk: true })
    // Close our handle: the embedded store admits one process at a time, and the child needs it.
    await t.db.close()
    fake = await startFakeOpenAI({ delayMs: 60 })
    corpus = copyCorpus()
  })
  afterAll(async () => {
    await fake?.close()
    corpus?.cleanup()
    await t?.dispose().catch(() => {})
  })

  function runIngest(
    killAfterRequests?: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/fieldkb.js'), 'ingest', corpus.dir, '--json'],
      {
        env: { PATH: process.env.PATH, ...t.env, ...openaiEnv(fake) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    const start = fake.embeddingRequests().length
    const timer =
      killAfterRequests === undefined
        ? undefined
        : setInterval(() => {
            if (fake.embeddingRequests().length - start >= killAfterRequests) child.kill('SIGKILL')
          }, 5)
    return new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        clearInterval(timer)
        resolve({ code, signal, out })
      }),
    )
  }

  // Three real child processes: slow on a loaded machine.
  it('leaves the store consistent and the next run finishes the job', async () => {
    const killed = await runIngest(12)
    expect(killed.signal).toBe('SIGKILL')

    const resumed = await runIngest()
    expect(resumed.code, resumed.out).toBe(0)
    const summary = JSON.parse(resumed.out.slice(resumed.out.indexOf('{')))
    // Some documents were committed before the kill and are skipped; the rest are added now.
    expect(summary.unchanged).toBeGreaterThan(0)
    expect(summary.added).toBeGreaterThan(0)
    expect(summary.failed).toBe(0)

    const again = await runIngest()
    const third = JSON.parse(again.out.slice(again.out.indexOf('{')))
    expect(third).toMatchObject({
      added: 0,
      updated: 0,
      failed: 0,
      unchanged: summary.added + summary.unchanged,
    })

    const { openStore } = await import('../storage/index.ts')
    const { loadConfig } = await import('../config/load.ts')
    const db = await openStore(loadConfig(t.env).database)
    try {
      const [row] = await db.query<{ empty: number; stats_ok: boolean; failed: number }>(
        `SELECT
           (SELECT count(*)::int FROM documents d WHERE status = 'ok'
              AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id)) AS empty,
           (SELECT n_chunks = (SELECT count(*) FROM chunks) FROM corpus_stats) AS stats_ok,
           (SELECT count(*)::int FROM documents WHERE status = 'failed') AS failed`,
      )
      expect(row).toEqual({ empty: 0, stats_ok: true, failed: 0 })
    } finally {
      await db.close()
    }
  }, 240_000)
})
