import { randomUUID } from 'node:crypto'
import { inspect } from 'node:util'
import type { ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ZodError } from 'zod'
import { AppError, RetryLaterError, UnauthorizedError, type ValidationIssue } from '../lib/errors.ts'

/** An RFC 9457 problem document. */
export interface ProblemBody {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  code: string
  hint?: string
  issues?: ValidationIssue[]
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  405: 'method_not_allowed',
  413: 'payload_too_large',
}

/** Build a problem body; `type` is a URN naming the stable error code. */
export function problem(status: number, code: string, detail: string, extra: Partial<ProblemBody> = {}) {
  return {
    type: `urn:fieldkb:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
  } satisfies ProblemBody
}

/** Send a problem as `application/problem+json`. */
export function sendProblem(body: ProblemBody, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  })
}

/**
 * `app.onError`: typed errors become problems with their status, code and hint; zod errors 400 with
 * issues; Hono's HTTPException keeps its status. Anything else is a 500 whose body says nothing
 * about internals; the real error goes to stderr under an id that the response carries.
 */
export function problemErrorHandler(log: (line: string) => void = defaultLog): ErrorHandler {
  return (err, c) => {
    const instance = c.req.path
    const headers: Record<string, string> = {}
    if (err instanceof AppError && err.status < 500) {
      if (err instanceof UnauthorizedError) headers['WWW-Authenticate'] = 'Bearer realm="fieldkb"'
      if (err instanceof RetryLaterError) headers['Retry-After'] = String(err.retryAfterSeconds)
      const issues = 'issues' in err && Array.isArray(err.issues) ? { issues: err.issues } : {}
      return sendProblem(
        problem(err.status, err.code, err.message, { instance, ...hintOf(err), ...issues }),
        headers,
      )
    }
    if (err instanceof AppError && err.status !== 500) {
      // 502/503: the message names the failing dependency, not our internals.
      return sendProblem(problem(err.status, err.code, err.message, { instance, ...hintOf(err) }))
    }
    if (err instanceof ZodError) {
      const issues = err.issues.map((i) => ({ path: i.path.map(pathPart), message: i.message }))
      return sendProblem(problem(400, 'validation_error', 'the request is invalid', { instance, issues }))
    }
    if (err instanceof HTTPException && err.status < 500) {
      const detail = err.message || TITLES[err.status] || 'request failed'
      return sendProblem(problem(err.status, HTTP_CODES[err.status] ?? 'http_error', detail, { instance }))
    }
    const id = randomUUID()
    // inspect() includes the stack and the `cause` chain (e.g. the driver error under a StorageError).
    log(`[fieldkb api] ${id} ${c.req.method} ${c.req.path}: ${inspect(err, { depth: 4 })}`)
    return sendProblem(
      problem(500, 'internal_error', 'an unexpected error occurred; the server log has the details', {
        instance: `urn:uuid:${id}`,
      }),
    )
  }
}

/** `app.notFound`: a 404 problem naming the path. */
export const problemNotFound: NotFoundHandler = (c) =>
  sendProblem(
    problem(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`, {
      instance: c.req.path,
    }),
  )

function hintOf(err: AppError): { hint?: string } {
  return err.hint ? { hint: err.hint } : {}
}

function pathPart(p: PropertyKey): string | number {
  return typeof p === 'number' ? p : String(p)
}

function defaultLog(line: string): void {
  process.stderr.write(`${line}\n`)
}
