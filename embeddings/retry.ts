/**
 * Retry policy for HTTP embedding calls: classifies a failure as retryable or not, computes jittered
 * exponential backoff (or the server's Retry-After), and runs an attempt loop.
 */

/** How many times to retry and how long to wait between attempts. */
export interface RetryPolicy {
  /** Retries after the first attempt; `0` means one attempt only. */
  maxRetries: number
  /** First backoff step; doubles every retry. */
  baseDelayMs: number
  /** Upper bound for any wait, including a server-sent Retry-After. */
  maxDelayMs: number
}

/** What went wrong in one attempt, reduced to what the retry loop and error messages need. */
export interface Failure {
  kind: 'http' | 'timeout' | 'network' | 'other'
  retryable: boolean
  /** HTTP status, when the server answered. */
  status?: number
  /** Short human description, e.g. `HTTP 503` or `network error (ECONNREFUSED)`. */
  reason: string
  /** Provider error text, if any (may need redaction before display). */
  detail?: string
  /** Wait requested by the server via Retry-After / retry-after-ms. */
  retryAfterMs?: number
}

/** Builds the error thrown once the loop gives up (non-retryable failure or retries exhausted). */
export type GiveUp = (failure: Failure, attempts: number, cause: unknown) => Error

// 408 is a server-side timeout, so it is treated like the transient 429/5xx family.
const RETRYABLE_STATUS = (status: number): boolean => status === 408 || status === 429 || status >= 500
const NETWORK_ERRORS = new Set(['APIConnectionError', 'FetchError'])

/** Parses a Retry-After value (delay-seconds or HTTP-date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value?.trim()) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

function retryAfterFrom(headers: unknown): number | undefined {
  if (!headers || typeof (headers as Headers).get !== 'function') return undefined
  const h = headers as Headers
  // OpenAI sends a millisecond-precision variant alongside the standard header.
  const ms = Number(h.get('retry-after-ms'))
  if (h.get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms
  return parseRetryAfter(h.get('retry-after'))
}

function rootCause(err: Error): string {
  let e: unknown = err
  while (e instanceof Error && e.cause instanceof Error) e = e.cause
  const root = e as Error & { code?: unknown }
  return typeof root.code === 'string' ? root.code : root.message
}

/** Classifies an error thrown by the OpenAI SDK (possibly re-wrapped by LangChain). */
export function classifyFailure(err: unknown): Failure {
  const e = (err ?? {}) as { status?: unknown; headers?: unknown; name?: unknown; code?: unknown }
  let detail = err instanceof Error ? err.message.split('\n')[0]?.trim() : String(err)
  if (typeof e.status === 'number') {
    const status = e.status
    // The SDK prefixes its messages with the status, which the reason already states.
    detail = detail?.replace(new RegExp(`^${status}\\s*`), '')
    // A 429 for an exhausted quota will not clear up by waiting.
    const quota = status === 429 && e.code === 'insufficient_quota'
    const retryable = RETRYABLE_STATUS(status) && !quota
    const failure: Failure = { kind: 'http', retryable, status, reason: `HTTP ${status}` }
    const retryAfterMs = retryAfterFrom(e.headers)
    if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs
    if (detail) failure.detail = detail
    return failure
  }
  const ctor = err instanceof Error ? err.constructor.name : ''
  // LangChain turns the SDK's APIConnectionTimeoutError into a plain Error named TimeoutError.
  if (e.name === 'TimeoutError' || ctor === 'APIConnectionTimeoutError') {
    return { kind: 'timeout', retryable: true, reason: 'timed out' }
  }
  if (NETWORK_ERRORS.has(ctor) || NETWORK_ERRORS.has(String(e.name))) {
    return { kind: 'network', retryable: true, reason: `network error (${rootCause(err as Error)})` }
  }
  return { kind: 'other', retryable: false, reason: 'unexpected error', ...(detail ? { detail } : {}) }
}

/** Wait before retry number `retry` (0-based): the server's Retry-After if given, else equal-jitter backoff. */
export function backoffDelay(
  retry: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs)
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry)
  // Equal jitter: never shorter than half the step, so retries still back off, but spread out.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}

/**
 * Runs `attempt` until it succeeds, fails non-retryably, or `policy.maxRetries` retries are spent.
 * Errors that `isFinal` accepts are rethrown untouched; an aborted `signal` stops further attempts.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  giveUp: GiveUp,
  options: { signal?: AbortSignal; isFinal?: (err: unknown) => boolean } = {},
): Promise<T> {
  const { signal, isFinal } = options
  for (let attempts = 1; ; attempts += 1) {
    signal?.throwIfAborted()
    try {
      return await attempt()
    } catch (err) {
      if (isFinal?.(err)) throw err
      const failure = classifyFailure(err)
      if (!failure.retryable || attempts > policy.maxRetries) throw giveUp(failure, attempts, err)
      await sleep(backoffDelay(attempts - 1, policy, failure.retryAfterMs), signal)
    }
  }
}
