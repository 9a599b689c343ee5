import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { markdown, type TestApp, testApp } from './helpers/app.ts'

const json = async (res: Response) => (await res.json()) as Record<string, unknown>

describe('uploads keep their own names', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await testApp()
  })
  afterAll(async () => {
    await t?.dispose()
  })

  it('keeps both documents when a second upload sanitises to an earlier upload’s name', async () => {
    const first = await t.upload('x.md', markdown({ customer: 'Acme' }, '# Notes\n\nThe first upload.'))
    expect(first.status).toBe(201)
    const second = await t.upload('../../etc/x.md', markdown({ customer: 'Acme' }, '# Notes\n\nAnother one.'))
    expect(second.status).toBe(201)
    const a = await json(first)
    const b = await json(second)
    expect(b.documentId).not.toBe(a.documentId)
    expect(a.sourcePath).toBe('uploads/x.md')
    expect(b.sourcePath).toBe('uploads/x-2.md')
    const kept = await json(await t.call(`/api/documents/${a.documentId}`))
    expect(JSON.stringify(kept)).toContain('The first upload.')
  })

  it('updates the same document when the same name is uploaded again', async () => {
    const before = await json(await t.upload('y.md', '# Y\n\nVersion one.'))
    const again = await t.upload('y.md', '# Y\n\nVersion two.')
    expect(again.status).toBe(200)
    const after = await json(again)
    expect(after).toMatchObject({
      status: 'updated',
      documentId: before.documentId,
      sourcePath: 'uploads/y.md',
    })
  })

  it('answers 422 naming the file for an empty or whitespace-only upload, and stores nothing', async () => {
    const count = async () =>
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents'))[0]!.n
    const n = await count()
    for (const content of ['', ' \n\t\n\uFEFF']) {
      const res = await t.upload('blank-notes.md', content)
      expect(res.status).toBe(422)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(String((await json(res)).detail)).toContain('blank-notes.md')
    }
    expect(await count()).toBe(n)
  })
})
