/**
 * Weekly counts and the trend rule. Weeks are ISO 8601 weeks (Monday to Sunday); a pattern's count
 * in a week is the number of its distinct documents dated in that week.
 *
 * Trend rule (evaluated in this order), with R = documents in the last 4 ISO weeks (the reference
 * date's week and the 3 before it) and P = documents in the 4 weeks before those:
 *   - `new`     — first seen within the last 4 weeks (on or after the Monday 3 weeks before the
 *                 reference week);
 *   - `rising`  — R ≥ 2 and R ≥ 1.5 × P;
 *   - `fading`  — R = 0, or R ≤ 0.5 × P;
 *   - `steady`  — anything else.
 * The reference date defaults to the latest document date in the store, so the same store always
 * gives the same trends whatever day the refresh runs.
 */
import type { Trend, WeekCount } from './types.ts'

const DAY = 86_400_000

function toUtc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`)
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/**
 * The Monday (`YYYY-MM-DD`) of the ISO week holding `date`.
 * @example weekStart('2026-11-20') // '2026-11-16'
 */
export function weekStart(date: string): string {
  const ms = toUtc(date)
  const weekday = (new Date(ms).getUTCDay() + 6) % 7
  return fromUtc(ms - weekday * DAY)
}

/**
 * The ISO week label of `date`.
 * @example isoWeek('2026-11-20') // '2026-W47'; isoWeek('2027-01-01') // '2026-W53'
 */
export function isoWeek(date: string): string {
  // The ISO year is the year of the week's Thursday; week 1 holds that year's first Thursday.
  const thursday = toUtc(weekStart(date)) + 3 * DAY
  const year = new Date(thursday).getUTCFullYear()
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** Add whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY)
}

/**
 * Distinct-document counts per ISO week for the `weeks` weeks ending with the reference week,
 * oldest first. `dates` holds one date per document; dates outside the window are ignored.
 * @example weeklyCounts(['2026-11-20', '2026-11-02'], '2026-11-20', 3) // W45:1, W46:0, W47:1
 */
export function weeklyCounts(dates: readonly string[], reference: string, weeks: number): WeekCount[] {
  const last = weekStart(reference)
  const starts = Array.from({ length: weeks }, (_, i) => addDays(last, -7 * (weeks - 1 - i)))
  const counts = new Map(starts.map((s) => [s, 0]))
  for (const d of dates) {
    const s = weekStart(d)
    if (counts.has(s)) counts.set(s, counts.get(s)! + 1)
  }
  return starts.map((s) => ({ week: isoWeek(s), count: counts.get(s)! }))
}

/** What the trend rule looks at. */
export interface TrendInput {
  /** Documents in the last 4 ISO weeks (the reference week included). */
  recent: number
  /** Documents in the 4 ISO weeks before those. */
  previous: number
  /** Whether the first document is dated within the last 4 ISO weeks. */
  firstSeenRecently: boolean
}

/**
 * Apply the trend rule (see the module comment).
 * @example classifyTrend({ recent: 3, previous: 2, firstSeenRecently: false }) // 'rising'
 */
export function classifyTrend(input: TrendInput): Trend {
  const { recent, previous, firstSeenRecently } = input
  if (firstSeenRecently) return 'new'
  if (recent >= 2 && recent >= 1.5 * previous) return 'rising'
  if (recent === 0 || recent <= 0.5 * previous) return 'fading'
  return 'steady'
}

/**
 * The trend inputs of a pattern from its documents' dates, relative to `reference`.
 * @example trendInput(['2026-11-17', '2026-10-01'], '2026-11-20')
 */
export function trendInput(dates: readonly string[], reference: string): TrendInput {
  const recentStart = addDays(weekStart(reference), -21)
  const previousStart = addDays(recentStart, -28)
  const end = addDays(weekStart(reference), 7)
  let recent = 0
  let previous = 0
  let first: string | null = null
  for (const d of dates) {
    if (d >= recentStart && d < end) recent += 1
    else if (d >= previousStart && d < recentStart) previous += 1
    if (d < end && (first === null || d < first)) first = d
  }
  return { recent, previous, firstSeenRecently: first !== null && first >= recentStart }
}
