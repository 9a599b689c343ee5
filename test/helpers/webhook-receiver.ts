import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the receiver got, with whether its signature checked out against `secret`. */
export interface Received {
  headers: Record<string, string | string[] | undefined>
  body: string
  json: Record<string, unknown>
  /** The status the receiver answered. */
  status: number
}

/**
 * A local HTTP receiver (node:http) for outgoing webhooks. `fail` requests answer 500 first;
 * `verify(r, secret)` recomputes the HMAC-SHA256 of the raw body as a receiver would.
 */
export async function startReceiver() {
  const received: Received[] = []
  const state = { failNext: 0 }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const status = state.failNext > 0 ? 500 : 204
      if (state.failNext > 0) state.failNext -= 1
      let json: Record<string, unknown> = {}
      try {
        json = JSON.parse(body) as Record<string, unknown>
      } catch {}
      received.push({ headers: req.headers, body, json, status })
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/fieldkb`,
    received,
    /** Answer the next `n` requests with 500. */
    fail(n: number) {
      state.failNext = n
    },
    verify(r: Received, secret: string): boolean {
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`)
      const got = Buffer.from(String(r.headers['x-fieldkb-signature'] ?? ''))
      return got.length === expected.length && timingSafeEqual(got, expected)
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
