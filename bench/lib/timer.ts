/** Timing helpers: latency percentiles and rates. */

/** Latency summary in milliseconds. */
export interface LatencySummary {
  count: number
  mean: number
  p50: number
  p95: number
  p99: number
  max: number
}

/**
 * The `p`-th percentile (0–100) of `values` by linear interpolation between closest ranks
 * (numpy's default); NaN for an empty list.
 * @example percentile([1, 2, 3, 4], 50) // → 2.5
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const pos = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

/** Count, mean, p50/p95/p99 and max of latencies in milliseconds. */
export function summarizeLatencies(ms: readonly number[]): LatencySummary {
  const mean = ms.length === 0 ? Number.NaN : ms.reduce((a, b) => a + b, 0) / ms.length
  return {
    count: ms.length,
    mean,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    max: ms.length === 0 ? Number.NaN : Math.max(...ms),
  }
}

/** Run `fn` and return its result with the elapsed wall time in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now()
  const result = await fn()
  return { result, ms: performance.now() - start }
}

/** Items per second, or 0 for a zero duration. */
export function perSecond(items: number, ms: number): number {
  return ms > 0 ? (items * 1000) / ms : 0
}

/**
 * Run `count` tasks with `clients` concurrent workers, timing each task. Returns per-task latencies
 * (ms, in task order) and the wall time of the whole batch.
 */
export async function runConcurrent(
  count: number,
  clients: number,
  task: (i: number) => Promise<unknown>,
): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies = new Array<number>(count)
  let next = 0
  const start = performance.now()
  const worker = async () => {
    while (next < count) {
      const i = next++
      const t = performance.now()
      await task(i)
      latencies[i] = performance.now() - t
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(clients, count)) }, worker))
  return { latencies, wallMs: performance.now() - start }
}
