/** Calendar dates as `YYYY-MM-DD` strings in UTC: the one place date arithmetic on them lives. */

const DAY_MS = 86_400_000

/**
 * `date` moved by `days` (negative goes back).
 * @example addDays('2026-03-01', -1) // → '2026-02-28'
 */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}
