import { describe, expect, it } from 'vitest'
import {
  explicitPeriod,
  isoWeekday,
  lastCompleteWeek,
  localDate,
  parseSince,
  periodLabel,
  resolvePeriod,
  sincePeriod,
} from '../digest/period.ts'
import { addDays } from '../lib/dates.ts'
import { ValidationError } from '../lib/errors.ts'

const at = (iso: string) => new Date(iso)

describe('digest periods', () => {
  it('reads "now" as the calendar date in the configured time zone', () => {
    expect(localDate(at('2026-11-23T01:00:00Z'), 'Europe/Berlin')).toBe('2026-11-23')
    expect(localDate(at('2026-11-23T01:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-22')
    expect(localDate(at('2026-11-23T01:00:00Z'), 'UTC')).toBe('2026-11-23')
  })

  it('picks 16–22 Nov in Berlin but 9–15 Nov in Los Angeles at 2026-11-23T01:00Z', () => {
    const now = at('2026-11-23T01:00:00Z')
    expect(lastCompleteWeek(now, 'Europe/Berlin')).toEqual({
      from: '2026-11-16',
      to: '2026-11-22',
      timezone: 'Europe/Berlin',
      label: 'Week of 16 Nov 2026',
    })
    expect(lastCompleteWeek(now, 'America/Los_Angeles')).toMatchObject({
      from: '2026-11-09',
      to: '2026-11-15',
      label: 'Week of 9 Nov 2026',
    })
  })

  it('treats the first minute of Monday as the start of a new week and the last of Sunday as not', () => {
    expect(lastCompleteWeek(at('2026-11-23T00:00:00Z'), 'UTC').from).toBe('2026-11-16')
    expect(lastCompleteWeek(at('2026-11-22T23:59:59Z'), 'UTC').from).toBe('2026-11-09')
  })

  it('gives the previous week on any day of the current week, Sunday included', () => {
    for (let day = 16; day <= 22; day++) {
      expect(lastCompleteWeek(at(`2026-11-${day}T12:00:00Z`), 'UTC')).toMatchObject({
        from: '2026-11-09',
        to: '2026-11-15',
      })
    }
  })

  it('crosses month and year boundaries', () => {
    expect(lastCompleteWeek(at('2027-01-01T12:00:00Z'), 'UTC')).toMatchObject({
      from: '2026-12-21',
      to: '2026-12-27',
    })
    expect(lastCompleteWeek(at('2027-01-04T12:00:00Z'), 'UTC')).toMatchObject({
      from: '2026-12-28',
      to: '2027-01-03',
      label: 'Week of 28 Dec 2026',
    })
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
  })

  it('is unaffected by a daylight-saving change inside the week', () => {
    // Europe/Berlin falls back on 2026-10-25: the week still runs Monday to Sunday.
    expect(lastCompleteWeek(at('2026-10-26T06:00:00Z'), 'Europe/Berlin')).toMatchObject({
      from: '2026-10-19',
      to: '2026-10-25',
    })
  })

  it('numbers weekdays the ISO way', () => {
    expect(isoWeekday('2026-11-16')).toBe(1)
    expect(isoWeekday('2026-11-22')).toBe(7)
  })

  it('reads --since as days or weeks ending today, today included', () => {
    expect(parseSince('7d')).toBe(7)
    expect(parseSince('14d')).toBe(14)
    expect(parseSince('2w')).toBe(14)
    expect(sincePeriod('7d', at('2026-11-20T12:00:00Z'), 'UTC')).toMatchObject({
      from: '2026-11-14',
      to: '2026-11-20',
    })
    expect(sincePeriod('1d', at('2026-11-20T23:30:00Z'), 'Europe/Berlin')).toMatchObject({
      from: '2026-11-21',
      to: '2026-11-21',
    })
  })

  it.each(['0d', '7', 'seven days', '-1d', '400d', '7h'])('refuses --since %s', (spec) => {
    expect(() => parseSince(spec)).toThrow(ValidationError)
  })

  it('keeps explicit dates as given and refuses inverted or impossible ones', () => {
    expect(explicitPeriod('2026-11-14', '2026-11-20', 'UTC')).toMatchObject({
      from: '2026-11-14',
      to: '2026-11-20',
    })
    expect(explicitPeriod('2026-11-20', '2026-11-20', 'UTC').label).toBe('20 Nov 2026')
    expect(() => explicitPeriod('2026-11-21', '2026-11-20', 'UTC')).toThrow(/after/)
    expect(() => explicitPeriod('2026-02-30', '2026-03-02', 'UTC')).toThrow(ValidationError)
    expect(() => explicitPeriod('2025-01-01', '2026-11-20', 'UTC')).toThrow(/366/)
  })

  it('resolves requests: default week, since, from/to, and refuses mixtures', () => {
    const now = at('2026-11-23T09:00:00Z')
    expect(resolvePeriod({}, now, 'UTC').from).toBe('2026-11-16')
    expect(resolvePeriod({ since: '2w' }, now, 'UTC').from).toBe('2026-11-10')
    expect(resolvePeriod({ from: '2026-11-01', to: '2026-11-02' }, now, 'UTC').to).toBe('2026-11-02')
    expect(() => resolvePeriod({ since: '7d', from: '2026-11-01' }, now, 'UTC')).toThrow(ValidationError)
    expect(() => resolvePeriod({ from: '2026-11-01' }, now, 'UTC')).toThrow(/to is missing/)
  })

  it('labels whole weeks, ranges within a month, across months and across years', () => {
    expect(periodLabel('2026-11-16', '2026-11-22')).toBe('Week of 16 Nov 2026')
    expect(periodLabel('2026-11-14', '2026-11-20')).toBe('14–20 Nov 2026')
    expect(periodLabel('2026-10-28', '2026-11-03')).toBe('28 Oct – 3 Nov 2026')
    expect(periodLabel('2026-12-30', '2027-01-05')).toBe('30 Dec 2026 – 5 Jan 2027')
  })
})
