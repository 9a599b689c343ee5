/** Date normalisation for export fields: ISO, Jira (`02/Jan/26 10:00 AM`), epoch seconds, RFC 2822. */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * A day (`YYYY-MM-DD`) from an export's date value, or undefined when it is not a date.
 * @example exportDay('02/Jan/26 10:00 AM') // → '2026-01-02'
 */
export function exportDay(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return isoDay(new Date(value * 1000))
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text)
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`
  const jira = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4})\b/.exec(text)
  if (jira) {
    const month = MONTHS.indexOf((jira[2] ?? '').toLowerCase())
    const year = (jira[3] ?? '').length === 2 ? 2000 + Number(jira[3]) : Number(jira[3])
    if (month >= 0) return `${year}-${pad(month + 1)}-${pad(Number(jira[1]))}`
  }
  if (/^\d{9,10}(?:\.\d+)?$/.test(text)) return isoDay(new Date(Number(text) * 1000))
  const parsed = Date.parse(text)
  return Number.isNaN(parsed) ? undefined : isoDay(new Date(parsed))
}

/** The UTC day of a date. */
export function isoDay(date: Date): string | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10)
}

/** `YYYY-MM-DD HH:MM UTC` for a message time. */
export function isoMinute(date: Date): string {
  if (Number.isNaN(date.getTime())) return 'unknown time'
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
