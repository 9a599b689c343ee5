/** Small helpers for the benchmark scripts' command lines (parsed with `node:util` parseArgs). */

/** Print `message` to stderr and exit with status 2 (bad usage). */
export function usageError(message: string, usage: string): never {
  process.stderr.write(`error: ${message}\n\n${usage}\n`)
  process.exit(2)
}

/**
 * A comma-separated list restricted to `allowed` values (duplicates dropped, order kept).
 * @throws when a value is not allowed or the list is empty
 */
export function choiceList<T extends string>(value: string, allowed: readonly T[], flag: string): T[] {
  const items = [
    ...new Set(
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ]
  const bad = items.filter((s) => !allowed.includes(s as T))
  if (items.length === 0 || bad.length > 0) {
    throw new Error(`${flag} expects a comma-separated list of ${allowed.join(', ')}; got "${value}"`)
  }
  return items as T[]
}

/**
 * A positive integer, accepting `_` or `,`-free forms like `10000`, `10_000` and `10k`.
 * @throws when the value is not a positive integer
 */
export function positiveInt(value: string, flag: string): number {
  const m = /^(\d[\d_]*)(k)?$/i.exec(value.trim())
  const n = m ? Number(m[1]!.replaceAll('_', '')) * (m[2] ? 1000 : 1) : Number.NaN
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} expects a positive integer, got "${value}"`)
  return n
}

/** A comma-separated list of positive integers (see {@link positiveInt}). */
export function intList(value: string, flag: string): number[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (items.length === 0) throw new Error(`${flag} expects a comma-separated list of positive integers`)
  return items.map((s) => positiveInt(s, flag))
}
