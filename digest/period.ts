/**
 * Digest periods: pure date arithmetic on `YYYY-MM-DD` strings. "Today" is the calendar date of
 * `now` in the configured IANA time zone; every period includes both its `from` and `to` dates.
 */

import { addDays } from '../lib/dates.ts'
import { ValidationError } from '../lib/errors.ts'
import type { DigestPeriod } from '../schemas/digest.ts'
import { IsoDate } from '../schemas/search.ts'

const DAY_MS = 86_400_000
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
/** Longest period accepted, in days (a year, leap day included). */
export const MAX_PERIOD_DAYS = 366

/**
 * The calendar date of `now` in `timeZone`.
 * @example localDate(new Date('2026-11-23T01:00:00Z'), 'America/Los_Angeles') // → '2026-11-22'
 */
export function localDate(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, p) => Object.assign(acc, { [p.type]: p.value }), {})
  return `${parts.year}-${parts.month}-${parts.day}`
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7
}

/** Days from `from` to `to` inclusive (1 for a single day). */
export function periodDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1
}

function formatDay(date: string, withYear = true): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return `${d} ${MONTHS[m - 1]}${withYear ? ` ${y}` : ''}`
}

/**
 * A label for people: "Week of 16 Nov 2026" for a Monday–Sunday week, else a compact range.
 * @example periodLabel('2026-11-14', '2026-11-20') // → '14–20 Nov 2026'
 */
export function periodLabel(from: string, to: string): string {
  if (from === to) return formatDay(from)
  if (isoWeekday(from) === 1 && addDays(from, 6) === to) return `Week of ${formatDay(from)}`
  const [fy, fm] = from.split('-')
  const [ty, tm] = to.split('-')
  if (fy === ty && fm === tm) return `${Number(from.slice(8))}–${formatDay(to)}`
  return fy === ty ? `${formatDay(from, false)} – ${formatDay(to)}` : `${formatDay(from)} – ${formatDay(to)}`
}

function period(from: string, to: string, timezone: string): DigestPeriod {
  return { from, to, timezone, label: periodLabel(from, to) }
}

/**
 * The last complete ISO week (Monday–Sunday) before the week containing `now` in `timeZone`.
 * @example lastCompleteWeek(new Date('2026-11-23T01:00:00Z'), 'Europe/Berlin') // → 16–22 Nov
 */
export function lastCompleteWeek(now: Date, timeZone: string): DigestPeriod {
  const today = localDate(now, timeZone)
  const thisMonday = addDays(today, 1 - isoWeekday(today))
  return period(addDays(thisMonday, -7), addDays(thisMonday, -1), timeZone)
}

/**
 * Days in a `--since` value: `7d`, `14d`, `2w`.
 * @example parseSince('2w') // → 14
 */
export function parseSince(spec: string): number {
  const m = /^\s*(\d{1,3})\s*([dw])\s*$/i.exec(spec)
  const days = m ? Number(m[1]) * (m[2]!.toLowerCase() === 'w' ? 7 : 1) : Number.NaN
  if (!(days >= 1 && days <= MAX_PERIOD_DAYS)) {
    throw new ValidationError(`invalid --since "${spec}": expected days or weeks such as 7d, 14d or 2w`, [
      { path: ['since'], message: `expected 1d to ${MAX_PERIOD_DAYS}d, e.g. 7d or 2w` },
    ])
  }
  return days
}

/**
 * The `days` calendar days ending today (today included) in `timeZone`.
 * @example sincePeriod('7d', new Date('2026-11-20T12:00:00Z'), 'UTC') // → 14–20 Nov
 */
export function sincePeriod(spec: string, now: Date, timeZone: string): DigestPeriod {
  const today = localDate(now, timeZone)
  return period(addDays(today, 1 - parseSince(spec)), today, timeZone)
}

/** An explicit `from`–`to` period; throws `ValidationError` for bad dates or an inverted range. */
export function explicitPeriod(from: string, to: string, timeZone: string): DigestPeriod {
  const issues = [
    ...(['from', 'to'] as const).flatMap((key) => {
      const r = IsoDate.safeParse(key === 'from' ? from : to)
      return r.success ? [] : [{ path: [key], message: r.error.issues[0]?.message ?? 'invalid date' }]
    }),
  ]
  if (issues.length === 0 && from > to) issues.push({ path: ['from'], message: `${from} is after ${to}` })
  if (issues.length === 0 && periodDays(from, to) > MAX_PERIOD_DAYS) {
    issues.push({ path: ['to'], message: `the period is over ${MAX_PERIOD_DAYS} days` })
  }
  if (issues.length > 0) {
    const detail = issues.map((i) => `${i.path[0]}: ${i.message}`).join('; ')
    throw new ValidationError(`invalid digest period: ${detail}`, issues)
  }
  return period(from, to, timeZone)
}

/** What a caller may ask for: nothing (last complete week), `since`, or `from` + `to`. */
export interface PeriodRequest {
  since?: string | undefined
  from?: string | undefined
  to?: string | undefined
}

/**
 * Resolve a CLI/API period request; throws `ValidationError` when options conflict.
 * @example resolvePeriod({ from: '2026-11-14', to: '2026-11-20' }, new Date(), 'UTC')
 */
export function resolvePeriod(req: PeriodRequest, now: Date, timeZone: string): DigestPeriod {
  const explicit = req.from !== undefined || req.to !== undefined
  if (req.since !== undefined && explicit) {
    throw new ValidationError('give either --since or --from/--to, not both', [
      { path: ['since'], message: 'conflicts with from/to' },
    ])
  }
  if (req.since !== undefined) return sincePeriod(req.since, now, timeZone)
  if (!explicit) return lastCompleteWeek(now, timeZone)
  if (req.from === undefined || req.to === undefined) {
    const missing = req.from === undefined ? 'from' : 'to'
    throw new ValidationError(`--from and --to go together: ${missing} is missing`, [
      { path: [missing], message: 'required when the other bound is given' },
    ])
  }
  return explicitPeriod(req.from, req.to, timeZone)
}
