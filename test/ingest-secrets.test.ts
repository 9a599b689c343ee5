import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestPaths } from '../ingest/run.ts'
import { SAMPLE_CORPUS, tempDir } from './helpers/corpus.ts'
import { freshDb, type TestDb } from './helpers/db.ts'
import { RecordingEmbeddings } from './helpers/recording-embedder.ts'

// Fake credentials planted the way an FDE might paste them by mistake.
const SECRETS = {
  aws: 'AKIAQ3EGT7RXZ5NVW2KD',
  github: 'ghp_R8x2Lk9QmZ4vT7bN1cW6yH3jF5sD0aPeXu2M',
  dbPassword: 'Tr0ub4dor-and-3',
  assignment: 'hunter2-prod-Zq9',
  email: 'dana.whitfield@northwind-example.com',
  card: '4111 1111 1111 1111',
}

const NOTE = `---
title: Proxy outage at Northwind
customer: Northwind
date: 2026-10-02
type: incident
contact: ${SECRETS.email}
---
# Proxy outage

## Timeline
Dana (${SECRETS.email}) pasted the config:

\`\`\`bash
export AWS_ACCESS_KEY_ID=${SECRETS.aws}
export GITHUB_TOKEN=${SECRETS.github}
DATABASE_URL=postgres://rag_svc:${SECRETS.dbPassword}@db.internal:5432/rag
password=${SECRETS.assignment}
\`\`\`

## Root cause
The card ${SECRETS.card} was used in a test transcript that reached the model logs.
`

describe('redaction during ingest', () => {
  let t: TestDb
  let dir: { dir: string; cleanup: () => void }
  const embedder = new RecordingEmbeddings(32)

  beforeAll(async () => {
    t = await freshDb()
    dir = tempDir()
    mkdirSync(path.join(dir.dir, 'customers', 'northwind'), { recursive: true })
    writeFileSync(path.join(dir.dir, 'customers', 'northwind', 'proxy.md'), NOTE)
    const summary = await ingestPaths([dir.dir], {
      db: t.db,
      embedder,
      options: { maxFileBytes: 1 << 20, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false },
    })
    expect(summary.failed).toBe(0)
    expect(summary.redactions).toBeGreaterThanOrEqual(6)
  })
  afterAll(async () => {
    await t?.dispose()
    dir?.cleanup()
  })

  it.each(Object.entries(SECRETS))('keeps the planted %s out of stored chunk text', async (_kind, secret) => {
    const rows = await t.db.query('SELECT 1 FROM chunks WHERE position($1 IN text) > 0', [secret])
    expect(rows).toEqual([])
  })

  it.each(Object.entries(SECRETS))(
    'keeps the planted %s out of the full-text index',
    async (_kind, secret) => {
      // Every word-like piece of the secret, as the english parser would index it.
      const rows = await t.db.query<{ hit: boolean }>(
        `SELECT bool_or(c.tsv @@ plainto_tsquery('simple', $1)) AS hit FROM chunks c`,
        [secret],
      )
      expect(rows[0]!.hit).toBe(false)
    },
  )

  it.each(Object.entries(SECRETS))('never hands the planted %s to the embedder', (_kind, secret) => {
    expect(embedder.seen.length).toBeGreaterThan(0)
    for (const text of embedder.seen) expect(text).not.toContain(secret)
  })

  it('keeps secrets out of the document row: title, frontmatter, warnings', async () => {
    const rows = await t.db.query<{ row: string }>('SELECT row_to_json(d)::text AS row FROM documents d')
    for (const secret of Object.values(SECRETS)) expect(rows[0]!.row).not.toContain(secret)
  })

  it('stores typed placeholders and per-kind redaction counts instead', async () => {
    const [doc] = await t.db.query<{ redactions: Record<string, number> }>('SELECT redactions FROM documents')
    expect(doc!.redactions).toMatchObject({ email: 2 })
    const rows = await t.db.query<{ text: string }>("SELECT text FROM chunks WHERE text LIKE '%[REDACTED:%'")
    const all = rows.map((r) => r.text).join('\n')
    expect(all).toMatch(/\[REDACTED:aws-access-key\]/)
    expect(all).toMatch(/\[REDACTED:github-token\]/)
    expect(all).toMatch(/postgres:\/\/rag_svc:\[REDACTED:password\]@db\.internal/)
  })
})

describe('the planted secrets of the sample corpus', () => {
  // examples/corpus/README.md lists every fake credential planted in the corpus, one per line:
  // "<path>\t<literal>" inside the fenced block after the "Planted secrets" heading.
  const readme = readFileSync(path.join(SAMPLE_CORPUS, 'README.md'), 'utf8')
  const block = readme.slice(readme.indexOf('## Planted secrets')).match(/```text\n([\s\S]*?)```/)?.[1] ?? ''
  const planted = block
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => l.slice(l.indexOf('\t') + 1).trim())
  let t: TestDb
  const embedder = new RecordingEmbeddings(32)

  beforeAll(async () => {
    t = await freshDb()
    await ingestPaths([path.join(SAMPLE_CORPUS, 'customers')], {
      db: t.db,
      embedder,
      options: { maxFileBytes: 1 << 20, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false },
    })
  })
  afterAll(async () => t?.dispose())

  it('lists a dozen or more planted secrets', () => {
    expect(planted.length).toBeGreaterThanOrEqual(12)
  })

  it('finds none of them in chunks, documents or embedder inputs', async () => {
    const chunks = (await t.db.query<{ text: string }>('SELECT text FROM chunks'))
      .map((r) => r.text)
      .join('\n')
    const docs = (await t.db.query<{ row: string }>('SELECT row_to_json(d)::text AS row FROM documents d'))
      .map((r) => r.row)
      .join('\n')
    const leaks = planted.filter(
      (s) => chunks.includes(s) || docs.includes(s) || embedder.seen.some((text) => text.includes(s)),
    )
    expect(leaks).toEqual([])
  })
})
