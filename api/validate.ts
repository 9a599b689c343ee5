import type { Context } from 'hono'
import { z } from 'zod'
import { ValidationError } from '../lib/errors.ts'
import type { SearchFilter } from '../schemas/search.ts'

type ObjectSchema = z.ZodObject<z.ZodRawShape>

/** Whether a field accepts a list (so a query parameter may repeat or be comma-separated). */
export function isListField(field: z.ZodType): boolean {
  let s: z.ZodType = field
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType
  return s instanceof z.ZodArray
}

/**
 * Validate the query string against `schema`. List fields collect every occurrence and split each
 * on commas (`?type=incident&type=field-report` = `?type=incident,field-report`); a scalar field
 * given twice is an error. Unknown parameters are ignored. Throws `ValidationError` (400).
 * @example const q = parseQuery(c, SearchQuery)
 */
export function parseQuery<S extends ObjectSchema>(c: Context, schema: S): z.output<S> {
  const all = c.req.queries()
  const input: Record<string, string | string[]> = {}
  for (const [key, field] of Object.entries(schema.shape)) {
    const values = all[key]
    if (!values) continue
    if (isListField(field as z.ZodType)) {
      input[key] = values.flatMap((v) => v.split(',').map((s) => s.trim())).filter((s) => s !== '')
    } else {
      input[key] = values.length === 1 ? values[0]! : values
    }
  }
  return check(schema, input, 'invalid query parameters')
}

/** Validate the path parameters against `schema`; throws `ValidationError` (400). */
export function parseParams<S extends ObjectSchema>(c: Context, schema: S): z.output<S> {
  return check(schema, c.req.param(), 'invalid path parameter')
}

/** Parse and validate a JSON body; malformed JSON is a 400 like any other invalid input. */
export async function parseJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    throw new ValidationError('the request body is not valid JSON', [], {
      hint: 'send a JSON object with Content-Type: application/json',
    })
  }
  return check(schema, body, 'invalid request body')
}

/** The filter parameters shared by search and listings (`customer`, `type`…) as a `SearchFilter`. */
export function filterOf(q: {
  customer?: string[]
  type?: SearchFilter['types']
  tag?: string[]
  severity?: SearchFilter['severities']
  from?: string
  to?: string
}): SearchFilter {
  return { customers: q.customer, types: q.type, tags: q.tag, severities: q.severity, from: q.from, to: q.to }
}

function check<S extends z.ZodType>(schema: S, input: unknown, message: string): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues = result.error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: i.message,
  }))
  const detail = issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
  throw new ValidationError(`${message}: ${detail}`, issues)
}
