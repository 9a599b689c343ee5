/**
 * A local OpenAI-compatible HTTP server for tests: deterministic embeddings, a canned chat reply
 * (plain or streamed),
 * request recording, and a scriptable fault queue (HTTP errors with Retry-After, stalls).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the server received. */
export interface RecordedRequest {
  method: string
  /** Path without the query string and `/v1` prefix, e.g. `/embeddings`. */
  path: string
  headers: IncomingHttpHeaders
  /** Parsed JSON body (undefined if not JSON). */
  body: unknown
  /** Embedding inputs normalised to strings (token arrays become JSON); empty for other routes. */
  inputs: string[]
  /** Status the server answered with. */
  status: number
}

/** Options for {@link startFakeOpenAI}. */
export interface FakeOpenAIOptions {
  /** Vector length when the request does not ask for `dimensions` (default 8). */
  dimensions?: number
  /** Delay before every response, to make concurrency observable (default 0). */
  delayMs?: number
  /** Assistant message returned by chat completions (default `"ok"`). */
  chatReply?: string | ((body: Record<string, unknown>) => string)
}

/** How a scripted fault answers: Retry-After (seconds or HTTP date), OpenAI error `code` and message. */
export interface FaultOptions {
  retryAfter?: string | number
  code?: string
  message?: string
}

/** Handle on a running fake server (see the members of {@link startFakeOpenAI}'s result). */
export type FakeOpenAI = Awaited<ReturnType<typeof startFakeOpenAI>>

type Fault = { kind: 'error'; status: number; options: FaultOptions } | { kind: 'stall'; ms: number }

/** The deterministic unit vector the fake server returns for `text` (float32-exact). */
export function fakeVector(text: string, dimensions: number): number[] {
  let seed = 2166136261
  for (let i = 0; i < text.length; i += 1) seed = Math.imul(seed ^ text.charCodeAt(i), 16777619) >>> 0
  const raw: number[] = []
  for (let i = 0; i < dimensions; i += 1) {
    // mulberry32: tiny, seedable PRNG, good enough to make vectors for different texts differ.
    seed = (seed + 0x6d2b79f5) >>> 0
    let t = seed
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    raw.push(((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1)
  }
  const norm = Math.hypot(...raw) || 1
  return raw.map((x) => Math.fround(x / norm))
}

function normaliseInput(input: unknown): string[] {
  const items = Array.isArray(input) && !input.every((x) => typeof x === 'number') ? input : [input]
  return items.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed) return
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function sendFault(res: ServerResponse, status: number, o: FaultOptions) {
  const headers: Record<string, string> =
    o.retryAfter === undefined ? {} : { 'retry-after': `${o.retryAfter}` }
  const error = { message: o.message ?? `fake failure ${status}`, type: 'fake_error', code: o.code ?? null }
  sendJson(res, status, { error }, headers)
}

const ROUTES = ['/embeddings', '/chat/completions'] as const

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return undefined
  }
}

function embeddingsResponse(body: Record<string, unknown>, inputs: string[], dims: number) {
  const data = inputs.map((text, index) => {
    const vector = fakeVector(text, dims)
    const base64 = Buffer.from(new Float32Array(vector).buffer).toString('base64')
    return { object: 'embedding', index, embedding: body.encoding_format === 'base64' ? base64 : vector }
  })
  const tokens = inputs.reduce((n, t) => n + t.split(/\s+/).length, 0)
  return { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } }
}

function chatResponse(body: Record<string, unknown>, reply: NonNullable<FakeOpenAIOptions['chatReply']>) {
  const content = typeof reply === 'function' ? reply(body) : reply
  const choices = [
    { index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null },
  ]
  const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }
  return { id: 'chatcmpl-fake', object: 'chat.completion', created: 0, model: body.model, choices, usage }
}

/**
 * A chat completion as server-sent events, the way OpenAI streams it: a role delta, the reply in
 * word-sized content deltas (so clients see it arrive in pieces), a finish chunk, then `[DONE]`.
 */
function sendChatStream(
  res: ServerResponse,
  body: Record<string, unknown>,
  reply: NonNullable<FakeOpenAIOptions['chatReply']>,
) {
  const content = typeof reply === 'function' ? reply(body) : reply
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-fake',
      object: 'chat.completion.chunk',
      created: 0,
      model: body.model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    })}\n\n`
  res.write(chunk({ role: 'assistant', content: '' }, null))
  for (const piece of content.match(/\S+\s*/g) ?? []) res.write(chunk({ content: piece }, null))
  res.write(chunk({}, 'stop'))
  res.end('data: [DONE]\n\n')
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Starts the fake server on 127.0.0.1 with an ephemeral port. */
export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}) {
  const requests: RecordedRequest[] = []
  let faults: Fault[] = []
  let persistent: Fault | undefined
  let forcedDimensions: number | undefined
  let chatReply = opts.chatReply ?? 'ok'
  let inFlight = 0
  let maxInFlight = 0
  const server = createServer(async (req, res) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight)
    try {
      const body = await readJson(req)
      const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '').replace(/^\/v1/, '')
      const route = req.method === 'POST' ? ROUTES.find((r) => r === path) : undefined
      const inputs = route === '/embeddings' ? normaliseInput(body?.input) : []
      const record = { method: req.method ?? '', path, headers: req.headers, body, inputs, status: 200 }
      requests.push(record)
      if (opts.delayMs) await sleep(opts.delayMs)
      const fault = faults.shift() ?? persistent
      if (fault?.kind === 'stall') await sleep(fault.ms)
      if (fault?.kind === 'error') {
        record.status = fault.status
        return sendFault(res, fault.status, fault.options)
      }
      if (!body || !route) {
        record.status = body ? 404 : 400
        return sendJson(res, record.status, { error: { message: `no route for ${req.method} ${path}` } })
      }
      if (route === '/chat/completions') {
        if (body.stream === true) return sendChatStream(res, body, chatReply)
        return sendJson(res, 200, chatResponse(body, chatReply))
      }
      const asked = typeof body.dimensions === 'number' ? body.dimensions : undefined
      sendJson(res, 200, embeddingsResponse(body, inputs, forcedDimensions ?? asked ?? opts.dimensions ?? 8))
    } finally {
      inFlight -= 1
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    /** Base URL ending in `/v1`, for `baseURL`. */
    url: `http://127.0.0.1:${port}/v1`,
    /** Every request in arrival order. */
    requests,
    /** Requests to the embeddings endpoint only. */
    embeddingRequests: () => requests.filter((r) => r.path === '/embeddings'),
    /** Requests to the chat completions endpoint only. */
    chatRequests: () => requests.filter((r) => r.path === '/chat/completions'),
    /** Highest number of requests handled at the same time. */
    get maxInFlight() {
      return maxInFlight
    },
    /** Answer the next `n` requests with `status`. */
    failNext(n: number, status: number, options: FaultOptions = {}) {
      for (let i = 0; i < n; i += 1) faults.push({ kind: 'error', status, options })
    },
    /** Answer every request with `status` until `reset()`. */
    failAlways(status: number, options: FaultOptions = {}) {
      persistent = { kind: 'error', status, options }
    },
    /** Hold the next `n` requests for `ms` before answering normally (to trigger client timeouts). */
    stallNext(n: number, ms: number) {
      for (let i = 0; i < n; i += 1) faults.push({ kind: 'stall', ms })
    },
    /** Return vectors of this length whatever the request asks (to test dimension checks). */
    forceDimensions(dimensions: number | undefined) {
      forcedDimensions = dimensions
    },
    /** Change the chat completion reply. */
    setChatReply(reply: NonNullable<FakeOpenAIOptions['chatReply']>) {
      chatReply = reply
    },
    /** Clear faults, overrides, recorded requests and counters. */
    reset() {
      requests.length = 0
      faults = []
      persistent = undefined
      forcedDimensions = undefined
      chatReply = opts.chatReply ?? 'ok'
      maxInFlight = 0
    },
    close(): Promise<void> {
      server.closeAllConnections()
      return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())))
    },
  }
}
