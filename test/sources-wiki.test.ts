import { strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { makeDocx, makePdf } from '../bench/lib/doc-fixtures.ts'
import { confluenceConverter } from '../ingest/sources/confluence.ts'
import { readZip } from '../ingest/sources/exports/zip.ts'
import { EXPORT_CONVERTERS } from '../ingest/sources/exports.ts'
import { notionConverter } from '../ingest/sources/notion.ts'
import { ParseError } from '../lib/errors.ts'
import { convert, GITHUB_TOKEN, part, prepare } from './helpers/sources.ts'

const zipConverter = EXPORT_CONVERTERS.find((c) => c.extensions.includes('.zip'))!

function confluencePage(crumbs: [string, string][], title: string, content: string): string {
  const items = crumbs.map(([href, label]) => `<li><a href="${href}">${label}</a></li>`).join('')
  return `<!DOCTYPE html><html><head><title>OPS : ${title}</title></head><body>
<div id="page"><div id="main">
<div id="main-header">
  <div id="breadcrumb-section"><ol id="breadcrumbs">${items}</ol></div>
  <h1 id="title-heading" class="pagetitle"><span id="title-text"> OPS : ${title} </span></h1>
</div>
<div id="content" class="view">
  <div class="page-metadata">Created by <span class="author"> Marta Silva</span>, last modified on Feb 17, 2026</div>
  <div id="main-content" class="wiki-content group">${content}</div>
</div></div></div></body></html>`
}

function confluenceZip(): Uint8Array {
  return zipSync({
    'OPS/index.html': strToU8(
      '<html><body><h1>Space OPS</h1><ul><li><a href="Runbooks_1.html">Runbooks</a></li></ul></body></html>',
    ),
    'OPS/Runbooks_1.html': strToU8(
      confluencePage([['index.html', 'Operations']], 'Runbooks', '<p>All runbooks for the platform.</p>'),
    ),
    'OPS/Database-failover_2.html': strToU8(
      confluencePage(
        [
          ['index.html', 'Operations'],
          ['Runbooks_1.html', 'Runbooks'],
        ],
        'Database failover',
        `<h2>Preconditions</h2><p>Replica lag under 5 s.</p><h2>Steps</h2><ol><li>Promote the replica</li><li>Rotate the secret ${GITHUB_TOKEN}</li></ol><table><tr><th>Step</th><th>Owner</th></tr><tr><td>Promote</td><td>DBA</td></tr></table>`,
      ),
    ),
    'OPS/attachments/2/diagram.png': new Uint8Array([137, 80, 78, 71]),
  })
}

describe('Confluence space export', () => {
  it('makes one document per page, skipping the space index, with breadcrumbs as a title prefix', async () => {
    const docs = await convert(zipConverter, 'wiki/ops.zip', confluenceZip())
    expect(docs.map((d) => d.part).sort()).toEqual(['OPS/Database-failover_2', 'OPS/Runbooks_1'])
    const page = prepare(part(docs, 'OPS/Database-failover_2'), 'wiki')
    expect(page.parsed.title).toBe('Runbooks › Database failover')
    expect(page.parsed.type).toBe('integration-doc')
    expect(page.parsed.author).toBe('Marta Silva')
    expect(page.parsed.date).toBe('2026-02-17')
    expect(page.body).toContain('Breadcrumbs: Operations › Runbooks › Database failover')
    expect(prepare(part(docs, 'OPS/Runbooks_1'), 'wiki').parsed.title).toBe('Runbooks')
  })

  it('keeps headings, lists and tables as markdown sections and redacts secrets', async () => {
    const docs = await convert(confluenceConverter, 'wiki/ops.zip', confluenceZip())
    const page = prepare(part(docs, 'OPS/Database-failover_2'), 'wiki')
    expect(page.sections.map((s) => s.heading)).toEqual(expect.arrayContaining(['Preconditions', 'Steps']))
    expect(page.body).toMatch(/1\. Promote the replica/)
    expect(page.body).toMatch(/\| Step +\| Owner +\|/)
    expect(page.body).not.toContain(GITHUB_TOKEN)
    expect(page.redactions['github-token']).toBe(1)
  })

  it('refuses a zip without index.html, naming the file', async () => {
    const zip = zipSync({ 'a.html': strToU8('<p>x</p>') })
    const error = await convert(confluenceConverter, 'wiki/odd.zip', zip).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParseError)
    expect((error as Error).message).toMatch(/^wiki\/odd\.zip: not a Confluence space export/)
  })
})

const ID1 = '0123456789abcdef0123456789abcdef'
const ID2 = 'fedcba9876543210fedcba9876543210'
const ID3 = '11112222333344445555666677778888'

function notionZip(): Uint8Array {
  return zipSync({
    [`Export-abc/Customer Playbooks ${ID1}.md`]: strToU8('# Customer Playbooks\n\nIndex of playbooks.\n'),
    [`Export-abc/Customer Playbooks ${ID1}/Acme onboarding ${ID2}.md`]: strToU8(
      '# Acme onboarding\n\nCreated: March 9, 2026 4:12 PM\nCustomer: Acme\nTags: onboarding, sso\nOwner: Ines Duarte\n\n## Kickoff\n\nSSO via Okta; contact ines@acme.example for access.\n',
    ),
    [`Export-abc/Customer Playbooks ${ID1}/Acme onboarding ${ID2}/Cutover checklist ${ID3}.md`]: strToU8(
      '# Cutover checklist\n\n- Freeze writes\n- Flip DNS\n',
    ),
    [`Export-abc/Customer Playbooks ${ID1}/Tasks ${ID3}.csv`]: strToU8('Name,Status\nFlip DNS,Done\n'),
  })
}

describe('Notion export', () => {
  it('makes one document per page with the folder chain as breadcrumbs', async () => {
    const docs = await convert(zipConverter, 'notion/export.zip', notionZip())
    expect(docs.map((d) => d.part).sort()).toEqual([
      'Export-abc/Customer Playbooks',
      'Export-abc/Customer Playbooks/Acme onboarding',
      'Export-abc/Customer Playbooks/Acme onboarding/Cutover checklist',
    ])
    const child = prepare(
      part(docs, 'Export-abc/Customer Playbooks/Acme onboarding/Cutover checklist'),
      'notion',
    )
    expect(child.parsed.title).toBe('Customer Playbooks › Acme onboarding › Cutover checklist')
    expect(child.body).toContain('- Flip DNS')
  })

  it('reads the property lines under the title as metadata and redacts the body', async () => {
    const docs = await convert(notionConverter, 'notion/export.zip', notionZip())
    const page = prepare(part(docs, 'Export-abc/Customer Playbooks/Acme onboarding'), 'notion')
    expect(page.parsed.customer).toBe('Acme')
    expect(page.parsed.date).toBe('2026-03-09')
    expect(page.parsed.tags).toEqual(['onboarding', 'sso'])
    expect(page.parsed.author).toBe('Ines Duarte')
    expect(page.sections.map((s) => s.heading)).toContain('Kickoff')
    expect(page.body).not.toContain('ines@acme.example')
    expect(page.redactions.email).toBe(1)
  })

  it('refuses a zip without Notion pages, and the .zip converter names all formats it knows', async () => {
    const zip = zipSync({ 'readme.md': strToU8('# hi\n') })
    const notion = await convert(notionConverter, 'notion/plain.zip', zip).catch((e: unknown) => e)
    expect((notion as Error).message).toMatch(/^notion\/plain\.zip: not a Notion export/)
    const any = await convert(zipConverter, 'notion/plain.zip', zip).catch((e: unknown) => e)
    expect((any as Error).message).toMatch(
      /^notion\/plain\.zip: zip is not a recognised export: expected a Slack/,
    )
  })
})

const AWS_KEY = `AKIA${'Q3EGT7RXZ5NVW2KD'}`

/** A real PDF (pdf-lib) and DOCX (docx), plus a text note, an image and a truncated PDF. */
async function attachmentFiles() {
  const pdf = await makePdf(
    [{ heading: 'Failover drill report', paragraphs: [`The drill leaked the key ${AWS_KEY} into a log.`] }],
    { title: 'Failover drill 2026-02', author: 'Dana Lee' },
  )
  const docx = await makeDocx([
    { heading: 'Escalation contacts', paragraphs: ['Page the DBA on call first.'] },
  ])
  return {
    pdf,
    docx,
    txt: strToU8('Replica lag alert threshold is 5 s.\n'),
    png: new Uint8Array([137, 80, 78, 71]),
    broken: strToU8('%PDF-1.7\nthis is not a PDF body\n'),
  }
}

describe('attachments in Confluence and Notion exports', () => {
  it('makes each Confluence attachment of a readable type a document linked to its page', async () => {
    const a = await attachmentFiles()
    const base = unzipSync(confluenceZip())
    const zip = zipSync({
      ...base,
      'OPS/attachments/2/drill.pdf': a.pdf,
      'OPS/attachments/2/contacts.docx': a.docx,
      'OPS/attachments/2/alerts.txt': a.txt,
      'OPS/attachments/2/broken.pdf': a.broken,
      'OPS/attachments/2/budget.xlsx': strToU8('x'),
    })
    const docs = await convert(zipConverter, 'wiki/ops.zip', zip)
    expect(docs.map((d) => d.part).sort()).toEqual([
      'OPS/Database-failover_2',
      'OPS/Runbooks_1',
      'attachment/OPS/attachments/2/alerts.txt',
      'attachment/OPS/attachments/2/contacts.docx',
      'attachment/OPS/attachments/2/drill.pdf',
    ])
    for (const d of docs.filter((x) => x.part.startsWith('attachment/')))
      expect(d.parent).toBe('OPS/Database-failover_2')
    const pdf = prepare(part(docs, 'attachment/OPS/attachments/2/drill.pdf'), 'wiki')
    expect(pdf.parsed.title).toBe('Failover drill 2026-02')
    expect(pdf.parsed.author).toBe('Dana Lee')
    expect(pdf.body).toContain('# Failover drill report')
    expect(pdf.body).not.toContain(AWS_KEY)
    expect(pdf.redactions['aws-access-key']).toBe(1)
    const docx = prepare(part(docs, 'attachment/OPS/attachments/2/contacts.docx'), 'wiki')
    expect(docx.body).toContain('Page the DBA on call first.')
    const txt = prepare(part(docs, 'attachment/OPS/attachments/2/alerts.txt'), 'wiki')
    // No title of its own: the file name; no date of its own: the page's.
    expect(txt.parsed.title).toBe('alerts.txt')
    expect(txt.parsed.date).toBe('2026-02-17')
    expect(txt.body).toContain('Replica lag alert threshold is 5 s.')
    const page = part(docs, 'OPS/Database-failover_2')
    expect(page.warnings).toEqual([
      'attachment "broken.pdf" not ingested: not a readable PDF: Invalid PDF structure.',
      'attachment "budget.xlsx" not ingested: unsupported type .xlsx',
    ])
    expect(prepare(page, 'wiki').body).toContain('Promote the replica')
    expect(part(docs, 'OPS/Runbooks_1').warnings).toEqual([])
  })

  it("makes each file in a Notion page's folder a document linked to that page, with its metadata", async () => {
    const a = await attachmentFiles()
    const folder = `Export-abc/Customer Playbooks ${ID1}/Acme onboarding ${ID2}`
    const zip = zipSync({
      ...unzipSync(notionZip()),
      [`${folder}/sso-runbook.pdf`]: a.pdf,
      [`${folder}/notes.md`]: strToU8('# Okta notes\n\nSCIM provisioning is off.\n'),
      [`${folder}/screenshot.png`]: a.png,
      [`${folder}/broken.pdf`]: a.broken,
    })
    const docs = await convert(notionConverter, 'notion/export.zip', zip)
    const pagePart = 'Export-abc/Customer Playbooks/Acme onboarding'
    expect(docs.filter((d) => d.part.startsWith('attachment/')).map((d) => [d.part, d.parent])).toEqual([
      [`attachment/${pagePart}/notes.md`, pagePart],
      [`attachment/${pagePart}/sso-runbook.pdf`, pagePart],
    ])
    const notes = prepare(part(docs, `attachment/${pagePart}/notes.md`), 'notion')
    expect(notes.parsed.title).toBe('Okta notes')
    // The page's customer and date carry over to what is attached to it.
    expect(notes.parsed.customer).toBe('Acme')
    expect(notes.parsed.date).toBe('2026-03-09')
    const pdf = prepare(part(docs, `attachment/${pagePart}/sso-runbook.pdf`), 'notion')
    expect(pdf.parsed.title).toBe('Failover drill 2026-02')
    expect(pdf.body).toContain('The drill leaked the key')
    const page = part(docs, pagePart)
    expect(page.warnings).toEqual([
      'attachment "broken.pdf" not ingested: not a readable PDF: Invalid PDF structure.',
    ])
    // Inline images are no documents and no news: no part, no warning.
    expect(docs.some((d) => d.part.endsWith('screenshot.png'))).toBe(false)
    expect(prepare(page, 'notion').parsed.customer).toBe('Acme')
  })
})

describe('zip safety', () => {
  it('refuses an archive over the entry limit before inflating it', () => {
    const zip = zipSync({ 'a.md': strToU8('a'), 'b.md': strToU8('b'), 'c.md': strToU8('c') })
    expect(() =>
      readZip(zip, 'big.zip', undefined, { maxEntries: 2, maxTotalBytes: 1 << 20, maxRatio: 200 }),
    ).toThrow('big.zip: zip refused: more than 2 entries')
  })

  it('refuses an archive over the uncompressed size limit and a highly compressed entry', async () => {
    const zeros = new Uint8Array(8 * 1024 * 1024)
    const bomb = zipSync({ 'zeros.md': zeros }, { level: 9 })
    expect(() =>
      readZip(bomb, 'bomb.zip', undefined, { maxEntries: 10, maxTotalBytes: 1 << 20, maxRatio: 1e9 }),
    ).toThrow('bomb.zip: zip refused: over 1 MB uncompressed')
    const error = await convert(zipConverter, 'bomb.zip', bomb).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParseError)
    expect((error as Error).message).toMatch(/^bomb\.zip: zip refused: entry zeros\.md expands \d+×/)
  })

  it('names the file when the bytes are not a zip', async () => {
    const error = await convert(zipConverter, 'broken.zip', 'PK not really').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParseError)
    expect((error as Error).message).toMatch(/^broken\.zip: not a readable zip archive/)
  })
})
