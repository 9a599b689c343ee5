import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeDocx, makeEml, makeEncryptedPdf, makePdf, reportPages } from '../bench/lib/doc-fixtures.ts'
import { closeParsePool } from '../ingest/parse-pool.ts'
import { type IngestSummary, ingestPaths } from '../ingest/run.ts'
import { docxConverter } from '../ingest/sources/docx.ts'
import { lastIngestRun } from '../storage/ingest-runs.ts'
import { freshDb, type TestDb } from './helpers/db.ts'
import { RecordingEmbeddings } from './helpers/recording-embedder.ts'
import { convert, prepare } from './helpers/sources.ts'

const OPTIONS = { maxFileBytes: 1024 * 1024, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }
const AWS_KEY = 'AKIAQ3EGT7RXZ5NVW2KD'

interface Row {
  source_path: string
  title: string
  customer: string
  type: string
  date: string
  author: string | null
  body: string
  frontmatter: Record<string, unknown>
  warnings: { code: string; message: string }[]
}

describe('ingesting PDF, DOCX and e-mail files', () => {
  let t: TestDb
  let dir: string
  let first: IngestSummary
  const embedder = new RecordingEmbeddings(32)
  const deps = () => ({ db: t.db, embedder, options: OPTIONS })
  const doc = async (sourcePath: string): Promise<Row | undefined> => {
    const [row] = await t.db.query<Row>(
      `SELECT source_path, title, customer, type, to_char(date, 'YYYY-MM-DD') AS date, author, body, frontmatter, warnings
       FROM documents WHERE source_path = $1 AND status = 'ok'`,
      [sourcePath],
    )
    return row
  }
  const chunksOf = async (sourcePath: string): Promise<string[]> =>
    (
      await t.db.query<{ text: string }>(
        'SELECT c.text FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.source_path = $1 ORDER BY c.ordinal',
        [sourcePath],
      )
    ).map((r) => r.text)

  const postmortem = () =>
    makePdf(
      [
        {
          heading: 'Queue outage postmortem',
          paragraphs: [`The ingestion worker logged the access key ${AWS_KEY} in plain text.`],
        },
        { heading: 'Root cause', paragraphs: ['The connection pool was sized for the old batch size.'] },
      ],
      { title: 'Queue outage at Acme', author: 'Dana Lee' },
    )

  beforeAll(async () => {
    t = await freshDb()
    dir = mkdtempSync(path.join(tmpdir(), 'fieldkb-sources-'))
    const acme = path.join(dir, 'customers', 'acme')
    mkdirSync(path.join(acme, 'incidents'), { recursive: true })
    mkdirSync(path.join(acme, 'mail'), { recursive: true })
    const pdf = await postmortem()
    writeFileSync(path.join(acme, 'incidents', 'queue-outage.pdf'), pdf)
    writeFileSync(
      path.join(acme, 'weekly.docx'),
      await makeDocx(
        [
          { heading: 'Weekly report', paragraphs: ['The rollout reached the second region.'] },
          { heading: 'Risks', paragraphs: ['Quota limits may block the third region.'] },
        ],
        {
          bullets: ['raise the quota', 'schedule the cutover'],
          table: [
            ['Metric', 'Value'],
            ['p95 latency', '120 ms'],
          ],
          meta: { creator: 'Priya Nair', created: new Date('2024-03-11T09:30:00Z') },
        },
      ),
    )
    writeFileSync(
      path.join(acme, 'mail', 'follow-up.eml'),
      await makeEml({
        from: 'Dana Lee <dana@acme.example>',
        subject: 'Queue outage follow-up',
        date: new Date('2024-04-02T09:00:00Z'),
        text: 'The postmortem is attached; the spreadsheet has the raw numbers.',
        attachments: [
          { filename: 'postmortem.pdf', content: pdf },
          { filename: 'numbers.xlsx', content: 'not really a spreadsheet' },
        ],
      }),
    )
    const mails = await Promise.all(
      ['Cutover plan', 'Cutover done'].map((subject, i) =>
        makeEml({
          from: 'Sam Ortiz <sam@acme.example>',
          subject,
          date: new Date(`2024-05-0${i + 1}T12:00:00Z`),
          text: `${subject}: From the vendor side nothing is left to do.`,
        }),
      ),
    )
    writeFileSync(
      path.join(acme, 'mail', 'archive.mbox'),
      mails.map((m) => `From sam@acme.example Wed May  1 12:00:00 2024\n${m.toString('utf8')}\n`).join(''),
    )
    writeFileSync(path.join(acme, 'broken.mbox'), 'just some text, no messages\n')
    writeFileSync(path.join(acme, 'scan.pdf'), await makePdf([{ paragraphs: [] }, { paragraphs: [] }]))
    writeFileSync(path.join(acme, 'locked.pdf'), await makeEncryptedPdf())
    writeFileSync(path.join(acme, 'broken.pdf'), '%PDF-1.7\nthis is not a PDF body\n')
    writeFileSync(path.join(acme, 'broken.docx'), 'PK but not a zip archive')
    writeFileSync(path.join(acme, 'broken.eml'), Buffer.from([0, 0, 0, 0]))
    writeFileSync(path.join(acme, 'budget.xlsx'), 'x')
    writeFileSync(path.join(acme, 'empty.md'), '')
    writeFileSync(path.join(acme, 'notes.md'), '# Notes\n\nPlain markdown still works.\n')
    first = await ingestPaths([dir], deps())
  }, 60_000)

  afterAll(async () => {
    await closeParsePool()
    await t?.dispose()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('lists every file it did not ingest with the reason, in the result and for fieldkb status', async () => {
    const expected = [
      { path: 'customers/acme/budget.xlsx', reason: 'unsupported type .xlsx' },
      { path: 'customers/acme/empty.md', reason: 'empty file' },
    ]
    expect(first.skipped).toEqual(expected)
    expect((await lastIngestRun(t.db))?.skipped).toEqual(expected)
  })

  it('fails a malformed or encrypted file alone with a message naming the problem, and the batch goes on', () => {
    const failed = Object.fromEntries(
      first.outcomes.filter((o) => o.status === 'failed').map((o) => [o.sourcePath, o.error]),
    )
    expect(Object.keys(failed).sort()).toEqual([
      'customers/acme/broken.docx',
      'customers/acme/broken.eml',
      'customers/acme/broken.mbox',
      'customers/acme/broken.pdf',
      'customers/acme/locked.pdf',
    ])
    expect(failed['customers/acme/locked.pdf']).toMatch(
      /encrypted PDF \(password-protected\).*remove the password/,
    )
    expect(failed['customers/acme/broken.pdf']).toMatch(/not a readable PDF/)
    expect(failed['customers/acme/broken.docx']).toMatch(/not a readable DOCX.*save it as \.docx/)
    expect(failed['customers/acme/broken.eml']).toMatch(/no e-mail headers or body found/)
    expect(failed['customers/acme/broken.mbox']).toMatch(/no messages found/)
    expect(first.added).toBe(8)
  })

  it('stores a PDF with its metadata, headings from the font size and page markers, and the AWS key redacted', async () => {
    const row = await doc('customers/acme/incidents/queue-outage.pdf')
    expect(row).toMatchObject({
      title: 'Queue outage at Acme',
      customer: 'Acme',
      type: 'incident',
      author: 'Dana Lee',
      date: '2024-03-05',
    })
    expect(row!.body).toMatch(/^# Queue outage postmortem\n\n\[page 1\] The ingestion worker logged/m)
    expect(row!.body).toMatch(/^# Root cause\n\n\[page 2\] The connection pool was sized/m)
    const chunks = await chunksOf('customers/acme/incidents/queue-outage.pdf')
    const all = chunks.join('\n')
    expect(all).not.toContain(AWS_KEY)
    expect(all).toContain('[REDACTED:aws-access-key]')
    expect(all).toContain('connection pool was sized')
    expect(embedder.seen.join('\n')).not.toContain(AWS_KEY)
  })

  it('stores a DOCX with its headings, list and table, and author and date from its core properties', async () => {
    const row = await doc('customers/acme/weekly.docx')
    // No dc:title in the file: the first heading is the title.
    expect(row).toMatchObject({
      title: 'Weekly report',
      customer: 'Acme',
      author: 'Priya Nair',
      date: '2024-03-11',
    })
    expect(row!.body).toContain('## Risks')
    expect(row!.body).toContain('- raise the quota\n- schedule the cutover')
    expect(row!.body).toMatch(/\| Metric +\| Value +\|\n\| -+ \| -+ \|\n\| p95 latency \| 120 ms +\|/)
  })

  it('stores an e-mail by subject, date and sender, and its PDF attachment as a document linked to it', async () => {
    const mail = await doc('customers/acme/mail/follow-up.eml')
    expect(mail).toMatchObject({
      title: 'Queue outage follow-up',
      date: '2024-04-02',
      author: 'Dana Lee',
      customer: 'Acme',
    })
    expect(mail!.body).toContain('The postmortem is attached')
    expect(mail!.warnings.map((w) => w.message)).toContain(
      'customers/acme/mail/follow-up.eml: attachment "numbers.xlsx" not ingested: unsupported type .xlsx',
    )
    const attachment = await doc('customers/acme/mail/follow-up.eml#attachment/postmortem.pdf')
    expect(attachment).toMatchObject({ title: 'Queue outage at Acme', customer: 'Acme' })
    expect(attachment!.frontmatter.parent).toBe('customers/acme/mail/follow-up.eml')
    expect(attachment!.warnings.filter((w) => w.code === 'unknown-field')).toEqual([])
    expect(
      (await chunksOf('customers/acme/mail/follow-up.eml#attachment/postmortem.pdf')).join('\n'),
    ).not.toContain(AWS_KEY)
  })

  it('stores each message of an mbox as its own document, named by Message-ID', async () => {
    const rows = await t.db.query<{ source_path: string; title: string; date: string; body: string }>(
      `SELECT source_path, title, to_char(date, 'YYYY-MM-DD') AS date, body FROM documents
       WHERE starts_with(source_path, 'customers/acme/mail/archive.mbox#') ORDER BY date`,
    )
    expect(rows.map((r) => [r.title, r.date])).toEqual([
      ['Cutover plan', '2024-05-01'],
      ['Cutover done', '2024-05-02'],
    ])
    expect(
      rows.every((r) => /^customers\/acme\/mail\/archive\.mbox#[^#\s/]+@[^#\s/]+$/.test(r.source_path)),
    ).toBe(true)
    expect(rows[0]!.body).toContain('Cutover plan: From the vendor side')
  })

  it('reports a PDF without a text layer with its page count instead of storing it silently empty', async () => {
    const row = await doc('customers/acme/scan.pdf')
    expect(row!.warnings.map((w) => w.message)).toContain(
      'customers/acme/scan.pdf: scanned PDF: none of its 2 pages has a text layer (run OCR on it to index it)',
    )
    const outcome = first.outcomes.find((o) => o.sourcePath === 'customers/acme/scan.pdf')
    expect(outcome?.warnings?.some((w) => w.message.includes('none of its 2 pages'))).toBe(true)
  })

  it('skips unchanged containers on the next run without converting or embedding anything', async () => {
    const before = embedder.seen.length
    const again = await ingestPaths([dir], deps())
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 6 })
    expect(embedder.seen.length).toBe(before)
  })

  it('prunes an attachment that vanished from its mail with --prune', async () => {
    writeFileSync(
      path.join(dir, 'customers', 'acme', 'mail', 'follow-up.eml'),
      await makeEml({
        from: 'Dana Lee <dana@acme.example>',
        subject: 'Queue outage follow-up',
        date: new Date('2024-04-02T09:00:00Z'),
        text: 'The postmortem will follow separately.',
      }),
    )
    const summary = await ingestPaths([dir], { ...deps() }, { prune: true })
    expect(summary.prunedPaths).toEqual(['customers/acme/mail/follow-up.eml#attachment/postmortem.pdf'])
    expect(summary.updated).toBe(1)
    expect(await doc('customers/acme/mail/follow-up.eml#attachment/postmortem.pdf')).toBeUndefined()
    expect((await doc('customers/acme/mail/follow-up.eml'))!.body).toContain('will follow separately')
  })
})

describe('DOCX core properties', () => {
  const report = (meta: { title?: string; creator?: string; created?: Date }) =>
    makeDocx([{ heading: 'Status', paragraphs: ['Cutover is scheduled for Friday.'] }], { meta })

  it('puts dc:title, dc:creator and dcterms:created into the frontmatter, entities decoded', async () => {
    const bytes = await report({
      title: 'Acme & Globex <joint> review',
      creator: 'Ana Müller',
      created: new Date('2025-11-20T23:30:00Z'),
    })
    const [converted] = await convert(docxConverter, 'customers/acme/review.docx', bytes)
    const prepared = prepare(converted!, 'customers/acme')
    expect(prepared.parsed).toMatchObject({
      title: 'Acme & Globex <joint> review',
      author: 'Ana Müller',
      date: '2025-11-20',
    })
    expect(prepared.body).toContain('# Status')
    expect(prepared.body).toContain('Cutover is scheduled for Friday.')
  })

  it('keeps the first heading as the title and names no author when the writer left its placeholder', async () => {
    const [converted] = await convert(docxConverter, 'customers/acme/status.docx', await report({}))
    const prepared = prepare(converted!, 'customers/acme')
    expect(prepared.parsed.title).toBe('Status')
    expect(prepared.parsed.author ?? null).toBeNull()
  })

  it('reads a DOCX whose core properties part is missing or malformed like one without them', async () => {
    const files = unzipSync(await report({ title: 'Ignored', creator: 'Nobody' }))
    files['docProps/core.xml'] = strToU8('<cp:coreProperties><dc:title>unclosed')
    const [broken] = await convert(docxConverter, 'a.docx', zipSync(files))
    delete files['docProps/core.xml']
    const [missing] = await convert(docxConverter, 'b.docx', zipSync(files))
    for (const d of [broken!, missing!]) {
      const prepared = prepare(d, 'customers/acme')
      expect(prepared.parsed.title).toBe('Status')
      expect(prepared.body).toContain('Cutover is scheduled for Friday.')
    }
  })
})

describe('a converter over the parse budget', () => {
  let t: TestDb
  let dir: string
  afterAll(async () => {
    await closeParsePool()
    await t?.dispose()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('fails that file with the time-budget error and goes on with the batch', async () => {
    t = await freshDb()
    dir = mkdtempSync(path.join(tmpdir(), 'fieldkb-budget-'))
    writeFileSync(path.join(dir, 'long.pdf'), await makePdf(reportPages(60)))
    writeFileSync(path.join(dir, 'short.md'), '# Short\n\nA note.\n')
    const options = { ...OPTIONS, parseTimeoutMs: 40 }
    const summary = await ingestPaths([dir], { db: t.db, embedder: new RecordingEmbeddings(32), options })
    const long = summary.outcomes.find((o) => o.sourcePath === 'long.pdf')
    expect(long).toMatchObject({ status: 'failed' })
    expect(long?.error).toMatch(/took longer than .*FIELDKB_PARSE_TIMEOUT_MS/)
    expect(summary.outcomes.map((o) => o.sourcePath)).toEqual(['long.pdf', 'short.md'])
  }, 60_000)
})
