import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { formatBytes } from '../ingest/decode.ts'
import { PayloadTooLargeError } from '../lib/errors.ts'

/**
 * Reject request bodies over `maxBytes` with a 413 problem, by Content-Length up front or while
 * streaming a body without one.
 * @example router.post('/', limitBody(16 * 1024), handler)
 */
export function limitBody(maxBytes: number, hint?: string): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(`the request body is over the ${formatBytes(maxBytes)} limit`, {
        ...(hint ? { hint } : {}),
      })
    },
  })
}
