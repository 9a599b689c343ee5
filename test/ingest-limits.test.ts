import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from '../api/server.ts'
import { loadConfig } from '../config/load.ts'
import { HashingEmbeddings } from '../embeddings/hashing.ts'
import { measureNesting } from '../ingest/nesting.ts'
import { formatOf } from '../ingest/parse.ts'
import { closeParsePool, prepareInWorker } from '../ingest/parse-pool.ts'
import { prepareDocument } from '../ingest/prepare.ts'
import { ingestPaths } from '../ingest/run.ts'
import { SAMPLE_CORPUS, tempDir } from './helpers/corpus.ts'
import { freshDb, type TestDb } from './helpers/db.ts'

const OPTIONS = {
  maxFileBytes: 10 * 1024 * 1024,
  chunkTokens: 300,
  chunkOverlap: 40,
  redactIpv4: false,
  parseTimeoutMs: 3_000,
  parseMemoryMb: 512,
  parseMaxDepth: 128,
}

// Pathological inputs of the sizes reported in issue 11, generated here.
const nestedBrackets = () => `${'['.repeat(40_000)}${']'.repeat(40_000)}`
const nestedLists = () => Array.from({ length: 800 }, (_, i) => `${' '.repeat(2 * i)}- item`).join('\n')
const nestedQuotes = () => `${'>'.repeat(20_000)} deep`
const nestedDivs = () => `<html><body>${'<div>'.repeat(20_000)}deep${'</div>'.repeat(20_000)}</body></html>`
// Not nested at all, but quadratic for the emphasis resolver: only the time budget stops it.
const emphasisRun = (n: number) => '*a'.repeat(n)
const NOTE =
  '---\ncustomer: Acme\ndate: 2026-11-02\n---\n# Rollout\n\nThe rollout went fine after the proxy fix.\n'

function files(dir: string, entries: Record<string, string>): void {
  for (const [name, text] of Object.entries(entries)) writeFileSync(path.join(dir, name), text)
}

describe('parsing limits', () => {
  let t: TestDb
  const embedder = new HashingEmbeddings(32)
  const deps = (options = OPTIONS) => ({ db: t.db, embedder, options })

  beforeAll(async () => {
    t = await freshDb()
  })
  afterAll(async () => {
    await t?.dispose()
    await closeParsePool()
  })

  it('refuses files nested thousands of levels deep with a clear error, and ingests the rest of the batch', async () => {
    const tmp = tempDir()
    try {
      files(tmp.dir, {
        'a-brackets.md': nestedBrackets(),
        'b-lists.md': nestedLists(),
        'c-quotes.md': nestedQuotes(),
        'd-divs.html': nestedDivs(),
        'e-note.md': NOTE,
      })
      const summary = await ingestPaths([tmp.dir], deps())
      const by = Object.fromEntries(summary.outcomes.map((o) => [o.sourcePath, o]))
      expect(summary.failed).toBe(4)
      expect(by['a-brackets.md']!.error).toMatch(/a-brackets\.md: square brackets nest more than 128 levels/)
      expect(by['b-lists.md']!.error).toMatch(/b-lists\.md: block quotes or lists nest more than 128 levels/)
      expect(by['c-quotes.md']!.error).toMatch(
        /c-quotes\.md: block quotes or lists nest more than 128 levels/,
      )
      expect(by['d-divs.html']!.error).toMatch(/d-divs\.html: HTML elements nest more than 128 levels/)
      for (const o of summary.outcomes.filter((x) => x.status === 'failed'))
        expect(o.error).toContain('FIELDKB_PARSE_MAX_DEPTH')
      expect(by['e-note.md']!.status).toBe('added')
      const rows = await t.db.query<{ source_path: string; status: string; error: string | null }>(
        'SELECT source_path, status, error FROM documents ORDER BY source_path',
      )
      expect(rows.map((r) => [r.source_path, r.status])).toEqual([
        ['a-brackets.md', 'failed'],
        ['b-lists.md', 'failed'],
        ['c-quotes.md', 'failed'],
        ['d-divs.html', 'failed'],
        ['e-note.md', 'ok'],
      ])
    } finally {
      tmp.cleanup()
    }
  })

  it('kills a parse over the time budget, records it as failed, and parses the next file in a fresh worker', async () => {
    const tmp = tempDir()
    try {
      files(tmp.dir, { 'a-slow.md': emphasisRun(100_000), 'b-note.md': NOTE })
      const summary = await ingestPaths([tmp.dir], deps({ ...OPTIONS, parseTimeoutMs: 2_000 }))
      const [slow, note] = summary.outcomes
      expect(slow).toMatchObject({ sourcePath: 'a-slow.md', status: 'failed' })
      expect(slow!.error).toContain('parsing took longer than 2 s (limit FIELDKB_PARSE_TIMEOUT_MS)')
      expect(note).toMatchObject({ sourcePath: 'b-note.md', status: 'added', chunks: 1 })
    } finally {
      tmp.cleanup()
    }
  })

  it('kills a parse over the memory budget, records it as failed, and parses the next file', async () => {
    const huge = Array.from({ length: 150_000 }, (_, i) => `Paragraph ${i} of the log.`).join('\n\n')
    const options = { ...OPTIONS, parseMemoryMb: 64, parseTimeoutMs: 120_000 }
    const failed = await prepareInWorker({ relPath: 'acme/huge.md', text: huge, mtime: new Date() }, options)
      .then(() => 'parsed')
      .catch((e: Error) => e.message)
    expect(failed).toBe(
      'acme/huge.md: parsing needed more than 64 MB of memory (limit FIELDKB_PARSE_MEMORY_MB)',
    )
    const next = await prepareInWorker({ relPath: 'acme/note.md', text: NOTE, mtime: new Date() }, options)
    expect(next.chunks).toHaveLength(1)
  })

  it('prepares every sample-corpus document in the worker exactly as in process, minus the syntax tree', async () => {
    const dir = path.join(SAMPLE_CORPUS, 'customers')
    const all = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      /\.(md|txt|html?)$/.test(f),
    )
    expect(all.length).toBeGreaterThan(20)
    const mtime = new Date('2026-11-01T00:00:00Z')
    for (const relPath of all) {
      const source = { relPath, text: readFileSync(path.join(dir, relPath), 'utf8'), mtime }
      const { parsed, ...rest } = prepareDocument(source, OPTIONS)
      const { tree: _tree, ...summary } = parsed
      expect(measureNesting(source.text, formatOf(relPath), OPTIONS.parseMaxDepth), relPath).toBeNull()
      expect(await prepareInWorker(source, OPTIONS), relPath).toEqual({ ...rest, parsed: summary })
    }
  })

  it('does not count sibling paragraphs, void elements or self-closed SVG shapes as nesting', () => {
    const page = `<p>a${'<p>b<br><img src=x>'.repeat(500)}<svg>${'<path d="M0"/>'.repeat(500)}</svg>`
    expect(measureNesting(page, 'html', 16)).toBeNull()
    const md = `${'- item\n  - sub\n'.repeat(500)}\n${'[link](x) '.repeat(500)}\n\n${'> quote\n'.repeat(500)}`
    expect(measureNesting(md, 'markdown', 16)).toBeNull()
    expect(measureNesting(`${'> '.repeat(17)}x`, 'markdown', 16)).toEqual({
      what: 'block quotes or lists',
      limit: 16,
    })
  })
})

describe('uploads of pathological files through a running server', () => {
  let t: TestDb
  let server: Awaited<ReturnType<typeof startServer>>

  beforeAll(async () => {
    t = await freshDb()
    const config = loadConfig({ FIELDKB_DATA_DIR: '/nonexistent', FIELDKB_PARSE_TIMEOUT_MS: '3000' })
    server = await startServer(
      { db: t.db, embedder: new HashingEmbeddings(32), config },
      { host: '127.0.0.1', port: 0 },
    )
  })
  afterAll(async () => {
    await server?.close()
    await t?.dispose()
    await closeParsePool()
  })

  const upload = (name: string, body: string) =>
    fetch(`${server.url}/api/documents?filename=${name}`, {
      method: 'POST',
      headers: { 'content-type': name.endsWith('.html') ? 'text/html' : 'text/markdown' },
      body,
    })

  it('answers /healthz while a file that parses for minutes is being uploaded, then fails the upload with a 422', async () => {
    const pending = upload('slow.md', emphasisRun(200_000))
    // Let the server receive the body and start parsing before asking for its health.
    await new Promise((resolve) => setTimeout(resolve, 500))
    const health = fetch(`${server.url}/healthz`)
    const first = await Promise.race([health.then(() => 'health'), pending.then(() => 'upload')])
    expect(first).toBe('health')
    expect((await health).status).toBe(200)
    const res = await pending
    expect(res.status).toBe(422)
    const problem = (await res.json()) as { code: string; detail: string }
    expect(problem.code).toBe('parse_error')
    expect(problem.detail).toContain(
      'uploads/slow.md: parsing took longer than 3 s (limit FIELDKB_PARSE_TIMEOUT_MS)',
    )
  })

  it('answers a deeply nested upload with a 422 problem naming the limit, never a 500', async () => {
    for (const [name, body] of [
      ['quotes.md', nestedQuotes()],
      ['divs.html', nestedDivs()],
    ] as const) {
      const res = await upload(name, body)
      expect(res.status, name).toBe(422)
      const problem = (await res.json()) as { detail: string }
      expect(problem.detail, name).toMatch(/nest more than 128 levels deep/)
    }
    const ok = await upload('note.md', NOTE)
    expect(ok.status).toBe(201)
  })
})

describe('the parse budget settings', () => {
  it('default to 20 s, 512 MB and 128 levels and refuse values that are not sane integers', () => {
    const config = loadConfig({})
    expect(config.ingest).toMatchObject({ parseTimeoutMs: 20_000, parseMemoryMb: 512, parseMaxDepth: 128 })
    expect(() => loadConfig({ FIELDKB_PARSE_TIMEOUT_MS: 'soon' })).toThrow(
      /FIELDKB_PARSE_TIMEOUT_MS: expected an integer/,
    )
    expect(() => loadConfig({ FIELDKB_PARSE_MEMORY_MB: '8' })).toThrow(
      /FIELDKB_PARSE_MEMORY_MB: expected an integer >= 64/,
    )
    expect(() => loadConfig({ FIELDKB_PARSE_MAX_DEPTH: '0' })).toThrow(
      /FIELDKB_PARSE_MAX_DEPTH: expected an integer >= 8/,
    )
  })
})
