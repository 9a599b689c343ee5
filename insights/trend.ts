/**
 * Weekly counts and the trend rule. Weeks are ISO 8601 weeks (Monday to Sunday); a pattern's count
 * in a week is the number of its distinct documents dated in that week. The trend counts distinct
 * documents and distinct customers by their (true) document date, never after the reference date.
 *
 * With R = documents in the last 4 ISO weeks (the reference date's week and the 3 before), RC =
 * their distinct customers, P = documents in the 4 weeks before those, and the BURST = the most
 * documents dated within any 14 days that end in the last 4 weeks, the rule (first match wins) is:
 *   - `spike`  — the burst holds ≥ 3 documents at ≥ 3 customers, and the 8 weeks before it hold
 *                none (a sudden cross-customer outbreak, not a busy fortnight of an old problem);
 *   - `new`    — first seen within the last 4 weeks, or within the last 8 with R ≥ max(2, P) (a
 *                young problem still active);
 *   - `rising` — R ≥ 3 at RC ≥ 2 customers (the minimum before "rising" is shown) and R ≥ 2 × P;
 *   - `fading` — R = 0, or R < P / 2;
 *   - `steady` — anything else (e.g. one document a month, month after month).
 * The reference date defaults to the latest document date in the store whose date was read from
 * the document (not from a file's mtime), so the same store always gives the same trends whatever
 * day the refresh runs.
 */

import { addDays } from '../lib/dates.ts'
import { compareText } from './order.ts'
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

/** One occurrence as the trend rule sees it: a document's date and customer. */
export interface Occurrence {
  date: string
  customer: string
}

/** Thresholds of the trend rule (see the module comment). */
export const TREND_RULE = {
  burstDays: 14,
  spikeDocuments: 3,
  spikeCustomers: 3,
  risingDocuments: 3,
  risingCustomers: 2,
} as const

/** What the trend rule looks at. */
export interface TrendInput {
  /** Documents in the last 4 ISO weeks (the reference week included). */
  recent: number
  /** Their distinct customers (case-insensitive). */
  recentCustomers: number
  /** Documents in the 4 ISO weeks before those. */
  previous: number
  /** Whether the first document is dated within the last 4 ISO weeks. */
  firstSeenRecently: boolean
  /** Whether the first document is dated within the last 8 ISO weeks. */
  firstSeenLately: boolean
  /** The densest 14 days ending in the last 4 weeks, and the documents in the 8 weeks before it. */
  burst: { documents: number; customers: number; before: number }
}

/**
 * Apply the trend rule (see the module comment).
 * @example classifyTrend(trendInput(occurrences, '2026-09-25')) // 'spike'
 */
export function classifyTrend(input: TrendInput): Trend {
  const { recent, recentCustomers, previous, firstSeenRecently, burst } = input
  if (
    burst.documents >= TREND_RULE.spikeDocuments &&
    burst.customers >= TREND_RULE.spikeCustomers &&
    burst.before === 0
  )
    return 'spike'
  if (firstSeenRecently || (input.firstSeenLately && recent >= Math.max(2, previous))) return 'new'
  if (
    recent >= TREND_RULE.risingDocuments &&
    recentCustomers >= TREND_RULE.risingCustomers &&
    recent >= 2 * previous
  )
    return 'rising'
  if (recent === 0 || recent * 2 < previous) return 'fading'
  return 'steady'
}

/**
 * The trend inputs of a pattern's occurrences (one per document) relative to `reference`.
 * @example trendInput([{ date: '2026-11-17', customer: 'Acme' }], '2026-11-20')
 */
export function trendInput(occurrences: readonly Occurrence[], reference: string): TrendInput {
  const recentStart = addDays(weekStart(reference), -21)
  const previousStart = addDays(recentStart, -28)
  const seen = occurrences.filter((o) => o.date <= reference).sort((a, b) => compareText(a.date, b.date))
  const recent = seen.filter((o) => o.date >= recentStart)
  const previous = seen.filter((o) => o.date >= previousStart && o.date < recentStart).length
  const customers = (list: readonly Occurrence[]) => new Set(list.map((o) => o.customer.toLowerCase())).size
  let burst = { documents: 0, customers: 0, before: 0 }
  seen.forEach((last, i) => {
    if (last.date < recentStart) return
    const from = addDays(last.date, -(TREND_RULE.burstDays - 1))
    const window = seen.slice(0, i + 1).filter((o) => o.date >= from)
    const candidate = {
      documents: window.length,
      customers: customers(window),
      before: seen.filter((o) => o.date < from && o.date >= addDays(from, -56)).length,
    }
    if (
      candidate.documents > burst.documents ||
      (candidate.documents === burst.documents && candidate.customers > burst.customers)
    )
      burst = candidate
  })
  return {
    recent: recent.length,
    recentCustomers: customers(recent),
    previous,
    firstSeenRecently: seen.length > 0 && seen[0]!.date >= recentStart,
    firstSeenLately: seen.length > 0 && seen[0]!.date >= previousStart,
    burst,
  }
}
