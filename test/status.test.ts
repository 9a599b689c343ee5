import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/load.ts'
import { HashingEmbeddings } from '../embeddings/hashing.ts'
import { ingestPaths } from '../ingest/run.ts'
import { refreshInsights } from '../insights/refresh.ts'
import type { Db } from '../storage/db.ts'
import { deleteDocument } from '../storage/documents.ts'
import { openStore } from '../storage/index.ts'
import { runCli } from './helpers/cli.ts'
import { copyCorpus } from './helpers/corpus.ts'
import { backend, freshDb, type TestDb } from './helpers/db.ts'

const OPTIONS = { maxFileBytes: 1 << 20, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }

describe('fieldkb status', () => {
  let t: TestDb
  let corpus: { dir: string; cleanup: () => void }
  const embedder = new HashingEmbeddings(64)
  // The CLI opens the store itself, and an embedded store admits one opener at a time.
  const withDb = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
    const db = await openStore(loadConfig(t.env).database)
    try {
      return await fn(db)
    } finally {
      await db.close()
    }
  }
  const status = async () => {
    const json = await runCli(['status', '--json'], t.env)
    expect(json.code, json.stderr).toBe(0)
    const text = await runCli(['status'], t.env)
    return { json: JSON.parse(json.stdout), text: text.stdout }
  }
  const ingest = (db: Db, onProgress?: (done: number) => void) =>
    ingestPaths(
      [corpus.dir],
      { db, embedder, options: OPTIONS },
      { onProgress: (_o, done) => onProgress?.(done) },
    )

  beforeAll(async () => {
    t = await freshDb({ onDisk: true })
    if (backend === 'pglite') await t.db.close()
    corpus = copyCorpus()
  })
  afterAll(async () => {
    corpus?.cleanup()
    if (backend === 'pglite') rmSync(t.env.FIELDKB_DATA_DIR!, { recursive: true, force: true })
    else await t?.dispose()
  })

  it('says the last ingest was interrupted, how far it got, and the command to run again', async () => {
    await withDb(async (db) => {
      const crash = ingest(db, (done) => {
        if (done === 2) throw new Error('simulated crash')
      })
      await expect(crash).rejects.toThrow('simulated crash')
    })
    const { json, text } = await status()
    expect(json.lastIngestRun).toMatchObject({ state: 'interrupted', filesDone: 2, inputs: [corpus.dir] })
    expect(json.lastIngestRun.filesTotal).toBeGreaterThan(2)
    expect(text).toMatch(/last ingest was interrupted at .*\(2 of \d+ files\)/)
    expect(text).toContain(`fieldkb ingest ${corpus.dir}`)

    await withDb((db) => ingest(db))
    const after = await status()
    expect(after.json.lastIngestRun.state).toBe('finished')
    expect(after.text).not.toContain('interrupted')
  })

  it('says patterns are stale when documents were added, changed or removed after the last refresh', async () => {
    expect((await status()).json.insights).toMatchObject({ stale: true, reason: 'never computed' })

    await withDb((db) => refreshInsights(db))
    const fresh = await status()
    expect(fresh.json.insights).toMatchObject({ stale: false })
    expect(fresh.text).not.toContain('stale')

    writeFileSync(path.join(corpus.dir, 'new-notes.md'), '# New\n\nThe importer stalls on large files.\n')
    await withDb((db) => ingest(db))
    const changed = await status()
    expect(changed.json.insights.stale).toBe(true)
    expect(changed.text).toContain('run `fieldkb insights refresh`')

    await withDb(async (db) => {
      await refreshInsights(db)
      const [doc] = await db.query<{ id: number }>('SELECT id FROM documents ORDER BY id LIMIT 1')
      await deleteDocument(db, Number(doc!.id))
    })
    expect((await status()).json.insights.stale).toBe(true)
  })
})
