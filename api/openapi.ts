import { z } from 'zod'
import type { Role } from '../config/schema.ts'
import { apiRegistry, Problem } from '../schemas/api.ts'

type ObjectSchema = z.ZodObject<z.ZodRawShape>
type JsonSchema = Record<string, unknown>

/** One response of a documented route; `schema` absent for an empty body. */
export interface ResponseDoc {
  description: string
  schema?: z.ZodType
  /** Defaults to application/json. */
  contentType?: string
  headers?: Record<string, string>
}

/** What the OpenAPI document says about one route. Routers export these next to their handlers. */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** Hono-style path, e.g. `/api/documents/:id`. */
  path: string
  summary: string
  description?: string
  /** Least role allowed; null for a public route. */
  role: Role | null
  params?: ObjectSchema
  query?: ObjectSchema
  /** Request body schemas by content type. */
  body?: Record<string, z.ZodType>
  responses: Record<number, ResponseDoc>
}

/** Title, version and server URL of the document. */
export interface OpenApiInfo {
  title: string
  version: string
  serverUrl: string
}

const PROBLEM_JSON = 'application/problem+json'

/**
 * Assemble an OpenAPI 3.1 document from route docs and the zod schemas in `schemas/api.ts`.
 * Error responses (problem details) are added from what each route declares: validation → 400,
 * a role → 401/403, `/api` → 429, every route → 500.
 * @example buildOpenApi([...searchDocs, ...documentDocs], { title: 'fieldkb', version: '0.1.0', serverUrl })
 */
export function buildOpenApi(routes: RouteDoc[], info: OpenApiInfo): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}')
    paths[path] ??= {}
    paths[path][r.method] = operation(r)
  }
  const generated = z.toJSONSchema(apiRegistry, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }).schemas
  const schemas = Object.fromEntries(
    Object.entries(generated).map(([id, s]) => {
      const { $schema: _s, $id: _i, ...rest } = s as JsonSchema
      return [id, rest]
    }),
  )
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'fieldkb API token' } },
    },
  }
}

function operation(r: RouteDoc): Record<string, unknown> {
  const parameters = [...objectParams(r.params, 'path'), ...objectParams(r.query, 'query')]
  const responses: Record<string, unknown> = {}
  for (const [status, doc] of Object.entries(r.responses)) responses[status] = response(doc)
  const problem = (description: string) =>
    response({ description, schema: Problem, contentType: PROBLEM_JSON })
  if (r.params || r.query || r.body)
    responses['400'] ??= problem('invalid input; `issues` names each bad field')
  if (r.role) {
    responses['401'] ??= problem('missing, invalid or revoked bearer token')
    responses['403'] ??= problem(`the token's role is below ${r.role}`)
  }
  if (r.path.startsWith('/api/')) responses['429'] ??= problem('rate limited; see Retry-After')
  responses['500'] ??= problem('unexpected error (details only in the server log)')
  return {
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    ...(r.role ? { 'x-fieldkb-role': r.role } : {}),
    security: r.role ? [{ bearer: [] }] : [],
    parameters,
    ...(r.body ? { requestBody: { required: true, content: mapContent(r.body) } } : {}),
    responses,
  }
}

function objectParams(schema: ObjectSchema | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return []
  return Object.entries(schema.shape).map(([name, field]) => {
    const f = field as z.ZodType
    const js = jsonSchema(f, 'input')
    const list = js.type === 'array'
    return {
      name,
      in: where,
      required: where === 'path' || !f.safeParse(undefined).success,
      ...(f.description
        ? { description: list ? `${f.description}; repeat or comma-separate` : f.description }
        : {}),
      schema: js,
      ...(list ? { style: 'form', explode: true } : {}),
    }
  })
}

function response(doc: ResponseDoc): Record<string, unknown> {
  const headers = doc.headers
    ? {
        headers: Object.fromEntries(
          Object.entries(doc.headers).map(([h, d]) => [h, { description: d, schema: { type: 'string' } }]),
        ),
      }
    : {}
  if (!doc.schema) return { description: doc.description, ...headers }
  return {
    description: doc.description,
    ...headers,
    content: { [doc.contentType ?? 'application/json']: { schema: schemaOrRef(doc.schema) } },
  }
}

function mapContent(body: Record<string, z.ZodType>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).map(([type, s]) => [type, { schema: schemaOrRef(s) }]))
}

function schemaOrRef(schema: z.ZodType): JsonSchema {
  const id = apiRegistry.get(schema)?.id
  return id ? { $ref: `#/components/schemas/${id}` } : jsonSchema(schema, 'output')
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema
  return rest
}
