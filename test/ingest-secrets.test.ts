import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sharedDir } from '../bench/lib/paths.ts'
import { ingestPaths } from '../ingest/run.ts'
import { writeDocument } from '../storage/documents.ts'
import { ensureEmbeddingModel } from '../storage/embedding-model.ts'
import { SAMPLE_CORPUS, tempDir } from './helpers/corpus.ts'
import { freshDb, type TestDb } from './helpers/db.ts'
import { RecordingEmbeddings } from './helpers/recording-embedder.ts'
import { lexemesWithout, traceSecret } from './helpers/secret-leaks.ts'

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
    'keeps the planted %s out of chunk text, body, tsvector lexemes, postings and term_stats',
    async (_kind, secret) => {
      // The secret's lexemes (english config, as chunks.tsv is built) that the note without any
      // secret would not give: each one in the index could only have come from the secret.
      const trace = await traceSecret(t.db, secret, await lexemesWithout(t.db, NOTE, Object.values(SECRETS)))
      expect(trace.lexemes.length).toBeGreaterThan(0)
      expect(trace).toMatchObject({
        inChunkText: false,
        inBody: false,
        inTsv: [],
        inPostings: [],
        inTermStats: [],
      })
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

describe('the leak check on a store written without redaction (it can fail)', () => {
  // The same note stored verbatim through writeDocument, which builds chunks.tsv and the postings
  // exactly as ingest does: traceSecret must find every planted secret in it.
  let t: TestDb

  beforeAll(async () => {
    t = await freshDb()
    await ensureEmbeddingModel(t.db, { modelId: 'test:leak-control@1', dimensions: 3 })
    await writeDocument(
      t.db,
      {
        sourceKey: 'control/proxy.md',
        sourcePath: 'proxy.md',
        meta: {
          title: 'Proxy outage at Northwind',
          customer: 'Northwind',
          type: 'incident',
          date: '2026-10-02',
          tags: [],
          author: null,
          severity: null,
        },
        format: 'markdown',
        contentHash: 'control',
        frontmatter: {},
        warnings: [],
        redactions: {},
        body: NOTE,
      },
      [{ ordinal: 0, headingPath: ['Proxy outage'], text: NOTE, tokenCount: 120, embedding: [1, 0, 0] }],
    )
  })
  afterAll(async () => t?.dispose())

  it.each(Object.entries(SECRETS))(
    'finds the unredacted %s in chunk text, body, tsvector lexemes, postings and term_stats',
    async (_kind, secret) => {
      const trace = await traceSecret(t.db, secret, await lexemesWithout(t.db, NOTE, Object.values(SECRETS)))
      expect(trace.inChunkText).toBe(true)
      expect(trace.inBody).toBe(true)
      expect(trace.inTsv.length).toBeGreaterThan(0)
      expect(trace.inPostings).toEqual(trace.inTsv)
      expect(trace.inTermStats).toEqual(trace.inTsv)
    },
  )

  it('is needed: the old simple-config tsquery misses a secret holding a stop word even unredacted', async () => {
    const [row] = await t.db.query<{ hit: boolean }>(
      `SELECT bool_or(c.tsv @@ plainto_tsquery('simple', $1)) AS hit FROM chunks c`,
      [SECRETS.dbPassword],
    )
    expect(row!.hit).toBe(false)
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

// Each planted value is written so the raw text never holds it whole: markup, entities, escapes and
// line wraps split or disguise it. `hidden` lists what must be gone from everything stored.
const AWS_BODY = 'Q7ZK2M4X9TB3WF5N'
const GH_BODY = 'R8x2Lk9QmZ4vT7bN1cW6yH3jF5sD0aPeXu2M'
const JWT_SIG = 'R3dT5tT0kAbCdEfGh1jKlMnOpQr5tUvWxYz9'
const MARKUP_NOTE = `---
title: Wiki export for Fjordline
customer: Fjordline
author: Ines Albrecht
date: 2026-10-05
summary: rotate AKIA**Q7ZK2M4X**9TB3WF5N today
---
# Access notes for key AKIA**Q7ZK2M4X**9TB3WF5N

The CI token is ghp\\_${GH_BODY} (escaped by the wiki).

Session token, wrapped by the mail client:
eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwib
mFtZSI6IkZpZWxkIn0.${JWT_SIG}

db_pass: Wint3r-Harbour-41
Authorization: Token 9944b09199c62bcf9418ad846dd0e4bb
For the record, the password is Tr0ub4dor&3x.

Ticket pasted by the customer:
Name: Annelies Verbruggen
Date of birth: 02-11-1985
SSN: 219-09-9999, NI number QQ 12 34 56 C, passport no. C03005988
Refund to de89 3704 0044 0532 0130 00.
`
const MARKUP_PAGE = `<html><head><title>Runbook &#65;KIA${AWS_BODY.slice(0, 8)}&#x${'39'};TB3WF5N</title></head>
<body><h1>Service accounts</h1>
<!-- old key &#65;KIA${AWS_BODY} -->
<p>Primary DB: postgres://svc:<em>Hq7-fjord-2291</em>@db.fjordline.example/app</p>
<p>Test card 4111&nbsp;1111&nbsp;1111&nbsp;1111 for the sandbox.</p>
<table>
  <tr><th>Account</th><th>Password</th></tr>
  <tr>
    <td>svc_etl</td>
    <td>Gr33n!Fjord-5</td>
  </tr>
</table>
</body></html>`
const HIDDEN = {
  'emphasis-split AWS key': AWS_BODY.slice(8),
  'escaped GitHub token': GH_BODY,
  'wrapped JWT, second line': 'mFtZSI6IkZpZWxkIn0',
  'wrapped JWT, signature': JWT_SIG,
  'db_pass value': 'Wint3r-Harbour-41',
  'Authorization Token': '9944b09199c62bcf9418ad846dd0e4bb',
  'password told in prose': 'Tr0ub4dor&3x',
  'end-user name': 'Verbruggen',
  'date of birth': '02-11-1985',
  SSN: '219-09-9999',
  'NI number': '34 56 C',
  passport: 'C03005988',
  'lower-case IBAN': '0532 0130 00',
  'entity-encoded key in <title> and comment': 'TB3WF5N',
  'URL password inside <em>': 'Hq7-fjord-2291',
  '&nbsp;-spaced card': '1111&nbsp;1111',
  'HTML table password': 'Gr33n!Fjord-5',
}

describe('secrets hidden by markup, through ingest', () => {
  let t: TestDb
  let dir: { dir: string; cleanup: () => void }
  const embedder = new RecordingEmbeddings(32)

  beforeAll(async () => {
    t = await freshDb()
    dir = tempDir()
    mkdirSync(path.join(dir.dir, 'customers', 'fjordline'), { recursive: true })
    writeFileSync(path.join(dir.dir, 'customers', 'fjordline', 'access.md'), MARKUP_NOTE)
    writeFileSync(path.join(dir.dir, 'customers', 'fjordline', 'runbook.html'), MARKUP_PAGE)
    const summary = await ingestPaths([dir.dir], {
      db: t.db,
      embedder,
      options: { maxFileBytes: 1 << 20, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false },
    })
    expect(summary.failed).toBe(0)
  })
  afterAll(async () => {
    await t?.dispose()
    dir?.cleanup()
  })

  it.each(Object.entries(HIDDEN))(
    'keeps the %s out of chunks, documents and embedder inputs',
    async (_k, piece) => {
      const chunks = await t.db.query('SELECT 1 FROM chunks WHERE position($1 IN text) > 0', [piece])
      expect(chunks).toEqual([])
      const docs = await t.db.query<{ row: string }>('SELECT row_to_json(d)::text AS row FROM documents d')
      for (const d of docs) expect(d.row).not.toContain(piece)
      for (const text of embedder.seen) expect(text).not.toContain(piece)
    },
  )

  it.each(Object.entries(HIDDEN))('keeps the %s out of the full-text index', async (_k, piece) => {
    const ignore = await lexemesWithout(t.db, `${MARKUP_NOTE}\n${MARKUP_PAGE}`, Object.values(HIDDEN))
    const trace = await traceSecret(t.db, piece, ignore)
    expect(trace).toMatchObject({
      inChunkText: false,
      inBody: false,
      inTsv: [],
      inPostings: [],
      inTermStats: [],
    })
  })

  it('keeps the FDE author and writes one placeholder per URL password', async () => {
    const [doc] = await t.db.query<{ author: string }>(
      "SELECT author FROM documents WHERE source_path LIKE '%access.md'",
    )
    expect(doc!.author).toBe('Ines Albrecht')
    const text = (await t.db.query<{ text: string }>('SELECT text FROM chunks')).map((r) => r.text).join('\n')
    expect(text).toMatch(/postgres:\/\/svc:\[REDACTED:password\]@db\.fjordline\.example/)
  })
})

// The keyed development corpus: 19 planted secrets/PII (16 must be redacted) and 10 decoys.
const fdeDev = path.join(sharedDir, 'corpora-keyed', 'fde-dev')
const hasFdeDev = existsSync(path.join(fdeDev, 'key', 'secrets.json'))
if (!hasFdeDev) console.info(`ingest-secrets: ${fdeDev} is absent; skipping the fde-dev redaction check`)

describe.skipIf(!hasFdeDev)('the fde-dev secrets and decoys (skipped when ../shared is absent)', () => {
  const read = (name: string): Array<{ id: string; value: string; must_redact: boolean }> =>
    JSON.parse(readFileSync(path.join(fdeDev, 'key', name), 'utf8'))
  let t: TestDb
  const embedder = new RecordingEmbeddings(32)
  let stored = ''

  beforeAll(async () => {
    t = await freshDb()
    const summary = await ingestPaths([path.join(fdeDev, 'docs')], {
      db: t.db,
      embedder,
      options: { maxFileBytes: 1 << 20, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false },
    })
    expect(summary.failed).toBe(0)
    const chunks = await t.db.query<{ text: string }>('SELECT text FROM chunks')
    const docs = await t.db.query<{ row: string }>('SELECT row_to_json(d)::text AS row FROM documents d')
    stored = [...chunks.map((r) => r.text), ...docs.map((r) => r.row), ...embedder.seen].join('\n')
  }, 120_000)
  afterAll(async () => t?.dispose())

  it('stores none of the must-redact values: chunks, title, frontmatter, embedder inputs', () => {
    const leaks = read('secrets.json')
      .filter((s) => s.must_redact)
      .filter((s) => stored.includes(s.value) || stored.includes(JSON.stringify(s.value).slice(1, -1)))
    expect(leaks.map((s) => s.id)).toEqual([])
  })

  it('indexes none of the must-redact values: chunk text, body, tsvector lexemes, postings, term_stats', async () => {
    const secrets = read('secrets.json').filter((x) => x.must_redact)
    const sources = readdirSync(path.join(fdeDev, 'docs'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
      .join('\n')
    const ignore = await lexemesWithout(
      t.db,
      sources,
      secrets.map((s) => s.value),
    )
    const leaks: string[] = []
    for (const s of secrets) {
      const trace = await traceSecret(t.db, s.value, ignore)
      if (trace.lexemes.length === 0) leaks.push(`${s.id}: no lexeme to look for`)
      const leaked = [...trace.inTsv, ...trace.inPostings, ...trace.inTermStats]
      if (trace.inChunkText || trace.inBody || leaked.length > 0) leaks.push(`${s.id}: ${leaked.join(' ')}`)
    }
    expect(leaks).toEqual([])
  })

  it('keeps every decoy in the stored chunk text', async () => {
    const text = (await t.db.query<{ text: string }>('SELECT text FROM chunks')).map((r) => r.text).join('\n')
    expect(
      read('decoys.json')
        .filter((d) => !text.includes(d.value))
        .map((d) => d.id),
    ).toEqual([])
  })
})
