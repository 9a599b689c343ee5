import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestApp, testApp } from './helpers/app.ts'
import { backend } from './helpers/db.ts'

type Operation = {
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[]
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>
  security: unknown[]
  requestBody?: { content: Record<string, unknown> }
}
type Doc = {
  openapi: string
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> }
}

describe(`the OpenAPI document on ${backend}`, () => {
  let t: TestApp
  let doc: Doc
  beforeAll(async () => {
    t = await testApp({
      deps: {
        mount: (app, api) => {
          app.get('/api/extra', api.requireRole('reader'), (c) => c.json({ ok: true }))
          api.document([
            {
              method: 'get',
              path: '/api/extra',
              summary: 'extra',
              role: 'reader',
              responses: { 200: { description: 'ok' } },
            },
          ])
        },
      },
    })
    doc = (await (await t.call('/api/openapi.json')).json()) as Doc
  })
  afterAll(async () => t?.dispose())

  it('is an OpenAPI 3.1 document with bearer security and the problem schema', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.components.schemas.Problem).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['type', 'status', 'code']),
    })
  })

  it('documents every route the app serves, including mounted ones', () => {
    const served = new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    )
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)),
    )
    expect([...served].sort()).toEqual([...documented].sort())
    expect(served.has('get /api/extra')).toBe(true)
  })

  it('declares every path placeholder as a required path parameter', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      const placeholders = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
      for (const op of Object.values(ops)) {
        const inPath = op.parameters.filter((p) => p.in === 'path')
        expect(
          inPath.map((p) => p.name),
          path,
        ).toEqual(placeholders)
        expect(inPath.every((p) => p.required)).toBe(true)
      }
    }
  })

  it('describes query parameters from the zod schemas, lists as repeatable arrays', () => {
    const search = doc.paths['/api/search']!.get!
    const byName = Object.fromEntries(search.parameters.map((p) => [p.name, p]))
    expect(byName.q).toMatchObject({
      in: 'query',
      required: true,
      schema: { type: 'string', maxLength: 1000 },
    })
    expect(byName.customer).toMatchObject({ required: false, explode: true, schema: { type: 'array' } })
    expect(byName.type!.schema).toMatchObject({
      items: { enum: ['field-report', 'incident', 'integration-doc'] },
    })
    expect(byName.k!.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 })
  })

  it('lists the error responses each route can give, as problem+json', () => {
    const upload = doc.paths['/api/documents']!.post!
    expect(Object.keys(upload.responses).sort()).toEqual([
      '200',
      '201',
      '400',
      '401',
      '403',
      '413',
      '415',
      '422',
      '429',
      '500',
    ])
    expect(upload.responses['413']!.content!['application/problem+json']!.schema).toEqual({
      $ref: '#/components/schemas/Problem',
    })
    expect(Object.keys(upload.requestBody!.content)).toEqual([
      'multipart/form-data',
      'text/markdown',
      'text/plain',
      'text/html',
    ])
    expect(doc.paths['/healthz']!.get!.security).toEqual([])
    expect(doc.paths['/api/tokens']!.post!.security).toEqual([{ bearer: [] }])
  })

  it('resolves every $ref to a component schema', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!)
    expect(refs.length).toBeGreaterThan(10)
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//)
      expect(doc.components.schemas[ref.split('/').pop()!], ref).toBeDefined()
    }
  })
})
