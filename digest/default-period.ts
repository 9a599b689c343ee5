/** The digest's default period: the last complete ISO week that has documents. */

import { addDays } from '../lib/dates.ts'
import type { DigestPeriod } from '../schemas/digest.ts'
import type { Queryable } from '../storage/db.ts'
import { latestDocumentDate } from '../storage/digest-facts.ts'
import { explicitPeriod, isoWeekday, lastCompleteWeek, type PeriodRequest, resolvePeriod } from './period.ts'

/** A period and, when it is not the one the calendar gives, a note saying why. */
export interface ChosenPeriod {
  period: DigestPeriod
  note: string | null
}

/**
 * The last complete Monday–Sunday week before `now` that has documents: the calendar's last
 * complete week when it has any, else the week of the newest document before it (with a note).
 * @example const { period, note } = await defaultPeriod(db, new Date(), 'Europe/Berlin')
 */
export async function defaultPeriod(db: Queryable, now: Date, timeZone: string): Promise<ChosenPeriod> {
  const calendar = lastCompleteWeek(now, timeZone)
  const newest = await latestDocumentDate(db, calendar.to)
  if (newest === null) {
    return { period: calendar, note: `No documents are dated on or before ${calendar.to} yet.` }
  }
  if (newest >= calendar.from) return { period: calendar, note: null }
  const monday = addDays(newest, 1 - isoWeekday(newest))
  const period = explicitPeriod(monday, addDays(monday, 6), timeZone)
  return {
    period,
    note:
      `No documents are dated in the last calendar week (${calendar.label}, ${calendar.from} to ${calendar.to}); ` +
      `showing ${period.label}, the last complete week that has documents.`,
  }
}

/**
 * Resolve a CLI/API/web period request: explicit periods as asked, and no request at all as
 * {@link defaultPeriod}. Throws `ValidationError` for bad or conflicting options.
 */
export async function resolveDigestPeriod(
  db: Queryable,
  req: PeriodRequest,
  now: Date,
  timeZone: string,
): Promise<ChosenPeriod> {
  if (req.since === undefined && req.from === undefined && req.to === undefined) {
    return defaultPeriod(db, now, timeZone)
  }
  return { period: resolvePeriod(req, now, timeZone), note: null }
}
