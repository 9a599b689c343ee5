/**
 * Retrying PostgreSQL's transient concurrency failures. A deadlock victim or a serialisation
 * failure is rolled back whole by the server, so running the same work again is correct as long as
 * the retried function only talks to the database (no e-mails, no embedding calls inside).
 */

// SQLSTATE serialization_failure and deadlock_detected: the server's "try again" answers.
const RETRYABLE = new Set(['40001', '40P01'])

/** How often and how patiently to retry. */
export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number
  /** Upper bound of the first backoff; doubles per attempt. */
  baseDelayMs: number
  maxDelayMs: number
}

/** Default: 8 attempts, full-jitter backoff from ≤ 10 ms up to ≤ 1 s (≈ 2.3 s worst case in all). */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 10, maxDelayMs: 1000 }

/** Whether `error` (or an error in its `cause` chain) is a deadlock or serialisation failure. */
export function isRetryableConflict(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && RETRYABLE.has(code)) return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}

/**
 * Run `fn`, re-running it after a jittered exponential backoff while it fails with a retryable
 * conflict, up to `policy.attempts` runs; any other error, or the last conflict, is thrown.
 */
export async function retryConflicts<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryableConflict(error)) throw error
      // Full jitter: the two sides of a deadlock must not wake up in lock-step and collide again.
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
      await new Promise((resolve) => setTimeout(resolve, Math.random() * cap))
    }
  }
}
