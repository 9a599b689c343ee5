import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEml, makePdf } from '../bench/lib/doc-fixtures.ts'
import { closeParsePool } from '../ingest/parse-pool.ts'
import { webApp } from './e2e/web-fixture.ts'
import { type TestApp, testApp } from './helpers/app.ts'

const json = async (res: Response) => (await res.json()) as Record<string, unknown>
const AWS_KEY = 'AKIAQ3EGT7RXZ5NVW2KD'

describe('uploading PDF and e-mail files with metadata fields', () => {
  let t: TestApp
  let pdf: Uint8Array
  beforeAll(async () => {
    t = await testApp()
    pdf = await makePdf([
      { heading: 'Gateway outage', paragraphs: [`The deploy script printed the key ${AWS_KEY} to the log.`] },
    ])
  })
  afterAll(async () => {
    await closeParsePool()
    await t?.dispose()
  })

  const form = (name: string, bytes: Uint8Array, fields: Record<string, string> = {}) => {
    const body = new FormData()
    body.set('file', new File([Buffer.from(bytes)], name))
    for (const [k, v] of Object.entries(fields)) body.set(k, v)
    return t.call('/api/documents', { method: 'POST', body })
  }

  it('stores an uploaded PDF under the customer, type, date and severity given in the form, redacted', async () => {
    const res = await form('outage.pdf', pdf, {
      customer: 'Globex',
      type: 'incident',
      date: '2024-05-01',
      severity: 'sev2',
    })
    expect(res.status).toBe(201)
    const { documentId } = await json(res)
    const doc = await json(await t.call(`/api/documents/${documentId}`))
    expect(doc).toMatchObject({
      title: 'Gateway outage',
      customer: 'Globex',
      type: 'incident',
      date: '2024-05-01',
      severity: 'sev2',
      sourcePath: 'uploads/outage.pdf',
    })
    expect(doc.body).toContain('[REDACTED:aws-access-key]')
    expect(JSON.stringify(doc)).not.toContain(AWS_KEY)
  })

  it('uses the customer field for a markdown upload instead of "Uploads"', async () => {
    const body = new TextEncoder().encode('# Visit notes\n\nThe kickoff went well.\n')
    const { documentId } = await json(await form('visit.md', body, { customer: 'Initech' }))
    expect(await json(await t.call(`/api/documents/${documentId}`))).toMatchObject({ customer: 'Initech' })
  })

  it('refuses a form field outside its vocabulary with a 400 naming the field', async () => {
    const res = await form('bad-sev.pdf', pdf, { severity: 'sev9' })
    expect(res.status).toBe(400)
    expect(JSON.stringify(await json(res))).toContain('severity')
  })

  it('stores an uploaded e-mail and its PDF attachment as two linked documents', async () => {
    const eml = await makeEml({
      from: 'Ops <ops@initech.example>',
      subject: 'Gateway outage report',
      date: new Date('2024-06-03T08:00:00Z'),
      text: 'Report attached.',
      attachments: [{ filename: 'report.pdf', content: pdf }],
    })
    const res = await t.upload('report-mail.eml', new Uint8Array(eml), undefined, 'message/rfc822')
    expect(res.status).toBe(201)
    const mail = await json(await t.call(`/api/documents/${(await json(res)).documentId}`))
    expect(mail).toMatchObject({
      title: 'Gateway outage report',
      date: '2024-06-03',
      sourcePath: 'uploads/report-mail.eml',
    })
    const list = await json(await t.call('/api/documents?pageSize=100'))
    const items = list.items as { id: number; sourcePath: string }[]
    const attachment = items.find((d) => d.sourcePath === 'uploads/report-mail.eml#attachment/report.pdf')
    expect(attachment).toBeDefined()
    const detail = await json(await t.call(`/api/documents/${attachment!.id}`))
    expect(detail.frontmatter).toMatchObject({ parent: 'uploads/report-mail.eml' })
    const web = webApp({ ...t, xssId: 0, failedId: 0 })
    const page = await (await web.request(`/documents/${attachment!.id}`)).text()
    expect(page).toContain(`Attachment of <a href="/documents/${mail.id}">Gateway outage report</a>`)
  })

  it('answers 422 naming the problem for a PDF that cannot be read', async () => {
    const res = await form('broken.pdf', new TextEncoder().encode('%PDF-1.7\nnot really\n'))
    expect(res.status).toBe(422)
    expect((await json(res)).detail).toMatch(/not a readable PDF/)
  })
})
