import { appendFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestPaths } from '../ingest/run.ts'
import { copyCorpus } from './helpers/corpus.ts'
import { freshDb, type TestDb } from './helpers/db.ts'
import { RecordingEmbeddings } from './helpers/recording-embedder.ts'

const OPTIONS = { maxFileBytes: 64 * 1024, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }

describe('ingesting a folder', () => {
  let t: TestDb
  let corpus: { dir: string; cleanup: () => void }
  const embedder = new RecordingEmbeddings(32)
  const deps = () => ({ db: t.db, embedder, options: OPTIONS })
  let total = 0

  beforeAll(async () => {
    t = await freshDb()
    corpus = copyCorpus()
  })
  afterAll(async () => {
    await t?.dispose()
    corpus?.cleanup()
  })

  it('adds every document of the sample corpus with its chunks', async () => {
    const summary = await ingestPaths([corpus.dir], deps())
    total = summary.added
    expect(summary.failed).toBe(0)
    expect(total).toBeGreaterThanOrEqual(30)
    const [row] = await t.db.query<{ docs: number; chunks: number }>(
      `SELECT (SELECT count(*)::int FROM documents WHERE status = 'ok') AS docs, (SELECT count(*)::int FROM chunks) AS chunks`,
    )
    expect(row).toEqual({ docs: total, chunks: summary.chunks })
  })

  it('treats a second run over the same folder as a no-op that embeds nothing', async () => {
    const before = embedder.seen.length
    const summary = await ingestPaths([corpus.dir], deps())
    expect(summary).toMatchObject({ added: 0, updated: 0, unchanged: total, failed: 0 })
    expect(embedder.seen.length).toBe(before)
  })

  it('replaces the chunks of a changed file and re-embeds only the changed text', async () => {
    const file = path.join(corpus.dir, 'customers', firstFile(corpus.dir))
    appendFileSync(file, '\n\n## Addendum\n\nThe vendor confirmed the quota increase on Friday afternoon.\n')
    const before = embedder.seen.length
    const summary = await ingestPaths([corpus.dir], deps())
    expect(summary).toMatchObject({ added: 0, updated: 1, unchanged: total - 1 })
    const embedded = embedder.seen.slice(before)
    expect(embedded.length).toBeGreaterThan(0)
    expect(embedded.length).toBeLessThan(summary.chunks)
    expect(embedded.some((text) => text.includes('quota increase on Friday'))).toBe(true)
    const rows = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM chunks WHERE text LIKE '%quota increase on Friday%'",
    )
    expect(rows[0]!.n).toBe(1)
  })

  it('keeps documents whose files are gone unless --prune is given, then removes them', async () => {
    const victim = firstFile(corpus.dir)
    rmSync(path.join(corpus.dir, 'customers', victim))
    const kept = await ingestPaths([corpus.dir], deps())
    expect(kept.pruned).toBe(0)
    const pruned = await ingestPaths([corpus.dir], deps(), { prune: true })
    expect(pruned.pruned).toBe(1)
    expect(pruned.prunedPaths).toEqual([`customers/${victim}`])
    const rows = await t.db.query('SELECT 1 FROM documents WHERE source_path = $1', [`customers/${victim}`])
    expect(rows).toEqual([])
  })

  it('records binary, non-UTF-8 and oversized files as failed and carries on with the rest', async () => {
    const bad = path.join(corpus.dir, 'customers', 'bad')
    writeFileSync(
      path.join(corpus.dir, 'customers', 'zz-binary.md'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]),
    )
    writeFileSync(
      path.join(corpus.dir, 'customers', 'zz-latin1.txt'),
      Buffer.from('caf\xe9 cr\xe8me', 'latin1'),
    )
    writeFileSync(path.join(corpus.dir, 'customers', 'zz-huge.md'), `# Huge\n\n${'word '.repeat(20_000)}`)
    writeFileSync(path.join(corpus.dir, 'customers', 'zz-fine.md'), '# Fine\n\nA perfectly ordinary note.\n')
    const summary = await ingestPaths([corpus.dir, bad], deps())
    const failed = Object.fromEntries(
      summary.outcomes.filter((o) => o.status === 'failed').map((o) => [o.sourcePath, o.error]),
    )
    expect(failed['customers/zz-binary.md']).toMatch(/binary/)
    expect(failed['customers/zz-latin1.txt']).toMatch(/UTF-8/)
    expect(failed['customers/zz-huge.md']).toMatch(/over the 64\.0 KB limit/)
    expect(summary.missing).toEqual([bad])
    expect(summary.failed).toBe(4)
    expect(summary.added).toBe(1)
    const rows = await t.db.query<{ source_path: string; error: string }>(
      "SELECT source_path, error FROM documents WHERE status = 'failed' ORDER BY source_path",
    )
    expect(rows.map((r) => r.source_path)).toEqual([
      'customers/zz-binary.md',
      'customers/zz-huge.md',
      'customers/zz-latin1.txt',
    ])
  })

  it('retries failed files on the next run and clears their error once they succeed', async () => {
    writeFileSync(path.join(corpus.dir, 'customers', 'zz-latin1.txt'), 'café crème, now in UTF-8')
    const summary = await ingestPaths([corpus.dir], deps())
    expect(summary.outcomes.find((o) => o.sourcePath === 'customers/zz-latin1.txt')?.status).toBe('updated')
    const rows = await t.db.query<{ status: string; error: string | null }>(
      'SELECT status, error FROM documents WHERE source_path = $1',
      ['customers/zz-latin1.txt'],
    )
    expect(rows).toEqual([{ status: 'ok', error: null }])
  })
})

function firstFile(dir: string): string {
  // A deterministic markdown file of the corpus, relative to its customers/ folder.
  const customer = readdirSync(path.join(dir, 'customers'))
    .filter((n) => !n.includes('.') && n !== 'bad')
    .sort()[0]!
  const kinds = readdirSync(path.join(dir, 'customers', customer)).sort()
  for (const kind of kinds) {
    const md = readdirSync(path.join(dir, 'customers', customer, kind))
      .filter((f) => f.endsWith('.md'))
      .sort()
    if (md[0]) return `${customer}/${kind}/${md[0]}`
  }
  throw new Error('no markdown file in the corpus')
}
