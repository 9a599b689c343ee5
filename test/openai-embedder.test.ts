import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createOpenAIEmbedder, type OpenAIEmbedderOptions } from '../embeddings/openai.ts'
import { backoffDelay, parseRetryAfter } from '../embeddings/retry.ts'
import { EmbeddingError } from '../lib/errors.ts'
import { type FakeOpenAI, fakeVector, startFakeOpenAI } from './helpers/fake-openai.ts'

const API_KEY = 'sk-test-secret-key-123'
const DIMS = 16

let server: FakeOpenAI

beforeAll(async () => {
  server = await startFakeOpenAI()
})
afterAll(() => server.close())
beforeEach(() => server.reset())

function embedder(overrides: Partial<OpenAIEmbedderOptions> = {}) {
  const defaults = { apiKey: API_KEY, dimensions: DIMS, baseURL: server.url, baseDelayMs: 5, maxDelayMs: 50 }
  return createOpenAIEmbedder({ ...defaults, ...overrides })
}

async function embeddingError(promise: Promise<unknown>): Promise<EmbeddingError> {
  const err = await promise.catch((e: unknown) => e)
  expect(err).toBeInstanceOf(EmbeddingError)
  return err as EmbeddingError
}

const texts = (n: number) => Array.from({ length: n }, (_, i) => `field note ${i}\nwith a second line`)

describe('createOpenAIEmbedder', () => {
  it('identifies itself by model and dimensions', () => {
    const e = embedder()
    expect(e.modelId).toBe(`openai:text-embedding-3-small@${DIMS}`)
    expect(e.dimensions).toBe(DIMS)
  })

  it('splits texts into batches of batchSize and returns vectors in input order', async () => {
    const input = texts(10)
    const vectors = await embedder({ batchSize: 4 }).embedDocuments(input)
    const sizes = server.embeddingRequests().map((r) => r.inputs.length)
    expect(sizes.sort()).toEqual([2, 4, 4])
    expect(vectors).toEqual(input.map((t) => fakeVector(t, DIMS)))
  })

  it('sends the model and dimensions and the API key as a Bearer header', async () => {
    await embedder().embedDocuments(['a'])
    const [request] = server.embeddingRequests()
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`)
    expect(request?.body).toMatchObject({ model: 'text-embedding-3-small', dimensions: DIMS, input: ['a'] })
  })

  it('omits dimensions for models that do not accept the parameter', async () => {
    await embedder({ model: 'nomic-embed-text', dimensions: 8 }).embedDocuments(['a'])
    expect(server.embeddingRequests()[0]?.body).not.toHaveProperty('dimensions')
  })

  it('returns nothing without calling the server for an empty list', async () => {
    expect(await embedder().embedDocuments([])).toEqual([])
    expect(server.requests).toHaveLength(0)
  })

  it('keeps at most `concurrency` requests in flight', async () => {
    const slow = await startFakeOpenAI({ delayMs: 30 })
    try {
      const e = embedder({ baseURL: slow.url, batchSize: 1, concurrency: 2 })
      const vectors = await e.embedDocuments(texts(8))
      expect(vectors).toHaveLength(8)
      expect(slow.embeddingRequests()).toHaveLength(8)
      expect(slow.maxInFlight).toBe(2)
    } finally {
      await slow.close()
    }
  })

  it('embeds a query through the same single-item path', async () => {
    const vector = await embedder().embedQuery('what broke at Acme?')
    expect(vector).toEqual(fakeVector('what broke at Acme?', DIMS))
    expect(server.embeddingRequests()[0]?.inputs).toEqual(['what broke at Acme?'])
  })

  it('retries a 429 after its Retry-After and makes exactly two requests', async () => {
    server.failNext(1, 429, { retryAfter: '0.04' })
    const started = Date.now()
    const vectors = await embedder({ maxDelayMs: 1000 }).embedDocuments(['a', 'b'])
    expect(Date.now() - started).toBeGreaterThanOrEqual(35)
    expect(vectors).toEqual([fakeVector('a', DIMS), fakeVector('b', DIMS)])
    expect(server.embeddingRequests()).toHaveLength(2)
  })

  it('retries a 503 and then succeeds', async () => {
    server.failNext(1, 503)
    expect(await embedder().embedQuery('a')).toEqual(fakeVector('a', DIMS))
    expect(server.embeddingRequests()).toHaveLength(2)
  })

  it('retries a request that timed out', async () => {
    server.stallNext(1, 1000)
    expect(await embedder({ timeoutMs: 250 }).embedQuery('a')).toEqual(fakeVector('a', DIMS))
    expect(server.embeddingRequests()).toHaveLength(2)
  })

  it('gives up on a persistent 500 after maxRetries + 1 attempts with a retryable error', async () => {
    server.failAlways(500)
    const err = await embeddingError(embedder({ maxRetries: 3 }).embedDocuments(['a']))
    expect(err.retryable).toBe(true)
    expect(server.embeddingRequests()).toHaveLength(4)
    expect(err.message).toContain('text-embedding-3-small')
    expect(err.message).toContain(new URL(server.url).host)
    expect(err.message).toContain('HTTP 500')
    expect(err.message).toContain('4 attempts')
  })

  it('stops starting other batches once one batch has failed for good', async () => {
    server.failAlways(500)
    await embeddingError(embedder({ maxRetries: 1, batchSize: 1, concurrency: 1 }).embedDocuments(texts(5)))
    expect(server.embeddingRequests()).toHaveLength(2)
  })

  it('does not retry a 401 and reports it as not retryable without leaking the key', async () => {
    server.failNext(1, 401, { message: `Incorrect API key provided: ${API_KEY}` })
    const err = await embeddingError(embedder().embedDocuments(['a']))
    expect(err.retryable).toBe(false)
    expect(err.hint).toMatch(/OPENAI_API_KEY/)
    expect(err.message).toContain('HTTP 401')
    expect(err.message).not.toContain(API_KEY)
    expect(server.embeddingRequests()).toHaveLength(1)
  })

  it.each([
    { what: 'a 400', status: 400 },
    { what: 'a 404', status: 404 },
    { what: 'a 429 for an exhausted quota', status: 429, code: 'insufficient_quota' },
  ])('does not retry $what', async ({ status, code }) => {
    server.failNext(1, status, code ? { code } : {})
    const err = await embeddingError(embedder().embedDocuments(['a']))
    expect(err.retryable).toBe(false)
    expect(err.message).toContain(`HTTP ${status}`)
    expect(server.embeddingRequests()).toHaveLength(1)
  })

  it('rejects vectors whose length differs from the configured dimensions', async () => {
    server.forceDimensions(DIMS + 1)
    const err = await embeddingError(embedder().embedDocuments(['a']))
    expect(err.retryable).toBe(false)
    expect(err.message).toContain(`expected ${DIMS}`)
    expect(err.message).toContain(`${DIMS + 1} dimensions`)
  })

  it('reports an unreachable server as retryable after retrying', async () => {
    const gone = await startFakeOpenAI()
    await gone.close()
    const err = await embeddingError(embedder({ baseURL: gone.url, maxRetries: 1 }).embedQuery('a'))
    expect(err.retryable).toBe(true)
    expect(err.message).toMatch(/after 2 attempts: network error \(ECONNREFUSED\)/)
  })
})

describe('retry timing', () => {
  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z')
    expect(parseRetryAfter('2', now)).toBe(2000)
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
  })

  it('backs off exponentially with jitter and caps every wait, Retry-After included, at maxDelayMs', () => {
    const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 }
    expect(backoffDelay(0, policy, undefined, () => 0)).toBe(50)
    expect(backoffDelay(2, policy, undefined, () => 1)).toBe(400)
    expect(backoffDelay(10, policy, undefined, () => 1)).toBe(1000)
    expect(backoffDelay(0, policy, 5000)).toBe(1000)
  })
})

describe('fake OpenAI server', () => {
  it('answers float and base64 encodings with the same vectors', async () => {
    const post = (encoding_format: string) =>
      fetch(`${server.url}/embeddings`, {
        method: 'POST',
        body: JSON.stringify({ model: 'm', input: 'x', dimensions: 4, encoding_format }),
      }).then((r) => r.json() as Promise<{ data: { embedding: number[] | string }[] }>)
    const float = (await post('float')).data[0]?.embedding
    const b64 = (await post('base64')).data[0]?.embedding as string
    const buf = Buffer.from(b64, 'base64')
    expect(Array.from(new Float32Array(buf.buffer, buf.byteOffset, 4))).toEqual(float)
    expect(float).toEqual(fakeVector('x', 4))
  })

  it('serves chat completions with the configured reply', async () => {
    server.setChatReply('label: auth')
    const body = JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] })
    const res = await fetch(`${server.url}/chat/completions`, { method: 'POST', body })
    const json = (await res.json()) as { choices: { message: { content: string } }[] }
    expect(json.choices[0]?.message.content).toBe('label: auth')
    expect(server.chatRequests()).toHaveLength(1)
  })
})
