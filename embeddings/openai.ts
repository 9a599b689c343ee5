/**
 * Embedder for OpenAI and OpenAI-compatible servers (Ollama, vLLM, TEI): LangChain's `OpenAIEmbeddings`
 * does the HTTP, this module adds batching, a concurrency bound, retries and vector validation.
 */

import { Embeddings } from '@langchain/core/embeddings'
import { OpenAIEmbeddings } from '@langchain/openai'
import pMap from 'p-map'
import { AppError, EmbeddingError } from '../lib/errors.ts'
import { type Failure, type RetryPolicy, withRetry } from './retry.ts'
import type { Embedder } from './types.ts'

/** Settings for {@link createOpenAIEmbedder}. */
export interface OpenAIEmbedderOptions {
  /** API key sent as a Bearer token; local servers accept any non-empty placeholder. */
  apiKey: string
  /** Model name, e.g. `text-embedding-3-small`. */
  model?: string
  /** Vector length every response must have, e.g. 1536. */
  dimensions: number
  /** OpenAI-compatible endpoint ending in `/v1`; defaults to `https://api.openai.com/v1`. */
  baseURL?: string
  /** Texts per HTTP request (default 64). */
  batchSize?: number
  /** Requests in flight at once (default 2). */
  concurrency?: number
  /** Retries per request after the first attempt (default 5). */
  maxRetries?: number
  /** Per-request timeout (default 30000). */
  timeoutMs?: number
  /** First backoff step (default 500). */
  baseDelayMs?: number
  /** Cap on any wait, including Retry-After (default 20000). */
  maxDelayMs?: number
  /**
   * Whether to send `dimensions` in the request. Defaults to true only for `text-embedding-3*`,
   * since older and most self-hosted models reject the parameter.
   */
  sendDimensions?: boolean
}

const DEFAULT_MODEL = 'text-embedding-3-small'
const DEFAULT_BASE_URL = 'https://api.openai.com/v1'
const DEFAULT_TIMEOUT_MS = 30_000

const HINTS: Record<number, string> = {
  400: 'the provider rejected the input; check FIELDKB_EMBEDDING_MODEL and FIELDKB_EMBEDDING_DIMENSIONS',
  401: 'check OPENAI_API_KEY',
  403: 'check that OPENAI_API_KEY has access to this model',
  404: 'check FIELDKB_EMBEDDING_MODEL and OPENAI_BASE_URL (it should end in /v1)',
  429: 'the account quota is exhausted; check billing or use another key',
}

class OpenAIEmbedder extends Embeddings implements Embedder {
  readonly modelId: string
  readonly dimensions: number
  private readonly inner: OpenAIEmbeddings
  private readonly model: string
  private readonly host: string
  private readonly batchSize: number
  private readonly concurrency: number
  private readonly policy: RetryPolicy
  private readonly timeoutMs: number
  // A closure rather than a field holding the key, so the key never shows up when the object is logged.
  private readonly redact: (text: string) => string

  constructor(opts: OpenAIEmbedderOptions) {
    super({ maxRetries: 0 })
    const key = opts.apiKey
    this.redact = (text) => (key.length >= 4 ? text.split(key).join('***') : text)
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.model = opts.model ?? DEFAULT_MODEL
    this.dimensions = positiveInt('dimensions', opts.dimensions)
    this.batchSize = positiveInt('batchSize', opts.batchSize ?? 64)
    this.concurrency = positiveInt('concurrency', opts.concurrency ?? 2)
    this.modelId = `openai:${this.model}@${this.dimensions}`
    const baseURL = opts.baseURL ?? DEFAULT_BASE_URL
    this.host = new URL(baseURL).host
    this.policy = {
      maxRetries: opts.maxRetries ?? 5,
      baseDelayMs: opts.baseDelayMs ?? 500,
      maxDelayMs: opts.maxDelayMs ?? 20_000,
    }
    const sendDimensions = opts.sendDimensions ?? this.model.startsWith('text-embedding-3')
    this.inner = new OpenAIEmbeddings({
      apiKey: opts.apiKey,
      model: this.model,
      ...(sendDimensions ? { dimensions: this.dimensions } : {}),
      // One LangChain call = one HTTP request: we split batches ourselves so each can be retried alone.
      batchSize: this.batchSize,
      // LangChain already forces the SDK's own maxRetries to 0; this turns off its AsyncCaller retries
      // too, so the loop in retry.ts is the only one (it knows Retry-After and our delays).
      maxRetries: 0,
      maxConcurrency: this.concurrency,
      // Top-level `timeout`, not `configuration.timeout`: LangChain overwrites the latter.
      timeout: this.timeoutMs,
      stripNewLines: false,
      // Explicit so an ambient OPENAI_BASE_URL cannot silently redirect requests.
      configuration: { baseURL },
    })
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    const batches: string[][] = []
    for (let i = 0; i < texts.length; i += this.batchSize) batches.push(texts.slice(i, i + this.batchSize))
    const abort = new AbortController()
    const results = await pMap(
      batches,
      async (batch) => {
        try {
          return await this.embedBatch(batch, abort.signal)
        } catch (err) {
          // Stop the other batches from starting or retrying when their results would be discarded.
          abort.abort()
          throw err
        }
      },
      { concurrency: this.concurrency },
    )
    return results.flat()
  }

  override async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([text])
    return vector!
  }

  private async embedBatch(batch: string[], signal: AbortSignal): Promise<number[][]> {
    const vectors = await withRetry(
      () => this.inner.embedDocuments(batch),
      this.policy,
      (failure, attempts, cause) => this.toError(failure, attempts, cause),
      { signal, isFinal: (err) => err instanceof AppError },
    )
    if (vectors.length !== batch.length) {
      throw new EmbeddingError(
        `${this.where()} returned ${vectors.length} vectors for ${batch.length} inputs`,
        false,
      )
    }
    for (const vector of vectors) {
      if (vector.length !== this.dimensions) {
        throw new EmbeddingError(
          `${this.where()} returned vectors of ${vector.length} dimensions, expected ${this.dimensions}`,
          false,
          { hint: 'set FIELDKB_EMBEDDING_DIMENSIONS to what the model produces' },
        )
      }
    }
    return vectors
  }

  private where(): string {
    return `embedding model ${this.model} at ${this.host}`
  }

  private toError(failure: Failure, attempts: number, cause: unknown): EmbeddingError {
    const timeout = failure.kind === 'timeout' ? ` after ${this.timeoutMs} ms` : ''
    const detail = failure.detail ? ` ${this.redact(failure.detail)}` : ''
    const what = `${failure.reason}${timeout}${detail}`
    if (failure.retryable) {
      const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`
      return new EmbeddingError(`${this.where()} failed after ${tries}: ${what}`, true, {
        cause,
        hint: 'the provider is unavailable or rate limiting; try again later or lower FIELDKB_EMBEDDING_CONCURRENCY',
      })
    }
    const hint = failure.status === undefined ? undefined : HINTS[failure.status]
    return new EmbeddingError(`${this.where()} rejected the request: ${what}`, false, {
      cause,
      ...(hint ? { hint } : {}),
    })
  }
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`)
  return value
}

/** Creates an {@link Embedder} backed by an OpenAI-compatible `/v1/embeddings` endpoint. */
export function createOpenAIEmbedder(opts: OpenAIEmbedderOptions): Embedder {
  return new OpenAIEmbedder(opts)
}
